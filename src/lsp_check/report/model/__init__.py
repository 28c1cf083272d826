"""The report model: what each kind of result says, decided once for every format (one module per kind).

``build`` turns a result into its model: ``single`` (one answers file) and ``room`` share the types of
``health``; ``comparison``, ``cluster``, ``plans``, ``sectors`` and ``trend`` have a module each; the phrases
they share are in ``words`` and the charts' data in ``chart``. Text, Markdown, HTML, Word and the github
format read only these models; JSON and CSV, the machine contract, read the results.
"""

import importlib
from typing import cast

# Each kind's builder: its module and function, imported only when a result of that kind is reported.
BUILDERS = {
    "single": ("single", "single_report"),
    "room": ("room", "rooms_report"),
    "comparison": ("compare", "comparison_report"),
    "cluster": ("cluster", "cluster_report"),
    "plans": ("plan", "plans_report"),
    "sectors": ("sectors", "sectors_document"),
    "trend": ("trend", "trend_report"),
}


def build(kind: str, result: object) -> object:
    """The report model of a result of this kind (report.kind_of tells it)."""
    module, function = BUILDERS[kind]
    builder = getattr(importlib.import_module(f"lsp_check.report.model.{module}"), function)
    return cast("object", builder(result))
