#!/usr/bin/env python3
"""The parts of scripts/bench/profile that are easier in Python than in shell:

  stamp PIDS_FILE [POSTMASTER_PID]  copy stdin to stdout, each line prefixed with CLOCK_MONOTONIC
        (perf records with -k CLOCK_MONOTONIC: the same clock); when the driver's result line
        comes, note the benchmark PostgreSQL's processes (its backends are still connected)
  symbols BINARY   the exact symbols callgrind zeroes before (`TransferService.prepare`, `runLoad`:
        the load has not started) and dumps before (`LedgerRecords.verify`: it has ended)
  callgrind DIR COUNT   Ir per part, per transfer, and the top functions of the timed part
  perf DIR COUNT   CPU per process in the timed window, and the top functions of each
"""
import glob
import json
import re
import shutil
import subprocess
import sys
import threading
import time

TOP = 25
WIDTH = 200
SAMPLE_MS = 0.25  # perf record -e cpu-clock -c 250000 (ns)


def demangle(text, simplified=True):
    tool = shutil.which("swift-demangle") or shutil.which("swift")
    if not tool:
        return text
    args = [tool] if tool.endswith("swift-demangle") else [tool, "demangle"]
    return subprocess.run(args + (["--simplified"] if simplified else ["--compact"]), input=text,
                          capture_output=True, text=True).stdout or text


def trimmed(text, lines=TOP, skip=r"^\s*(#|$)"):
    kept = [line[:WIDTH] for line in demangle(text).splitlines() if not re.match(skip, line)]
    return "\n".join(kept[:lines])


def stamp(pids_file, postmaster=None):
    """Prefixes each line of the driver's output with CLOCK_MONOTONIC time, and keeps in
    PIDS_FILE every backend the postmaster had during the run: the pool's connections may
    be closed before the result line, so children are polled all along, not read at the end."""
    backends = set()
    done = threading.Event()
    saving = threading.Lock()

    def save():
        children = subprocess.run(["pgrep", "-P", postmaster], capture_output=True, text=True).stdout.split()
        with saving:
            backends.update(children)
            with open(pids_file, "w") as f:
                f.write(",".join([postmaster] + sorted(backends)))

    def poll():
        while not done.wait(0.2):
            save()

    if postmaster:
        threading.Thread(target=poll, daemon=True).start()
    for line in sys.stdin:
        sys.stdout.write(f"{time.monotonic():.6f} {line}")
        sys.stdout.flush()
        if postmaster and line.startswith("{"):
            save()
    done.set()


def symbols(binary):
    """Where callgrind cuts: costs zeroed on entering each `TransferService.prepare` (the 確認画面 made
    before the load) and `runLoad` (the load starts: in a release build it may be inlined, hence
    the 確認画面 as well), and dumped on entering `LedgerRecords.verify` (the load is over). Only
    the functions themselves (or their specializations), never their closures, async resume
    partials or thunks, which run many times. Prints "zero SYMBOL" / "dump SYMBOL"."""
    names = [line.split()[-1] for line in subprocess.run(["nm", "--defined-only", binary], capture_output=True,
                                                          text=True, check=True).stdout.splitlines()
             if line.split()[-2:-1] in (["T"], ["t"])]
    wanted = [n for n in names if re.search(r"7runLoad|6verify|7prepare", n)]
    specialized = r"^((generic |function signature )?specialization <.*?> of )*"
    for name, text in zip(wanted, demangle("\n".join(wanted), simplified=False).splitlines()):
        if re.match(specialized + r"(kyoei_bench\.runLoad<|BankServices\.TransferService\.prepare\(by:)", text):
            print("zero " + name)
        elif re.match(specialized + r"static BankStore\.LedgerRecords\.verify\(", text):
            print("dump " + name)


def callgrind(directory, count):
    parts = []
    # callgrind.out.1, .2, … in the order dumped, then callgrind.out (at exit)
    numbered = lambda p: int(p.rsplit(".", 1)[1]) if re.search(r"\.\d+$", p) else float("inf")
    for path in sorted(glob.glob(f"{directory}/callgrind.out*"), key=numbered):
        text = open(path, errors="replace").read()
        trigger = re.search(r"^desc: Trigger: (.*)$", text, re.M)
        totals = re.search(r"^totals: (\d+)", text, re.M) or re.search(r"^summary: (\d+)", text, re.M)
        parts.append((path, trigger.group(1) if trigger else "?", int(totals.group(1)) if totals else 0))
    # callgrind.out.1 (dumped entering the ledger check) holds the load; callgrind.out the rest.
    load = parts[0] if len(parts) > 1 and "verify" in parts[0][1] else None
    print("Instructions (Ir) by part (setup zeroed: the fixture and the 確認画面 prepared before the load):")
    for name, (path, trigger, ir) in zip(["the timed load, up to the ledger check", "the ledger check and close"], parts):
        print(f"  {name}: {ir:,} Ir  ({path.rsplit('/', 1)[-1]})")
    if not load:
        print("  (not cut at the ledger check: LedgerRecords.verify was not found; the figure below includes it)")
        load = parts[-1]
    print(f"Ir per transfer (timed part ÷ {count}): {load[2] / count:,.0f}\n")
    # callgrind_annotate 3.19 credits every instruction of a later dump part to one function
    # (`clone`) when listing self cost; summing the part's own cost lines gets it right.
    costs = self_costs(load[0])
    print("Top functions by self Ir (the timed part's cost lines, summed per function):")
    print(trimmed("\n".join(f"{ir:>14,} ({100 * ir / max(load[2], 1):5.2f}%)  {fn} [{ob}]"
                             for (ob, fn), ir in sorted(costs.items(), key=lambda item: -item[1])[:TOP])) + "\n")
    out = subprocess.run(["callgrind_annotate", "--auto=no", "--inclusive=yes", load[0]], capture_output=True, text=True).stdout
    body = out.split("file:function", 1)[-1].split("\n", 2)[-1]
    print("Top functions by inclusive Ir (callgrind_annotate --inclusive=yes):")
    # Async Swift resumes each function from the executor: its call graph has cycles (names
    # with 'N, depth of recursion) whose "inclusive" cost counts the same work many times.
    print(trimmed(body, skip=r"^\s*(-|$)|.*\((\d{3,}|[2-9]\d{2})\.\d+%\)|.*'\d+ \[") + "\n")


def self_costs(path):
    """{(object, function): Ir spent in the function itself} of one callgrind dump (written with
    --compress-strings=no). The cost line after `calls=` is the callee's inclusive cost: not self."""
    costs, function, obj, after_call = {}, "?", "?", False
    for line in open(path, errors="replace"):
        if line[:1].isdigit() or line[:1] in "+-*":
            fields = line.split()
            if not after_call and len(fields) > 1:
                costs[(obj, function)] = costs.get((obj, function), 0) + int(fields[1])
            after_call = False
        elif line.startswith("fn="):
            function = line[3:].strip()
        elif line.startswith("ob="):
            obj = line[3:].strip()
        elif line.startswith("calls="):
            after_call = True
    return costs


def perf(directory, count):
    stamped = [line.split(" ", 1) for line in open(f"{directory}/driver.out") if " {" in line]
    at, result = float(stamped[-1][0]), json.loads(stamped[-1][1])
    window = f"{at - result['seconds']:.6f},{at:.6f}"
    driver = open(f"{directory}/driver.pid").read().strip()
    try:
        postgres = open(f"{directory}/postgres.pids").read().strip()
    except FileNotFoundError:
        postgres = ""
    print(f"Timed window: {result['seconds']:.2f} s, {result['ops']} transfers at {result['clients']} clients, "
          f"{result['per_second']:.0f}/s (perf report --time {window})\n")
    base = ["perf", "report", "-i", f"{directory}/perf.data", "--stdio", "--time", window, "-g", "none"]

    samples = {}
    script = subprocess.run(["perf", "script", "-i", f"{directory}/perf.data", "--time", window, "-F", "comm,pid"],
                            capture_output=True, text=True).stdout
    groups = {driver: "kyoei-bench", "0": "idle"} | {pid: "PostgreSQL (benchmark server)" for pid in postgres.split(",") if pid}
    for line in script.splitlines():
        comm, _, pid = line.strip().rpartition(" ")
        group = groups.get(pid) or ("kernel threads (disk journal, writeback, network)"
                                    if re.match(r"(kworker|jbd2|ksoftirqd|kswapd|rcu)", comm.strip())
                                    else "other processes on the host")
        samples[group] = samples.get(group, 0) + 1
    print("CPU in the timed window, by process (cpu-clock samples of 0.25 ms, all CPUs):")
    for group, n in sorted(samples.items(), key=lambda item: -item[1]):
        print(f"  {group}: {n * SAMPLE_MS:,.0f} ms CPU, {n * SAMPLE_MS / max(result['ops'], 1):.3f} ms per transfer")
    print()
    print("By process and library (perf report --sort comm,dso):")
    print(trimmed(subprocess.run(base + ["--no-children", "--sort", "comm,dso"], capture_output=True, text=True).stdout) + "\n")
    for label, pids in (("kyoei-bench", driver), ("PostgreSQL", postgres)):
        if not pids:
            continue
        # Self: percent of this process's samples. Inclusive: percent of all samples in the window
        # (perf's relative base is the self total, which children exceed).
        for mode, scope, title in (("--no-children", ["--percentage", "relative"], "self, % of the process"),
                                   ("--children", [], "inclusive, % of all CPU in the window")):
            out = subprocess.run(base + [mode, "--pid", pids, *scope, "--sort", "dso,sym"], capture_output=True, text=True).stdout
            print(f"{label}: top functions, {title} (perf report {mode}):")
            print(trimmed(out) + "\n")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "stamp":
        stamp(*args)
    elif command == "symbols":
        symbols(*args)
    elif command == "callgrind":
        callgrind(args[0], int(args[1]))
    elif command == "perf":
        perf(args[0], int(args[1]))
    else:
        sys.exit(f"unknown command {command}")
