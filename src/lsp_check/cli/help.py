"""The help command: the documentation shipped inside the package, read in the terminal.

``lsp-check help`` lists the topics (one per page of docs/, shipped in the wheel as ``lsp_check/docs``);
``lsp-check help TOPIC`` shows one, laid out for the terminal by rich's Markdown renderer, through a pager on a
terminal and as plain text when piped; ``lsp-check help COMMAND`` shows that command's --help.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from lsp_check.cli.common import Refusal, color_stdout, stdout_is_terminal, text_width, width_option


def docs_dir() -> Path:
    """Where the documentation is: inside the installed package, or the source checkout's docs/."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "docs"
    return packaged if packaged.is_dir() else package.parent.parent / "docs"


def topics() -> dict[str, str]:
    """Each topic's name (its page's path under docs/, without .md: ``method``, ``forms/google``) and title (the
    page's first heading): the pages of docs/ in name order, then those of its folders (the survey tools' pages)."""
    folder = docs_dir()
    found = {}
    pages = sorted(folder.glob("*.md")) + sorted(folder.glob("*/*.md")) if folder.is_dir() else []
    for page in pages:
        first = page.read_text(encoding="utf-8").split("\n", 1)[0]
        found[page.relative_to(folder).with_suffix("").as_posix()] = first.lstrip("# ").strip()
    return found


def topic_named(asked: str, known: dict[str, str]) -> str | None:
    """The topic a user typed: its name, with or without ``docs/`` and ``.md`` (``forms/google.md``), or the last
    part of a page in a folder when no other page has it (``google`` for ``forms/google``); None if none."""
    name = asked.strip().lower().replace("\\", "/").removeprefix("docs/").removesuffix(".md")
    if name in known:
        return name
    short = [topic for topic in known if topic.rsplit("/", 1)[-1] == name]
    return short[0] if len(short) == 1 else None


def for_terminal(markdown: str) -> str:
    """A page's Markdown made ready for the terminal: headings keep their marks (they stand out in plain text
    too), and links to other pages say the help command that shows them. Code blocks are left as they are."""
    out = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            heading = re.match(r"(#{1,6}) (.+)$", line)
            if heading:
                line = f"**{heading.group(1).replace('#', chr(92) + '#')} {heading.group(2)}**"
            line = _LINK.sub(_link, line)
        out.append(line)
    return "\n".join(out)


# [text](target): a page of the docs (other.md, docs/other.md, with or without #part), a part of this page, or a URL.
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _link(match: re.Match[str]) -> str:
    text, target = match.group(1), match.group(2)
    if target.startswith("#"):
        return text
    page = re.fullmatch(r"(?:\.\./)?(?:docs/)?((?:forms/)?[\w-]+)\.md(?:#[\w-]+)?", target)
    if page:
        command = f"`lsp-check help {page.group(1)}`"
        return command if text.strip("`").endswith(".md") else f"{text} ({command})"
    return f"{text} ({target})"


def render(markdown: str, width: int, color: bool) -> str:
    """A page of Markdown laid out ``width`` columns wide, in colour or plain."""
    import io

    from rich.console import Console
    from rich.markdown import Markdown

    held, code = _hold_code(for_terminal(markdown))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False, no_color=not color)
    console.print(Markdown(held, hyperlinks=False))
    laid_out = _CODE_MARK.sub(lambda mark: code[int(mark.group(1))], buffer.getvalue())
    return "\n".join(line.rstrip() for line in laid_out.split("\n")).strip("\n") + "\n"


# A code block's line while rich lays the page out: short enough never to be wrapped, put back whole after.
_CODE_MARK = re.compile(r"LSPCODE(\d{5})Z")


def _hold_code(markdown: str) -> tuple[str, list[str]]:
    """The page with each line of its code blocks held back as a short mark, and the lines held back.

    rich wraps a code block to the width like a paragraph, splitting a command mid-option so that a copied one
    fails; a line held back is put back whole in the laid-out page (longer than the terminal, if it is)."""
    out: list[str] = []
    code: list[str] = []
    fenced, indent = False, 0
    for line in markdown.split("\n"):
        stripped = line.lstrip(" ")
        if stripped.startswith("```"):
            fenced, indent = not fenced, len(line) - len(stripped)
        elif fenced:
            # As Markdown reads it: a fence's indentation is taken off each of its lines (as much as each has).
            code.append(line[min(indent, len(line) - len(stripped)):])
            line = f"{' ' * indent}LSPCODE{len(code) - 1:05d}Z"
        out.append(line)
    return "\n".join(out), code


@click.command("help", short_help="Read the documentation: topics, or one topic.")
@click.argument("topic", nargs=-1, metavar="[TOPIC]")
@width_option
@click.pass_context
def help_command(ctx: click.Context, topic: tuple[str, ...], width: int | None) -> None:
    """Read the documentation shipped with lsp-check: with no TOPIC, the list of topics; with a TOPIC, that page
    (through a pager on a terminal, plain text when piped); with a command's name, its --help."""
    known = topics()
    if not topic:
        click.echo(_topic_list(known))
        return
    group = ctx.parent.command if ctx.parent else None
    name = topic_named(topic[0], known)
    # A page of the docs named like a command (collect) is the guide to it; 'lsp-check COMMAND --help' lists options.
    if isinstance(group, click.Group) and topic[0] in group.list_commands(ctx) and not (
            len(topic) == 1 and name is not None):
        _command_help(ctx, group, topic)
        return
    if len(topic) > 1 or name is None:
        from lsp_check.load.limits import shorten
        from lsp_check.matching import did_you_mean

        commands = group.list_commands(ctx) if isinstance(group, click.Group) else []
        shorts = [name.rsplit("/", 1)[1] for name in known if "/" in name]
        asked = shorten(" ".join(topic))
        raise Refusal(f"no help topic '{asked}'{did_you_mean(asked, [*known, *shorts, *commands])}; topics: "
                      f"{', '.join(known)}; or a command: {', '.join(commands)}")
    text = (docs_dir() / f"{name}.md").read_text(encoding="utf-8")
    if stdout_is_terminal():
        click.echo_via_pager(render(text, text_width(width), color_stdout()), color=color_stdout())
    else:
        click.echo(render(text, text_width(width), False), nl=False)


def _topic_list(known: dict[str, str]) -> str:
    """The topics, those of docs/ first, then the survey tools' pages; each block's titles in one column."""
    blocks: list[str] = []
    for heading, names in (("Documentation topics ('lsp-check help TOPIC' shows one):",
                            [n for n in known if "/" not in n]),
                           ("Survey tools ('lsp-check help forms/google' or 'lsp-check help google'):",
                            [n for n in known if "/" in n])):
        if names:
            width = max(map(len, names))
            blocks.append("\n".join([heading, *(f"  {name:<{width}}  {known[name]}" for name in names)]))
    return "\n\n".join([*blocks, "'lsp-check examples .' gives you the examples/ folder the pages' commands use.\n"
                                 "A command's options: 'lsp-check help COMMAND' or 'lsp-check COMMAND --help'."])


def _command_help(ctx: click.Context, group: click.Group, words: tuple[str, ...]) -> None:
    """A command's (or a subcommand's) --help, as 'lsp-check COMMAND --help' prints it."""
    command: click.Command | None = group
    parent = ctx.parent
    for word in words:
        sub = command.get_command(ctx, word) if isinstance(command, click.Group) else None
        if sub is None:
            break
        parent = click.Context(sub, info_name=word, parent=parent)
        command = sub
    assert parent is not None
    click.echo(parent.get_help())
