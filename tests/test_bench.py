"""The benchmark still runs every row, and each peer still builds the very same pages (timings
are not checked: they never gate CI)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from .helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from build_bench import arguments
from measure import run

FIGURES = [
    "full build, MkDocs: wall s",
    "full build, MkDocs: CPU s",
    "peak memory, MkDocs: largest process, RSS MB",
    "peak memory, MkDocs: all processes, RSS MB",
    "peak memory, MkDocs: all processes, PSS MB",
    "our stages before the engine: peak RSS MB",
    "full build, Zensical path: wall s",
    "full build, Zensical path: CPU s",
]
SERVE_FIGURES = [
    "rubric-guide serve (mkdocs serve): edit → page shows it, s",
    "rubric-guide serve --engine zensical: edit → page shows it, s",
]
ROW = re.compile(r"^\| (?P<figure>[^|]+) \| (?P<n>[\d,]+) \| (?P<ours>[\d.]+) "
                 r"\| (?P<peer>[\d.]+|-) \| (?P<ratio>[\d.]+x|-) "
                 r"\| (?P<target>≤ [\d.]+x?|-) \| (?P<met>[✓✗]?) \|$")


@pytest.mark.timeout(600)
def test_the_bench_runs_every_row_and_each_peer_makes_the_same_pages(tmp_path):
    report = tmp_path / "report.txt"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_bench.py"), "--quick",
         "--output", str(report)],
        capture_output=True, text=True, check=False, timeout=580)
    assert result.returncode == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    rows = [ROW.match(line) for line in text.splitlines() if line.startswith("| ")
            and not line.startswith(("| figure ", "| N rubrics ", "|---"))
            and not re.match(r"^\| [\d,]+ \|", line)]
    assert all(rows), text
    found = [(row["figure"], row["n"]) for row in rows if row]
    assert sorted(found) == sorted((figure, "3") for figure in [*FIGURES, *SERVE_FIGURES])
    for row in rows:
        assert row
        # A row with a peer has its ratio; a row with a target says whether it is met.
        assert (row["peer"] == "-") == (row["ratio"] == "-"), row[0]
        assert (row["target"] == "-") == (row["met"] == ""), row[0]
    assert re.search(r"^Targets met: \d+ of \d+", text, flags=re.M)
    assert re.search(r"^Load average \(1, 5, 15 min\) at the start: [\d.]+, ", text, flags=re.M)
    assert re.search(r"^Load average \(1, 5, 15 min\) at the end: [\d.]+, ", text, flags=re.M)
    assert "N=3: the site is identical to the baseline's, file for file." in text
    assert "N=3: the Zensical path made the same pages as MkDocs." in text
    assert "N=3: the Zensical path made the same pages as Zensical alone." in text


def test_memory_is_summed_over_every_process_the_command_starts(tmp_path):
    child = "import time; b = b'x' * 60_000_000; time.sleep(1)"
    parent = textwrap.dedent(f"""
        import subprocess, sys
        b = b'x' * 30_000_000
        subprocess.run([sys.executable, "-c", {child!r}], check=True)
    """)
    measured = run([sys.executable, "-c", parent], tmp_path)
    assert measured.wall >= 1 and measured.cpu > 0
    assert 30e6 <= measured.memory.root < 60e6
    assert measured.memory.largest >= 60e6
    assert measured.memory.rss >= 90e6
    assert 90e6 <= measured.memory.pss <= measured.memory.rss


def test_the_bench_readme_says_how_to_run_the_bench_with_every_option():
    readme = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    assert "python bench/build_bench.py" in readme
    assert "python bench/profile_build.py" in readme
    for action in arguments()._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert option in readme, f"bench/README.md does not say what {option} does"
