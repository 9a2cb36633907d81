"""A preview keeps watching every folder it watches when the folder is deleted, moved away
and put back: delete `rubrics/`, restore it, edit a rubric, and the preview shows the edit,
with either engine. The guide makes no PDFs, which no test here reads."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from generator.zensical_site import Watcher

from .helpers import CLI, MINIMAL_GUIDE, NO_PDF_GUIDE, Preview, WriteTree, free_port, get, wait_for

RUBRIC = MINIMAL_GUIDE["rubrics/teamwork.yml"]
EDITED = RUBRIC.replace("Meetings drive decisions.", "Meetings decide together.")


def page_text(url: str) -> str:
    try:
        return get(url)[1]
    except OSError:
        return ""


def remove_and_restore(root: Path, url: str, *, moved: bool) -> None:
    """Take ``rubrics/`` away (deleted, or moved out of the guide), see the preview say so,
    put it back and edit the rubric: the preview shows the edit."""
    rubrics, away = root / "rubrics", root.parent / f"{root.name}-rubrics-away"
    if moved:
        rubrics.rename(away)
    else:
        shutil.copytree(rubrics, away)
        shutil.rmtree(rubrics)
    wait_for(lambda: "cannot be built yet" in page_text(url + "rubrics/teamwork/"), 60)
    assert "no folder rubrics/ for the rubrics" in page_text(url)
    away.rename(rubrics)
    wait_for(lambda: "Meetings drive decisions" in page_text(url + "rubrics/teamwork/"), 60)
    (rubrics / "teamwork.yml").write_text(EDITED, encoding="utf-8")
    wait_for(lambda: "Meetings decide together" in page_text(url + "rubrics/teamwork/"), 60)


def test_mkdocs_serve_follows_a_folder_deleted_restored_and_edited(write_tree: WriteTree):
    preview = Preview(write_tree(NO_PDF_GUIDE))
    try:
        remove_and_restore(preview.root, preview.url, moved=False)
        (preview.root / "rubrics/teamwork.yml").write_text(RUBRIC, encoding="utf-8")
        wait_for(lambda: "Meetings drive decisions" in page_text(
            preview.url + "rubrics/teamwork/"), 60)
        remove_and_restore(preview.root, preview.url, moved=True)
    finally:
        output = preview.stop()
    assert "Traceback" not in output


def test_the_open_page_follows_the_restored_folder(write_tree: WriteTree, page: Page):
    preview = Preview(write_tree(NO_PDF_GUIDE))
    try:
        page.goto(preview.url + "rubrics/teamwork/")
        expect(page.locator("h1")).to_have_text("Teamwork")
        rubrics = preview.root / "rubrics"
        rubrics.rename(preview.root / "rubrics-away")
        expect(page.locator("h1")).to_have_text("The guide cannot be built yet", timeout=30_000)
        (preview.root / "rubrics-away").rename(rubrics)
        expect(page.locator("h1")).to_have_text("Teamwork", timeout=30_000)
        (rubrics / "teamwork.yml").write_text(RUBRIC.replace("title: Teamwork",
                                                             "title: Teamwork again"), "utf-8")
        expect(page.locator("h1")).to_have_text("Teamwork again", timeout=30_000)
    finally:
        page.goto("about:blank")  # before the server stops, which the page would report
        preview.stop()


EDITORS_FILES = {".teamwork.yml.swp": "vim's swap file", "4913": "", "teamwork.yml~": RUBRIC,
                 "#teamwork.yml#": "Emacs's auto-save", "teamwork.yml___jb_tmp___": RUBRIC}
"""What editors write beside the file being edited while a person types."""


def edit_as_an_editor_does(folder: Path) -> None:
    """Write the files an editor writes while a person types in ``rubrics/teamwork.yml``, and
    an Emacs lock to nowhere; then, a while later, save the edit by moving a hidden copy into
    its place."""
    for name, text in EDITORS_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / ".#teamwork.yml").symlink_to("someone@host.1234:1")
    time.sleep(1)  # the preview rebuilds within a quarter of a second of a change
    (folder / ".teamwork.yml.saving").write_text(EDITED, encoding="utf-8")
    (folder / ".teamwork.yml.saving").replace(folder / "teamwork.yml")


def test_mkdocs_serve_passes_over_the_files_editors_write_beside_the_one_edited(
        write_tree: WriteTree):
    preview = Preview(write_tree(NO_PDF_GUIDE))
    try:
        edit_as_an_editor_does(preview.root / "rubrics")
        wait_for(lambda: "Meetings decide together" in page_text(
            preview.url + "rubrics/teamwork/"), 60)
    finally:
        output = preview.stop()
    assert output.count("Detected file changes") == 1, output


def test_the_zensical_preview_passes_over_the_files_editors_write(tmp_path: Path):
    restaged: list[float] = []
    (tmp_path / "teamwork.yml").write_text(RUBRIC, encoding="utf-8")
    watcher = Watcher([tmp_path], lambda: restaged.append(time.monotonic()))
    try:
        edit_as_an_editor_does(tmp_path)
        wait_for(lambda: restaged, 10)
        time.sleep(0.5)
    finally:
        watcher.stop()
    assert len(restaged) == 1


def test_zensical_restages_one_at_a_time_and_the_last_changes_last(tmp_path: Path):
    # An editor saving again while the preview restages: the restages never overlap (they
    # share the staged folder), and the changes saved meanwhile are restaged once it ends.
    running, most, calls = [0], [0], []
    lock = threading.Lock()

    def restage() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            calls.append(time.monotonic())
        time.sleep(0.3)
        with lock:
            running[0] -= 1

    watcher = Watcher([tmp_path], restage)
    try:
        first = threading.Thread(target=watcher._run)
        first.start()
        time.sleep(0.05)
        for _ in range(3):  # three saves while the first restage runs
            watcher._run()
        first.join(timeout=10)
    finally:
        watcher.stop()
    assert most[0] == 1
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.3


def test_the_zensical_preview_leaves_its_problem_page_once_fixed(write_tree: WriteTree):
    root = write_tree(NO_PDF_GUIDE)
    url = f"http://127.0.0.1:{free_port()}/"
    server = subprocess.Popen([*CLI, "serve", "--engine", "zensical", "-a",
                               url.removeprefix("http://").rstrip("/")],
                              cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        wait_for(lambda: "Meetings drive decisions" in page_text(url + "rubrics/teamwork/"), 60)
        remove_and_restore(root, url, moved=False)
        # Broken, then moved away and back while broken: fixed, the problem page goes.
        rubric = root / "rubrics/teamwork.yml"
        rubric.write_text(RUBRIC.replace("scale: three", "scale: thre"), encoding="utf-8")
        wait_for(lambda: "unknown scale" in page_text(url + "rubrics/teamwork/"), 60)
        (root / "rubrics").rename(root / "rubrics-away")
        wait_for(lambda: "no folder rubrics/" in page_text(url + "rubrics/teamwork/"), 60)
        (root / "rubrics-away").rename(root / "rubrics")
        wait_for(lambda: "unknown scale" in page_text(url + "rubrics/teamwork/"), 60)
        rubric.write_text(EDITED, encoding="utf-8")
        wait_for(lambda: "Meetings decide together" in page_text(url + "rubrics/teamwork/"), 60)
        assert "cannot be built yet" not in page_text(url)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output
