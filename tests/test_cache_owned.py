"""The build's caches own only their entries: the PDF cache and the staged source Zensical
builds record what they wrote, and remove only that, beside any other files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.owned import MANIFEST_HEADER, Owned, sync
from generator.sheets import CACHE_MANIFEST, PdfRenderer

from .conftest import MINIMAL_GUIDE
from .sandbox import tree, write_files

OURS = "a" * 64 + "-" + "b" * 64 + ".pdf"
NEWER = "c" * 64 + "-" + "d" * 64 + ".pdf"
OTHER = "e" * 64 + "-" + "f" * 64 + ".pdf"
FOREIGN = {"report.pdf": "%PDF- someone's report\n", "x-y.pdf": "%PDF- another\n",
           "notes/.hidden.tmp": "theirs\n", f".{OURS}.tmp": "named like ours, no process\n"}


def test_the_pdf_cache_removes_only_the_pdfs_it_recorded(tmp_path):
    cache = write_files(tmp_path / "shared", FOREIGN)
    write_files(cache, {OURS: "%PDF- ours\n", NEWER: "%PDF- ours, newer\n",
                        CACHE_MANIFEST: f"{MANIFEST_HEADER}{OURS}\n{NEWER}\n"})
    renderer = PdfRenderer(cache)
    renderer.used.add(NEWER)
    renderer.prune()
    assert sorted(tree(cache)) == sorted([*FOREIGN, "notes", NEWER, CACHE_MANIFEST])
    assert (cache / CACHE_MANIFEST).read_text("utf-8") == f"{MANIFEST_HEADER}{NEWER}\n"


def test_a_file_named_like_the_manifest_that_is_not_ours_is_left_alone(tmp_path):
    cache = write_files(tmp_path / "shared", {CACHE_MANIFEST: f"{OURS}\n", OURS: "%PDF- x\n"})
    before = tree(cache)
    PdfRenderer(cache).prune()
    assert tree(cache) == before


def test_what_a_stopped_build_left_half_written_is_removed_once_its_process_is_gone(tmp_path):
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout.strip()
        # Named as builds name them now: the process's number and when it started. One with
        # the running process's number and another start is another process, long gone.
        started = (Path(f"/proc/{running.pid}/stat").read_text(encoding="ascii")
                   .rsplit(")", 1)[1].split()[19])
        writing = f".{NEWER}.{running.pid}.{started}.tmp"
        cache = write_files(tmp_path / "cache", {
            f".{OURS}.{gone}.tmp": "half\n", f".{NEWER}.{running.pid}.tmp": "being written\n",
            writing: "being written\n", f".{OTHER}.{running.pid}.{int(started) + 1}.tmp": "half\n"})
        PdfRenderer(cache).prune()
        assert sorted(os.listdir(cache)) == sorted([CACHE_MANIFEST, f".{NEWER}.{running.pid}.tmp",
                                                    writing])
    finally:
        running.kill()
        running.wait()


def test_a_staged_source_removes_only_the_files_it_wrote(tmp_path):
    folder = write_files(tmp_path / "staged/docs", {"theirs.md": "# Theirs\n"})
    sync(folder, {"index.md": "# Home\n", "rubrics/a/index.md": "# A\n"})
    sync(folder, {"index.md": "# Home again\n"})
    assert tree(folder) == {"index.md": tree(folder)["index.md"],
                            "theirs.md": tree(folder)["theirs.md"]}
    assert (folder / "index.md").read_text("utf-8") == "# Home again\n"
    manifest = tmp_path / "staged/.docs.rubric-guide-files"
    assert manifest.read_text("utf-8") == f"{MANIFEST_HEADER}index.md\n"


def test_a_manifest_line_never_reaches_outside_its_folder(tmp_path):
    outside = write_files(tmp_path, {"outside.txt": "keep\n"}) / "outside.txt"
    folder = tmp_path / "cache"
    folder.mkdir()
    manifest = folder / CACHE_MANIFEST
    manifest.write_text(f"{MANIFEST_HEADER}../outside.txt\n{outside}\n", encoding="utf-8")
    Owned(folder, manifest).keep_only(set())
    assert outside.read_text("utf-8") == "keep\n"


def test_a_cache_at_the_projects_parent_keeps_every_foreign_file(warm_python, tmp_path):
    shared = write_files(tmp_path, FOREIGN)
    guide = write_files(tmp_path / "guide", {**MINIMAL_GUIDE, "district.yml": "cache_dir: ..\n"})
    foreign = tree(shared, leave_out=("guide",))
    rubric = guide / "rubrics/teamwork.yml"

    def build() -> set[str]:
        result = warm_python.run("-m", "mkdocs", "build", cwd=guide, timeout=120)
        assert result.returncode == 0, result.stderr
        return {name for name in os.listdir(shared) if len(name) == len(OURS)}

    first = build()
    rubric.write_text(rubric.read_text("utf-8").replace("Teamwork", "Team work"), "utf-8")
    second = build()
    # The sheet and the book, both rendered again; the old PDFs are removed.
    assert len(first) == len(second) == 2 and not first & second
    assert tree(shared, leave_out=("guide", CACHE_MANIFEST, *second)) == foreign
    assert (shared / CACHE_MANIFEST).read_text("utf-8") == MANIFEST_HEADER + "".join(
        f"{name}\n" for name in sorted(second))

