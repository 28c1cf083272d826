"""Answering questionnaires in the terminal, one question at a time, saving the file after every answer."""

from __future__ import annotations

import datetime
import shlex
from typing import NamedTuple

from lsp_check import questionnaire
from lsp_check.ask.draft import Draft, Entry
from lsp_check.ask.terminal import Terminal
from lsp_check.matching import did_you_mean
from lsp_check.questionnaire import Question, Section
from lsp_check.score import gates as exits

BACK = "b"
QUIT = "q"
NOTE = ":"  # an answer, then a note after a colon: "2: partners still put their own organisation first"
CLEAR = "-"  # as a note, clears the one there
HELP = ("Enter a number, an option or its id, and a note after a colon if you like (2: why); Enter skips, "
        "b goes back, q saves and quits (Ctrl-C saves too).")
# Who answered, asked once at the start: the respondent, and the organisation and sector that --by reads.
WHO = (
    ("respondent", "Respondent (optional)"),
    ("organisation", "Organisation (optional)"),
    ("sector", "Sector (optional; e.g. council, police, health, voluntary, business)"),
)


class Step(NamedTuple):
    """One question in the order it is asked."""

    number: int
    section: Section
    question: Question


class _Quit(Exception):
    """The respondent asked to save and stop."""


class _Back(Exception):
    """The respondent asked to go back one question."""


class Session:
    """Asks the questions of a draft's sections, saving the draft after every answer."""

    def __init__(self, draft: Draft, terminal: Terminal, resuming: bool) -> None:
        self.draft = draft
        self.io = terminal
        self.resuming = resuming
        self.steps = [
            Step(n, section, question)
            for n, (section, question) in enumerate(((s, q) for s in draft.sections for q in s.questions), 1)
        ]
        self.shown_section = ""

    def run(self) -> int:
        """Ask until done, quit, Ctrl-C or end of input; return the exit status. The file is always whole."""
        try:
            self._header()
            self._questions()
        except _Quit:
            self._stopped()
            return exits.OK
        except (KeyboardInterrupt, EOFError) as stop:
            # Ctrl-C may land while the file is being written: write it once more so the message is true.
            if self.draft.dirty:
                self._save()
            self.io.say()
            if isinstance(stop, EOFError) and self._all_answered():
                return self._finished()
            self._stopped()
            return exits.INTERRUPTED
        return self._finished()

    # -- the header -----------------------------------------------------------------------------

    def _header(self) -> None:
        header = self.draft.header
        fresh = not header.get("partnership") or not header.get("date")
        if not header.get("partnership"):
            self._set("partnership", self._required("Partnership"))
        if not header.get("date"):
            self._set("date", self._date())
        for key, prompt in WHO:
            if key not in header or (fresh and not header[key]):
                self._set(key, self.io.ask(prompt).strip())

    def _set(self, key: str, value: str) -> None:
        self.draft.set_header(key, value)
        self._save()

    def _required(self, prompt: str) -> str:
        while True:
            value = self.io.ask(prompt).strip()
            if value:
                return value
            self.io.say(f"{prompt} is needed.", "red")

    def _date(self) -> str:
        today = datetime.date.today().isoformat()
        while True:
            # The format in words, not brackets: the prompt shows the default (today) in brackets after it.
            value = self.io.ask("Date, YYYY-MM-DD", today).strip()
            try:
                return datetime.date.fromisoformat(value).isoformat()
            except ValueError:
                self.io.say(f"'{value}' is not a date; expected YYYY-MM-DD, such as {today}.", "red")

    # -- the questions --------------------------------------------------------------------------

    def _questions(self) -> None:
        total = len(self.steps)
        index = self._next_unanswered(0)
        if index == total:
            return
        if self.resuming:
            answered = self.draft.answered()
            self.io.say(f"Resuming: {answered} of {total} answered; next is question {index + 1} of {total}.")
        self.io.say(HELP, "dim")
        while index < total:
            step = self.steps[index]
            try:
                self._ask(step)
            except _Back:
                if index == 0:
                    self.io.say("This is the first question.", "dim")
                else:
                    index -= 1
                continue
            index = self._next_unanswered(index + 1)

    def _next_unanswered(self, start: int) -> int:
        for index in range(start, len(self.steps)):
            step = self.steps[index]
            if not self.draft.entry(step.section, step.question).answered:
                return index
        return len(self.steps)

    def _ask(self, step: Step) -> None:
        section, question = step.section, step.question
        if section.id != self.shown_section:
            self.io.say()
            self.io.say(section.title, "bold")
            if section.description:
                self.io.say(section.description, "dim")
            self.shown_section = section.id
        self.io.say()
        self.io.say(f"[{step.number}/{len(self.steps)}] {question.text}")
        current = self.draft.entry(section, question)
        if question.kind == questionnaire.CHOICE:
            self._choice(step, current)
        elif question.kind == questionnaire.LIST:
            self._list(step, current)
        else:
            self._text(step, current)

    def _choice(self, step: Step, current: Entry) -> None:
        scale = step.question.scale
        assert scale is not None
        numbered = [f"{n}) {o.label}" for n, o in enumerate(scale.options, 1)]
        line = "  ".join(numbered)
        for text in [line] if len(line) + 2 <= self.io.width else numbered:
            self.io.say(f"  {text}")
        if current.answered:
            self.io.say(f"  Now: {current.value} (Enter keeps it)", "dim")
        if current.note:
            self.io.say(f"  Note: {current.note} (kept unless you give another; '{NOTE} {CLEAR}' after the "
                        "answer clears it)", "dim")
        while True:
            reply = self._reply("Answer")
            if not reply:
                return
            found = _answer(scale, reply)
            if found is not None:
                option, note = found
                break
            # Labels last, so that a suggestion shows the label where an id and a label read the same.
            labels = [o.id for o in scale.options] + [o.label for o in scale.options]
            self.io.say(
                f"'{reply}' is not an answer here{did_you_mean(reply.partition(NOTE)[0].strip(), labels)}; "
                f"enter 1-{len(scale.options)}, an option or its id (and a note after a colon), Enter to skip, "
                "b to go back or q to quit.",
                "red",
            )
        self._record(step, Entry(option.label, current.note if note is None else note))

    def _text(self, step: Step, current: Entry) -> None:
        if current.answered:
            self.io.say(f"  Now: {current.value} (Enter keeps it)", "dim")
        reply = self._reply("Answer")
        if reply:
            self._record(step, Entry(reply, current.note))

    def _list(self, step: Step, current: Entry) -> None:
        if current.answered:
            for item in current.value or ():
                self.io.say(f"  - {item}", "dim")
            self.io.say("  (Enter keeps these; new items replace them)", "dim")
        self.io.say("  One item per line; a blank line ends the list.", "dim")
        items = []
        reply = self._reply("Item 1")
        while reply:
            items.append(reply)
            # Save as the list grows, so an interruption keeps every item typed.
            self._record(step, Entry(tuple(items), current.note))
            reply = self.io.ask(f"Item {len(items) + 1}").strip()

    def _reply(self, prompt: str) -> str:
        reply = self.io.ask(prompt).strip()
        if reply.casefold() == BACK:
            raise _Back
        if reply.casefold() == QUIT:
            raise _Quit
        return reply

    def _record(self, step: Step, entry: Entry) -> None:
        self.draft.set(step.section, step.question, entry)
        self._save()

    # -- saving and the last words --------------------------------------------------------------

    def _save(self) -> None:
        self.draft.save()

    def _all_answered(self) -> bool:
        return self.draft.answered() == len(self.steps)

    def _stopped(self) -> None:
        if not self.draft.path.exists():
            self.io.say("Nothing was answered, so nothing was saved.")
            return
        count = self.draft.answered()
        saved = f"Saved {count} answer{'s' if count != 1 else ''} to {self.draft.path}"
        self.io.say(f"{saved}; run the same command to resume.")

    def _finished(self) -> int:
        answered, total = self.draft.answered(), len(self.steps)
        skipped = f" ({total - answered} left unanswered)" if answered < total else ""
        self.io.say()
        self.io.say(f"Done: {answered} of {total} questions answered{skipped} in {self.draft.path}.")
        self.io.say(f"Score it with: lsp-check score {shlex.quote(str(self.draft.path))}", wrap=False)
        return exits.OK


def _answer(scale: questionnaire.Scale, reply: str) -> tuple[questionnaire.Option, str | None] | None:
    """The option a reply names and the note after its colon ('' to clear the note, None when none was given).

    A reply that names an option whole is that option, even with a colon in it.
    """
    option = _option(scale, reply)
    if option is not None:
        return option, None
    answer, colon, note = reply.partition(NOTE)
    option = _option(scale, answer.strip()) if colon else None
    if option is None:
        return None
    note = note.strip()
    return option, "" if note == CLEAR else note


def _option(scale: questionnaire.Scale, reply: str) -> questionnaire.Option | None:
    """The option a reply names: its number in the list, its id or its label."""
    if reply.isdigit():
        number = int(reply)
        return scale.options[number - 1] if 1 <= number <= len(scale.options) else None
    return scale.find(reply)
