#!/usr/bin/env python3
"""Self-test of compare.py's aggregation (run by scripts/test beside test_table.py): after ÷ before
per pair and its median, per engine, and each run's own ratio to the limit measured in it."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import compare_rows, runs_by_pair  # noqa: E402
from test_table import full_run  # noqa: E402


def run(side, pair, execute_sqlite, execute_postgres, pgbench):
    """A whole run's figures with `transfer_execute` at 8 clients and pgbench at 8 set."""
    results = []
    for r in full_run():
        r = dict(r, side=side, pair=pair)
        if r["name"] == "transfer_execute" and r["clients"] == 8:
            r["per_second"] = execute_sqlite if r["engine"] == "sqlite" else execute_postgres
        if r["name"] == "pgbench_tpcb" and r["clients"] == 8:
            r["per_second"] = pgbench
        results.append(r)
    return results


def row(rows, label, clients, engine):
    return next(r for r in rows if r[0] == label and r[1] == clients and r[2] == engine)


class Aggregation(unittest.TestCase):
    def setUp(self):
        # Three pairs; the host is twice as fast in pair 2, the after binary 1.5 × / 2 × / 3 × the before.
        lines = (run("before", 1, 1000, 100, 1000) + run("after", 1, 1500, 300, 1000)
                 + run("before", 2, 2000, 200, 2000) + run("after", 2, 4000, 400, 2000)
                 + run("before", 3, 1000, None, 1000) + run("after", 3, 3000, 500, 1000))
        self.rows = compare_rows(runs_by_pair(lines))

    def test_ratio_per_pair_and_median(self):
        sqlite = row(self.rows, "transfer: Bank.executeTransfer (hash stubbed)", "8", "SQLite")
        # before, after, ratio for each pair, then the median of the ratios
        self.assertEqual(sqlite[3:13], ("1,000/s", "1,500/s", "1.50", "2,000/s", "4,000/s", "2.00",
                                        "1,000/s", "3,000/s", "3.00", "2.00"))

    def test_a_missing_figure_is_left_out_of_the_median(self):
        postgres = row(self.rows, "transfer: Bank.executeTransfer (hash stubbed)", "8", "PostgreSQL")
        self.assertEqual(postgres[9:13], ("—", "500/s", "—", "2.50"))

    def test_same_run_ratios_to_the_limit_for_each_side(self):
        postgres = row(self.rows, "transfer: Bank.executeTransfer (hash stubbed)", "8", "PostgreSQL")
        self.assertEqual(postgres[13], "pgbench TPC-B 1,000, 2,000, 1,000 → 1,000, 2,000, 1,000")
        self.assertEqual(postgres[14:], ("0.10, 0.10, —", "0.30, 0.20, 0.50"))

    def test_host_figures_have_one_row_and_limit_only_rows_one_per_engine(self):
        self.assertEqual(row(self.rows, "hash bound = 2 cores ÷ p50", "2", "")[5], "1.00")
        fsync = [r for r in self.rows if r[0].strip() == "the same ÷ durable commit bound (SQLite)"]
        self.assertEqual({r[2] for r in fsync}, {"SQLite"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
