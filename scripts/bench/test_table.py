#!/usr/bin/env python3
"""Self-test of table.py's smoke check (run by scripts/test): a figure missing on either
engine fails the check, whichever engine's loop ran last."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import expected_figures, finder  # noqa: E402

HTTP = ("http_login", "http_api_login", "http_login_otp", "http_otp", "http_execute", "http_api_execute",
        "page_menu", "page_balances")


def full_run():
    """One figure for everything a whole run produces."""
    results = [{"name": "hash_bound", "per_second": 80, "clients": 2}, {"name": "otp_core", "per_second": 9000}]
    for engine in ("sqlite", "postgres"):
        for mode in ("posting", "execute"):
            for clients in (1, 8):
                results.append({"name": f"transfer_{mode}", "engine": engine, "clients": clients, "per_second": 100})
        results += [{"name": name, "engine": engine, "per_second": 50} for name in HTTP]
    results.append({"name": "fsync_bound", "engine": "sqlite", "per_second": 300})
    results += [{"name": "pgbench_tpcb", "engine": "postgres", "clients": c, "per_second": 900} for c in (1, 8)]
    return results


def missing(results, only=("core", "sqlite", "postgres", "http")):
    return [name for name, record in expected_figures(finder(results), list(only)) if not (record or {}).get("per_second")]


class SmokeCheck(unittest.TestCase):
    def test_a_whole_run_misses_nothing(self):
        self.assertEqual(missing(full_run()), [])

    def test_each_engines_http_figures_are_checked(self):
        for engine in ("sqlite", "postgres"):
            for name in HTTP:
                results = [r for r in full_run() if not (r["name"] == name and r.get("engine") == engine)]
                self.assertEqual(missing(results), [f"{name}/{engine}"])

    def test_a_zero_figure_counts_as_missing(self):
        results = full_run()
        next(r for r in results if r["name"] == "http_login" and r["engine"] == "sqlite")["per_second"] = 0
        self.assertEqual(missing(results), ["http_login/sqlite"])

    def test_http_alone_expects_http_on_both_engines(self):
        self.assertEqual(len(missing([], only=["http"])), 2 * len(HTTP))


if __name__ == "__main__":
    unittest.main(verbosity=2)
