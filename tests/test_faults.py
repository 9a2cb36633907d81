"""Faults an operator meets: files that cannot be read, links that lead nowhere, folders where
files should be. Each is one line naming the path and the fix, never a traceback, and the
build stops before the published site is touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINIMAL_GUIDE, WriteTree

UNPRIVILEGED = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search"]
"""As root, files without read permission are still read; without these capabilities, root
meets permissions as any user does."""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command of ours (``rubric-guide ...`` or ``mkdocs ...``) in ``cwd``, as a user who
    is bound by file permissions."""
    command = [sys.executable, "-m", "mkdocs"] if args[0] == "mkdocs" else [
        sys.executable, "-c", "from generator.cli import main; main()"]
    prefix = UNPRIVILEGED if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command, *args[1:]], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def check(root: Path) -> list[str]:
    """What ``rubric-guide check`` prints, line by line; it must fail without a traceback."""
    result = run("rubric-guide", "check", cwd=root)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == 1, result.stdout
    return (result.stdout + result.stderr).splitlines()


@pytest.fixture
def guide(write_tree: WriteTree) -> Path:
    return write_tree(MINIMAL_GUIDE)


def test_an_unreadable_rubric_is_named_with_the_fix(guide):
    (guide / "rubrics/teamwork.yml").chmod(0)
    assert check(guide)[1:] == [
        "rubrics/teamwork.yml:1:1: cannot read this file: permission denied; make it readable "
        "(for example chmod a+r rubrics/teamwork.yml) or run as a user who may",
    ]


def test_an_unreadable_page_and_scales_file_are_named(guide):
    (guide / "content/index.md").chmod(0)
    (guide / "content/scales.yml").chmod(0)
    assert check(guide)[1:] == [
        "content/index.md:1:1: cannot read this file: permission denied; make it readable "
        "(for example chmod a+r content/index.md) or run as a user who may",
        "content/scales.yml:1:1: cannot read this file: permission denied; make it readable "
        "(for example chmod a+r content/scales.yml) or run as a user who may",
    ]


def test_an_unreadable_rubrics_folder_is_not_read_as_an_empty_one(guide):
    (guide / "rubrics").chmod(0)
    try:
        assert check(guide)[1:] == [
            "rubrics/: cannot read this folder: permission denied; make it readable (for "
            "example chmod a+r rubrics) or run as a user who may",
        ]
    finally:
        (guide / "rubrics").chmod(0o755)


def test_a_link_to_nowhere_and_a_folder_named_like_a_rubric_are_refused(guide):
    (guide / "rubrics/ghost.yml").symlink_to("nowhere.yml")
    (guide / "rubrics/drafts.yml").mkdir()
    assert check(guide)[1:] == [
        "rubrics/drafts.yml:1:1: cannot read this file: it is a folder, not a file; rename or "
        "move the folder",
        "rubrics/ghost.yml:1:1: cannot read this file: it is a link to nowhere.yml, which does "
        "not exist; fix the link or delete it",
    ]


def test_a_folder_named_like_a_page_is_a_folder(guide, tmp_path):
    (guide / "content/notes.md").mkdir()
    (guide / "content/notes.md/inside.md").write_text("# Inside\n", encoding="utf-8")
    result = run("mkdocs", "build", "-d", str(tmp_path / "site"), cwd=guide)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/notes.md/inside/index.html").is_file()


# --- the PDF cache -------------------------------------------------------------------------


def test_a_cache_path_through_a_file_is_refused_by_check_and_build(guide, tmp_path):
    (guide / ".cache").write_text("not a folder", encoding="utf-8")
    expected = ("mkdocs.yml:4:19: plugins[1].rubric-guide.cache_dir: the PDF cache "
                ".cache/rubric-guide/pdf runs through .cache, which is a file; move that file "
                "away, or set cache_dir to another folder")
    assert check(guide)[1:] == [expected]
    result = run("mkdocs", "build", "-d", str(tmp_path / "site"), cwd=guide)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr


def test_a_damaged_pdf_in_the_cache_is_rendered_again(guide, tmp_path):
    site = tmp_path / "site"
    assert run("mkdocs", "build", "-d", str(site), cwd=guide).returncode == 0
    good = (site / "rubrics/teamwork/teamwork.pdf").read_bytes()
    [cached] = (guide / ".cache/rubric-guide/pdf").glob("*.pdf")
    cached.write_bytes(b"")  # a disk fault, or a copy cut short
    result = run("mkdocs", "build", "-d", str(site), cwd=guide)
    assert result.returncode == 0, result.stderr
    assert ("PDF sheets: 1 rendered, 0 reused from cache, 1 damaged in the cache rendered "
            "again") in result.stderr
    pdf = (site / "rubrics/teamwork/teamwork.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) == len(good)
    assert [p.read_bytes() for p in cached.parent.glob("*.pdf")] == [pdf]
