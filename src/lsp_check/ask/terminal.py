"""The conversation on the terminal: rich prompts and messages, all on stderr so stdout stays clean."""

from __future__ import annotations

import sys
from typing import Protocol

from lsp_check.sanitise import visible


class Terminal(Protocol):
    """What an interactive session needs from the terminal."""

    def ask(self, prompt: str, default: str = "") -> str:
        """Read one line after ``prompt``; empty input gives ``default``. Raises EOFError or KeyboardInterrupt."""

    def say(self, text: str = "", style: str = "", wrap: bool = True) -> None:
        """Show a line of text (never read as markup), wrapped at whole words to the terminal's width unless
        ``wrap`` is False (a command to copy, kept on one line)."""

    @property
    def width(self) -> int:
        """How many columns a line may take."""


class RichTerminal:
    """A Terminal on stderr using rich prompts; colour only on a terminal, and never with NO_COLOR."""

    def __init__(self) -> None:
        from rich.console import Console

        # The text is made visible here, so rich writes past the sanitising stderr (which would escape its
        # colours); stderr is looked up now, inside the command, so click's test runner sees everything too.
        stderr = getattr(sys.stderr, "inner", sys.stderr)
        self.console = Console(file=stderr, highlight=False, emoji=False)

    def ask(self, prompt: str, default: str = "") -> str:
        """Ask with rich's Prompt, showing the default in brackets when there is one."""
        from rich.prompt import Prompt
        from rich.text import Text

        label = Text(visible(prompt), style="prompt")
        # A default holding control characters is kept as it is, but not shown.
        return Prompt.ask(label, console=self.console, default=default,
                          show_default=bool(default) and visible(default) == default)

    def say(self, text: str = "", style: str = "", wrap: bool = True) -> None:
        """Print text as it is, in an optional style, wrapped at whole words (never split at the screen's edge)."""
        from rich.text import Text

        self.console.print(Text(visible(text), style=style), soft_wrap=not wrap)

    @property
    def width(self) -> int:
        """The terminal's width (COLUMNS when set)."""
        return self.console.width
