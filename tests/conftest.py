"""Shared fixtures: small guides written into a temporary folder, the seed guide built once.

The constants and functions the fixtures use live in ``tests/helpers.py``; they are named here
too, so a test that imports them from this module still finds them.
"""

from __future__ import annotations

import ast
import fcntl
import functools
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from .helpers import (  # noqa: F401  (named here for tests that import them from conftest)
    CLI,
    INDEX_MD,
    MINIMAL_GUIDE,
    MKDOCS_YML,
    NO_PDF_GUIDE,
    PRINCIPLES_YML,
    PROJECT_PARTS,
    ROOT,
    RUBRIC_YML,
    SCALES_YML,
    SOURCES_YML,
    WarmPython,
    WriteTree,
    copy_project,
    copy_seed_pdfs,
    mkdocs_build,
    needs_fork,
    rubric_guide,
    run_alone,
    with_options,
    write_files,
)

# Material prints a notice of its end of life when `mkdocs` starts; the tests read what the
# builds they run print, and the notice is not theirs.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

pytest_plugins = ["tests.browser"]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Install the npm packages the browser and editor tests run, if they are missing."""
    from . import npm

    npm.ensure_installed()


@functools.cache
def has_module_fixture(path: Path) -> bool:
    """Whether the test module at ``path`` defines a fixture of ``scope="module"``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and any(
                keyword.arg == "scope" and isinstance(keyword.value, ast.Constant)
                and keyword.value.value == "module" for keyword in node.keywords):
            return True
    return False


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Deal the tests out to the test processes one by one, as pytest-xdist's ``load`` does,
    except that the tests of a module with a module-scoped fixture (a site built for them, a
    server) go to one process together: the fixture is then made once a run, not once in
    each process. (``--dist loadgroup`` would group them by a mark, but does not with this
    pytest.) Another ``--dist`` given on the command line is left as it is."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleFixturesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if has_module_fixture(config.rootpath / module) else nodeid

    return ModuleFixturesTogether(config, log)


@pytest.fixture
def write_tree(tmp_path: Path) -> WriteTree:
    """Write ``{relative path: text}`` under a temporary folder and return the folder."""
    return lambda files: write_files(tmp_path, files)


@pytest.fixture
def minimal_guide(write_tree: WriteTree) -> Path:
    return write_tree(MINIMAL_GUIDE)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def warm_python(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarmPython]:
    """Commands of ``python``, each in a process forked from one that has imported the
    generator and MkDocs and built a small guide (``tests/warm_python.py``): what
    ``rubric_guide`` and ``mkdocs_build`` run with ``python=warm_python``, without importing
    them or compiling the templates again."""
    python = WarmPython(tmp_path_factory.mktemp("warm-python"), warm_up=NO_PDF_GUIDE)
    yield python
    python.close()


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], str]) -> tuple[Path, str]:
    """The folder ``name`` made by ``build(folder)``, which returns its log, once per test run:
    the test processes of one run (pytest-xdist's workers) share it, the first to need it
    building it while the others wait. Tests read what is in it and change nothing."""
    base = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        base = base.parent  # the run's own folder, which holds each worker's
    folder, log = base / name, base / f"{name}.log"
    with open(base / f"{name}.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log.exists():
            text = build(folder)
            log.write_text(text, encoding="utf-8")  # written last: the folder is complete
    return folder, log.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed guide built by ``mkdocs build --strict``, and the build's log."""

    def build(site: Path) -> str:
        result = mkdocs_build(ROOT, site)
        assert result.returncode == 0, result.stderr
        return result.stderr

    return built_once(tmp_path_factory, "site", build)


@pytest.fixture(scope="session")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The guide built by `rubric-guide build --engine zensical`, and the build's log. It is
    built in a copy of the guide, whose cache then holds the source staged for Zensical: the
    guide's own would keep one for each test run's output folder."""

    def build(folder: Path) -> str:
        guide = copy_seed_pdfs(copy_project(folder / "guide"))
        result = rubric_guide("build", "--engine", "zensical", "--strict", "-d",
                              str(folder / "site"), cwd=guide)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout + result.stderr

    folder, log = built_once(tmp_path_factory, "zensical", build)
    return folder / "site", log


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

    def build(folder: Path) -> str:
        guide = copy_seed_pdfs(copy_project(folder / "guide"))  # none is rendered again
        commands = page_commands("publishing.md", "A copy to read offline")
        run_commands(commands, guide)
        with zipfile.ZipFile(guide / commands[-1].split()[-2]) as archive:
            archive.extractall(folder / "unzipped")
        return ""

    folder, _ = built_once(tmp_path_factory, "offline", build)
    return folder / "unzipped" / "site"
