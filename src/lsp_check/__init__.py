"""lsp-check: score partnership health checks and suggest actions for weak answers.

From Python: ``lsp_check.assess(paths)`` scores answers files and ``lsp_check.render(result, "markdown")``
writes a report (docs/api.md). They live in ``lsp_check.api``, imported only when first used, so that the
command line starts no slower for them.
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from lsp_check.api import (
        FormatError,
        InputError,
        Library,
        Result,
        Scored,
        assess,
        assess_by,
        cluster,
        compare,
        load_questionnaires,
        plan,
        render,
        trend,
    )

__all__ = ["FormatError", "InputError", "Library", "Result", "Scored", "__version__", "assess", "assess_by", "cluster",
           "compare", "load_questionnaires", "plan", "render", "trend"]


def __getattr__(name: str) -> object:
    """The public API's names, from lsp_check.api on first use."""
    if name in __all__:
        from lsp_check import api

        return getattr(api, name)
    raise AttributeError(f"module 'lsp_check' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
