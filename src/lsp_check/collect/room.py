"""A live room's state: its settings and keys (a hidden file in its folder), each delegate's answers file, and counts.

Every delegate's answers are an ordinary answers file in the room's folder, written whole and atomically by the
writer ``lsp-check ask`` uses, after being checked by the rules every answers file is read with. The hidden state
file keeps what a restart needs to carry on: the join code, the key that signs forms, and for each device the
digest of its token (never the token) and the name of its file.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NamedTuple

from lsp_check.ask.draft import Draft, Entry
from lsp_check.collect import security
from lsp_check.load.answers import check_answers
from lsp_check.load.limits import MAX_YAML_BYTES
from lsp_check.load.yamlfile import check_lines, load
from lsp_check.problems import InputError, Problem, fail
from lsp_check.questionnaire import Library, Question, Section
from lsp_check.writing import write_atomic

STATE_FILE = ".lsp-check-room.json"
LOCK_FILE = ".lsp-check-room.lock"  # held while a room runs, so that two cannot run on one folder
STATE_VERSION = 1
DELEGATE_FILE = re.compile(r"delegate-[a-z0-9]{8}\.yaml")
# Devices a room takes: far more than any board, few enough that someone with the join code cannot fill the disk.
MAX_DELEGATES = 500


class DelegateDraft(Draft):
    """A delegate's answers file: the draft ``lsp-check ask`` writes, saying it was written by collect."""

    command = "lsp-check collect"


class Delegate:
    """One device in the room: its answers file being filled in, and how many times it has been saved."""

    def __init__(self, key: str, draft: Draft) -> None:
        self.key = key
        self.draft = draft
        self.saves = 0

    @property
    def path(self) -> Path:
        """The delegate's answers file."""
        return self.draft.path

    def answered(self, question: Question, section: Section) -> bool:
        """Whether the delegate has answered a question."""
        return self.draft.entry(section, question).answered


class Closed(Exception):
    """The room takes no more answers."""


class Full(Exception):
    """The room has as many devices as it takes."""


class RoomSettings(NamedTuple):
    """What a room asks and of whom: fixed when it is first opened, checked when it is resumed."""

    partnership: str
    date: str
    ids: tuple[str, ...]
    sections: tuple[Section, ...]
    min_group: int


class QuestionCount(NamedTuple):
    """How many delegates have answered one question."""

    section: Section
    question: Question
    answered: int


class Counts(NamedTuple):
    """What the facilitator's page shows, before the anonymity threshold is applied to it."""

    joined: int
    started: int
    finished: int
    questions: tuple[QuestionCount, ...]


class Change(NamedTuple):
    """A delegate's answers changed in memory and checked: the text to write (None: nothing to write yet)."""

    delegate: Delegate
    text: str | None
    undo: Callable[[], None]


class LiveRoom:
    """The room: its settings, keys and delegates; every change is checked before it is written."""

    def __init__(self, directory: Path, library: Library, settings: RoomSettings, join: str, key: bytes,
                 delegates: dict[str, Delegate], closed: bool = False, resumed: bool = False,
                 port: int | None = None) -> None:
        self.directory = directory
        self.port = port  # where the room last listened: a restart listens there again, so phones reconnect
        self.library = library
        self.settings = settings
        self.join = join
        self.signer = security.Signer(key)
        self._key = key
        self.delegates = delegates
        self.closed = closed
        self.resumed = resumed
        # The facilitator's token is made afresh each run and kept nowhere but in memory and the terminal.
        self.facilitator = security.secret_token()
        # Forms carry the delegate's save count with this run's epoch: a form from before a restart, or one
        # already sent, is refused rather than saved over newer answers.
        self.epoch = secrets.token_hex(4)
        self.version = 0  # bumped on every change the facilitator's page shows
        self.listeners: list[Callable[[], None]] = []
        self.lock: IO[str] | None = None

    def release(self) -> None:
        """Let another run open the folder (the lock goes with the process anyway, even if it is killed)."""
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    # -- opening and resuming -------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, library: Library, settings: RoomSettings) -> LiveRoom:
        """Open the room in ``directory``: resume the one there, or start one in a new or empty folder.

        ``settings.date`` may be empty: a new room is dated today, a resumed one keeps its date.
        """
        state = directory / STATE_FILE
        if state.is_file():
            lock = _hold(directory)
            try:
                room = cls._resume(directory, library, settings, _read_state(state))
            except InputError:
                if lock is not None:
                    lock.close()
                raise
            room.lock = lock
            return room
        if directory.exists() and not directory.is_dir():
            raise fail(str(directory), "is a file; expected a folder for the delegates' answers files")
        if directory.is_dir() and any(not p.name.startswith(".") for p in directory.iterdir()):
            raise fail(str(directory), "already holds files, and no room to resume; give a new or empty folder, "
                                       "so that the room's report holds only this room's answers")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise fail(str(directory), f"cannot be created: {error.strerror or error}") from None
        lock = _hold(directory)
        settings = settings._replace(date=settings.date or today())
        room = cls(directory, library, settings, security.join_code(), secrets.token_bytes(32), {})
        room.lock = lock
        _create_private(state)
        room.save_state()
        return room

    @classmethod
    def _resume(cls, directory: Path, library: Library, settings: RoomSettings, data: dict[str, Any]) -> LiveRoom:
        where = str(directory / STATE_FILE)
        sections = [s.id for s in settings.sections]
        if data.get("sections") != sections or data.get("partnership") != settings.partnership:
            raise fail(str(directory), f"holds the room of {data.get('partnership')!r} on "
                                       f"{', '.join(map(str, data.get('sections') or []))}; run collect with the "
                                       "same questionnaires and --partnership to resume it, or give another folder")
        date = str(data.get("date", ""))
        if settings.date and settings.date != date:
            raise fail(str(directory), f"holds a room dated {date}; leave out --date (or give {date}) to resume it")
        delegates: dict[str, Delegate] = {}
        for key, name in dict(data.get("delegates") or {}).items():
            if not DELEGATE_FILE.fullmatch(str(name)) or not re.fullmatch(r"[0-9a-f]{64}", str(key)):
                raise fail(where, f"names a delegate's file {str(name)[:80]!r} that collect did not write")
            path = directory / name
            draft = DelegateDraft.resume(path, settings.sections, library) if path.exists() else None
            delegates[key] = Delegate(key, draft or _fresh(path, settings._replace(date=date)))
        try:
            key_bytes = bytes.fromhex(str(data["key"]))
            join = str(data["join"])
        except (KeyError, ValueError):
            raise fail(where, "is not a room's state file lsp-check can read; move it away to start afresh") from None
        return cls(directory, library, settings._replace(date=date), join, key_bytes, delegates,
                   closed=bool(data.get("closed")), resumed=True,
                   port=data["port"] if isinstance(data.get("port"), int) else None)

    def state_text(self) -> str:
        """The state file's text, as the room is now: what a restart needs, and no delegate's token."""
        data = {
            "format": STATE_VERSION,
            "partnership": self.settings.partnership,
            "date": self.settings.date,
            "sections": [s.id for s in self.settings.sections],
            "join": self.join,
            "key": self._key.hex(),
            "closed": self.closed,
            "port": self.port,
            "delegates": {key: d.path.name for key, d in self.delegates.items()},
        }
        return json.dumps(data, indent=1) + "\n"

    @property
    def state_path(self) -> Path:
        """The hidden state file (owner-only)."""
        return self.directory / STATE_FILE

    def save_state(self) -> None:
        """Write the state file, atomically (the running server writes it off its event loop, in order)."""
        write_atomic(self.state_path, self.state_text())

    # -- delegates ------------------------------------------------------------------------------

    def add_delegate(self) -> str:
        """A new device: its token (given to it once, as a cookie) and its own answers file, not yet written."""
        if self.closed:
            raise Closed
        if len(self.delegates) >= MAX_DELEGATES:
            raise Full
        token = security.secret_token()
        taken = {d.path.name for d in self.delegates.values()}
        while True:
            name = f"delegate-{security.file_code()}.yaml"
            if name not in taken and not (self.directory / name).exists():
                break
        key = security.digest(token)
        self.delegates[key] = Delegate(key, _fresh(self.directory / name, self.settings))
        self.changed()
        return token

    def delegate(self, token: str) -> Delegate | None:
        """The device a token belongs to, or None."""
        return self.delegates.get(security.digest(token)) if token else None

    def revision(self, delegate: Delegate) -> str:
        """What a form must carry to be saved: this run and the delegate's count of saves."""
        return f"{self.epoch}.{delegate.saves}"

    def change(self, delegate: Delegate, section: Section | None = None, entries: dict[str, Entry] | None = None,
               header: dict[str, str] | None = None) -> Change:
        """Apply answers (or who the delegate is) in memory and check the whole file; InputError undoes it."""
        if self.closed:
            raise Closed
        draft = delegate.draft
        before_entries = {sid: dict(e) for sid, e in draft.entries.items()}
        before_header = dict(draft.header)

        def undo() -> None:
            draft.entries = before_entries
            draft.header = before_header

        for key, value in (header or {}).items():
            if value:
                draft.header[key] = value
            else:
                draft.header.pop(key, None)
        if section is not None:
            for question in section.questions:
                draft.set(section, question, (entries or {}).get(question.id, Entry(None)))
        text = draft.text()
        try:
            check_text(text, delegate.path.name, self.library)
        except InputError:
            undo()
            raise
        # A file is written from the first answer on: a device that has only joined is not a respondent.
        write = draft.answered() > 0 or delegate.path.exists()
        return Change(delegate, text if write else None, undo)

    def committed(self, change: Change) -> None:
        """Count a change as saved: the delegate's forms from before it are now out of date."""
        change.delegate.saves += 1
        change.delegate.draft.dirty = False
        self.changed()

    def record(self, delegate: Delegate, section: Section | None = None, entries: dict[str, Entry] | None = None,
               header: dict[str, str] | None = None) -> None:
        """Change, check and write at once (the server writes off its event loop, with change and committed)."""
        change = self.change(delegate, section, entries, header)
        if change.text is not None:
            try:
                write_atomic(delegate.path, change.text)
            except InputError:
                change.undo()
                raise
        self.committed(change)

    def close(self) -> None:
        """Take no more answers (the state file, saved next, remembers it across a restart)."""
        self.closed = True
        self.changed()

    def reopen(self) -> None:
        """Take answers again (the facilitator ran the command again on a closed room)."""
        self.closed = False
        self.save_state()

    # -- what the facilitator sees --------------------------------------------------------------

    def changed(self) -> None:
        """Tell the facilitator's pages that the counts may have moved."""
        self.version += 1
        for listener in list(self.listeners):
            listener()

    def counts(self) -> Counts:
        """How many joined, started and finished, and how many answered each question (never who, nor what)."""
        delegates = list(self.delegates.values())
        total = sum(len(s.questions) for s in self.settings.sections)
        answered = [d.draft.answered() for d in delegates]
        questions = tuple(
            QuestionCount(section, question, sum(d.answered(question, section) for d in delegates))
            for section in self.settings.sections for question in section.questions)
        return Counts(len(delegates), sum(1 for n in answered if n), sum(1 for n in answered if n == total),
                      questions)

    def respondents(self) -> int:
        """How many delegates have answered at least one question (the room report's respondents)."""
        return sum(1 for d in self.delegates.values() if d.draft.answered())


def check_text(text: str, name: str, library: Library) -> None:
    """Check an answers file's text by the rules every answers file is read with; raise InputError if it breaks one."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise fail(name, f"would be larger than {MAX_YAML_BYTES:,} bytes, the most an answers file may hold")
    check_lines(text, name)
    check_answers(load(text, name, marks=False), library)


def today() -> str:
    """Today's date as an answers file writes it (YYYY-MM-DD)."""
    return datetime.date.today().isoformat()


def _fresh(path: Path, settings: RoomSettings) -> Draft:
    draft = DelegateDraft(path, settings.sections)
    draft.header = {"partnership": settings.partnership, "date": settings.date}
    return draft


def _read_state(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError([Problem(str(path), f"cannot be read as a room's state ({error}); move it away to start "
                                             "afresh")]) from None
    if not isinstance(data, dict) or data.get("format") != STATE_VERSION:
        raise fail(str(path), "is not a room's state file this lsp-check can read; move it away to start afresh")
    return data


def _hold(directory: Path) -> IO[str] | None:
    """Lock the room's folder for this process (released when it ends, however it ends); None where the operating
    system has no such locks (Windows), where two rooms on one folder are not stopped."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        handle = open(directory / LOCK_FILE, "a", encoding="utf-8")  # noqa: SIM115 - held for the room's life
    except OSError as error:
        raise fail(str(directory), f"cannot be written: {error.strerror or error}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise fail(str(directory), "is the folder of a room that is running now (another lsp-check collect); "
                                   "stop that one first, or give another folder") from None
    return handle


def _create_private(path: Path) -> None:
    """Create an empty owner-only file, so that the atomic writes that replace it keep its permissions."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise fail(str(path), f"cannot be written: {error.strerror or error}") from None
