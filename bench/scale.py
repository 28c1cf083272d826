"""Scale benchmark: aggregate 10,000 respondent files against merely C-parsing the same files.

Usage: python bench/scale.py [--files 10000] [--rounds 3] [--json] [--compare PYTHON] [--no-memory]

Generates respondent files (about 30 per partnership, every partnership in
England) in a temporary directory, then measures, interleaved in one run:

  baseline  one Python process that parses every file with libyaml's C loader
  lsp-check lsp-check score DIR --format json

and the peak memory (maximum resident set of any one process) of lsp-check at
a quarter, half and all of the files, to show how memory grows with respondents.
Each round runs every command once, the first one rotating from round to round.
With --compare PYTHON, another build's lsp-check (installed for that
interpreter) is timed in the same rounds, so two builds meet the same noise.
Targets: time ratio <= 1.0 (median of the rounds), peak memory <= 150 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERAL = ["real-results", "common-interest", "we-language", "mutual-accountability", "shared-rewards", "trust",
           "willing-to-change", "improve-performance"]
LEADERSHIP = ["common-vision", "added-value", "willing-to-change", "support-within-partners", "aligned-objectives"]
PERFORMANCE = ["structure", "roles", "objectives", "resources", "project-management"]
FREQUENCY = ["Never", "Sometimes", "Often", "Always"]
ACTION = ["NO – action is needed", "No – but action is in hand", "YES – but needs improving", "YES – working well"]

TARGET = 1.0  # lsp-check's median time at most the bare C parse's

BASELINE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""

MEMORY = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def generate(directory: Path, count: int, seed: int = 2006) -> None:
    """Write ``count`` respondent files, about 30 per partnership, in one folder per partnership."""
    rng = random.Random(seed)
    for i in range(count):
        partnership = f"Partnership {i // 30 + 1:03d}"
        folder = directory / f"p{i // 30 + 1:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"partnership: {partnership}", "date: 2026-11-23", f"respondent: Respondent {i % 30 + 1}",
                 "answers:", "  general:"]
        lines += [f"    {q}: {rng.choice(FREQUENCY)}" for q in GENERAL]
        lines.append("  leadership:")
        lines += [f"    {q}: {rng.choice(ACTION)}" for q in LEADERSHIP]
        lines.append("  performance:")
        lines += [f"    {q}: {rng.choice(ACTION)}" for q in PERFORMANCE]
        (folder / f"r{i:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def peak_kib(command: list[str]) -> int:
    """The largest resident set of any one process of the run (the parent or one worker)."""
    out = subprocess.run([sys.executable, "-c", MEMORY, *command], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def peak_total_kib(command: list[str]) -> int | None:
    """The peak of the resident sets of the run's processes added together (Linux only), sampled every 5 ms.

    Forked workers share pages with their parent, so this over-counts a little: an upper bound.
    """
    if not os.path.isdir("/proc/self"):
        return None
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _rss_kib(process.pid) + sum(_rss_kib(c) for c in _children(process.pid)))
        time.sleep(0.005)
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--compare", metavar="PYTHON", help="also time the lsp-check installed for PYTHON")
    parser.add_argument("--no-memory", action="store_true", help="time only; leave the peak memory out")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="lsp-check-scale-") as tmp:
        root = Path(tmp)
        generate(root / "all", args.files)
        env_cache = {**os.environ, "LSP_CHECK_CACHE_DIR": str(root / "cache")}
        os.environ.update(env_cache)
        commands = {"baseline": [python, "-c", BASELINE, str(root / "all")],
                    "lsp-check": [python, "-m", "lsp_check", "score", str(root / "all"), "--format", "json", "-q"]}
        if args.compare:
            commands["compared"] = [args.compare, "-m", "lsp_check", "score", str(root / "all"), "--format", "json",
                                    "-q"]
        for command in commands.values():
            timed(command)  # warm the page cache and the library cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for r in range(args.rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                times[name].append(timed(commands[name]))
        memory: dict[int, float] = {}
        total: dict[int, float | None] = {}
        for share in (4, 2, 1) if not args.no_memory else ():
            n = args.files // share
            part = root / f"part-{n}"
            if share == 1:
                part = root / "all"
            else:
                generate(part, n)
            command = [python, "-m", "lsp_check", "score", str(part), "--format", "json", "-q"]
            memory[n] = peak_kib(command) / 1024
            summed = peak_total_kib(command)
            total[n] = None if summed is None else summed / 1024
    base = statistics.median(times["baseline"])
    ours = statistics.median(times["lsp-check"])
    ratio = ours / base
    min_ratio = min(times["lsp-check"]) / min(times["baseline"])
    peak = max((v for v in list(memory.values()) + list(total.values()) if v is not None), default=0.0)
    result = {
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "files": args.files,
        "rounds": args.rounds,
        "baseline_s": round(base, 3),
        "lsp_check_s": round(ours, 3),
        "ratio": round(ratio, 2),
        "min_ratio": round(min_ratio, 2),
        "samples_s": {name: [round(t, 3) for t in values] for name, values in times.items()},
        "peak_mib": {str(k): round(v, 1) for k, v in memory.items()},
        "peak_all_processes_mib": {str(k): None if v is None else round(v, 1) for k, v in total.items()},
        "targets": {"ratio": TARGET, "peak_mib": 150},
        "pass": ratio <= TARGET and peak <= 150,
        "load_after": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }
    if args.compare:
        result["compared"] = {"python": args.compare, "median_s": round(statistics.median(times["compared"]), 3),
                              "ratio": round(statistics.median(times["compared"]) / base, 2),
                              "min_ratio": round(min(times["compared"]) / min(times["baseline"]), 2)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"machine: {result['machine']['platform']}, Python {result['machine']['python']}, "
              f"{result['machine']['cpus']} CPUs")
        print(f"{args.files} files, median of {args.rounds} rounds")
        print(f"  baseline (C-parse only)  {base:7.2f} s")
        print(f"  lsp-check score --json   {ours:7.2f} s   ratio {ratio:.2f}x (target <= {TARGET}x); "
              f"ratio of the fastest runs {min_ratio:.2f}x")
        if args.compare:
            c = result["compared"]
            print(f"  compared ({args.compare})  {c['median_s']:7.2f} s   ratio {c['ratio']:.2f}x; "
                  f"fastest {c['min_ratio']:.2f}x")
        for n, mib in memory.items():
            summed = total[n]
            extra = "" if summed is None else f";  all processes together {summed:6.1f} MiB"
            print(f"  peak memory at {n:>6} files: largest process {mib:6.1f} MiB{extra}")
        print("PASS" if result["pass"] else "FAIL")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
