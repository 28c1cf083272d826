"""The commands beyond score: plan, compare, cluster, validate, questionnaires, template, ask and schema.

They are loaded only when used (see ErrorHandlingGroup in cli.py), which keeps `lsp-check score` quick to start.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from lsp_check.cli.collect import collect  # noqa: F401 - a lazy command (LAZY_COMMANDS)
from lsp_check.cli.common import (
    FormatChoice,
    Refusal,
    assess_files,
    bom_option,
    check_readable,
    complete_ids,
    emit,
    expand_inputs,
    output_option,
    questionnaire_library,
    questionnaires_option,
    quiet_option,
    report_format,
    say,
    say_found,
    say_left_out,
    sections_of,
    skip_invalid_option,
    stdout_is_terminal,
    strict_option,
    text_width,
    width_option,
    without_small_rooms,
)
from lsp_check.cli.examples import examples_command  # noqa: F401 - a lazy command (LAZY_COMMANDS)
from lsp_check.cli.help import help_command  # noqa: F401 - a lazy command (LAZY_COMMANDS)
from lsp_check.cli.numbers import Points
from lsp_check.cli.trend import trend  # noqa: F401 - a lazy command (LAZY_COMMANDS)
from lsp_check.load.layouts import SOURCES
from lsp_check.method import DEFAULT_MIN_CHANGE
from lsp_check.problems import InputError, Problem, row_of
from lsp_check.report import CLUSTER_FORMATS, COMPARE_FORMATS, PLAN_FORMATS, VALIDATE_FORMATS
from lsp_check.report.model.words import plural
from lsp_check.sanitise import visible
from lsp_check.score import gates as exits

schema_beside_option = click.option(
    "--schema-beside", is_flag=True,
    help="Write answers.schema.json beside the answers file(s) and point editors at it from their first line "
    "(the folder can then be shared; see 'lsp-check help authoring').")


source_option = click.option(
    "--source", type=click.Choice(SOURCES), metavar="TOOL",
    help=f"The survey tool that wrote the export, when its headings do not show it: {', '.join(SOURCES)}.")
sheet_option = click.option("--sheet", metavar="NAME",
                            help="The sheet of an Excel workbook to read (the first, by default).")
explain_option = click.option(
    "--explain", is_flag=True,
    help="Print how each form export is read: the survey tool's layout, each column's question, the columns left "
    "out and why, the cells not read, and how many respondents.")


@click.command(short_help="Turn needs into an action plan for 6 and 12 months.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=FormatChoice(PLAN_FORMATS), default=None,
              help="Plan format: a Markdown checklist, CSV for a spreadsheet, JSON, text, HTML, or Word "
              "(docx: needs the 'docx' extra and -o FILE on a terminal) [default: text on a terminal, "
              "else markdown].")
@click.option("-o", "--output", type=click.Path(), help="Write the plan to this file (atomically).")
@skip_invalid_option
@width_option
@quiet_option
@strict_option
@bom_option
@questionnaires_option
def plan(files: tuple[str, ...], fmt: str | None, output: str | None, skip_invalid: bool, width: int | None,
         quiet: bool, strict: bool, bom: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Turn the needs of answers FILE... into an action plan for the next 6 and 12 months.

    \b
    A need goes in the next 6 months when its answer is urgent (or two
    thirds of a room gave a weak answer), else the next 12; needs are
    numbered down the page, the most urgent first within each horizon
    ('lsp-check help method'). Actions already agreed in the
    answers file appear alongside and are not suggested twice. Owner and
    due-date columns are left to fill.
    """
    # On a terminal the plan is read there; piped or written to a file it is a Markdown checklist to keep.
    fmt = fmt or ("text" if output is None and stdout_is_terminal() else "markdown")
    report_format(fmt, None, output)
    library = questionnaire_library(questionnaire_dirs)
    skipped: list[Problem] | None = [] if skip_invalid else None
    from lsp_check.api import plan as plan_of

    plans = plan_of(without_small_rooms(assess_files(files, library, output, strict=strict, skipped=skipped)))
    emit(fmt, plans, output, bom=bom, width=width, skipped=skipped)
    rows = sum(len(p.rows) for p in plans.plans)
    line = f"lsp-check: plan of {rows} action{'s' if rows != 1 else ''}" + (f" written to {output}" if output else "")
    decision = exits.with_skipped(exits.Verdict(exits.OK, line), skipped or ())
    if not quiet or decision.status:
        say(decision.line)
    sys.exit(decision.status)


@click.command(short_help="Compare a baseline health check with a follow-up.")
@click.argument("baseline", metavar="BASELINE")
@click.argument("followup", metavar="FOLLOWUP")
@click.option("-f", "--format", "fmt", type=FormatChoice(COMPARE_FORMATS), default="text", show_default=True,
              help="Report format.")
@output_option
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when a section's percentage fell by at least --min-change points.")
@click.option("--min-change", type=Points(0, 100), default=DEFAULT_MIN_CHANGE, show_default=True,
              metavar="POINTS", help="How many percentage points a section must fall to count as a regression.")
@click.option("--allow-different", is_flag=True,
              help="Compare two different partnerships (refused otherwise); the report says so.")
@click.option("--same-respondents", is_flag=True,
              help="Compare only the respondents who answered both times, matched by each answers file's "
              "respondent: name (every file must name one; refused when a side would leave out fewer than 3 but "
              "some, or fewer than 3 answered both times: 'lsp-check help privacy').")
@click.option("--allow-reversed", is_flag=True,
              help="Compare a follow-up dated before its baseline (refused otherwise); the report says so.")
@skip_invalid_option
@width_option
@quiet_option
@strict_option
@questionnaires_option
def compare(baseline: str, followup: str, fmt: str, output: str | None, fail_on_regression: bool, min_change: float,
            allow_different: bool, same_respondents: bool, allow_reversed: bool, skip_invalid: bool,
            width: int | None, quiet: bool, strict: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Compare a BASELINE health check with a FOLLOWUP of the same partnership.

    Each is an answers file, a directory of respondents' files, or a form
    export (CSV, Excel). Shows each section then and now over the questions
    answered both times, each question, and the needs resolved, improved,
    now in hand, persisting, new and not assessed at the baseline or not
    reassessed ('lsp-check help method').
    """
    from lsp_check.api import compare_files

    report_format(fmt, None, output)
    library = questionnaire_library(questionnaire_dirs)
    warnings: list[Problem] = []
    skipped: list[Problem] | None = [] if skip_invalid else None
    found: list[Problem] | None = None if skipped is None else []
    sides = [(arg, (arg,), expand_inputs((arg,), output)) for arg in (baseline, followup)]
    comparison = compare_files(sides, library, min_change=min_change, strict=strict,
                               same_respondents=same_respondents, warnings=warnings, skipped=found)
    say_found(warnings, found, skipped)
    if comparison.reversed and not allow_reversed:
        raise InputError([Problem(followup, f"is dated {comparison.followup.day}, before the baseline {baseline} "
                                  f"({comparison.baseline.day}); compare takes the baseline first (swap them, or "
                                  "give --allow-reversed to compare them in this order)")])
    if comparison.different_partnerships and not allow_different:
        then, now = comparison.baseline.partnership, comparison.followup.partnership
        raise InputError([Problem(followup, f"is a health check of {now}, but {baseline} is of {then}; compare "
                                  "takes two health checks of the same partnership (give --allow-different to "
                                  "compare them anyway, or use 'lsp-check cluster' to set partnerships side by side)")])
    decision = exits.with_skipped(exits.decide_comparison(comparison, fail_on_regression), skipped or ())
    emit(fmt, comparison, output, decision, width=width, skipped=skipped)
    if not quiet or decision.status:
        say(decision.line + (f"; report written to {output}" if output else ""))
    sys.exit(decision.status)


@click.command(short_help="Set partnerships side by side; rank shared needs.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-f", "--format", "fmt", type=FormatChoice(CLUSTER_FORMATS), default="text", show_default=True,
              help="Report format.")
@output_option
@skip_invalid_option
@width_option
@quiet_option
@strict_option
@bom_option
@click.option("--show-respondents", is_flag=True,
              help="Keep partnerships of fewer than 3 respondents, each figure shown as theirs (left out by "
              "default, as score leaves them out: 'lsp-check help privacy').")
@questionnaires_option
def cluster(paths: tuple[str, ...], fmt: str, output: str | None, skip_invalid: bool, width: int | None, quiet: bool,
            strict: bool, bom: bool, show_respondents: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Compare several partnerships and rank the needs they share.

    \b
    PATH... are answers files, form exports or directories; each file's
    partnership: field says which partnership it belongs to (names compared
    ignoring case, spacing and punctuation). Shows partnerships × sections,
    where each stands against the cluster median, and shared needs ranked by
    how many partnerships have them, then by the share of each one's
    respondents who gave a weak answer. A partnership of fewer than 3
    respondents is left out, as score leaves it out (--show-respondents
    keeps it).
    """
    from lsp_check.api import rooms_of
    from lsp_check.method import DEFAULT_THRESHOLD
    from lsp_check.score.cluster import cluster as run_cluster
    from lsp_check.score.disclosure import leave_out_small
    from lsp_check.score.room import Rooms

    report_format(fmt, None, output)
    library = questionnaire_library(questionnaire_dirs)
    warnings: list[Problem] = []
    skipped: list[Problem] | None = [] if skip_invalid else None
    groups = rooms_of(expand_inputs(paths, output), library, strict=strict, warnings=warnings, skipped=skipped)
    say_found(warnings, skipped, None)
    rooms = Rooms(groups)
    if not show_respondents:
        rooms = leave_out_small(rooms, DEFAULT_THRESHOLD)
        say_left_out(rooms.left_out, DEFAULT_THRESHOLD, bool(rooms.rooms),
                     ("give --show-respondents to keep it, not anonymously",
                      "give --show-respondents to keep them, not anonymously"))
    groups = rooms.rooms
    result = run_cluster(groups, rooms.left_out, rooms.left_out_below)
    top = result.shared[0] if result.shared else None
    shared = len(result.shared)
    line = f"lsp-check: {len(groups)} partnership{'s' if len(groups) != 1 else ''}, {shared} need{'s' if shared != 1 else ''}"
    if top:
        line += f"; most shared: {top.need} ({top.partnership_count} of {len(groups)})"
    verdict = exits.with_left_out(exits.Verdict(exits.OK, line), result.left_out, result.left_out_below)
    decision = exits.with_skipped(verdict, skipped or ())
    emit(fmt, result, output, decision, bom=bom, width=width, skipped=skipped)
    if not quiet or decision.status:
        say(decision.line + (f"; report written to {output}" if output else ""))
    sys.exit(decision.status)


@click.command(short_help="Check answers, form exports and questionnaires.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=FormatChoice(VALIDATE_FORMATS), default="text", show_default=True,
              help="What goes to stdout: nothing but -v's list (text), everything found as JSON, or GitHub "
              "annotations (an error per problem at its file, line and column). Problems and the verdict go to "
              "stderr in every format.")
@click.option("--strict", is_flag=True,
              help="Treat warnings as errors (exit 2), a form export's columns that match no question among them.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every valid file, with what it holds, on stdout "
              "(text only: JSON lists them anyway).")
@explain_option
@source_option
@sheet_option
@width_option
@quiet_option
@questionnaires_option
def validate(files: tuple[str, ...], fmt: str, strict: bool, verbose: bool, explain: bool, source: str | None,
             sheet: str | None, width: int | None, quiet: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Check answers files, form exports and questionnaire files without scoring; exit 0 if all are valid, else 2.

    \b
    FILE... takes what score takes: files, directories, glob patterns and
    form exports, CSV or Excel (their column mapping and every answer are
    checked; --explain prints how each is read). Questionnaire files given
    here are checked together with the bundled ones (and any
    --questionnaires DIR), and answers against them.
    Every problem is printed; valid files are counted in one summary line
    (-v lists them).
    '-' reads one file from standard input.
    """
    from lsp_check.api import dated_review
    from lsp_check.load.validation import validate_files

    checked = validate_files(expand_inputs(files), questionnaire_dirs, strict, source=source, worksheet=sheet,
                             keep_readings=explain, review=dated_review(strict))
    if explain:
        from lsp_check.report.explain import explain as explanation

        # Beside -f json or github, stdout holds only the machine output, so the explanation goes to stderr.
        columns = text_width(width)
        click.echo(visible("\n".join(explanation(reading, columns) for reading in checked.readings)), nl=False,
                   err=fmt != "text")
    for notice in checked.notices:
        say(f"lsp-check: note: {notice}")
    for problem in (*checked.warnings, *checked.problems):
        say(str(problem))
    decision = exits.decide_validation(checked)
    if fmt != "text":
        emit(fmt, checked, None, decision)
    elif verbose:
        for item in checked.checked:
            click.echo(visible(item.line))
    if not quiet or decision.status:
        say(decision.line)
    sys.exit(decision.status)


@click.group("questionnaires", invoke_without_command=True, short_help="List the questionnaires; 'show ID' prints one.")
@width_option
@questionnaires_option
@click.pass_context
def questionnaires_group(ctx: click.Context, width: int | None, questionnaire_dirs: tuple[str, ...]) -> None:
    """List the available questionnaires; 'show ID' prints one in full."""
    ctx.obj.questionnaire_dirs = questionnaire_dirs
    ctx.obj.width = width
    if ctx.invoked_subcommand is not None:
        return
    library = questionnaire_library(questionnaire_dirs)
    import textwrap

    ids = max(len(q) for q in library.questionnaires) if library.questionnaires else 0
    columns = text_width(width)
    for qid, questionnaire in library.questionnaires.items():
        sections = ", ".join(s.id for s in questionnaire.sections)
        about = (f"{questionnaire.title} ({plural(questionnaire.question_count, 'question')}; "
                 f"section{'s' if len(questionnaire.sections) != 1 else ''}: {sections})")
        # The description wraps at whole words under its own column, so the ids stay aligned.
        lines = textwrap.wrap(about, max(30, columns - ids - 2), break_long_words=False, break_on_hyphens=False)
        click.echo(visible("\n".join(f"{qid if n == 0 else '':<{ids}}  {line}" for n, line in enumerate(lines))))


@questionnaires_group.command("show")
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_ids)
@width_option
@questionnaires_option
@click.pass_context
def show_questionnaire(ctx: click.Context, ids: tuple[str, ...], width: int | None,
                       questionnaire_dirs: tuple[str, ...]) -> None:
    """Print questionnaires readably: scales, questions, needs, actions and bands.

    Each ID is a questionnaire's id, or a section's id (as template takes)
    to show only that section of its questionnaire.
    """
    from lsp_check.author.describe import describe_questionnaire

    library = questionnaire_library(questionnaire_dirs or ctx.obj.questionnaire_dirs)
    wanted = {s.id for s in sections_of(library, ids)}
    shown = []
    for questionnaire in library.questionnaires.values():
        sections = tuple(s for s in questionnaire.sections if s.id in wanted)
        if sections:
            shown.append(describe_questionnaire(questionnaire._replace(sections=sections),
                                                text_width(width or ctx.obj.width)))
    click.echo(visible("\n".join(shown)), nl=False)


@click.command(short_help="Print a blank answers file to fill in.")
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_ids)
@click.option("-o", "--output", type=click.Path(),
              help="Write the blank answers file here; an existing file is never overwritten.")
@schema_beside_option
@click.option("-q", "--quiet", is_flag=True, help="Do not say on stderr what was written.")
@questionnaires_option
def template(ids: tuple[str, ...], output: str | None, schema_beside: bool, quiet: bool,
             questionnaire_dirs: tuple[str, ...]) -> None:
    """Print a blank answers file for questionnaire or section IDs."""
    from lsp_check.author.blank import blank_answers

    sections = sections_of(questionnaire_library(questionnaire_dirs), ids)
    from lsp_check.author.schemas import schema_name

    # Questionnaire text appears only in comments, so showing control characters visibly changes no data.
    text = visible(blank_answers(sections, schema_url=schema_name("answers") if schema_beside else None))
    if output is None:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    from lsp_check.writing import write_new

    write_new(Path(output), text)
    schema = _schema_beside(Path(output).parent) if schema_beside else None
    if not quiet:
        say(f"lsp-check: wrote a blank answers file to {output}"
            + (f" (and {schema} beside it, for editor completion)" if schema else ""))


@click.command(short_help="Answer a questionnaire in the terminal.")
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_ids)
@click.option("-o", "--output", type=click.Path(), required=True,
              help="The answers file: saved after every answer; an existing one is resumed.")
@schema_beside_option
@questionnaires_option
@click.pass_context
def ask(ctx: click.Context, ids: tuple[str, ...], output: str, schema_beside: bool,
        questionnaire_dirs: tuple[str, ...]) -> None:
    """Answer questionnaire or section IDs in the terminal, into an answers file.

    Each question shows its numbered options: enter a number, an option or its
    id, and a note after a colon if you like (2: why; 2: - clears a note);
    Enter skips, b goes back, q saves and quits. The file is rewritten whole
    after every answer (an existing file loses its comments), so Ctrl-C
    (exit 130) never loses one; run the same command again to carry on where
    you left off. Questions and prompts go to stderr. Input must be a
    terminal: piped input is refused (exit 2).
    """
    from pathlib import Path

    from lsp_check.ask.draft import Draft
    from lsp_check.ask.session import Session
    from lsp_check.ask.terminal import RichTerminal
    from lsp_check.writing import check_writable

    library = questionnaire_library(questionnaire_dirs)
    sections = sections_of(library, ids)
    if not _stdin_is_terminal():
        raise Refusal("ask reads answers typed at a terminal, but its input is piped or redirected; to fill in "
                      "answers from a script, write an answers file (start one with 'lsp-check template "
                      f"{' '.join(ids)}') or import a form export ('lsp-check import')")
    path = Path(output)
    check_writable(path)
    resuming = path.exists()
    draft = Draft.resume(path, sections, library) if resuming else Draft(path, sections)
    if schema_beside:
        _schema_beside(path.parent)
        draft.schema = True
    terminal = RichTerminal()
    if draft.comments:
        terminal.say(f"Note: {output} is rewritten after every answer, without its comments.", "dim")
    ctx.exit(Session(draft, terminal, resuming).run())


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _schema_beside(folder: Any) -> Any:
    """Write answers.schema.json into ``folder``: the path when written, None when already there.

    A file of that name that is not lsp-check's schema is left alone, with a note.
    """
    from lsp_check.author.schemas import schema_name, write_schema

    path = folder / schema_name("answers")
    try:
        return path if write_schema(path, "answers") else None
    except InputError as error:
        say(f"lsp-check: note: {error.problems[0]} (left as it is)")
        return None


@click.command("schema", short_help="Print the JSON Schema editors complete from.")
@click.argument("kind", type=click.Choice(["questionnaire", "answers"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the schema to FILE (e.g. answers.schema.json beside your answers files); an older "
              "lsp-check schema there is brought up to date, any other file is never overwritten.")
def schema_command(kind: str, output: str | None) -> None:
    """Print the JSON Schema for questionnaire or answers files, for editors.

    With --schema-beside, template, import and ask write answers.schema.json
    beside the answers files and refer to it (see 'lsp-check help
    authoring').
    """
    from lsp_check.author.schemas import schema_text

    if output is None:
        text = schema_text(kind)
        click.echo(text, nl=not text.endswith("\n"))
        return
    from pathlib import Path

    from lsp_check.author.schemas import write_schema

    if write_schema(Path(output), kind):
        say(f"lsp-check: wrote the {kind} schema to {output}")
    else:
        say(f"lsp-check: {output} is already the current {kind} schema")


@click.command("import", short_help="Turn a form export into one answers file each.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False),
              metavar="DIR", help="Write one answers file per respondent into DIR (created if missing); "
              "existing files are never overwritten. Needed unless --explain is given.")
@click.option("--partnership", metavar="NAME", help="The partnership's name, for rows without a Partnership column.")
@explain_option
@source_option
@sheet_option
@schema_beside_option
@width_option
@quiet_option
@strict_option
@questionnaires_option
def import_command(file: str, output_dir: str | None, partnership: str | None, explain: bool, source: str | None,
                   sheet: str | None, schema_beside: bool, width: int | None, quiet: bool, strict: bool,
                   questionnaire_dirs: tuple[str, ...]) -> None:
    """Turn a survey tool's export into answers files, one per respondent.

    \b
    FILE is a CSV file or an Excel workbook (.xlsx, with the 'xlsx' extra)
    from Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, SmartSurvey
    or LimeSurvey; the tool is told from the file's headings (or give
    --source). --explain prints how the file is read; without -o it writes
    nothing.
    """
    from pathlib import Path

    from lsp_check.author.dump import answers_yaml, respondent_files
    from lsp_check.author.schemas import schema_name
    from lsp_check.load.forms import read_export
    from lsp_check.writing import write_new

    if output_dir is None and not explain:
        raise click.UsageError("give -o DIR to write the answers files (or --explain to see how FILE is read)")
    check_readable([file])
    library = questionnaire_library(questionnaire_dirs)
    # Trimmed as an answers file's name is read back (load/shape.optional_text), so the import round trip keeps it.
    partnership = partnership.strip() if partnership is not None else None
    reading = read_export(Path(file), library, partnership=partnership, strict=strict, source=source, sheet=sheet)
    if sheet is not None and not reading.sheet:
        raise Refusal(f"--sheet reads a sheet of an Excel workbook, but {file} is {reading.kind}")
    if explain:
        from lsp_check.report.explain import explain as explanation

        click.echo(visible(explanation(reading, text_width(width))), nl=False)
    if reading.errors:
        raise InputError(reading.problems)
    warnings = list(reading.problems)
    sheets = reading.sheets
    unnamed = sum(1 for sheet_read in sheets if not sheet_read.partnership)
    if unnamed and output_dir is not None:
        from lsp_check.matching import UNNAMED

        rows = "no row names" if unnamed == len(sheets) else f"{unnamed} of {len(sheets)} rows name no"
        warnings.append(Problem(file, f"{rows} its partnership and no --partnership was given, so "
                                      f"{'the' if unnamed == len(sheets) else 'those'} answers files will name none "
                                      f"and reports of them will say {UNNAMED} (give --partnership NAME, or add a "
                                      "Partnership column)", severity="warning"))
    for warning in warnings:
        say(str(warning))
    if output_dir is None:
        return
    directory = Path(output_dir)
    targets = respondent_files(directory, len(sheets))
    taken = [target for target in targets if target.exists() or target.is_symlink()]
    if taken:
        raise InputError([Problem(str(t), "already exists; lsp-check never overwrites it (import into an empty "
                                   "directory)") for t in taken])
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError([Problem(str(directory), f"cannot be created: {error.strerror or error}")]) from None
    url = schema_name("answers") if schema_beside else None
    if schema_beside:
        _schema_beside(directory)
    for sheet_read, target in zip(sheets, targets):
        file, row = row_of(sheet_read.path)
        source_row = file if row is None else f"{file}, row {row}"
        write_new(target, answers_yaml(sheet_read, comment=f"Imported by lsp-check from {source_row}.", schema_url=url))
    count = len(sheets)
    if not quiet:
        say(f"lsp-check: wrote {count} answers file{'s' if count != 1 else ''} to {directory}")
