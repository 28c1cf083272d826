"""lsp-check: score partnership health checks and suggest actions for weak answers."""

__version__ = "0.1.0"
