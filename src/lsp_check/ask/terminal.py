"""The conversation on the terminal: rich prompts and messages, all on stderr so stdout stays clean."""

from __future__ import annotations

from typing import Protocol


class Terminal(Protocol):
    """What an interactive session needs from the terminal."""

    def ask(self, prompt: str, default: str = "") -> str:
        """Read one line after ``prompt``; empty input gives ``default``. Raises EOFError or KeyboardInterrupt."""

    def say(self, text: str = "", style: str = "") -> None:
        """Show a line of text (never read as markup)."""


class RichTerminal:
    """A Terminal on stderr using rich prompts; colour only on a terminal, and never with NO_COLOR."""

    def __init__(self) -> None:
        from rich.console import Console

        # Console looks up sys.stderr when it writes, so click's test runner sees everything too.
        self.console = Console(stderr=True, highlight=False, emoji=False)

    def ask(self, prompt: str, default: str = "") -> str:
        """Ask with rich's Prompt, showing the default in brackets when there is one."""
        from rich.prompt import Prompt
        from rich.text import Text

        label = Text(prompt, style="prompt")
        return Prompt.ask(label, console=self.console, default=default, show_default=bool(default))

    def say(self, text: str = "", style: str = "") -> None:
        """Print text as it is, in an optional style."""
        from rich.text import Text

        self.console.print(Text(text, style=style), soft_wrap=True)
