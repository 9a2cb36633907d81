"""The linters configured in pyproject.toml pass, so CI enforces them with the README's command."""

from __future__ import annotations

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
