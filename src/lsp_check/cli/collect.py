"""The collect command: run a health check live, delegates answering on their phones into a folder of answers files."""

from __future__ import annotations

import datetime
import re
import sys
from typing import Any

import click

from lsp_check.cli.common import (
    ANONYMITY_THRESHOLD,
    Refusal,
    complete_ids,
    questionnaire_library,
    questionnaires_option,
    say,
    sections_of,
)
from lsp_check.score import gates as exits

EXTRA = ("starlette", "uvicorn", "segno")
# A port a laptop seldom uses for anything else, and easy to type.
DEFAULT_PORT = 8000


@click.command(short_help="Run the room live: delegates answer on their phones.")
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_ids)
@click.option("--partnership", required=True, metavar="NAME", help="The partnership's name, written in every file.")
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="The room's folder: one answers file per delegate (a new or empty folder, or a room to resume).")
@click.option("--host", metavar="ADDRESS",
              help="Listen on this address only [default: this laptop's address on its private network].")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, metavar="N",
              help="The port to listen on (0: any free port). A resumed room keeps its port unless given.")
@click.option("--public", is_flag=True,
              help="Allow a public address, or 0.0.0.0 (every network): answers could then come from anywhere.")
@click.option("--minutes", type=click.FloatRange(0, 24 * 60, min_open=True), default=120, show_default=True,
              metavar="N",
              help="Stop by itself after this many minutes.")
@click.option("--date", metavar="YYYY-MM-DD", help="The health check's date [default: today].")
@click.option("--min-group", type=ANONYMITY_THRESHOLD, default=None, metavar="N",
              help="Counts below N show as 'fewer than N', and the report is not shown for fewer than N "
              "respondents; see 'lsp-check help privacy' [default: 3; never below 3].")
@questionnaires_option
@click.pass_context
def collect(ctx: click.Context, ids: tuple[str, ...], partnership: str, output_dir: str, host: str | None, port: int,
            public: bool, minutes: float, date: str | None, min_group: int | None,
            questionnaire_dirs: tuple[str, ...]) -> None:
    """Run a health check live on this laptop: delegates answer questionnaire or section IDs on their phones.

    \b
    Delegates scan the QR code on the facilitator's page (or type the short
    address under it) on the same network; each phone's answers are saved,
    after every answer, in its own answers file in DIR. The facilitator's page
    (its address is shown only here) counts who has joined and how many have
    answered each question, and its Close button stops the room and shows
    the report (as 'lsp-check score DIR -f html'). Running the same command
    on the same DIR carries on. 'lsp-check help collect' is the guide.
    """
    _require_extra()
    from pathlib import Path

    from lsp_check.collect.security import AddressError, check_host, private_lan_address

    name = " ".join(partnership.split())
    if not name:
        raise click.BadParameter("the partnership's name is empty", param_hint="'--partnership'")
    if date is not None:
        _check_date(date)
    try:
        address = check_host(host, public) if host is not None else private_lan_address()
    except AddressError as error:
        raise click.BadParameter(str(error), param_hint="'--host'") from None
    if address is None:
        raise Refusal("found no private network address on this laptop: join the venue's Wi-Fi or a phone's "
                      "hotspot first, or give --host (127.0.0.1 to try the room on this laptop alone)")
    from lsp_check.collect.report import anonymity_threshold
    from lsp_check.collect.room import LiveRoom, RoomSettings
    from lsp_check.collect.serve import listen, serve

    library = questionnaire_library(questionnaire_dirs)
    sections = sections_of(library, ids)
    settings = RoomSettings(name, date or "", ids, sections, min_group or anonymity_threshold())
    directory = Path(output_dir)
    room = LiveRoom.open(directory, library, settings)
    if room.closed:
        room.reopen()
        say(f"lsp-check: the room in {directory} was closed; it is open again")
    given = ctx.get_parameter_source("port") not in (click.core.ParameterSource.DEFAULT, None)
    sock = listen(address, port if given or room.port is None else room.port)
    room.port = sock.getsockname()[1]
    room.save_state()
    # Each message is wrapped at whole words to a terminal's width, as every message of lsp-check is (say).
    stopped = serve(room, address, sock, minutes, say)
    _farewell(stopped, directory, minutes)
    sys.exit(exits.INTERRUPTED if stopped.reason == "interrupted" else exits.OK)


def _farewell(stopped: Any, directory: Any, minutes: float) -> None:
    import shlex

    answered = f"{stopped.respondents} delegate{'s' if stopped.respondents != 1 else ''} answered"
    score = f"lsp-check score {shlex.quote(str(directory))}"
    if stopped.reason == "closed":
        where = f"; report written to {stopped.report}" if stopped.report else ""
        say(f"lsp-check: room closed: {answered}{where}. Score it again with: {score}")
    elif stopped.reason == "time":
        say(f"lsp-check: the room stopped after {minutes:g} minutes: {answered}, saved in {directory}. "
            f"Run the same command to carry on, or score it: {score}")
    else:
        say(f"lsp-check: room stopped: {answered}, saved in {directory}. Run the same command to carry on.")


def _require_extra() -> None:
    import importlib.util

    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise Refusal(f"collect needs {', '.join(missing)}: pip install 'lsp-check[collect]'")


def _check_date(text: str) -> None:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        datetime.date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text[:40]}' is not a date; expected YYYY-MM-DD, such as 2006-02-24",
                                 param_hint="'--date'") from None
