#!/usr/bin/env python3
"""Start-up benchmark for lsp-check: how much slower is a run than importing its core dependencies?

Times three commands in one run, interleaved round-robin so that machine noise (other
processes, CPU frequency, cache state) falls on all of them alike:

  baseline  python -c "import click, yaml"
  json      python -m lsp_check score examples/spelthorne-2006.yaml --format json
  text      python -m lsp_check score examples/spelthorne-2006.yaml

and compares the median wall time of each lsp-check run with the baseline's.
Targets: json <= 1.3x baseline, text <= 2.0x baseline.

Usage:
  python bench/run.py                   # 30 rounds, text report; exit 1 if a target fails
  python bench/run.py --rounds 100      # more rounds, steadier medians
  python bench/run.py --json            # machine-readable output
  python bench/run.py --python PATH     # time another interpreter (it must have lsp-check installed)
  python bench/run.py --importtime      # where start-up goes: the 15 most expensive imports

Exit status: 0 all targets met, 1 a target failed, 2 a command failed or could not run.
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "spelthorne-2006.yaml"
WARMUP = 3
TOP_IMPORTS = 15

# name -> target ratio of its median to the baseline's median (None: it is the baseline)
TARGETS: dict[str, float | None] = {"baseline": None, "json": 1.3, "text": 2.0}


class BenchError(Exception):
    """A command could not be run or did not succeed: the figures would mean nothing."""


def commands(python: str) -> dict[str, list[str]]:
    """The argv of each timed command, all run by the same interpreter."""
    score = [python, "-m", "lsp_check", "score", str(EXAMPLE)]
    return {
        "baseline": [python, "-c", "import click, yaml"],
        "json": [*score, "--format", "json"],
        "text": score,
    }


def run_once(argv: list[str]) -> float:
    """Run argv with output discarded; return its wall time in seconds. Raise BenchError unless it exits 0."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        # Run it again to show why; the timed run kept stderr out of the pipe on purpose.
        again = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=ROOT)
        raise BenchError(
            f"command exited {proc.returncode}: {' '.join(argv)}\n"
            + (again.stderr.strip() or again.stdout.strip() or "(no output)")
        )
    return elapsed


def probe(python: str) -> dict[str, Any]:
    """Facts about the interpreter under test (which may not be the one running this script)."""
    code = (
        "import json, platform, sys, click, yaml, lsp_check; "
        "print(json.dumps({'python': platform.python_version(), 'implementation': platform.python_implementation(), "
        "'executable': sys.executable, 'lsp_check': lsp_check.__version__, 'click': click.__version__ "
        "if hasattr(click, '__version__') else None, 'pyyaml': yaml.__version__, "
        "'libyaml': getattr(yaml, '__with_libyaml__', False)}))"
    )
    try:
        proc = subprocess.run([python, "-W", "ignore", "-c", code], capture_output=True, text=True, cwd=ROOT)
    except OSError as error:
        raise BenchError(f"cannot run {python}: {error}") from error
    if proc.returncode != 0:
        raise BenchError(f"{python} cannot import click, yaml and lsp_check:\n{proc.stderr.strip()}")
    return json.loads(proc.stdout)


def machine(python: str) -> dict[str, Any]:
    """The machine and interpreter, for the report header."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "bench_python": platform.python_version(),
        "target": probe(python),
    }


def measure(argvs: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    """Warm up, then time every command once per round; the starting command rotates each round."""
    names = list(argvs)
    for _ in range(WARMUP):
        for name in names:
            run_once(argvs[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            samples[name].append(run_once(argvs[name]))
    return samples


def summarise(samples: dict[str, list[float]]) -> dict[str, dict[str, Any]]:
    """Median, min and max in ms per command; ratio of medians (and of mins) to the baseline; pass/fail."""
    base_median = statistics.median(samples["baseline"])
    base_min = min(samples["baseline"])
    out: dict[str, dict[str, Any]] = {}
    for name, times in samples.items():
        median = statistics.median(times)
        target = TARGETS[name]
        ratio = median / base_median
        out[name] = {
            "median_ms": round(median * 1000, 2),
            "min_ms": round(min(times) * 1000, 2),
            "max_ms": round(max(times) * 1000, 2),
            "ratio": round(ratio, 3),
            "min_ratio": round(min(times) / base_min, 3),
            "target": target,
            "pass": None if target is None else ratio <= target,
        }
    return out


def importtime(python: str) -> list[dict[str, Any]]:
    """Run the json command once under -X importtime; return imports by cumulative time, most expensive first."""
    argv = commands(python)["json"]
    run_once(argv)  # make sure bytecode is cached, so compiling is not counted as importing
    traced = [argv[0], "-X", "importtime", *argv[1:]]
    proc = subprocess.run(traced, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise BenchError(f"command exited {proc.returncode}: {' '.join(traced)}\n{proc.stderr.strip()[-2000:]}")
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        try:
            self_us, cumulative_us, name = line[len("import time:"):].split("|", 2)
            rows.append({
                "module": name.strip(),
                "depth": (len(name) - len(name.lstrip()) - 1) // 2,
                "self_ms": int(self_us) / 1000,
                "cumulative_ms": int(cumulative_us) / 1000,
            })
        except ValueError:
            continue
    rows.sort(key=lambda row: row["cumulative_ms"], reverse=True)
    return rows


def print_header(info: dict[str, Any], rounds: int | None) -> None:
    t = info["target"]
    load = " ".join(f"{x:.2f}" for x in info["loadavg"]) if info["loadavg"] else "n/a"
    print("lsp-check start-up benchmark")
    print(f"  machine:   {info['platform']}, {info['processor']}, {info['cpu_count']} CPUs, load average {load}")
    print(f"  python:    {t['implementation']} {t['python']} ({t['executable']})")
    print(f"  versions:  lsp-check {t['lsp_check']}, click {t['click'] or '?'}, PyYAML {t['pyyaml']}"
          f" ({'with' if t['libyaml'] else 'without'} libyaml)")
    if rounds is not None:
        print(f"  rounds:    {rounds}, after {WARMUP} warm-up runs of each; round-robin, start rotated each round")
    print()


def print_results(argvs: dict[str, list[str]], results: dict[str, dict[str, Any]], load_after: list[float] | None) -> None:
    print(f"  {'command':<9} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'ratio':>7} {'target':>7}  result")
    for name, r in results.items():
        target = "-" if r["target"] is None else f"<={r['target']:.1f}x"
        verdict = "" if r["pass"] is None else ("PASS" if r["pass"] else "FAIL")
        print(f"  {name:<9} {r['median_ms']:>10.1f} {r['min_ms']:>8.1f} {r['max_ms']:>8.1f} "
              f"{r['ratio']:>6.2f}x {target:>7}  {verdict}")
    print()
    print("  ratio = median / baseline median.  Commands (run from the repository root):")
    for name, argv in argvs.items():
        print(f"    {name:<9} {' '.join(argv)}")
    if load_after:
        print(f"  load average afterwards: {' '.join(f'{x:.2f}' for x in load_after)}")
    failed = [name for name, r in results.items() if r["pass"] is False]
    print()
    print(f"FAIL: {', '.join(failed)} over target" if failed else "PASS: all targets met")
    if failed:
        print("  See where start-up goes: python bench/run.py --importtime")


def print_imports(rows: list[dict[str, Any]]) -> None:
    print(f"The {TOP_IMPORTS} most expensive imports of one `score --format json` run (python -X importtime),")
    print("by cumulative time (a package's figure includes the modules it imports, so rows nest):")
    print()
    print(f"  {'cumulative ms':>13} {'self ms':>8}  module")
    for row in rows[:TOP_IMPORTS]:
        print(f"  {row['cumulative_ms']:>13.1f} {row['self_ms']:>8.1f}  {'  ' * row['depth']}{row['module']}")
    top_level = sum(row["cumulative_ms"] for row in rows if row["depth"] == 0)
    print()
    print(f"  all imports together: {top_level:.1f} ms ({len(rows)} modules)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time lsp-check's start-up against `python -c 'import click, yaml'`. See docs/performance.md.")
    parser.add_argument("--rounds", type=int, default=30, help="timed rounds of each command (default: 30)")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter to run everything with (default: the one running this script)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON instead of a report")
    parser.add_argument("--importtime", action="store_true",
                        help=f"instead of timing, show the {TOP_IMPORTS} most expensive imports of one json run")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if not EXAMPLE.is_file():
        print(f"bench: error: example not found: {EXAMPLE}", file=sys.stderr)
        return 2

    try:
        info = machine(args.python)
        if args.importtime:
            rows = importtime(args.python)
            if args.json:
                print(json.dumps({"machine": info, "command": commands(args.python)["json"],
                                  "imports": rows[:TOP_IMPORTS]}, indent=2))
            else:
                print_header(info, None)
                print_imports(rows)
            return 0

        argvs = commands(args.python)
        if not args.json:
            print_header(info, args.rounds)
            sys.stdout.flush()
        samples = measure(argvs, args.rounds)
    except BenchError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130

    results = summarise(samples)
    load_after = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    ok = all(r["pass"] is not False for r in results.values())
    if args.json:
        print(json.dumps({
            "machine": info,
            "load_after": load_after,
            "rounds": args.rounds,
            "warmup": WARMUP,
            "commands": argvs,
            "results": results,
            "samples_ms": {name: [round(t * 1000, 3) for t in times] for name, times in samples.items()},
            "pass": ok,
        }, indent=2))
    else:
        print_results(argvs, results, load_after)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
