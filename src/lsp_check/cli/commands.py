"""The commands beyond score: plan, compare, cluster, validate, questionnaires, template, ask and schema.

They are loaded only when used (see ErrorHandlingGroup in cli.py), which keeps `lsp-check score` quick to start.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from lsp_check.score import gates as exits
from lsp_check.cli.main import (
    _emit,
    _library,
    _one_partnership,
    _refuse_input_as_output,
    _results,
    questionnaires_option,
)
from lsp_check.report import CLUSTER_FORMATS, COMPARE_FORMATS, PLAN_FORMATS
from lsp_check.problems import InputError, Problem


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(PLAN_FORMATS), default="markdown", show_default=True,
              help="Plan format: a Markdown checklist, CSV for a spreadsheet, JSON, or text.")
@click.option("-o", "--output", type=click.Path(), help="Write the plan to this file (atomically).")
@questionnaires_option
def plan(files: tuple[str, ...], fmt: str, output: str | None, questionnaire_dirs: tuple[str, ...]) -> None:
    """Turn the needs of answers FILE... into an action plan for the next 6 and 12 months.

    \b
    Needs are ranked by priority: answers of "action is needed" before
    "needs improving"; disagreement and breadth across respondents raise
    priority. Actions already agreed in the answers file appear alongside
    and are not suggested twice. Owner and due-date columns are left to fill.
    """
    library = _library(questionnaire_dirs)
    result = _results(files, library, output)
    plans = [r.plan for r in (result if isinstance(result, list) else [result])]
    _emit(fmt, plans, output)
    rows = sum(len(p.rows) for p in plans)
    click.echo(f"lsp-check: plan of {rows} action{'s' if rows != 1 else ''}"
               + (f" written to {output}" if output else ""), err=True)


@click.command()
@click.argument("baseline", metavar="BASELINE")
@click.argument("followup", metavar="FOLLOWUP")
@click.option("-f", "--format", "fmt", type=click.Choice(COMPARE_FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(), help="Write the report to this file (atomically).")
@click.option("--fail-on-regression", is_flag=True, help="Exit 1 when any section's percentage fell.")
@questionnaires_option
def compare(baseline: str, followup: str, fmt: str, output: str | None, fail_on_regression: bool,
            questionnaire_dirs: tuple[str, ...]) -> None:
    """Compare a BASELINE health check with a FOLLOWUP of the same partnership.

    Each is an answers file, a directory of respondents' files, or a form
    export (CSV). Shows each section and question then and now, and the
    needs resolved, new and persisting.
    """
    from lsp_check.score.compare import compare as run_compare

    library = _library(questionnaire_dirs)
    sides = [_one_partnership(arg, library, output) for arg in (baseline, followup)]
    comparison = run_compare(*sides)
    _emit(fmt, comparison, output)
    decision = exits.decide_comparison(comparison, fail_on_regression)
    click.echo(decision.line + (f"; report written to {output}" if output else ""), err=True)
    sys.exit(decision.status)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-f", "--format", "fmt", type=click.Choice(CLUSTER_FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(), help="Write the report to this file (atomically).")
@questionnaires_option
def cluster(paths: tuple[str, ...], fmt: str, output: str | None, questionnaire_dirs: tuple[str, ...]) -> None:
    """Compare several partnerships and rank the needs they share.

    \b
    PATH... are answers files, form exports or directories (one directory per
    partnership works: files that do not name their partnership take their
    folder's name). Shows partnerships × sections, where each stands against
    the cluster median, and shared needs ranked by how many partnerships have
    them, then by how many respondents gave a weak answer.
    """
    from lsp_check.score.batch import accumulate_all
    from lsp_check.score.cluster import cluster as run_cluster
    from lsp_check.load.inputs import expand

    library = _library(questionnaire_dirs)
    files = expand(paths)
    if output is not None:
        _refuse_input_as_output(output, files)
    groups = [acc.finish(library) for acc in accumulate_all(files, library).values()]
    result = run_cluster(groups)
    _emit(fmt, result, output)
    top = result.shared[0] if result.shared else None
    line = f"lsp-check: {len(groups)} partnership{'s' if len(groups) != 1 else ''}, {len(result.shared)} needs"
    if top:
        line += f"; most shared: {top.need} ({top.count} of {len(groups)})"
    click.echo(line + (f"; report written to {output}" if output else ""), err=True)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
@questionnaires_option
def validate(files: tuple[str, ...], strict: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Check answers and questionnaire FILES without scoring; exit 0 if all are valid, else 2.

    Questionnaire files given here are checked together with the bundled ones
    (and any --questionnaires DIR), and answers files are checked against them.
    '-' reads one file from standard input.
    """
    from lsp_check.load.answers import check_answers
    from lsp_check.load.questionnaires import is_questionnaire_data, load_library
    from lsp_check.load.yamlfile import load_file

    problems = []
    docs = []
    for path in files:
        try:
            docs.append((path, load_file(path)))
        except InputError as error:
            problems.extend(error.problems)
    questionnaire_paths = [path for path, doc in docs if is_questionnaire_data(doc.data)]
    try:
        library, warnings = load_library(questionnaire_dirs, questionnaire_paths)
    except InputError as error:
        problems.extend(error.problems)
        library, warnings = load_library(questionnaire_dirs)
    for notice in library.notices:
        click.echo(f"lsp-check: note: {notice}", err=True)
    for warning in warnings:
        click.echo(str(warning), err=True)
    failed = {p.file for p in problems}
    warned = {w.file for w in warnings}
    for _path, doc in docs:
        if is_questionnaire_data(doc.data):
            if doc.name not in failed:
                found = [q.id for q in library.questionnaires.values() if q.path == doc.name]
                status = "valid, with warnings," if doc.name in warned else "valid"
                click.echo(f"{doc.name}: {status} questionnaire file ({', '.join(found) or 'scales only'})")
            continue
        try:
            sheet = check_answers(doc, library)
        except InputError as error:
            problems.extend(error.problems)
            continue
        answered = sum(len(a) for a in sheet.answers.values())
        count = len(sheet.answers)
        click.echo(f"{doc.name}: valid answers ({count} section{'s' if count != 1 else ''}, {answered} answered)")
    if strict and warnings:
        problems.extend(warnings)
    if problems:
        raise InputError(problems)


@click.group("questionnaires", invoke_without_command=True)
@questionnaires_option
@click.pass_context
def questionnaires_group(ctx: click.Context, questionnaire_dirs: tuple[str, ...]) -> None:
    """List the available questionnaires; 'show ID' prints one in full."""
    ctx.obj.questionnaire_dirs = questionnaire_dirs
    if ctx.invoked_subcommand is not None:
        return
    library = _library(questionnaire_dirs)
    width = max(len(q) for q in library.questionnaires) if library.questionnaires else 0
    for qid, questionnaire in library.questionnaires.items():
        sections = ", ".join(s.id for s in questionnaire.sections)
        click.echo(f"{qid:<{width}}  {questionnaire.title} ({questionnaire.question_count} questions; "
                   f"section{'s' if len(questionnaire.sections) != 1 else ''}: {sections})")


@questionnaires_group.command("show")
@click.argument("qid", metavar="ID")
@questionnaires_option
@click.pass_context
def show_questionnaire(ctx: click.Context, qid: str, questionnaire_dirs: tuple[str, ...]) -> None:
    """Print one questionnaire readably: scales, questions, needs, actions and bands."""
    from lsp_check.author.describe import describe_questionnaire
    from lsp_check.load.limits import shorten
    from lsp_check.matching import did_you_mean

    library = _library(questionnaire_dirs or ctx.obj.questionnaire_dirs)
    if qid not in library.questionnaires:
        known = list(library.questionnaires)
        raise click.BadParameter(f"unknown questionnaire '{shorten(qid)}'{did_you_mean(qid, known)}; known: {', '.join(known)}",
                                 param_hint="ID")
    click.echo(describe_questionnaire(library.questionnaires[qid]), nl=False)


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("-o", "--output", type=click.Path(),
              help="Write the blank answers file here; an existing file is never overwritten.")
@questionnaires_option
def template(ids: tuple[str, ...], output: str | None, questionnaire_dirs: tuple[str, ...]) -> None:
    """Print a blank answers file for questionnaire or section IDs."""
    from lsp_check.author.blank import blank_answers

    sections = _sections(_library(questionnaire_dirs), ids)
    from lsp_check.author.schemas import schema_path

    text = blank_answers(sections, schema_url=schema_path("answers").as_uri())
    if output is None:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    from lsp_check.writing import write_new

    write_new(Path(output), text)
    click.echo(f"lsp-check: wrote a blank answers file to {output}", err=True)


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("-o", "--output", type=click.Path(), required=True,
              help="The answers file: saved after every answer; an existing one is resumed.")
@questionnaires_option
@click.pass_context
def ask(ctx: click.Context, ids: tuple[str, ...], output: str, questionnaire_dirs: tuple[str, ...]) -> None:
    """Answer questionnaire or section IDs in the terminal, into an answers file.

    Each question shows its numbered options: enter a number, an option or its
    id; Enter skips, b goes back, q saves and quits. The file is rewritten whole
    after every answer (an existing file loses its comments), so Ctrl-C
    (exit 130) never loses one; run the same command again to carry on where
    you left off. Questions and prompts go to stderr.
    """
    from pathlib import Path

    from lsp_check.ask.session import Session
    from lsp_check.ask.draft import Draft
    from lsp_check.writing import check_writable
    from lsp_check.ask.terminal import RichTerminal

    library = _library(questionnaire_dirs)
    sections = _sections(library, ids)
    path = Path(output)
    check_writable(path)
    resuming = path.exists()
    draft = Draft.resume(path, sections, library) if resuming else Draft(path, sections)
    terminal = RichTerminal()
    if draft.comments:
        terminal.say(f"Note: {output} is rewritten after every answer, without its comments.", "dim")
    ctx.exit(Session(draft, terminal, resuming).run())


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


@click.command("schema")
@click.argument("kind", type=click.Choice(["questionnaire", "answers"]))
def schema_command(kind: str) -> None:
    """Print the JSON Schema for questionnaire or answers files, for editors."""
    from lsp_check.author.schemas import schema_text

    text = schema_text(kind)
    click.echo(text, nl=not text.endswith("\n"))


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Write one answers file per respondent into DIR (created if missing); "
              "existing files are never overwritten.")
@click.option("--partnership", metavar="NAME", help="The partnership's name, for rows without a Partnership column.")
@questionnaires_option
def import_command(file: str, output_dir: str, partnership: str | None, questionnaire_dirs: tuple[str, ...]) -> None:
    """Turn an online-form export (CSV from Google or Microsoft Forms) into answers files, one per respondent."""
    from pathlib import Path

    from lsp_check.author.dump import answers_yaml
    from lsp_check.load.forms import read_responses
    from lsp_check.writing import write_new
    from lsp_check.author.schemas import schema_path

    library = _library(questionnaire_dirs)
    sheets = read_responses(Path(file), library, partnership=partnership)
    output_dir = Path(output_dir)
    digits = max(3, len(str(len(sheets))))
    targets = [output_dir / f"respondent-{n:0{digits}d}.yaml" for n in range(1, len(sheets) + 1)]
    taken = [target for target in targets if target.exists() or target.is_symlink()]
    if taken:
        raise InputError([Problem(str(t), "already exists; lsp-check never overwrites it (import into an empty "
                                   "directory)") for t in taken])
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError([Problem(str(output_dir), f"cannot be created: {error.strerror or error}")]) from None
    url = schema_path("answers").as_uri()
    for sheet, target in zip(sheets, targets):
        source = sheet.path.replace(":row ", ", row ")
        write_new(target, answers_yaml(sheet, comment=f"Imported by lsp-check from {source}.", schema_url=url))
    count = len(sheets)
    click.echo(f"lsp-check: wrote {count} answers file{'s' if count != 1 else ''} to {output_dir}", err=True)
