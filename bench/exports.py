"""Form-export benchmark: reading a 20,000-row export as an Excel workbook against the same rows as CSV.

Usage: python bench/exports.py [--rows 20000] [--rounds 3] [--json]

Writes one export of ROWS respondents (a Microsoft Forms layout: ID, start and completion times, e-mail, name,
the respondent's sector, the 18 statements of the general, leadership and performance health checks) twice, as
CSV UTF-8 and as a workbook (openpyxl, with the sheet's dimension at its top as Excel writes it), in a temporary
directory, then measures, interleaved in one run:

  csv       lsp-check score responses.csv --format json
  xlsx      lsp-check score responses.xlsx --format json

and the peak memory of each. The CSV run is the baseline: the workbook costs what its XML takes to parse.
Target: xlsx <= 6x csv (the workbook's XML is about four times the CSV's size, and openpyxl parses it in Python).
Needs the xlsx extra.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import ACTION, FREQUENCY, GENERAL, LEADERSHIP, PERFORMANCE, peak_kib, timed  # noqa: E402

TARGET = 6.0
SECTORS = ["Council", "Police", "Health", "Voluntary sector", "Business"]


def rows(count: int, seed: int = 2006) -> list[list[object]]:
    """A heading row and ``count`` respondents' rows, Microsoft Forms' columns then the health check's."""
    rng = random.Random(seed)
    heading: list[object] = ["ID", "Start time", "Completion time", "Email", "Name", "Which sector do you represent?"]
    heading += [f"general.{q}" for q in GENERAL] + [f"leadership.{q}" for q in LEADERSHIP]
    heading += [f"performance.{q}" for q in PERFORMANCE]
    out = [heading]
    start = datetime.datetime(2026, 3, 10, 9, 0, 0)
    for n in range(1, count + 1):
        when = start + datetime.timedelta(minutes=n)
        row: list[object] = [n, when - datetime.timedelta(minutes=7), when, "anonymous", None, rng.choice(SECTORS)]
        row += [rng.choice(FREQUENCY) for _ in GENERAL] + [rng.choice(ACTION) for _ in LEADERSHIP + PERFORMANCE]
        out.append(row)
    return out


def write(directory: Path, count: int) -> tuple[Path, Path]:
    import csv
    import io

    from openpyxl import Workbook

    table = rows(count)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for row in table:
        writer.writerow(["" if v is None else f"{v:%d/%m/%Y %H:%M}" if isinstance(v, datetime.datetime) else v
                         for v in row])
    csv_path = directory / "responses.csv"
    csv_path.write_bytes(("\ufeff" + text.getvalue()).encode("utf-8"))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    for row in table:
        sheet.append(row)
    streamed = directory / "streamed.xlsx"
    book.save(streamed)
    # openpyxl's write-only mode leaves out the sheet's <dimension>, which Excel and Microsoft Forms write at the top
    # of every sheet; without it openpyxl reads the whole sheet once more just to look for it. Put it back.
    import zipfile

    xlsx_path = directory / "responses.xlsx"
    corner = f"{chr(ord('A') + len(table[0]) - 1)}{len(table)}"
    with zipfile.ZipFile(streamed) as old, zipfile.ZipFile(xlsx_path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", f'<dimension ref="A1:{corner}"/><sheetData>'.encode(), 1)
            new.writestr(info.filename, data)
    streamed.unlink()
    return csv_path, xlsx_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=19_999, help="respondents (default: 19,999, the most allowed)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("lsp-check")
    with tempfile.TemporaryDirectory(prefix="lsp-bench-exports-") as directory:
        csv_path, xlsx_path = write(Path(directory), args.rows)
        commands = {name: [str(script), "score", str(path), "--format", "json"]
                    for name, path in (("csv", csv_path), ("xlsx", xlsx_path))}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
        memory = {name: peak_kib(command) for name, command in commands.items()}
        sizes = {"csv": csv_path.stat().st_size, "xlsx": xlsx_path.stat().st_size}
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["xlsx"] / medians["csv"]
    report = {"rows": args.rows, "rounds": args.rounds, "python": platform.python_version(),
              "median_seconds": medians, "ratio": ratio, "target": TARGET, "peak_kib": memory, "bytes": sizes,
              "met": ratio <= TARGET, "when": time.strftime("%Y-%m-%d %H:%M")}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{args.rows:,} respondents, {args.rounds} rounds, CPython {report['python']}")
        for name in commands:
            print(f"  {name:<5} {medians[name]:6.2f} s median  {memory[name] / 1024:6.0f} MiB peak  "
                  f"{sizes[name] / 1_048_576:5.1f} MiB file")
        print(f"  xlsx / csv = {ratio:.2f} (target <= {TARGET}): {'met' if report['met'] else 'NOT MET'}")
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
