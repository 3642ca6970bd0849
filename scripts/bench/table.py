#!/usr/bin/env python3
"""Prints scripts/bench/run's results (JSON lines) as one Markdown table: each figure beside
the limit measured in the same run, the ratio, and the target from issue 7.
compare.py reads the same rows (`table_rows`) from several runs: each cell keeps its numbers."""
import json
import sys


class Figure(str):
    """A cell's text that also keeps the numbers it shows, in order (None where it shows "—"):
    one figure, p50 and p99, RSS and its peak, or one per engine (SQLite, PostgreSQL) in the
    limit and ratio columns."""
    def __new__(cls, text, *values, names=None):
        cell = super().__new__(cls, text)
        cell.values = values
        cell.names = names  # per engine, where a limit cell's two numbers are different limits
        return cell


def both(a, b, prefix=""):
    """"A / B" of two cells, keeping the numbers of both (SQLite's, then PostgreSQL's)."""
    return Figure(f"{prefix}{a} / {b}", *getattr(a, "values", (None,)), *getattr(b, "values", (None,)))


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def finder(results):
    """get(name, engine, clients): the first result of that name (and engine, and clients)."""
    def get(name, engine="", clients=None):
        for r in results:
            if r.get("name") == name and r.get("engine", "") == engine and (clients is None or r.get("clients") == clients):
                return r
        return None
    return get


def table_rows(results):
    """The table's rows (measure, clients, SQLite, PostgreSQL, limit, ratio, target) of one run."""
    get = finder(results)

    def rate(r):
        return None if r is None else r.get("per_second")

    def fmt(v, unit="/s"):
        if v is None:
            return Figure("—", None)
        return Figure(f"{v:,.0f}{unit}" if v >= 100 else f"{v:,.1f}{unit}", v)

    def ratio(a, b):
        return Figure("—", None) if a is None or not b else Figure(f"{a / b:.2f}", a / b)

    def lat(r):
        if r is None or r.get("p50_ms") is None:
            return Figure("—", None, None)
        return Figure(f"{r['p50_ms']:.1f} / {r['p99_ms']:.1f} ms", r["p50_ms"], r["p99_ms"])

    rows = []
    bound = rate(get("hash_bound"))
    argon = get("argon2id")
    cores = get("hash_bound", clients=None)["clients"] if get("hash_bound") else "?"
    rows.append(("Argon2id verify, 1 thread (p50)", "1",
                 Figure(lat(argon).split(" /")[0] + (" ms" if argon else ""), lat(argon).values[0]), "", "", "", ""))
    rows.append((f"hash bound = {cores} cores ÷ p50", str(cores), fmt(bound), "", "", "", ""))
    rows.append(("Argon2id, one hash per core at once", str(cores), fmt(rate(get("argon2id_parallel"))), "", "", "", ""))
    parallel = rate(get("argon2id_parallel"))
    # Each hash-bound flow is divided by the hash limits measured just before it on the same
    # engine's run (the host's speed drifts within minutes); the start-of-run figures otherwise.
    def adjacent(kind, flow, engine, fallback):
        return rate(get(f"{kind}_before_{flow[5:]}", engine)) or fallback

    for flow, label in (("http_login", "HTTP login (password)"),
                        ("http_api_login", "API login (POST /api/v1/sessions)"),
                        ("http_login_otp", "HTTP login (password + OTP, 3 requests)"),
                        ("http_execute", "HTTP 実行 (transfer, real Argon2id)"),
                        ("http_api_execute", "API 実行 (POST /api/v1/transfers)")):
        s, p = rate(get(flow, "sqlite")), rate(get(flow, "postgres"))
        sb, pb = adjacent("hash_bound", flow, "sqlite", bound), adjacent("hash_bound", flow, "postgres", bound)
        sp, pp = (adjacent("argon2id_parallel", flow, "sqlite", parallel),
                  adjacent("argon2id_parallel", flow, "postgres", parallel))
        rows.append((label, "8", fmt(s), fmt(p), both(fmt(sb), fmt(pb), "hash bound "), both(ratio(s, sb), ratio(p, pb)),
                     "≥ 0.8" if "execute" not in flow else ""))
        rows.append(("  the same ÷ hashes measured in parallel", "8", "", "", both(fmt(sp), fmt(pp), "parallel "),
                     both(ratio(s, sp), ratio(p, pp)), ""))
    fsync_bound = rate(get("fsync_bound", "sqlite"))
    rows.append(("durable commit bound: 4 KiB append + fsync, 1 thread", "1", fmt(fsync_bound), "", "", "", ""))
    for clients in (1, 8):
        pg = rate(get("pgbench_tpcb", "postgres", clients))
        for mode, label in (("posting", "transfer: ledger transaction alone"),
                            ("execute", "transfer: Bank.executeTransfer (hash stubbed)")):
            s = rate(get(f"transfer_{mode}", "sqlite", clients))
            p = rate(get(f"transfer_{mode}", "postgres", clients))
            rows.append((label, str(clients), fmt(s), fmt(p), Figure("pgbench TPC-B " + fmt(pg), None, pg, names=("target 5,000/s (no limit)", "pgbench TPC-B")),
                         both(ratio(s, 5000), ratio(p, pg)), "SQLite ≥ 5,000/s; PG ≥ 1.0 × pgbench"))
            if clients == 1:
                rows.append(("  the same ÷ durable commit bound (SQLite)", "1", "", "", Figure("fsync " + fmt(fsync_bound), fsync_bound, None),
                             both(ratio(s, fsync_bound), Figure("—", None)), ""))
    core = rate(get("otp_core"))
    rows.append(("OTP check in-process (open secret + TOTP ±1)", "1", fmt(core), "", "", "", ""))
    s, p = get("http_otp", "sqlite"), get("http_otp", "postgres")
    otp_bound = core and core * (cores if isinstance(cores, int) else 1)
    rows.append(("HTTP OTP step (POST /login/otp)", "8", fmt(rate(s)), fmt(rate(p)), Figure("core × cores " + fmt(otp_bound), otp_bound, otp_bound),
                 both(ratio(rate(s), core and core * cores), ratio(rate(p), core and core * cores)), ""))
    rows.append(("  its p50 / p99", "8", lat(s), lat(p), "", "", ""))
    for page in ("menu", "balances"):
        s, p = get(f"page_{page}", "sqlite"), get(f"page_{page}", "postgres")
        rows.append((f"GET /{page} p50 / p99", "64", lat(s), lat(p), "", "", ""))
        rows.append((f"GET /{page} throughput", "64", fmt(rate(s)), fmt(rate(p)), "", "", ""))
    for name, label in (("rss_idle", "server RSS after start"), ("rss_sessions", "server RSS, all fixture sessions live (10,000 in a full run)")):
        s, p = get(name, "sqlite"), get(name, "postgres")
        mb = lambda r: Figure("—", None, None) if r is None else Figure(
            f"{r['rss_kb'] / 1024:,.0f} MiB (peak {r['hwm_kb'] / 1024:,.0f})", r["rss_kb"] / 1024, r["hwm_kb"] / 1024)
        rows.append((label, "", mb(s), mb(p), "", "", ""))
    return rows


def print_markdown_table(header, rows):
    """A Markdown table whose columns are as wide as their widest cell (readable as plain text too)."""
    widths = [max(len(str(row[i])) for row in list(rows) + [header]) for i in range(len(header))]
    line = lambda row: "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |"
    print(line(header))
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print(line(row))


def main():
    results = load(sys.argv[1])
    smoke = "--smoke" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else ["core", "sqlite", "postgres", "http"]
    get = finder(results)
    rows = table_rows(results)

    ledger = [r for r in results if "ledger_ok" in r and r.get("ledger_ok") is not None]
    broken = [r for r in ledger if not r["ledger_ok"]]
    errors = [r for r in results if r.get("errors")]

    print_markdown_table(("measure", "clients", "SQLite", "PostgreSQL", "limit (same run)", "ratio SQLite / PG", "target"), rows)
    print()
    start, end = get("machine"), get("machine_end")
    if start and end:
        print(f"Run {start['started']} – {end['ended']} on {start['cores']} cores; load average (1/5/15 min) "
              f"{start['load_start']} at the start, {end['load_end']} at the end.")
    print(f"Ledger invariant checked after {len(ledger)} runs that moved money: "
          + ("all held." if not broken else f"BROKEN after {', '.join(r['name'] + '/' + r.get('engine', '') for r in broken)}"))
    for r in errors:
        print(f"warning: {r['name']} ({r.get('engine', '')}, {r.get('clients', '')} clients): {r['errors']} failed operations")
    if smoke:
        print("(smoke run: a second per part on debug binaries; these figures say only that every part runs)")
    # Not a speed check: every part that ran must have produced a figure, and nothing failed.
    expected = expected_figures(get, only)
    missing = [name for name, r in expected if not (r or {}).get("per_second")]
    if missing:
        print(f"error: {len(missing)} expected figures are missing or zero: {', '.join(missing)}")
    sys.exit(0 if not missing and not broken and not errors else 1)


def expected_figures(get, only):
    """The figures a run of the parts in `only` must have produced, as (name, record or None).
    HTTP runs on both engines, so its figures are expected for each of them."""
    expected = []

    def want(name, engine="", clients=None):
        label = "/".join(str(part) for part in (name, engine, clients) if part not in ("", None))
        expected.append((label, get(name, engine, clients)))

    if "core" in only:
        want("hash_bound")
        want("otp_core")
    for engine in ("sqlite", "postgres"):
        if engine in only:
            for mode in ("posting", "execute"):
                for clients in (1, 8):
                    want(f"transfer_{mode}", engine, clients)
    if "sqlite" in only:
        want("fsync_bound", "sqlite")
    if "postgres" in only:
        for clients in (1, 8):
            want("pgbench_tpcb", "postgres", clients)
    if "http" in only:
        for engine in ("sqlite", "postgres"):
            for name in ("http_login", "http_api_login", "http_login_otp", "http_otp", "http_execute", "http_api_execute",
                         "page_menu", "page_balances"):
                want(name, engine)
    return expected


if __name__ == "__main__":
    main()
