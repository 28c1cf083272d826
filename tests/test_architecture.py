"""The layout by stage holds: no module imports a later stage, and there is no import circle (imports inside
functions count; imports under ``if TYPE_CHECKING:`` are for the type checker only and never run)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "lsp_check"
# The live room (collect/) is a front end of its own over the API, beside the command line that starts it.
STAGES = {"load": 1, "score": 2, "report": 3, "author": 3, "ask": 4, "api": 5, "collect": 6, "cli": 7}
# The package's front door re-exports the API (lazily) and `python -m lsp_check` runs the command line.
FRONT_DOORS = ("lsp_check", "lsp_check.__main__")


@functools.cache
def _tree(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for every test here."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _run_time(tree: ast.Module) -> list[ast.AST]:
    """Every node of a module but those under ``if TYPE_CHECKING:``."""
    nodes: list[ast.AST] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        nodes.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return nodes


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    edges = {}
    for name, path in modules.items():
        found = set()
        for node in _run_time(_tree(path)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lsp_check"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("lsp_check"))
        edges[name] = {target for target in found if target in modules and target != name}
    return edges


def _stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.get(parts[1], 0) if len(parts) > 1 else 0


def test_no_module_imports_a_later_stage():
    edges = _imports(_modules())
    backward = sorted((m, t) for m, targets in edges.items() for t in targets
                      if _stage(t) > _stage(m) and m not in FRONT_DOORS)
    assert backward == []


def test_there_is_no_import_circle():
    # The package's own imports run only when a user asks lsp_check for an API name (its __getattr__), never when
    # a module imports a name from the package, so they close no circle.
    edges = {m: set() if m == "lsp_check" else targets for m, targets in _imports(_modules()).items()}
    circles = []

    def visit(node: str, path: list[str], seen: set[str]) -> None:
        for target in edges[node]:
            if target in path:
                circles.append(path[path.index(target):] + [target])
            elif target not in seen:
                seen.add(target)
                visit(target, path + [target], seen)

    for start in edges:
        visit(start, [start], {start})
    assert circles == []


def test_the_package_root_stays_small():
    root_modules = [p.name for p in PACKAGE.glob("*.py")]
    assert len(root_modules) <= 10, root_modules


# --- The report model is all the formats people read see; score/ is facts, without circles even for types ---

PEOPLES_FORMATS = ("lsp_check.report.text", "lsp_check.report.markdown", "lsp_check.report.html",
                   "lsp_check.report.docx", "lsp_check.report.github")


def _every_import(path: Path) -> set[str]:
    """Every lsp_check module a file imports, those under ``if TYPE_CHECKING:`` included."""
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lsp_check"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("lsp_check"))
    return found


def test_the_formats_people_read_import_the_report_model_never_a_result():
    modules = _modules()
    readers = {name: path for name, path in modules.items() if name.startswith(PEOPLES_FORMATS)}
    assert len(readers) >= 20, sorted(readers)  # the test would prove nothing if it found no formats
    found = sorted((name, target) for name, path in readers.items() for target in _every_import(path)
                   if target.startswith("lsp_check.score"))
    assert found == []


def test_a_format_that_imports_a_result_is_caught(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                       "    from lsp_check.score.result import Result\n", encoding="utf-8")
    assert "lsp_check.score.result" in _every_import(planted)


def test_score_has_no_circle_even_among_the_imports_for_type_checkers():
    modules = {name: path for name, path in _modules().items() if name.startswith("lsp_check.score")}
    edges = {name: {t for t in _every_import(path) if t in modules and t != name} for name, path in modules.items()}
    circles = []

    def visit(node: str, path: list[str]) -> None:
        for target in edges[node]:
            if target in path:
                circles.append(path[path.index(target):] + [target])
            else:
                visit(target, path + [target])

    for start in edges:
        visit(start, [start])
    assert circles == []


def test_score_reads_no_files_and_prints_nothing():
    """score/ calls neither open() nor print(), and runs nothing of load/: reading belongs to load/."""
    for name, path in _modules().items():
        if not name.startswith("lsp_check.score"):
            continue
        tree = _tree(path)
        # A type from load/ may be named for the type checker (the verdict of validate); nothing of it runs here.
        assert not any(isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lsp_check.load")
                       for node in _run_time(tree)), name
        calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert not calls & {"open", "print"}, (name, calls & {"open", "print"})


def test_no_class_name_is_defined_twice():
    defined: dict[str, list[str]] = {}
    for name, path in _modules().items():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ClassDef):
                defined.setdefault(node.name, []).append(name)
    assert {cls: where for cls, where in defined.items() if len(where) > 1} == {}


def test_nothing_private_is_imported_from_another_module():
    found = []
    for name, path in _modules().items():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lsp_check"):
                found += [(name, node.module, a.name) for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert found == []
