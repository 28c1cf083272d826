"""Run lsp-check as ``python -m lsp_check``."""

import sys

from lsp_check.cli.main import entry

if __name__ == "__main__":
    sys.argv[0] = "lsp-check"
    entry()
