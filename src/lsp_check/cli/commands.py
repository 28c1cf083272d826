"""The commands beyond score: plan, compare, cluster, validate, questionnaires, template, ask and schema.

They are loaded only when used (see ErrorHandlingGroup in cli.py), which keeps `lsp-check score` quick to start.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from lsp_check.cli.common import (
    Refusal,
    assess_files,
    bom_option,
    complete_ids,
    emit,
    expand_inputs,
    output_option,
    questionnaire_library,
    questionnaires_option,
    quiet_option,
    report_format,
    say_warnings,
    stdout_is_terminal,
    strict_option,
    terminal_width,
)
from lsp_check.cli.trend import trend  # noqa: F401 - a lazy command (LAZY_COMMANDS)
from lsp_check.method import DEFAULT_MIN_CHANGE
from lsp_check.problems import InputError, Problem
from lsp_check.report import CLUSTER_FORMATS, COMPARE_FORMATS, PLAN_FORMATS
from lsp_check.report.model.words import plural
from lsp_check.sanitise import visible
from lsp_check.score import gates as exits

schema_beside_option = click.option(
    "--schema-beside", is_flag=True,
    help="Write answers.schema.json beside the answers file(s) and point editors at it from their first line "
    "(the folder can then be shared; see docs/authoring.md).")


@click.command(short_help="Turn needs into an action plan for 6 and 12 months.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(PLAN_FORMATS), default="markdown", show_default=True,
              help="Plan format: a Markdown checklist, CSV for a spreadsheet, JSON, text, HTML, or Word "
              "(docx: needs the 'docx' extra and -o FILE on a terminal).")
@click.option("-o", "--output", type=click.Path(), help="Write the plan to this file (atomically).")
@quiet_option
@strict_option
@bom_option
@questionnaires_option
def plan(files: tuple[str, ...], fmt: str, output: str | None, quiet: bool, strict: bool, bom: bool,
         questionnaire_dirs: tuple[str, ...]) -> None:
    """Turn the needs of answers FILE... into an action plan for the next 6 and 12 months.

    \b
    Needs are ranked by priority: answers of "action is needed" before
    "needs improving", and the more respondents gave a weak answer the
    higher (docs/method.md). Actions already agreed in the answers file appear alongside
    and are not suggested twice. Owner and due-date columns are left to fill.
    """
    report_format(fmt, None, output)
    library = questionnaire_library(questionnaire_dirs)
    from lsp_check.api import plan as plan_of

    plans = plan_of(assess_files(files, library, output, strict=strict))
    emit(fmt, plans, output, bom=bom)
    rows = sum(len(p.rows) for p in plans.plans)
    if not quiet:
        click.echo(f"lsp-check: plan of {rows} action{'s' if rows != 1 else ''}"
                   + (f" written to {output}" if output else ""), err=True)


@click.command(short_help="Compare a baseline health check with a follow-up.")
@click.argument("baseline", metavar="BASELINE")
@click.argument("followup", metavar="FOLLOWUP")
@click.option("-f", "--format", "fmt", type=click.Choice(COMPARE_FORMATS), default="text", show_default=True,
              help="Report format.")
@output_option
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when a section's percentage fell by at least --min-change points.")
@click.option("--min-change", type=click.FloatRange(0, 100), default=DEFAULT_MIN_CHANGE, show_default=True,
              metavar="POINTS", help="How many percentage points a section must fall to count as a regression.")
@click.option("--allow-different", is_flag=True,
              help="Compare two different partnerships (refused otherwise); the report says so.")
@click.option("--same-respondents", is_flag=True,
              help="Compare only the respondents who answered both times, matched by each answers file's "
              "respondent: name (every file must name one).")
@click.option("--allow-reversed", is_flag=True,
              help="Compare a follow-up dated before its baseline (refused otherwise); the report says so.")
@quiet_option
@strict_option
@questionnaires_option
def compare(baseline: str, followup: str, fmt: str, output: str | None, fail_on_regression: bool, min_change: float,
            allow_different: bool, same_respondents: bool, allow_reversed: bool, quiet: bool, strict: bool,
            questionnaire_dirs: tuple[str, ...]) -> None:
    """Compare a BASELINE health check with a FOLLOWUP of the same partnership.

    Each is an answers file, a directory of respondents' files, or a form
    export (CSV). Shows each section then and now over the questions answered
    both times, each question, and the needs resolved, improved, now in hand,
    persisting, new and not assessed at the baseline or not reassessed
    (docs/method.md).
    """
    from lsp_check.api import compare_files

    report_format(fmt, None, output)
    library = questionnaire_library(questionnaire_dirs)
    warnings: list[Problem] = []
    sides = [(arg, (arg,), expand_inputs((arg,), output)) for arg in (baseline, followup)]
    comparison = compare_files(sides, library, min_change=min_change, strict=strict,
                               same_respondents=same_respondents, warnings=warnings)
    say_warnings(warnings)
    if comparison.reversed and not allow_reversed:
        raise InputError([Problem(followup, f"is dated {comparison.followup.day}, before the baseline {baseline} "
                                  f"({comparison.baseline.day}); compare takes the baseline first (swap them, or "
                                  "give --allow-reversed to compare them in this order)")])
    if comparison.different_partnerships and not allow_different:
        then, now = comparison.baseline.partnership, comparison.followup.partnership
        raise InputError([Problem(followup, f"is a health check of {now}, but {baseline} is of {then}; compare "
                                  "takes two health checks of the same partnership (give --allow-different to "
                                  "compare them anyway, or use 'lsp-check cluster' to set partnerships side by side)")])
    emit(fmt, comparison, output)
    decision = exits.decide_comparison(comparison, fail_on_regression)
    if not quiet or decision.status:
        click.echo(decision.line + (f"; report written to {output}" if output else ""), err=True)
    sys.exit(decision.status)


@click.command(short_help="Set partnerships side by side; rank shared needs.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-f", "--format", "fmt", type=click.Choice(CLUSTER_FORMATS), default="text", show_default=True,
              help="Report format.")
@output_option
@quiet_option
@strict_option
@bom_option
@questionnaires_option
def cluster(paths: tuple[str, ...], fmt: str, output: str | None, quiet: bool, strict: bool, bom: bool,
            questionnaire_dirs: tuple[str, ...]) -> None:
    """Compare several partnerships and rank the needs they share.

    \b
    PATH... are answers files, form exports or directories (one directory per
    partnership works: files that do not name their partnership take their
    folder's name). Shows partnerships × sections, where each stands against
    the cluster median, and shared needs ranked by how many partnerships have
    them, then by the share of each one's respondents who gave a weak answer.
    """
    from lsp_check.api import rooms_of
    from lsp_check.score.cluster import cluster as run_cluster

    report_format(fmt, None, output)
    library = questionnaire_library(questionnaire_dirs)
    warnings: list[Problem] = []
    groups = rooms_of(expand_inputs(paths, output), library, strict=strict, warnings=warnings)
    say_warnings(warnings)
    result = run_cluster(groups)
    emit(fmt, result, output, bom=bom)
    top = result.shared[0] if result.shared else None
    shared = len(result.shared)
    line = f"lsp-check: {len(groups)} partnership{'s' if len(groups) != 1 else ''}, {shared} need{'s' if shared != 1 else ''}"
    if top:
        line += f"; most shared: {top.need} ({top.partnership_count} of {len(groups)})"
    if not quiet:
        click.echo(line + (f"; report written to {output}" if output else ""), err=True)


@click.command(short_help="Check answers, form exports and questionnaires.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--strict", is_flag=True,
              help="Treat warnings as errors (exit 2), a form export's columns that match no question among them.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every valid file, with what it holds, on stdout.")
@quiet_option
@questionnaires_option
def validate(files: tuple[str, ...], strict: bool, verbose: bool, quiet: bool,
             questionnaire_dirs: tuple[str, ...]) -> None:
    """Check answers files, form exports and questionnaire files without scoring; exit 0 if all are valid, else 2.

    \b
    FILE... takes what score takes: files, directories, glob patterns and
    online-form CSV exports (their column mapping and every answer are
    checked). Questionnaire files given here are checked together with the
    bundled ones (and any --questionnaires DIR), and answers against them.
    Every problem is printed; valid files are counted in one summary line
    (-v lists them).
    '-' reads one file from standard input.
    """
    from lsp_check.load.validation import validate_files

    checked = validate_files(expand_inputs(files), questionnaire_dirs, strict)
    for notice in checked.notices:
        click.echo(f"lsp-check: note: {notice}", err=True)
    for problem in (*checked.warnings, *checked.problems):
        click.echo(str(problem), err=True)
    if verbose:
        for item in checked.checked:
            click.echo(visible(item.line))
    decision = exits.decide_validation(checked)
    if not quiet or decision.status:
        click.echo(decision.line, err=True)
    sys.exit(decision.status)


@click.group("questionnaires", invoke_without_command=True, short_help="List the questionnaires; 'show ID' prints one.")
@questionnaires_option
@click.pass_context
def questionnaires_group(ctx: click.Context, questionnaire_dirs: tuple[str, ...]) -> None:
    """List the available questionnaires; 'show ID' prints one in full."""
    ctx.obj.questionnaire_dirs = questionnaire_dirs
    if ctx.invoked_subcommand is not None:
        return
    library = questionnaire_library(questionnaire_dirs)
    import textwrap

    width = max(len(q) for q in library.questionnaires) if library.questionnaires else 0
    columns = terminal_width() if stdout_is_terminal() else 100
    for qid, questionnaire in library.questionnaires.items():
        sections = ", ".join(s.id for s in questionnaire.sections)
        about = (f"{questionnaire.title} ({plural(questionnaire.question_count, 'question')}; "
                 f"section{'s' if len(questionnaire.sections) != 1 else ''}: {sections})")
        # The description wraps at whole words under its own column, so the ids stay aligned.
        lines = textwrap.wrap(about, max(30, columns - width - 2), break_long_words=False, break_on_hyphens=False)
        click.echo(visible("\n".join(f"{qid if n == 0 else '':<{width}}  {line}" for n, line in enumerate(lines))))


@questionnaires_group.command("show")
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_ids)
@questionnaires_option
@click.pass_context
def show_questionnaire(ctx: click.Context, ids: tuple[str, ...], questionnaire_dirs: tuple[str, ...]) -> None:
    """Print questionnaires readably: scales, questions, needs, actions and bands.

    Each ID is a questionnaire's id, or a section's id (as template takes)
    to show only that section of its questionnaire.
    """
    from lsp_check.author.describe import describe_questionnaire

    library = questionnaire_library(questionnaire_dirs or ctx.obj.questionnaire_dirs)
    wanted = {s.id for s in _sections(library, ids)}
    shown = []
    for questionnaire in library.questionnaires.values():
        sections = tuple(s for s in questionnaire.sections if s.id in wanted)
        if sections:
            shown.append(describe_questionnaire(questionnaire._replace(sections=sections)))
    click.echo(visible("\n".join(shown)), nl=False)


@click.command(short_help="Print a blank answers file to fill in.")
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_ids)
@click.option("-o", "--output", type=click.Path(),
              help="Write the blank answers file here; an existing file is never overwritten.")
@schema_beside_option
@questionnaires_option
def template(ids: tuple[str, ...], output: str | None, schema_beside: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Print a blank answers file for questionnaire or section IDs."""
    from lsp_check.author.blank import blank_answers

    sections = _sections(questionnaire_library(questionnaire_dirs), ids)
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
    click.echo(f"lsp-check: wrote a blank answers file to {output}"
               + (f" (and {schema} beside it, for editor completion)" if schema else ""), err=True)


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
    id; Enter skips, b goes back, q saves and quits. The file is rewritten whole
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
    sections = _sections(library, ids)
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
        click.echo(f"lsp-check: note: {error.problems[0]} (left as it is)", err=True)
        return None


def _sections(library: Any, ids: tuple[str, ...]) -> Any:
    """The sections for questionnaire or section ids; a usage error naming the unknown ones."""
    from lsp_check.load.limits import shorten
    from lsp_check.matching import did_you_mean

    sections = library.expand(ids)
    if sections is None:
        known = list(library.questionnaires) + [s for s in library.sections if s not in library.questionnaires]
        unknown = [i for i in ids if i not in known]
        raise click.BadParameter(
            "; ".join(f"unknown questionnaire or section '{shorten(u)}'{did_you_mean(u, known)}" for u in unknown)
            + f". Known: {', '.join(known)}",
            param_hint="ID",
        )
    return sections


@click.command("schema", short_help="Print the JSON Schema editors complete from.")
@click.argument("kind", type=click.Choice(["questionnaire", "answers"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the schema to FILE (e.g. answers.schema.json beside your answers files); an older "
              "lsp-check schema there is brought up to date, any other file is never overwritten.")
def schema_command(kind: str, output: str | None) -> None:
    """Print the JSON Schema for questionnaire or answers files, for editors.

    With --schema-beside, template, import and ask write answers.schema.json
    beside the answers files and refer to it (see docs/authoring.md).
    """
    from lsp_check.author.schemas import schema_text

    if output is None:
        text = schema_text(kind)
        click.echo(text, nl=not text.endswith("\n"))
        return
    from pathlib import Path

    from lsp_check.author.schemas import write_schema

    if write_schema(Path(output), kind):
        click.echo(f"lsp-check: wrote the {kind} schema to {output}", err=True)
    else:
        click.echo(f"lsp-check: {output} is already the current {kind} schema", err=True)


@click.command("import", short_help="Turn a form export into one answers file each.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Write one answers file per respondent into DIR (created if missing); "
              "existing files are never overwritten.")
@click.option("--partnership", metavar="NAME", help="The partnership's name, for rows without a Partnership column.")
@schema_beside_option
@quiet_option
@strict_option
@questionnaires_option
def import_command(file: str, output_dir: str, partnership: str | None, schema_beside: bool, quiet: bool,
                   strict: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Turn an online-form export (CSV from Google or Microsoft Forms) into answers files, one per respondent."""
    from pathlib import Path

    from lsp_check.author.dump import answers_yaml, respondent_files
    from lsp_check.author.schemas import schema_name
    from lsp_check.load.forms import read_responses
    from lsp_check.writing import write_new

    library = questionnaire_library(questionnaire_dirs)
    warnings: list[Problem] = []
    sheets = read_responses(Path(file), library, partnership=partnership, strict=strict, warnings=warnings)
    for warning in warnings:
        click.echo(str(warning), err=True)
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
    for sheet, target in zip(sheets, targets):
        source = sheet.path.replace(":row ", ", row ")
        write_new(target, answers_yaml(sheet, comment=f"Imported by lsp-check from {source}.", schema_url=url))
    count = len(sheets)
    if not quiet:
        click.echo(f"lsp-check: wrote {count} answers file{'s' if count != 1 else ''} to {directory}", err=True)
