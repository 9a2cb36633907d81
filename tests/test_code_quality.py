"""The linters configured in pyproject.toml pass, so CI enforces them with the README's command;
and the rules of the code's layout no linter checks."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
import tinycss2

from .helpers import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_finds_nothing():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_the_generator_and_the_bench():
    result = run("mypy", "generator", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def imported_test_modules(source: str) -> list[str]:
    """The test modules (``test_*``) that Python ``source`` imports, however it names them."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".")
            named = [alias.name for alias in node.names] if module in ([""], ["tests"]) else []
            found += [name for name in [module[-1], *named] if name.startswith("test_")]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names
                      if alias.name.split(".")[-1].startswith("test_")]
    return found


def test_no_test_module_imports_from_another():
    # What tests share lives in the modules made for it (tests/helpers.py, browser.py, ...):
    # a test module run alone, or changed, affects no other.
    assert imported_test_modules(
        "from .test_xss import pages\nfrom . import test_docs\nimport tests.test_cli\n"
        "from tests.test_faults import run\nfrom .helpers import pages\n") == [
        "test_xss", "test_docs", "tests.test_cli", "test_faults"]
    found = {path.name: imported for path in sorted((ROOT / "tests").glob("*.py"))
             if (imported := imported_test_modules(path.read_text(encoding="utf-8")))}
    assert found == {}


@pytest.mark.parametrize("stylesheet", sorted((ROOT / "generator" / "assets").glob("*.css")),
                         ids=lambda path: path.name)
def test_each_stylesheet_section_starts_at_the_top_level(stylesheet):
    # A block left open swallows every section after it (CSS lets a block run to the end of
    # the file): the screen's rules would apply on paper only.
    rules = tinycss2.parse_stylesheet(stylesheet.read_text(encoding="utf-8"),
                                      skip_comments=False, skip_whitespace=True)
    assert [rule.message for rule in rules if rule.type == "error"] == []
    top = [rule.value for rule in rules if rule.type == "comment"]
    everywhere = re.findall(r"/\*(.*?)\*/", stylesheet.read_text(encoding="utf-8"), re.S)
    sections = [comment for comment in everywhere if comment.startswith(" --- ")]
    assert [s for s in sections if s not in top] == []
