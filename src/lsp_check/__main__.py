"""Run lsp-check as ``python -m lsp_check``."""

from lsp_check.cli.main import main

if __name__ == "__main__":
    main(prog_name="lsp-check")
