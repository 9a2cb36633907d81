"""Shared fixtures: small guides written into a temporary folder, the seed guide built once.

The constants and functions the fixtures use live in ``tests/helpers.py``; they are named here
too, so a test that imports them from this module still finds them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from .helpers import (  # noqa: F401  (named here for tests that import them from conftest)
    CLI,
    INDEX_MD,
    MINIMAL_GUIDE,
    MKDOCS_YML,
    PRINCIPLES_YML,
    PROJECT_PARTS,
    ROOT,
    RUBRIC_YML,
    SCALES_YML,
    SOURCES_YML,
    WriteTree,
    copy_project,
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
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site, result.stderr


@pytest.fixture(scope="session")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The guide built by `rubric-guide build --engine zensical`, and the build's log."""
    site = tmp_path_factory.mktemp("zensical") / "site"
    result = rubric_guide("build", "--engine", "zensical", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stdout + result.stderr


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built for reading from disk (``OFFLINE=true``), zipped as the README says,
    and unzipped elsewhere, as someone handed the zip file would open it."""
    build = tmp_path_factory.mktemp("offline-build")
    result = mkdocs_build(ROOT, build / "site", env={"OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    # The README's zip command, with Python's own zipfile, which every platform has.
    subprocess.run([sys.executable, "-m", "zipfile", "-c", "guide.zip", "site"], cwd=build,
                   check=True)
    unzipped = tmp_path_factory.mktemp("offline-copy")
    with zipfile.ZipFile(build / "guide.zip") as archive:
        archive.extractall(unzipped)
    return unzipped / "site"
