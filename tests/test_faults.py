"""Faults an operator meets: files that cannot be read, links that lead nowhere, folders where
files should be. Each is one line naming the path and the fix, never a traceback, and the
build stops before the published site is touched."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.output import MARKER, MARKER_TEXT

from .helpers import MINIMAL_GUIDE, NO_PDF_GUIDE, WriteTree, run_as_a_user, snapshot, write_files


def check(root: Path) -> list[str]:
    """What ``rubric-guide check`` prints, line by line; it must fail without a traceback."""
    result = run_as_a_user("rubric-guide", "check", cwd=root)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == 1, result.stdout
    return (result.stdout + result.stderr).splitlines()


@pytest.fixture
def guide(write_tree: WriteTree) -> Path:
    return write_tree(NO_PDF_GUIDE)


@pytest.fixture
def guide_with_pdfs(write_tree: WriteTree) -> Path:
    return write_tree(MINIMAL_GUIDE)


def test_an_unreadable_rubric_is_named_with_the_fix(guide):
    (guide / "rubrics/teamwork.yml").chmod(0)
    assert check(guide)[1:] == [
        "rubrics/teamwork.yml:1:1: cannot read this file: permission denied; make it readable "
        "(for example chmod a+r rubrics/teamwork.yml) or run as a user who may read it",
    ]


def test_an_unreadable_page_and_scales_file_are_named(guide):
    (guide / "content/index.md").chmod(0)
    (guide / "content/scales.yml").chmod(0)
    assert check(guide)[1:] == [
        "content/index.md:1:1: cannot read this file: permission denied; make it readable "
        "(for example chmod a+r content/index.md) or run as a user who may read it",
        "content/scales.yml:1:1: cannot read this file: permission denied; make it readable "
        "(for example chmod a+r content/scales.yml) or run as a user who may read it",
    ]


def test_an_unreadable_rubrics_folder_is_not_read_as_an_empty_one(guide):
    (guide / "rubrics").chmod(0)
    try:
        assert check(guide)[1:] == [
            "rubrics/: cannot read this folder: permission denied; make it readable (for "
            "example chmod a+r rubrics) or run as a user who may read it",
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
    result = run_as_a_user("mkdocs", "build", "-d", str(tmp_path / "site"), cwd=guide)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/notes.md/inside/index.html").is_file()


# --- the PDF cache -------------------------------------------------------------------------


def test_a_cache_path_through_a_file_is_refused_by_check_and_build(guide_with_pdfs,
                                                                   tmp_path):
    guide = guide_with_pdfs
    (guide / ".cache").write_text("not a folder", encoding="utf-8")
    expected = ("mkdocs.yml:4:19: plugins[1].rubric-guide.cache_dir: the PDF cache "
                ".cache/rubric-guide/pdf runs through .cache, which is a file; move that file "
                "away, or set cache_dir to another folder")
    assert check(guide)[1:] == [expected]
    result = run_as_a_user("mkdocs", "build", "-d", str(tmp_path / "site"), cwd=guide)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr


def test_a_damaged_pdf_in_the_cache_is_rendered_again(guide_with_pdfs, tmp_path):
    guide = guide_with_pdfs
    site = tmp_path / "site"
    assert run_as_a_user("mkdocs", "build", "-d", str(site), cwd=guide).returncode == 0
    good = (site / "rubrics/teamwork/teamwork.pdf").read_bytes()
    [cached] = [p for p in (guide / ".cache/rubric-guide/pdf").glob("*.pdf")
                if p.read_bytes() == good]  # the sheet's, beside the book's
    cached.write_bytes(b"")  # a disk fault, or a copy cut short
    result = run_as_a_user("mkdocs", "build", "-d", str(site), cwd=guide)
    assert result.returncode == 0, result.stderr
    assert ("PDF sheets: 1 rendered, 0 reused from cache, 1 damaged in the cache rendered "
            "again") in result.stderr
    pdf = (site / "rubrics/teamwork/teamwork.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) == len(good)
    assert pdf in [p.read_bytes() for p in cached.parent.glob("*.pdf")]
    assert len(list(cached.parent.glob("*.pdf"))) == 2


# --- the published site is replaced only by a complete new one ------------------------------

FAULTY_BUILD = r"""
import errno, os, signal, sys, time
from mkdocs import utils
from mkdocs.__main__ import cli
from generator import build, publish

fault, count = sys.argv[1], 0


def kill():
    os.kill(os.getpid(), signal.SIGKILL)


def writing(write):
    def write_file(content, path):
        global count
        count += 1
        if count == 5:
            if fault == "kill-while-writing":
                kill()
            if fault == "disk-full":
                raise OSError(errno.ENOSPC, "No space left on device", path)
        write(content, path)
    return write_file


utils.write_file = writing(utils.write_file)
if fault == "kill-after-checks":
    prepare = build.GuideBuild.prepare
    build.GuideBuild.prepare = lambda self, *a, **k: (prepare(self, *a, **k), kill())
if fault == "kill-before-swap":
    publish.Publication.commit = lambda self, summary: kill()
if fault == "kill-between-renames":
    def no_exchange(a, b):
        raise OSError(errno.EINVAL, "not here")
    publish._exchange = no_exchange
    rename = os.rename
    def rename_then_kill(a, b):
        rename(a, b)
        kill()
    publish.os.rename = rename_then_kill
if fault == "slow":
    commit = publish.Publication.commit
    publish.Publication.commit = lambda self, summary: (time.sleep(3), commit(self, summary))[1]
sys.argv = ["mkdocs", "build", *sys.argv[2:]]
cli()
"""


def faulty_build(guide: Path, fault: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``guide`` meeting ``fault`` (see :data:`FAULTY_BUILD`)."""
    return subprocess.run([sys.executable, "-c", FAULTY_BUILD, fault, *args], cwd=guide,
                          capture_output=True, text=True, timeout=120, check=False)


def leftovers(guide: Path) -> list[str]:
    return sorted(p.name for p in guide.iterdir() if p.name.startswith(".site.")
                  and p.name != ".site.lock")


@pytest.fixture(scope="module")
def built_guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built once into its site/, which each test that needs it copies."""
    guide = write_files(tmp_path_factory.mktemp("built-guide"), NO_PDF_GUIDE)
    result = run_as_a_user("mkdocs", "build", cwd=guide)
    assert result.returncode == 0, result.stderr
    return guide


@pytest.fixture
def published(guide: Path, built_guide: Path) -> dict[str, bytes]:
    """The guide as it was published: the built guide's site/, copied."""
    shutil.copytree(built_guide / "site", guide / "site", symlinks=True)
    return snapshot(guide / "site")


@pytest.mark.parametrize("fault", ["kill-after-checks", "kill-while-writing",
                                   "kill-before-swap"])
def test_a_killed_build_leaves_the_published_site_as_it_was(guide, published, fault):
    (guide / "rubrics/teamwork.yml").write_text(
        MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("Teamwork", "Changed"), encoding="utf-8")
    result = faulty_build(guide, fault)
    assert result.returncode == -9, result.stderr
    assert snapshot(guide / "site") == published
    # The next build clears what the killed one left, and publishes the change.
    assert run_as_a_user("mkdocs", "build", cwd=guide).returncode == 0
    assert leftovers(guide) == []
    assert "Changed" in (guide / "site/rubrics/teamwork/index.html").read_text("utf-8")


def test_a_build_killed_between_moving_the_old_site_and_the_new_one_is_undone(guide, published):
    result = faulty_build(guide, "kill-between-renames")
    assert result.returncode == -9, result.stderr
    assert not (guide / "site").exists()  # moved aside, where the next build finds it
    # Even a next build that fails puts the previous site back first.
    (guide / "rubrics/teamwork.yml").write_text("title: [broken\n", encoding="utf-8")
    failed = run_as_a_user("mkdocs", "build", cwd=guide)
    assert failed.returncode == 1
    assert snapshot(guide / "site") == published
    assert leftovers(guide) == []


def test_a_full_disk_is_one_line_and_the_site_is_unchanged(guide, published):
    (guide / "rubrics/teamwork.yml").write_text(
        MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("Teamwork", "Changed"), encoding="utf-8")
    result = faulty_build(guide, "disk-full")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    error = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1, output
    assert re.fullmatch(r"Error: could not write site/\S+: the disk is full; free some space "
                        r"and try again; site/ is unchanged", error[0]), error[0]
    assert snapshot(guide / "site") == published
    assert leftovers(guide) == []


def test_a_strict_build_with_warnings_publishes_nothing(guide, published):
    (guide / "content/index.md").write_text("# Test guide\n\n[Gone](missing.md)\n", "utf-8")
    result = run_as_a_user("mkdocs", "build", "--strict", cwd=guide)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in result.stdout
    assert snapshot(guide / "site") == published
    assert leftovers(guide) == []


def test_an_output_folder_that_cannot_be_written_is_one_line(guide, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "site").mkdir()
    (locked / "site/index.html").write_text("the previous site", encoding="utf-8")
    (locked / "site" / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a site of ours
    locked.chmod(0o555)
    try:
        result = run_as_a_user("mkdocs", "build", "-d", str(locked / "site"), cwd=guide)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert [line for line in output.splitlines() if line.startswith("Error:")] == [
        "Error: could not prepare the new site in locked/site/: locked: permission denied; "
        "make it writable (for example chmod u+w locked) or run as a user who may write it; "
        "the site is unchanged",
    ]
    assert (locked / "site/index.html").read_text("utf-8") == "the previous site"


def test_two_builds_at_once_take_turns(guide, published):
    (guide / "rubrics/teamwork.yml").write_text(
        MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("Teamwork", "Changed"), encoding="utf-8")
    first = subprocess.Popen([sys.executable, "-c", FAULTY_BUILD, "slow"], cwd=guide,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not leftovers(guide) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the first build holds the site
    second = run_as_a_user("mkdocs", "build", cwd=guide)
    _, first_log = first.communicate(timeout=120)
    assert first.returncode == 0, first_log
    assert second.returncode == 0, second.stderr
    assert "Waiting for another build of site/ to finish (process" in second.stderr
    assert "Traceback" not in first_log + second.stderr
    assert "Changed" in (guide / "site/rubrics/teamwork/index.html").read_text("utf-8")
    assert leftovers(guide) == []


def test_an_unreadable_template_of_the_fork_is_named(guide):
    template = guide / "overrides/partials/rubric_card.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text("{{ rubric.title }}\n", encoding="utf-8")
    template.chmod(0)
    assert check(guide)[1:] == [
        "overrides/partials/rubric_card.html.j2:1:1: cannot read this file: permission denied; "
        "make it readable (for example chmod a+r overrides/partials/rubric_card.html.j2) or "
        "run as a user who may read it",
    ]
