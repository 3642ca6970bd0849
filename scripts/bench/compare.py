#!/usr/bin/env python3
"""Prints the before/after table of scripts/bench/compare from its results (JSON lines, each
tagged with "side": "before" or "after" and its "pair" number).

The rows are table.py's (`table_rows`, the same measures and labels), one per engine. For each
pair: the figure before, after, and after ÷ before (per number for p50 / p99 and RSS / peak);
then the median of those ratios; then the limit measured in each run (pgbench, fsync bound,
hash bound…) and each run's own ratio to it. Only ratios within one run, or between the two
runs of one pair, mean much on a host whose speed drifts.

Usage: compare.py RESULTS [--only PARTS]   (exit 1 when a run failed, broke the ledger or
missed a figure; never for speed)"""
import json
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import Figure, expected_figures, finder, print_markdown_table, table_rows  # noqa: E402

# (engine label, column of its figure in table_rows, its index in the limit and ratio cells)
ENGINES = (("SQLite", 2, 0), ("PostgreSQL", 3, 1))
SIDES = ("before", "after")


def runs_by_pair(lines):
    """{pair: {"before": results, "after": results}} from the tagged JSON lines."""
    pairs = {}
    for line in lines:
        pairs.setdefault(line.get("pair"), {side: [] for side in SIDES}).setdefault(line.get("side"), []).append(line)
    return dict(sorted(pairs.items()))


def values(cell):
    return getattr(cell, "values", ())


def ratios(before, after):
    """after ÷ before, number by number (None where either is missing or before is 0)."""
    return tuple(a / b if a is not None and b else None for b, a in zip(values(before), values(after)))


def median_ratios(per_pair):
    """The median of each number's ratios over the pairs that have it."""
    width = max((len(r) for r in per_pair), default=0)
    medians = []
    for k in range(width):
        known = [r[k] for r in per_pair if k < len(r) and r[k] is not None]
        medians.append(statistics.median(known) if known else None)
    return tuple(medians)


def show_ratios(numbers):
    return " / ".join("—" if r is None else f"{r:.2f}" for r in numbers) or "—"


def limit_name(cell, index):
    if getattr(cell, "names", None):
        return cell.names[index]
    match = re.match(r"^(.*?)\s*[\d—]", str(cell))
    return match.group(1) if match else str(cell)


def per_engine(cell, index, fmt):
    numbers = values(cell)
    value = numbers[index] if index < len(numbers) else None
    return "—" if value is None else fmt(value)


def compare_rows(pairs):
    """Rows (measure, clients, engine, [before, after, ×] per pair, median ×, limit, ratio before,
    ratio after) over the pairs' runs."""
    tables = {pair: {side: table_rows(runs[side]) for side in SIDES} for pair, runs in pairs.items()}
    first = next(iter(tables.values()))["before"] if tables else []
    rows = []
    for i, row in enumerate(first):
        # A figure in the PostgreSQL column, or a ratio for each engine, means one line per engine;
        # else the figure is the host's (in the SQLite column).
        engines = ENGINES if isinstance(row[3], Figure) or len(values(row[5])) == 2 else (("", 2, 0),)
        for engine, column, index in engines:
            cells, per_pair, limits, limit_ratios = [], [], {side: [] for side in SIDES}, {side: [] for side in SIDES}
            for both in tables.values():
                before, after = both["before"][i], both["after"][i]
                per_pair.append(ratios(before[column], after[column]))
                cells += [str(before[column]), str(after[column]), show_ratios(per_pair[-1]) if values(before[column]) else ""]
                for side in SIDES:
                    limits[side].append(per_engine(both[side][i][4], index, lambda v: f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"))
                    limit_ratios[side].append(per_engine(both[side][i][5], index, lambda v: f"{v:.2f}"))
            has_figure = any(v is not None for side in SIDES for both in tables.values() for v in values(both[side][i][column]))
            has_ratio = any(r != "—" for side in SIDES for r in limit_ratios[side])
            if not has_figure and not has_ratio:
                continue
            limit = ""
            if any(v != "—" for side in SIDES for v in limits[side]):
                limit = f"{limit_name(row[4], index)} {', '.join(limits['before'])} → {', '.join(limits['after'])}"
            elif getattr(row[4], "names", None):
                limit = limit_name(row[4], index)
            rows.append((row[0], row[1], engine, *cells, show_ratios(median_ratios(per_pair)) if has_figure else "",
                         limit, ", ".join(limit_ratios["before"]) if has_ratio else "",
                         ", ".join(limit_ratios["after"]) if has_ratio else ""))
    return rows


def main():
    path = sys.argv[1]
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else ["core", "sqlite", "postgres", "http"]
    with open(path) as f:
        pairs = runs_by_pair([json.loads(line) for line in f if line.strip().startswith("{")])
    header = ["measure", "clients", "engine"]
    for pair in pairs:
        header += [f"before {pair}", f"after {pair}", f"after ÷ before {pair}"]
    header += ["median after ÷ before", "limit (same run): before → after", "ratio to limit, before", "ratio to limit, after"]
    print_markdown_table(header, compare_rows(pairs))
    print()
    print("after ÷ before above 1 is faster for figures per second, slower for ms and more memory for MiB.")
    failed = False
    for pair, runs in pairs.items():
        for side in SIDES:
            get = finder(runs[side])
            start, end = get("machine"), get("machine_end")
            when = f"{start['started']} – {end['ended']}, load {start['load_start']} → {end['load_end']}" if start and end else "incomplete"
            broken = [r for r in runs[side] if r.get("ledger_ok") is False]
            errors = [r for r in runs[side] if r.get("errors")]
            missing = [name for name, r in expected_figures(get, only) if not (r or {}).get("per_second")]
            problems = ([f"ledger BROKEN after {len(broken)} runs"] if broken else []) + \
                ([f"{sum(r['errors'] for r in errors)} failed operations"] if errors else []) + \
                ([f"missing: {', '.join(missing)}"] if missing else [])
            failed = failed or bool(problems) or not (start and end)
            print(f"{side} {pair}: {when}" + (f"; {'; '.join(problems)}" if problems else "; ledger held, nothing failed"))
    sys.exit(1 if failed or not pairs else 0)


if __name__ == "__main__":
    main()
