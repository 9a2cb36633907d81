"""The benchmark still runs, and its baseline still builds the very same site (timings are not
checked: they never gate CI)."""

from __future__ import annotations

import subprocess
import sys

from .helpers import ROOT


def test_bench_runs_and_the_baseline_site_is_identical(tmp_path):
    report = tmp_path / "report.txt"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_bench.py"), "--sizes", "3", "6",
         "--repeats", "1", "--skip-extras", "--output", str(report)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    assert "| 3 | " in text and "| 6 | " in text
    assert "N=3: the site is identical to the baseline's, file for file." in text
    assert "N=6: the site is identical to the baseline's, file for file." in text
    assert "N=6: Zensical made the same pages as MkDocs." in text


def test_the_bench_readme_says_how_to_run_the_bench():
    readme = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    assert "python bench/build_bench.py" in readme
    assert "python bench/profile_build.py" in readme
    assert "python bench/serve_bench.py" in readme
    assert "python bench/measure.py" in readme


def test_the_serve_bench_runs(tmp_path):
    report = tmp_path / "serve.txt"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve_bench.py"), "--sizes", "3", "--edits", "1",
         "--output", str(report)],
        capture_output=True, text=True, check=False, timeout=280)
    assert result.returncode == 0, result.stderr
    rows = [line for line in report.read_text(encoding="utf-8").splitlines()
            if line.startswith("| 3 | ")]
    assert [row.split(" | ")[1] for row in rows] == ["mkdocs", "zensical"]
    assert all(row.endswith("x |") for row in rows)
