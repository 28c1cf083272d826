"""The public API: docs/api.md's example runs and prints what the page says; the package is typed; nothing is
written to the home directory; the one-line use from the package works."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT

DOCS = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def _run(code: str, home: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LSP_CHECK_")}
    env.update(HOME=home, XDG_CACHE_HOME=os.path.join(home, ".cache"))
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)


def test_the_documented_example_prints_what_the_docs_show(tmp_path):
    code = DOCS.split("```python\n", 1)[1].split("```\n", 1)[0]
    shown = DOCS.split("```text\n", 1)[1].split("```\n", 1)[0]
    run = _run(code, str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout == shown
    assert not any(tmp_path.iterdir())  # no cache written into the home directory


def test_the_one_line_use_from_the_package(tmp_path):
    run = _run("import lsp_check; r = lsp_check.assess(['examples/spelthorne-2006.yaml']); "
               "print(lsp_check.render(r, 'json')[:40])", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout == '{\n  "schema_version": 3,\n  "kind": "sing\n'


def test_importing_the_package_loads_no_api_until_asked():
    run = _run("import sys, lsp_check; print('lsp_check.api' in sys.modules); lsp_check.render; "
               "print('lsp_check.api' in sys.modules)", "/nonexistent")
    assert run.stdout.split() == ["False", "True"]


def test_every_public_name_is_documented_and_reachable_from_the_package():
    import lsp_check
    from lsp_check import api

    for name in api.__all__:
        assert getattr(lsp_check, name) is getattr(api, name)
        if callable(getattr(api, name)) and name[0].islower():
            assert f"`{name}(" in DOCS, name
    with pytest.raises(AttributeError):
        lsp_check.nothing_of_the_sort  # noqa: B018


def test_render_gives_bytes_for_word_and_text_for_the_rest(library):
    import lsp_check

    result = lsp_check.assess(str(EXAMPLES / "spelthorne-2006.yaml"), library)
    assert lsp_check.render(result, "docx")[:2] == b"PK"
    assert lsp_check.render(lsp_check.assess(str(ROOT / "tests/fixtures/room"), library), "json").endswith("}\n")
    assert lsp_check.render(result, "github").splitlines()[-1].startswith("::notice title=lsp-check::")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        lsp_check.render(result, "pdf")


def test_compare_cluster_trend_and_plan_give_what_the_commands_report(library):
    import lsp_check

    years = [str(EXAMPLES / f"spelthorne-{y}.yaml") for y in (2006, 2007, 2008)]
    comparison = lsp_check.compare(years[0], years[1], library)
    assert comparison.overall_change == 7.4
    assert len(lsp_check.cluster(str(EXAMPLES / "cluster"), library).rows) == 5
    assert len(lsp_check.trend(years, library).assessments) == 3
    plans = lsp_check.plan(lsp_check.assess(years[0], library))
    assert lsp_check.render(plans, "csv").startswith("\ufeffpartnership,horizon,")


def test_the_package_is_typed():
    assert (ROOT / "src" / "lsp_check" / "py.typed").is_file()
