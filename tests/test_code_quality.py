"""The linters configured in pyproject.toml pass, so CI enforces them with the README's command."""

from __future__ import annotations

import subprocess
import sys

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
