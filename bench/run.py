#!/usr/bin/env python3
"""Start-up benchmark for lsp-check: how much slower is a run than importing its core dependencies?

Times three commands in one run, interleaved round-robin so that machine noise (other
processes, CPU frequency, cache state) falls on all of them alike:

  baseline  python -c "import click, yaml"
  json      lsp-check score examples/spelthorne-2006.yaml --format json
  text      lsp-check score examples/spelthorne-2006.yaml
(the `lsp-check` console script beside the interpreter; --entry module runs `python -m lsp_check` instead)

and compares the median wall time of each lsp-check run with the baseline's.
Targets: json <= 1.3x baseline, text <= 2.0x baseline.

Usage:
  python bench/run.py                   # 30 rounds, text report; exit 1 if a target fails
  python bench/run.py --rounds 100      # more rounds, steadier medians
  python bench/run.py --json            # machine-readable output
  python bench/run.py --python PATH     # time another interpreter (it must have lsp-check installed)
  python bench/run.py --importtime      # where start-up goes: the 15 most expensive imports
  python bench/run.py --importtime text # the same for the text report
  python bench/run.py --as-is           # the inherited environment (default: private caches)

Exit status: 0 all targets met, 1 a target failed, 2 a command failed or could not run, or the
lsp_check sources changed during the run (the figures would mix versions).
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "spelthorne-2006.yaml"
WARMUP = 3
TOP_IMPORTS = 15

# name -> target ratio of its median to the baseline's median (None: it is the baseline)
TARGETS: dict[str, float | None] = {"baseline": None, "json": 1.3, "text": 2.0}


# The environment every timed command runs in; set by main(). See bench_env().
ENV: dict[str, str] | None = None


class BenchError(Exception):
    """A command could not be run or did not succeed: the figures would mean nothing."""


def console_script(python: str) -> str | None:
    """The `lsp-check` command installed beside the interpreter, if there is one."""
    found = Path(python).parent / "lsp-check"
    return str(found) if found.is_file() else None


def commands(python: str, entry: str = "script") -> dict[str, list[str]]:
    """The argv of each timed command, all run by the same interpreter.

    By default lsp-check runs as users run it, through its `lsp-check` console script (which uses the same
    interpreter); with entry="module", or where no script is installed, as `python -m lsp_check`.
    """
    script = console_script(python) if entry == "script" else None
    score = [script, "score", str(EXAMPLE)] if script else [python, "-m", "lsp_check", "score", str(EXAMPLE)]
    return {
        "baseline": [python, "-c", "import click, yaml"],
        "json": [*score, "--format", "json"],
        "text": score,
    }


def bench_env(pycache: str) -> dict[str, str]:
    """The inherited environment, but with bytecode (and lsp-check's own cache) in a private directory.

    With PYTHONDONTWRITEBYTECODE set (as in some dev shells and containers), modules that have no
    __pycache__ yet -- lsp-check's own sources in an editable install -- are compiled from source on
    every run, while pip-installed dependencies had theirs written at install time. That would charge
    lsp-check for compiling, which no installed user pays. A private PYTHONPYCACHEPREFIX gives every
    module (standard library, dependencies, lsp-check) cached bytecode after the warm-up runs, and
    writes nothing into the source tree or the environment.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    # lsp-check caches the parsed questionnaire library (LSP_CHECK_CACHE_DIR, default ~/.cache/lsp-check).
    # Keep the bench's cache private too: it starts empty, the warm-ups fill it, and ~/.cache is untouched.
    # The figures are therefore warm-cache figures, as for anyone who has run lsp-check before.
    env.pop("LSP_CHECK_NO_CACHE", None)
    env["LSP_CHECK_CACHE_DIR"] = os.path.join(pycache, "lsp-check-cache")
    return env


def run_once(argv: list[str]) -> float:
    """Run argv with output discarded; return its wall time in seconds. Raise BenchError unless it exits 0."""
    start = time.perf_counter()
    proc = subprocess.run(
        argv,
        check=False,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=ENV,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        # Run it again to show why; the timed run kept stderr out of the pipe on purpose.
        again = subprocess.run(
            argv, check=False, stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=ROOT, env=ENV
        )
        raise BenchError(
            f"command exited {proc.returncode}: {shlex.join(argv)}\n"
            + (again.stderr.strip() or again.stdout.strip() or "(no output)")
        )
    return elapsed


def probe(python: str) -> dict[str, Any]:
    """Facts about the interpreter under test (which may not be the one running this script)."""
    code = (
        "import json, platform, sys, click, yaml, lsp_check; from importlib.metadata import version; "
        "print(json.dumps({'python': platform.python_version(), 'implementation': platform.python_implementation(), "
        "'executable': sys.executable, 'lsp_check': lsp_check.__version__, 'click': version('click'), "
        "'pyyaml': yaml.__version__, 'libyaml': getattr(yaml, '__with_libyaml__', False), "
        "'package_dir': __import__('os').path.dirname(lsp_check.__file__)}))"
    )
    try:
        proc = subprocess.run([python, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT, env=ENV)
    except OSError as error:
        raise BenchError(f"cannot run {python}: {error}") from error
    if proc.returncode != 0:
        raise BenchError(f"{python} cannot import click, yaml and lsp_check:\n{proc.stderr.strip()}")
    return json.loads(proc.stdout)


def fingerprint(package_dir: str) -> str:
    """A short hash of the lsp_check package's files, so figures can be tied to one state of the code."""
    digest = hashlib.sha256()
    root = Path(package_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()[:12]


def machine(python: str) -> dict[str, Any]:
    """The machine and interpreter, for the report header."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "bench_python": platform.python_version(),
        "target": (target := probe(python)),
        "source": fingerprint(target["package_dir"]),
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


def trace_imports(argv: list[str]) -> list[dict[str, Any]]:
    """Run argv once under -X importtime; return one row per module, in the order Python reported them."""
    run_once(argv)  # make sure bytecode is cached, so compiling is not counted as importing
    traced = [argv[0], "-X", "importtime", *argv[1:]]
    proc = subprocess.run(
        traced,
        check=False,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=ENV,
    )
    if proc.returncode != 0:
        raise BenchError(f"command exited {proc.returncode}: {shlex.join(traced)}\n{proc.stderr.strip()[-2000:]}")
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        try:
            self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
            rows.append(
                {
                    "module": name.strip(),
                    "depth": (len(name) - len(name.lstrip()) - 1) // 2,
                    "self_ms": int(self_us) / 1000,
                    "cumulative_ms": int(cumulative_us) / 1000,
                }
            )
        except ValueError:
            continue
    # A module is reported after everything it imports, so read backwards to find who imported whom.
    importer: list[str] = []
    for row in reversed(rows):
        depth = row["depth"]
        del importer[depth:]
        row["imported_by"] = importer[depth - 1] if 0 < depth <= len(importer) else None
        importer.append(row["module"])
    return rows


def importtime(python: str, which: str = "json") -> dict[str, Any]:
    """Where a command's start-up goes, and which of it the baseline does not pay."""
    argvs = commands(python, "module")  # -X importtime needs the interpreter on the command line
    rows = trace_imports(argvs[which])
    baseline = {row["module"] for row in trace_imports(argvs["baseline"])}
    for row in rows:
        row["in_baseline"] = row["module"] in baseline
    extra = [row for row in rows if not row["in_baseline"]]
    return {
        "command": argvs[which],
        "total_ms": round(sum(row["cumulative_ms"] for row in rows if row["depth"] == 0), 1),
        "modules": len(rows),
        "top_cumulative": sorted(rows, key=lambda row: row["cumulative_ms"], reverse=True)[:TOP_IMPORTS],
        "extra_self_ms": round(sum(row["self_ms"] for row in extra), 1),
        "extra_modules": len(extra),
        "top_extra_self": sorted(extra, key=lambda row: row["self_ms"], reverse=True)[:TOP_IMPORTS],
    }


def print_header(info: dict[str, Any], rounds: int | None) -> None:
    t = info["target"]
    load = " ".join(f"{x:.2f}" for x in info["loadavg"]) if info["loadavg"] else "n/a"
    print("lsp-check start-up benchmark")
    print(f"  machine:   {info['platform']}, {info['processor']}, {info['cpu_count']} CPUs, load average {load}")
    print(f"  python:    {t['implementation']} {t['python']} ({t['executable']})")
    print(
        f"  versions:  lsp-check {t['lsp_check']}, click {t['click']}, PyYAML {t['pyyaml']}"
        f" ({'with' if t['libyaml'] else 'without'} libyaml)"
    )
    print(f"  source:    {t['package_dir']} (files sha256 {info['source']})")
    print(f"  caches:    {info['caches']}")
    if rounds is not None:
        print(f"  rounds:    {rounds}, after {WARMUP} warm-up runs of each; round-robin, start rotated each round")
    print()


def print_results(
    argvs: dict[str, list[str]], results: dict[str, dict[str, Any]], load_after: list[float] | None
) -> None:
    print(f"  {'command':<9} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'ratio':>7} {'target':>7}  result")
    for name, r in results.items():
        target = "-" if r["target"] is None else f"<={r['target']:.1f}x"
        verdict = "" if r["pass"] is None else ("PASS" if r["pass"] else "FAIL")
        print(
            f"  {name:<9} {r['median_ms']:>10.1f} {r['min_ms']:>8.1f} {r['max_ms']:>8.1f} "
            f"{r['ratio']:>6.2f}x {target:>7}  {verdict}"
        )
    print()
    print("  ratio = median / baseline median.  Commands (run from the repository root):")
    for name, argv in argvs.items():
        print(f"    {name:<9} {shlex.join(argv)}")
    if load_after:
        print(f"  load average afterwards: {' '.join(f'{x:.2f}' for x in load_after)}")
    failed = [name for name, r in results.items() if r["pass"] is False]
    print()
    print(f"FAIL: {', '.join(failed)} over target" if failed else "PASS: all targets met")
    if failed:
        print("  See where start-up goes: python bench/run.py --importtime")


def print_imports(report: dict[str, Any]) -> None:
    def table(rows: list[dict[str, Any]]) -> None:
        print(f"  {'cumulative ms':>13} {'self ms':>8}  {'baseline':<8}  module (imported by)")
        for row in rows:
            by = f"  ({row['imported_by']})" if row["imported_by"] else ""
            mark = "yes" if row["in_baseline"] else "-"
            print(f"  {row['cumulative_ms']:>13.1f} {row['self_ms']:>8.1f}  {mark:<8}  {row['module']}{by}")

    print(f"One run of: {shlex.join(report['command'])}")
    print(f"under python -X importtime: {report['modules']} modules, {report['total_ms']:.1f} ms importing in all.")
    print("'baseline' = `python -c 'import click, yaml'` imports it too, so it costs lsp-check nothing extra.")
    print("A single run: expect +-20% on any one figure; run it twice before drawing conclusions.")
    print()
    print(f"The {TOP_IMPORTS} most expensive imports by cumulative time (a figure includes what that module imports):")
    table(report["top_cumulative"])
    print()
    print(
        f"What the baseline does not import: {report['extra_modules']} modules, "
        f"{report['extra_self_ms']:.1f} ms of their own (self) time; the most expensive:"
    )
    table(report["top_extra_self"])


def main(argv: list[str] | None = None) -> int:
    global ENV
    parser = argparse.ArgumentParser(
        description="Time lsp-check's start-up against `python -c 'import click, yaml'`. See docs/performance.md."
    )
    parser.add_argument("--rounds", type=int, default=30, help="timed rounds of each command (default: 30)")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter to run everything with (default: the one running this script)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON instead of a report")
    parser.add_argument(
        "--importtime",
        nargs="?",
        const="json",
        choices=["json", "text"],
        metavar="json|text",
        help=f"instead of timing, show the {TOP_IMPORTS} most expensive imports of one run of the json "
        "command (or of the text command, with --importtime text)",
    )
    parser.add_argument(
        "--entry",
        choices=["script", "module"],
        default="script",
        help="run lsp-check through its installed `lsp-check` console script, as users do (default), "
        "or as `python -m lsp_check`",
    )
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="run the commands in the inherited environment unchanged, instead of with a private "
        "bytecode cache and lsp-check cache (see docs/performance.md)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if not EXAMPLE.is_file():
        print(f"bench: error: example not found: {EXAMPLE}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="lsp-check-bench-") as pycache:
        if args.as_is:
            ENV = None
            dont_write = os.environ.get("PYTHONDONTWRITEBYTECODE")
            caches = "environment as is, ~/.cache/lsp-check included" + (
                f" (PYTHONDONTWRITEBYTECODE={dont_write}: modules without a __pycache__ are compiled every run)"
                if dont_write
                else ""
            )
        else:
            ENV = bench_env(pycache)
            caches = (
                "bytecode in a private PYTHONPYCACHEPREFIX (as after pip install) and lsp-check's "
                "in a private LSP_CHECK_CACHE_DIR, both filled by the warm-ups"
            )
        try:
            info = machine(args.python)
            info["caches"] = caches
            if args.importtime:
                report = importtime(args.python, args.importtime)
            else:
                argvs = commands(args.python, args.entry)
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

    if args.importtime:
        if args.json:
            print(json.dumps({"machine": info, **report}, indent=2))
        else:
            print_header(info, None)
            print_imports(report)
        return 0

    results = summarise(samples)
    load_after = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    ok = all(r["pass"] is not False for r in results.values())
    # Figures from a package edited mid-run describe no one version of it: say so, and do not pass or fail.
    source_after = fingerprint(info["target"]["package_dir"])
    changed = source_after != info["source"]
    if args.json:
        print(
            json.dumps(
                {
                    "machine": info,
                    "load_after": load_after,
                    "rounds": args.rounds,
                    "warmup": WARMUP,
                    "commands": argvs,
                    "results": results,
                    "samples_ms": {name: [round(t * 1000, 3) for t in times] for name, times in samples.items()},
                    "pass": ok,
                    "source_after": source_after,
                    "source_changed": changed,
                },
                indent=2,
            )
        )
    else:
        print_results(argvs, results, load_after)
    if changed:
        print(
            f"bench: error: lsp_check changed during the run (files sha256 {info['source']} -> {source_after}); "
            "these figures mix versions, run again",
            file=sys.stderr,
        )
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
