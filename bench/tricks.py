#!/usr/bin/env python3
"""What each speed trick buys: the same command with the trick and without it, interleaved in one run.

A speed trick stays in lsp-check only where this shows it buys at least 5% of the whole command's time
(docs/performance.md). Each trick is undone in a copy of the run, not in the source: a few lines run
before the command replace what the trick does with the plain way (json.dumps for the JSON writer, the
careful YAML reading for the quick one, and so on), so that both runs are the same build.

  start-up tricks   lsp-check score examples/spelthorne-2006.yaml --format json (or text)
  scale tricks      lsp-check score DIR --format json, DIR holding --files generated respondent files

Usage:
  python bench/tricks.py                    # every trick; 20 start-up rounds, 3 scale rounds of 4,000 files
  python bench/tricks.py --only json-writer --files 10000
  python bench/tricks.py --json

Exit status: 0 every trick measured buys at least 5%, 1 one does not, 2 a command failed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as startup  # noqa: E402 - bench/run.py: its environment, machine header and checks
import scale  # noqa: E402 - bench/scale.py: the generated respondent files

THRESHOLD = 5.0  # per cent of the command's time a trick must buy to stay


class Trick(NamedTuple):
    """A speed trick: where it is, what undoes it, and the commands it is measured on."""

    where: str
    undo: str  # Python run before the command, replacing the trick with the plain way
    commands: tuple[str, ...]  # "json", "text" (start-up) and "scale"
    entry: str = "entry"  # the entry point the command is run through: "main" skips the console script's set-up
    env: tuple[tuple[str, str], ...] = ()


TRICKS = {
    "collector": Trick(
        "cli/common.start_up, run by the console script: a cycle collection every 100,000 objects, frozen at exit",
        "", ("json", "text", "scale"), entry="main"),
    "json-writer": Trick(
        "report/json pretty(): the JSON text written by json's C encoder for every flat list and mapping",
        "import json, lsp_check.report.json as j\n"
        "j.pretty = lambda value, level=0: json.dumps(value, indent=2, ensure_ascii=False)"
        ".replace('\\n', '\\n' + '  ' * level)\n",
        ("json", "scale")),
    "parallel-json": Trick(
        "report/json _two_writers(): a large room's JSON written on two cores, the second half by a forked process",
        "import lsp_check.report.json as j\nj.PARALLEL_FROM = 10 ** 9\n",
        ("scale",)),
    "control-check": Trick(
        "sanitise: a report is looked through for control characters (a regular expression's search) before translating",
        "import lsp_check.sanitise as s\n"
        "s.json_text = lambda text: text.translate(s._JSON_ESCAPES)\n"
        "s.visible = lambda text: text.translate(s._VISIBLE)\n",
        ("json", "scale")),
    "rooms-apart": Trick(
        "score/gates, score/plan, cli/common: score.room and score.disclosure imported only once a room is in hand",
        "import lsp_check.score.room, lsp_check.score.disclosure\n",
        ("json",)),
    "parallel-reading": Trick(
        "load/batch read_all(): from 400 files on, the files read by one worker process per core",
        "import lsp_check.load.batch as b\nb.PARALLEL_FROM = 10 ** 9\n",
        ("scale",)),
    "quick-yaml": Trick(
        "load/yamlfile _quick(): a clean file read in one pass over the parser's events, without locations",
        "import lsp_check.load.yamlfile as y\n"
        "def careful(text):\n    raise y._Careful()\n"
        "y._quick = careful\n",
        ("json", "scale")),
    "exact-lookups": Trick(
        "questionnaire.Scale: an answer spelt exactly as a label or id found without normalising it",
        "import lsp_check.questionnaire as q\nfrom lsp_check.matching import normalise\n"
        "q.Scale.find = lambda self, answer: self.lookup.get(normalise(answer))\n",
        ("scale",)),
    "library-cache": Trick(
        "load/cache.py: the checked questionnaire library kept between runs (marshal)",
        "", ("json",), env=(("LSP_CHECK_NO_CACHE", "1"),)),
    "columns": Trick(
        "report/text/columns.py: aligned columns of our own instead of rich.table (its import is what it saves)",
        "import rich.table\n", ("text",)),
}


def argv(python: str, args: list[str], undo: str = "", entry: str = "entry") -> list[str]:
    """The command run through ``python -c``: the undoing lines first, then lsp-check's entry point."""
    code = (f"import sys\n{undo}"
            f"sys.argv = ['lsp-check', *{args!r}]\n"
            f"from lsp_check.cli.main import {entry}\n{entry}()\n")
    return [python, "-c", code]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    run = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env, cwd=startup.ROOT, check=False)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise startup.BenchError(f"exit {run.returncode}: {run.stderr.decode(errors='replace')[-1500:]}")
    return elapsed


def compare(with_trick: list[str], without: list[str], env: dict[str, str], without_env: dict[str, str],
            rounds: int) -> dict[str, Any]:
    """Both commands, alternately (which goes first alternates too), after a warm-up of each."""
    timed(with_trick, env), timed(without, without_env)
    samples: dict[str, list[float]] = {"with": [], "without": []}
    for r in range(rounds):
        order = (("with", with_trick, env), ("without", without, without_env))
        for name, command, environment in (order if r % 2 == 0 else order[::-1]):
            samples[name].append(timed(command, environment))
    with_ms = statistics.median(samples["with"]) * 1000
    without_ms = statistics.median(samples["without"]) * 1000
    gain = (without_ms - with_ms) / without_ms * 100
    return {"with_ms": round(with_ms, 1), "without_ms": round(without_ms, 1), "gain_percent": round(gain, 1),
            "earns_its_place": gain >= THRESHOLD}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="an interpreter with lsp-check installed")
    parser.add_argument("--rounds", type=int, default=20, help="start-up rounds of each pair (default 20)")
    parser.add_argument("--scale-rounds", type=int, default=3)
    parser.add_argument("--files", type=int, default=4000, help="respondent files for the scale tricks")
    parser.add_argument("--only", action="append", choices=sorted(TRICKS), help="measure only this trick")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tricks = {name: TRICKS[name] for name in (args.only or TRICKS)}
    example = str(startup.EXAMPLE)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="lsp-check-tricks-") as tmp:
        root = Path(tmp)
        startup.ENV = env = startup.bench_env(str(root / "pycache"))
        info = startup.machine(args.python)
        rooms = root / "rooms"
        if any("scale" in t.commands for t in tricks.values()):
            scale.generate(rooms, args.files)
        commands = {"json": ([example, "--format", "json", "-q"], args.rounds),
                    "text": ([example, "-q"], args.rounds),
                    "scale": ([str(rooms), "--format", "json", "-q"], args.scale_rounds)}
        try:
            for name, trick in tricks.items():
                without_env = {**env, **dict(trick.env)}
                for command in trick.commands:
                    score_args, rounds = commands[command]
                    with_trick = argv(args.python, ["score", *score_args])
                    without = argv(args.python, ["score", *score_args], trick.undo, trick.entry)
                    results.setdefault(name, {"where": trick.where})[command] = compare(
                        with_trick, without, env, without_env, rounds)
                    if not args.json:
                        r = results[name][command]
                        print(f"{name:<22} {command:<5} with {r['with_ms']:>8.1f} ms  without {r['without_ms']:>8.1f} ms"
                              f"  buys {r['gain_percent']:>5.1f}%  {'keep' if r['earns_its_place'] else '-'}",
                              flush=True)
        except startup.BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 2
    summary = {"machine": {k: info[k] for k in ("platform", "cpu_count", "loadavg")}, "python": info["target"],
               "source": info["source"], "files": args.files, "threshold_percent": THRESHOLD, "tricks": results,
               "load_after": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"machine: {info['platform']}, {info['cpu_count']} CPUs, load average before "
              f"{' '.join(f'{x:.2f}' for x in info['loadavg'] or [])}, after "
              f"{' '.join(f'{x:.2f}' for x in summary['load_after'] or [])}; source sha256 {info['source']}")
    earned = all(any(r["earns_its_place"] for k, r in t.items() if k != "where") for t in results.values())
    return 0 if earned else 1


if __name__ == "__main__":
    sys.exit(main())
