"""No field of a guide can run script in a reader's browser or in a PDF reader.

The hostile guide of :mod:`tests.hostile` carries script payloads in every field a person
writes. It is built with MkDocs, read back as HTML, and visited page by page in Chromium:
scoring, checklists, the filled-in sheet, calibration with hostile member files, and search.
A payload that runs sets ``window.__xss``; a payload that opens a dialog is caught too.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from generator.guide import Guide
from generator.render import Renderer
from generator.safety import is_allowed_link

from .browser import as_file, download, member_export, new_page, page_data, serve
from .helpers import GuideBuild, WriteTree, mkdocs_build, pages, write_files
from .hostile import ACTIONS, MARKDOWN, SITE_NAME, TEXT, hostile_guide, pdf_names


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, warm_python) -> Path:
    root = write_files(tmp_path_factory.mktemp("hostile"), hostile_guide())
    site = root / "site"
    result = mkdocs_build(root, site, python=warm_python)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Any:
    with serve(hostile_site) as url:
        yield url


# --- the HTML as written -------------------------------------------------------------------

class _Dangers(HTMLParser):
    """Markup in a page that could run script: event handlers, script links, frames, and
    script elements holding a payload. (The sheet's style element holds the rubric title as
    a CSS string, escaped by ``css_string``; breaking out of it would show up here as markup.)"""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed", "frame", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            handler = name.startswith("on") or name == "srcdoc"
            link = name in ("href", "src", "action", "formaction", "xlink:href")
            if handler or (link and value and not is_allowed_link(value)):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and "__xss" in data:
            self.found.append(f"<{self.lasttag}>{data[:60]}")
        self.text.append(data)


def test_no_page_holds_markup_that_could_run_script(hostile_site):
    dangers = {}
    for address, path in pages(hostile_site).items():
        parser = _Dangers()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            dangers[address] = parser.found
    assert dangers == {}


def test_plain_text_fields_are_published_as_the_text_written(hostile_site):
    parser = _Dangers()
    parser.feed((hostile_site / "rubrics" / "hostile" / "index.html").read_text())
    text = "".join(parser.text)
    # The rubric title, a criterion title, a descriptor and a level label, exactly as written.
    for written in (TEXT, f"{TEXT} 1", f"{TEXT} low", f"Level 1: {TEXT} 1"):
        assert written in text
    assert "49" not in text.replace("2049", ""), "{{7*7}} is text, never evaluated"


# --- in Chromium ---------------------------------------------------------------------------

IMPORT_QUESTION = "Replace your answers on this page with the ones in "


@pytest.fixture
def page(browser):
    """A fresh profile per test that records dialogs (a payload calling alert would open one)."""
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        # The one question the page itself asks here, before an import replaces answers.
        if dialog.type == "confirm" and dialog.message.startswith(IMPORT_QUESTION):
            dialog.accept()
            return
        dialogs.append(dialog.message)
        dialog.dismiss()

    with new_page(browser, 1280, 900, accept_downloads=True) as page:
        page.on("dialog", dismiss)
        yield page
    assert dialogs == [], "a page opened a dialog"


def assert_no_script_ran(page: Any) -> None:
    page.wait_for_timeout(200)  # let image errors and SVG loads fire
    assert page.evaluate("window.__xss") is None, page.url


def test_every_page_of_the_hostile_guide_is_inert(watched_reading_page, hostile_site,
                                                  hostile_url):
    page = watched_reading_page
    page.set_viewport_size({"width": 1280, "height": 900})
    addresses = pages(hostile_site)
    assert len(addresses) >= 15
    for address in addresses:
        page.goto(hostile_url + address)
        assert_no_script_ran(page)


def test_scoring_importing_and_calibrating_stay_inert(page, hostile_url):
    page.goto(hostile_url + "rubrics/hostile/")
    for criterion in ("c1", "c2"):
        page.locator(f"#{criterion} ~ dl .rg-level").nth(2).click()
        page.locator(f"#{criterion} ~ .rg-evidence textarea").fill(TEXT)
    page.get_by_label("Your name (optional, shown in team calibration)").fill(TEXT)
    expect(page.locator("[data-rg-summary]")).to_contain_text("2 of 2 criteria scored.")
    expect(page.locator("[data-rg-results] tbody th").first).to_have_text(f"{TEXT} 1")
    exported = json.loads(download(page, "export-json"))
    assert exported["respondent"] == TEXT[:200]  # names are kept to 200 characters
    download(page, "export-csv")
    assert_no_script_ran(page)

    data = page_data(page)
    members = [member_export(data, name, {"c1": "high", "c2": "low"},
                             {"c1": TEXT, "c2": MARKDOWN}) for name in (TEXT, MARKDOWN)]
    page.locator("[data-rg-import]").set_input_files(files=[as_file(f"{TEXT}.json",
                                                                    members[0])])
    expect(page.locator("[data-rg-tool] [data-rg-notice]")).to_contain_text("Imported answers")
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file(f"{TEXT}-{n}.json", m) for n, m in enumerate(members)])
    notes = page.locator("[data-rg-calibration-view] .rg-member-notes li")
    expect(notes.first).to_have_text(f"{TEXT[:200]}: {TEXT}")
    assert page.locator("[data-rg-calibration-view] img, [data-rg-calibration-view] svg,"
                        " [data-rg-calibration-view] script").count() == 0
    assert_no_script_ran(page)

    page.evaluate("() => { window.print = () => {}; }")
    page.context.add_init_script("window.print = () => {};")
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url("**/sheet/#filled")
    expect(page.locator("tr[data-criterion='c1'] .rg-sheet__evidence")).to_have_text(TEXT)
    assert_no_script_ran(page)


@pytest.mark.parametrize("checklist", ["own", "included"])
def test_answering_a_hostile_checklist_stays_inert(page, hostile_url, checklist):
    page.goto(hostile_url + f"checklists/{checklist}/")
    items = page.locator("[data-rg-item]")
    for index in range(items.count()):
        items.nth(index).get_by_role("radio").last.check()
    expect(page.locator("[data-rg-summary]")).to_contain_text(
        f"{items.count()} of {items.count()} items answered.")
    download(page, "export-csv")
    assert_no_script_ran(page)


@pytest.mark.searches
def test_searching_the_hostile_guide_stays_inert(watched_reading_page, hostile_url):
    page = watched_reading_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(hostile_url)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("javascript")
    page.locator(".md-search-result__item").first.wait_for()
    assert_no_script_ran(page)


# --- Markdown fields -----------------------------------------------------------------------

def test_markdown_is_sanitized_even_when_validation_is_bypassed():
    md = Renderer(Guide())._helpers("index.md")["md"]
    html = str(md(
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) <a href='vbscript:x'>c</a> "
        "<a href='java&#9;script:x'>c2</a> <a href=' &#106;avascript:x'>c3</a> "
        "![d](data:image/svg+xml,x) <img src=x onerror=alert(1)> <b onclick=x>e</b> "
        "<script>alert(1)</script><style>*{}</style><iframe src=https://example.org></iframe> "
        "[ok](https://example.org/ \"t\") [rel](../principles.md#trust) [m](mailto:a@b.org) "
        "**strong** *em* `code`{: onclick=x }"))
    assert html == (
        '<p><a>a</a> <a>b</a> <a>c</a> <a>c2</a> <a>c3</a> <img alt="d"> <img src="x"> e  '
        '<a href="https://example.org/" title="t">ok</a> <a href="../principles.md#trust">rel</a> '
        '<a href="mailto:a@b.org">m</a> <strong>strong</strong> <em>em</em> <code>code</code></p>')


# --- the PDF sheet -------------------------------------------------------------------------


def test_the_pdf_sheet_has_no_actions_and_shows_the_payloads_as_text(write_tree: WriteTree):
    root = write_tree(hostile_guide(pdf=True))
    build = GuideBuild.from_mkdocs_yml(root / "mkdocs.yml")
    build.prepare()
    pdf = build.pdfs["rubrics/hostile/hostile.pdf"]
    reader = PdfReader(io.BytesIO(pdf))
    names = pdf_names(reader.trailer)
    assert not ACTIONS & set(names)
    assert not [n for n in names if n.lower().lstrip().startswith(("javascript:", "data:"))]
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    for written in (TEXT, f"{TEXT} low", SITE_NAME):
        assert re.sub(r"\s+", "", written) in text
