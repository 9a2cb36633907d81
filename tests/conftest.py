"""Shared fixtures: small guides written into a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]

# Material prints a notice of its end of life when `mkdocs` starts; the tests read what the
# builds they run print, and the notice is not theirs.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

pytest_plugins = ["tests.browser"]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Install the npm packages the browser and editor tests run, if they are missing."""
    from . import npm

    npm.ensure_installed()

needs_fork = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1),
    reason="forked copies are used on Linux with more than one CPU")


def run_alone(code: str) -> str:
    """Run ``code`` in a fresh interpreter, where no other thread runs, and return its output."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


MKDOCS_YML = """\
site_name: Test guide
docs_dir: content
theme: {name: material, font: false}
plugins: [search, rubric-guide]
markdown_extensions: [attr_list, md_in_html, tables, toc]
"""


def with_options(options: str, before: str = "") -> str:
    """:data:`MKDOCS_YML` with ``options`` (YAML lines, as in the plugin's own block) for the
    rubric-guide plugin, and ``before`` (settings of mkdocs.yml) just above its plugins."""
    block = textwrap.indent(textwrap.dedent(options), " " * 6)
    return MKDOCS_YML.replace("plugins: [search, rubric-guide]",
                              f"{before}plugins:\n  - search\n  - rubric-guide:\n{block}")

SCALES_YML = """\
scales:
  - id: three
    title: Three levels
    levels:
      - {id: beginning, label: Beginning, score: 1}
      - {id: growing, label: Growing, score: 2}
      - {id: strong, label: Strong, score: 3}
"""

PRINCIPLES_YML = """\
title: Principles
principles:
  - id: trust
    title: Trust
    description: People rely on each other.
"""

SOURCES_YML = """\
- id: doe-2020
  type: book
  title: Working together
  author: [{family: Doe, given: Jane}]
  issued: {date-parts: [[2020]]}
  publisher: Example Press
"""

RUBRIC_YML = """\
title: Teamwork
summary: How a team works together [@doe-2020].
scale: three
sources: [doe-2020]
criteria:
  - id: meetings
    title: Meetings & agendas
    principles: [trust]
    levels:
      beginning: Meetings happen <sometimes>.
      growing: Meetings are regular.
      strong: Meetings drive decisions.
"""

INDEX_MD = """\
# Test guide

Teams matter [@doe-2020].
"""

MINIMAL_GUIDE = {
    "mkdocs.yml": MKDOCS_YML,
    "content/index.md": INDEX_MD,
    "content/scales.yml": SCALES_YML,
    "content/principles.yml": PRINCIPLES_YML,
    "content/sources.yml": SOURCES_YML,
    "rubrics/teamwork.yml": RUBRIC_YML,
}

WriteTree = Callable[[dict[str, str]], Path]


@pytest.fixture
def write_tree(tmp_path: Path) -> WriteTree:
    """Write ``{relative path: text}`` under a temporary folder and return the folder."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture
def minimal_guide(write_tree: WriteTree) -> Path:
    return write_tree(MINIMAL_GUIDE)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def mkdocs_build(project: Path, site: Path, *extra: str,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site), *extra],
        capture_output=True, text=True, cwd=project, check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site, result.stderr


PROJECT_PARTS = ("content", "rubrics", "overrides", "mkdocs.yml")
"""What a district's copy of the guide holds besides the generator."""


def copy_project(dest: Path, edit_mkdocs_yml: Callable[[str], str] = lambda text: text) -> Path:
    """A copy of this repository's guide in ``dest``, with ``mkdocs.yml`` edited."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        else:
            (dest / part).write_text(edit_mkdocs_yml(source.read_text(encoding="utf-8")),
                                     encoding="utf-8")
    return dest


CLI = [sys.executable, "-c", "from generator.cli import main; main()"]
"""The rubric-guide command, from this Python."""


def rubric_guide(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="session")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The guide built by `rubric-guide build --engine zensical`, and the build's log."""
    site = tmp_path_factory.mktemp("zensical") / "site"
    result = rubric_guide("build", "--engine", "zensical", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stdout + result.stderr


def page_commands(page: str, heading: str) -> list[str]:
    """The shell commands of the first ``sh`` block under ``## heading`` of the guide's page
    ``content/<page>``, each line with its comment left out."""
    text = (ROOT / "content" / page).read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def run_commands(commands: list[str], cwd: Path) -> None:
    """Run shell ``commands`` in ``cwd`` as a person would in the guide's environment:
    ``mkdocs`` and ``python`` are this Python's."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for command in commands:
        result = subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True,
                                text=True, timeout=300, check=False,
                                env={**os.environ, "PATH": path})
        assert result.returncode == 0, f"{command}\n{result.stderr}"


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built for reading from disk and zipped by the commands of the page
    "Publishing your guide", in a copy of the guide, then unzipped elsewhere, as someone
    handed the zip file would open it."""
    guide = copy_project(tmp_path_factory.mktemp("offline-build"))
    cache = ROOT / ".cache/rubric-guide/pdf"
    if cache.is_dir():  # the PDFs of the guide's own builds, so none is rendered again
        shutil.copytree(cache, guide / ".cache/rubric-guide/pdf")
    commands = page_commands("publishing.md", "A copy to read offline")
    run_commands(commands, guide)
    zip_file = guide / commands[-1].split()[-2]
    unzipped = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(zip_file) as archive:
        archive.extractall(unzipped)
    return unzipped / "site"
