"""`mkdocs serve` while an edit breaks the content: every page answers at once with the list
of problems, in the guide's own look, and the browser reloads into the guide once the file is
fixed. No request waits for the fix."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from .helpers import MINIMAL_GUIDE, NO_PDF_GUIDE, Preview, WriteTree, get, wait_for

BROKEN = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("scale: three", "scale: thre")
PROBLEM = ("rubrics/teamwork.yml:3:8: scale: unknown scale 'thre'; did you mean 'three'?")


@pytest.fixture
def preview(write_tree: WriteTree) -> Iterator[Preview]:
    server = Preview(write_tree(NO_PDF_GUIDE))
    yield server
    server.stop()


def test_a_broken_edit_shows_its_problems_on_every_page_at_once(preview):
    preview.write("rubrics/teamwork.yml", BROKEN)
    wait_for(lambda: "cannot be built yet" in get(preview.url)[1])
    for path in ("", "rubrics/teamwork/", "rubrics/teamwork/sheet/", "sources/",
                 "reference/format/"):
        status, text, seconds = get(preview.url + path)
        assert status == 200, path
        assert seconds < 5, path
        assert PROBLEM.replace("'", "&#39;") in text, path
        assert 'class="md-header' in text, "the guide's own look"
    status, _, seconds = get(preview.url + "no-such-page/")
    assert status == 404 and seconds < 5
    preview.write("rubrics/teamwork.yml", MINIMAL_GUIDE["rubrics/teamwork.yml"])
    wait_for(lambda: "Meetings drive decisions" in get(preview.url + "rubrics/teamwork/")[1])
    output = preview.stop()
    assert f"ERROR   -  {PROBLEM}" in output
    assert "Traceback" not in output


def test_the_open_page_reloads_into_the_problems_and_back(preview, page: Page):
    page.goto(preview.url + "rubrics/teamwork/")
    expect(page.locator("h1")).to_have_text("Teamwork")
    preview.write("rubrics/teamwork.yml", BROKEN)
    expect(page.locator("h1")).to_have_text("The guide cannot be built yet", timeout=30_000)
    expect(page.locator(".rg-problems li")).to_have_text([PROBLEM])
    preview.write("rubrics/teamwork.yml", MINIMAL_GUIDE["rubrics/teamwork.yml"])
    expect(page.locator("h1")).to_have_text("Teamwork", timeout=30_000)


def test_a_preview_started_on_broken_content_serves_the_problems(write_tree):
    root = write_tree({**NO_PDF_GUIDE, "rubrics/teamwork.yml": BROKEN})
    server = Preview(root)
    try:
        for path in ("", "rubrics/teamwork/"):
            status, text, _ = get(server.url + path)
            assert status == 200 and "cannot be built yet" in text, path
        server.write("rubrics/teamwork.yml", MINIMAL_GUIDE["rubrics/teamwork.yml"])
        wait_for(lambda: "Meetings drive decisions" in get(server.url + "rubrics/teamwork/")[1])
    finally:
        server.stop()


def test_a_broken_marker_in_a_hand_written_page_is_among_the_problems(preview):
    preview.write("content/index.md", "# Test guide\n\n<!-- rubric-guide: no-such-block -->\n")
    wait_for(lambda: "cannot be built yet" in get(preview.url + "rubrics/teamwork/")[1])
    assert ("content/index.md:3:1: no generated block called &#39;no-such-block&#39;; the "
            "generator has: ") in get(preview.url)[1]


def test_a_preview_stopped_by_a_service_manager_leaves_no_copy_of_the_site(write_tree, tmp_path):
    # MkDocs serves the site from a folder it makes in the temporary folder, and removes it on
    # Ctrl+C. A service manager (SIGTERM) or a closed terminal (SIGHUP) must not leave it, a
    # whole copy of the site, behind on each restart.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Preview(write_tree(NO_PDF_GUIDE), env={"TMPDIR": str(temporary)})
    assert [folder.name[:7] for folder in temporary.iterdir()] == ["mkdocs_"]
    output = server.stop(signal.SIGTERM)
    assert not list(temporary.iterdir()), output
    assert "Stopped by SIGTERM" in output and "Traceback" not in output
    assert server.process.returncode == 0, output


def test_serve_reuses_the_pdfs_a_build_made(write_tree, tmp_path):
    root = write_tree(MINIMAL_GUIDE)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "s")],
                           cwd=root, capture_output=True, text=True, timeout=120, check=False)
    assert "PDF sheets: 1 rendered, 0 reused from cache" in built.stderr
    server = Preview(root)
    output = server.stop()
    assert "PDF sheets: 0 rendered, 1 reused from cache" in output
    rebuilt = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "s")],
                             cwd=root, capture_output=True, text=True, timeout=120, check=False)
    assert "PDF sheets: 0 rendered, 1 reused from cache" in rebuilt.stderr


def test_a_preview_of_a_translated_guide_says_it_shows_one_language(write_tree):
    root = write_tree({**NO_PDF_GUIDE, "district.yml": "translations: [es]\n"})
    server = Preview(root)
    status, text, _ = get(server.url + "rubrics/teamwork/")
    output = server.stop()
    assert ("The preview shows the guide in 'en' only, without the language switch; to see "
            "the translation, run `rubric-guide build` and open site/es/") in output
    # No switch leading to a /es/ the preview does not have.
    assert status == 200 and "Meetings drive decisions" in text and "hreflang" not in text
