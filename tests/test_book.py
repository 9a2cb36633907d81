"""The whole guide as one book, ``guide.pdf``, read as a district lead would read it: its cover,
contents with page numbers, every descriptor of every rubric on landscape pages, bookmarks,
links that land (contents → sections, citations → sources), tags and language for screen
readers; downloaded from the home page on both engines, the same bytes on each."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from generator.book import book_document
from generator.kinds import BOOK_PDF

from .helpers import (
    INDEX_MD,
    MINIMAL_GUIDE,
    ROOT,
    SYNTAX_MD,
    GuideBuild,
    Project,
    configured,
    prepared,
    with_options,
)

DOWNLOAD = "Download the whole guide (PDF)"


@pytest.fixture(scope="module")
def seed_book(built_site: tuple[Path, str]) -> bytes:
    site, _ = built_site
    return (site / BOOK_PDF).read_bytes()


@pytest.fixture(scope="module")
def reader(seed_book: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(seed_book))


@pytest.fixture(scope="module")
def pages_text(seed_book: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(seed_book)) as document:
        return [page.extract_text() or "" for page in document.pages]


def squeezed(text: str) -> str:
    """Text without whitespace: a descriptor wraps differently in each cell it is printed in."""
    return re.sub(r"\s+", "", text)


def outline(reader: PdfReader, items: list[Any] | None = None) -> list[Any]:
    """The bookmarks as (title, page number, [children])."""
    found: list[Any] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            title, page, _ = found[-1]
            found[-1] = (title, page, outline(reader, item))
        else:
            found.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return found


def internal_links(reader: PdfReader) -> list[tuple[int, tuple[float, ...], int]]:
    """Every link inside the book: the page it is on, its rectangle, the page it leads to."""
    named = reader.named_destinations
    links = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            target = annotation.get("/Dest") or (action.get("/D") if action else None)
            if target is None:
                continue
            if not isinstance(target, ArrayObject):
                target = named[str(target)]
            links.append((number, tuple(float(x) for x in annotation["/Rect"]),
                          reader.get_destination_page_number(target) + 1))
    return links


def text_in(document: Any, number: int, rect: tuple[float, ...], *, line: bool = False) -> str:
    """The text under a link's rectangle (PDF coordinates, from the bottom), or on its whole
    ``line``."""
    page = document.pages[number - 1]
    x0, x1 = (0, page.width) if line else sorted(rect[0::2])
    bottom, top = sorted(rect[1::2])
    if x0 == x1 or bottom == top:  # the empty part of a link broken at the end of a line
        return ""
    return page.crop((x0, page.height - top, x1, page.height - bottom)).extract_text() or ""


# --- The seed guide's book ----------------------------------------------------------------------

def test_the_cover_names_the_guide_and_its_edition(pages_text):
    *title, edition = pages_text[0].splitlines()
    assert " ".join(title) == "Collaborative Accountability Rubric Guide"
    assert re.fullmatch(r"Edition: \d{4}-\d\d-\d\d", edition)


def test_every_descriptor_of_every_rubric_is_printed_on_landscape_pages(seed_book):
    guide = prepared(ROOT).guide
    with pdfplumber.open(io.BytesIO(seed_book)) as document:
        landscape = [page for page in document.pages if page.width > page.height]
        cells = squeezed(" ".join(cell or "" for page in landscape
                                  for table in page.extract_tables()
                                  for row in table for cell in row))
        portrait = squeezed(" ".join(page.extract_text() or "" for page in document.pages
                                     if page.width < page.height))
    descriptors = [text for rubric in guide.rubrics.values()
                   for criterion in rubric.value.criteria for text in criterion.levels.values()]
    assert len(descriptors) == 5 * 4 + 5 * 7  # the seed's two rubrics
    assert [d for d in descriptors if squeezed(d) not in cells] == []
    assert [d for d in descriptors if squeezed(d) in portrait] == []


def test_the_bookmarks_are_the_guide_s_parts_and_chapters(reader):
    marks = outline(reader)
    assert [title for title, _, _ in marks] == [
        "Contents",
        "Building Structures for Collaborative Accountability",
        "Framework for Building Structures for Collaborative Accountability",
        "Foundational Principles",
        "Rubrics",
        "Standards",
        "Checklists",
        "Establishing a Culture of Collaboration and Shared Accountability",
        "Key System Features",
        "The Blueprint’s Foundation: Collective Responsibility",  # noqa: RUF001 - as the seed writes it
        "Sources",
    ]
    rubrics = dict((title, (page, children)) for title, page, children in marks)["Rubrics"][1]
    assert [title for title, _, _ in rubrics] == ["Strengthening Collaboration Structures",
                                                  "District Collective Accountability"]
    for _, page, _ in rubrics:
        box = reader.pages[page - 1].mediabox
        assert box.width > box.height


def test_the_contents_lead_to_the_pages_they_print(seed_book, reader):
    links = internal_links(reader)
    with pdfplumber.open(io.BytesIO(seed_book)) as document:
        contents = {(number, text_in(document, number, rect, line=True), target)
                    for number, rect, target in links if number in (2, 3)}
    assert len(contents) == 42  # the parts, and the chapters of each
    for _, line, target in contents:
        printed = re.search(r"p\. (\d+)$", line.strip())
        assert printed is not None, line
        assert int(printed.group(1)) == target, line


def test_citations_lead_to_the_sources(seed_book, reader, pages_text):
    sources_page = next(n for n, text in enumerate(pages_text, start=1)
                        if text.startswith("Sources\n"))
    with pdfplumber.open(io.BytesIO(seed_book)) as document:
        citations = [(text_in(document, number, rect), target)
                     for number, rect, target in internal_links(reader)
                     if number > 3 and text_in(document, number, rect).startswith("(")
                     # not the "(p. 11)" of a "Written at" link broken across two lines
                     and not text_in(document, number, rect).startswith("(p. ")]
    assert len(citations) >= 6
    assert {target for _, target in citations} <= {sources_page, sources_page + 1}


def test_every_link_inside_the_book_lands_on_a_page(reader):
    assert all(1 <= target <= len(reader.pages) for _, _, target in internal_links(reader))


def test_the_book_is_tagged_pdf_ua_in_the_guide_s_language(reader):
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    tags = structure_tags(root["/StructTreeRoot"].get_object())
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Link"} <= tags
    assert reader.metadata is not None
    assert reader.metadata.title == "Collaborative Accountability Rubric Guide"


def structure_tags(node: DictionaryObject) -> set[str]:
    found = {str(node["/S"])} if "/S" in node else set()
    kids = node.get("/K")
    kids = kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []
    for kid in kids:
        kid = kid.get_object()
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            found |= structure_tags(kid)
    return found


def test_the_pages_look_as_they_should(seed_book, reader, tmp_path):
    """The cover, a page of contents, a rubric's first page and the sources as images, for a
    person to look at (kept in the test's folder); each is a page with ink on it, the rubric's
    on its side."""
    (tmp_path / "guide.pdf").write_bytes(seed_book)
    marks = dict((title, page) for title, page, _ in outline(reader))
    for name, page in {"cover": 1, "contents": 2, "rubric": marks["Rubrics"],
                       "sources": marks["Sources"]}.items():
        subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", "-f", str(page), "-l",
                        str(page), str(tmp_path / "guide.pdf"), str(tmp_path / name)],
                       check=True, timeout=60)
        with Image.open(tmp_path / f"{name}.png") as image:
            width, height = image.size
            assert (width > height) == (name == "rubric"), name
            darkest, _ = image.convert("L").getextrema()
            assert darkest < 80, f"{name}: a blank page"


# --- Both engines, the home page ---------------------------------------------------------------

def test_both_engines_publish_the_same_book(seed_book, zensical_build):
    site, _ = zensical_build
    assert (site / BOOK_PDF).read_bytes() == seed_book


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_home_page_downloads_the_book(page: Page, engine, site_url, zensical_url,
                                          seed_book):
    page.goto(site_url if engine == "mkdocs" else zensical_url)
    link = page.get_by_role("link", name=DOWNLOAD)
    expect(link).to_be_visible()
    # Before the guide's first section, where a reader starting at the top meets it.
    assert link.evaluate("a => !!(a.compareDocumentPosition(document.querySelector('h2'))"
                         " & Node.DOCUMENT_POSITION_FOLLOWING)")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == BOOK_PDF
    assert Path(download.value.path()).read_bytes() == seed_book


# --- Small guides: switched off, hidden content, language, the cache ---------------------------

def test_no_book_and_no_link_with_pdf_off(write_tree):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": with_options("pdf: false")})
    build = configured(root)
    assert build.pdf_paths == []
    assert DOWNLOAD not in build.transform(INDEX_MD, "index.md")


def test_the_home_page_can_place_the_link_itself(write_tree):
    home = "# Test guide\n\nRead on paper:\n\n<!-- rubric-guide: book-link -->\n\n## More\n"
    build = prepared(write_tree(MINIMAL_GUIDE))
    assert build.pdf_paths == ["rubrics/teamwork/teamwork.pdf", BOOK_PDF]
    filled = build.transform(home, "index.md")
    assert filled.count(DOWNLOAD) == 1
    assert filled.index("Read on paper") < filled.index(DOWNLOAD) < filled.index("## More")


def test_hidden_content_stays_out_of_the_book(write_tree):
    root = write_tree({**MINIMAL_GUIDE,
                       "rubrics/secret.yml": rubric_titled("Secret plans"),
                       "district.yml": "hide: [principles, rubrics/secret]\n"})
    build = configured(root)
    assert build.renderer is not None
    document = book_document(build.renderer, build.guide.pages["index.md"])
    assert "Teamwork" in document
    assert "Secret plans" not in document
    assert "Trust" not in document and "People rely on each other" not in document


def test_every_citation_in_the_book_leads_to_its_source(write_tree):
    rubric = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "    levels:\n", "    description: Said before [@doe-2020, p. 3].\n    levels:\n")
    root = write_tree({**MINIMAL_GUIDE, "rubrics/teamwork.yml": rubric})
    build = configured(root)
    assert build.renderer is not None
    document = book_document(build.renderer, build.guide.pages["index.md"])
    cites = re.findall(r'<a class="rg-cite" href="#([^"]*)">\(([^)]*)\)</a>', document)
    # The home page's, the rubric's summary's, its sources' and its criterion's, each leading
    # to the source's entry.
    assert cites == [("sources--doe-2020", "Doe, 2020")] * 3 + [
        ("sources--doe-2020", "Doe, 2020, p. 3")]
    assert 'id="sources--doe-2020"' in document


def test_links_to_hidden_content_are_their_words_in_the_book(write_tree):
    framework = ("title: Framework\nphases:\n  - id: principles\n    title: Our principles\n"
                 "    link: principles.md\n")
    home = "# Test guide\n\nRead [the principles](principles.md#trust) first.\n"
    root = write_tree({**MINIMAL_GUIDE, "content/framework.yml": framework,
                       "content/index.md": home, "district.yml": "hide: [principles]\n"})
    build = configured(root)
    assert build.renderer is not None
    document = book_document(build.renderer, build.guide.pages["index.md"])
    assert "Read the principles first." in document
    assert "<p>Our principles</p>" in document
    ids = set(re.findall(r'\bid="([^"]*)"', document))
    assert set(re.findall(r'href="#([^"]*)"', document)) <= ids


def rubric_titled(title: str) -> str:
    return MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("title: Teamwork", f"title: {title}")


def test_a_spanish_guide_has_a_spanish_book(write_tree, tmp_path):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MINIMAL_GUIDE["mkdocs.yml"].replace(
        "theme: {name: material, font: false}", "theme: {name: material, language: es}")})
    build = configured(root, render_pdfs=True)
    pdf = PdfReader(io.BytesIO(build.pdfs[BOOK_PDF]))
    assert pdf.trailer["/Root"]["/Lang"] == "es"
    assert [item.title for item in pdf.outline if not isinstance(item, list)][:2] == [
        "Contenido", "Test guide"]
    assert "Descargar la guía completa (PDF)" in build.transform(INDEX_MD, "index.md")


def test_the_book_is_cached_by_its_document(write_tree, tmp_path, caplog):
    root = write_tree(MINIMAL_GUIDE)
    cache = tmp_path / "cache"
    caplog.set_level("INFO", logger="mkdocs.plugins.rubric-guide")
    first = prepared(root, render_pdfs=True, cache_dir=cache).pdfs[BOOK_PDF]
    assert "The whole guide as one PDF, guide.pdf: rendered" in caplog.messages
    caplog.clear()
    again = prepared(root, render_pdfs=True, cache_dir=cache).pdfs[BOOK_PDF]
    assert again == first
    assert "The whole guide as one PDF, guide.pdf: reused from cache" in caplog.messages
    recorded = (cache / ".rubric-guide-files").read_text(encoding="utf-8").splitlines()[1:]
    assert len(recorded) == 2  # the sheet and the book
    # An edit anywhere in the guide is a new book; the old one leaves the cache.
    (root / "content/principles.yml").write_text(
        MINIMAL_GUIDE["content/principles.yml"].replace("rely on", "count on"), "utf-8")
    caplog.clear()
    edited = prepared(root, render_pdfs=True, cache_dir=cache).pdfs[BOOK_PDF]
    assert "The whole guide as one PDF, guide.pdf: rendered" in caplog.messages
    assert "PDF sheets: 0 rendered, 1 reused from cache" in caplog.messages
    assert edited != first
    assert len(list(cache.glob("*.pdf"))) == 2


def test_a_preview_leaves_the_book_out_and_says_so(write_tree, tmp_path, caplog):
    root = write_tree(MINIMAL_GUIDE)
    cache = tmp_path / "cache"
    caplog.set_level("INFO", logger="mkdocs.plugins.rubric-guide")
    prepared(root, render_pdfs=True, cache_dir=cache)
    preview = GuideBuild(Project.at(root), cache_dir=cache)
    preview.prepare(preview_of={})
    assert list(preview.pdfs) == preview.pdf_paths == ["rubrics/teamwork/teamwork.pdf"]
    assert DOWNLOAD not in preview.transform(INDEX_MD, "index.md")
    assert ("The preview leaves out the whole guide as one PDF (guide.pdf) and the home "
            "page's link to it, so that an edit shows at once; `rubric-guide build` makes it"
            ) in caplog.messages
    # The book the last build made stays in the cache for the next.
    caplog.clear()
    prepared(root, render_pdfs=True, cache_dir=cache)
    assert "The whole guide as one PDF, guide.pdf: reused from cache" in caplog.messages


def test_a_citation_shown_as_code_on_the_home_page_stays_as_written_in_the_book(write_tree):
    build = configured(write_tree({**MINIMAL_GUIDE, "content/index.md": SYNTAX_MD}))
    assert build.renderer is not None
    document = book_document(build.renderer, build.guide.pages["index.md"])
    for example in ("<code>[@doe-2020]</code>", "<code>[@source-id, p. 12]</code>",
                    "Teams matter [@nobody-2001].", "[@nobody-2003]",
                    "<code>[@nobody-2004]</code>",
                    "<code>&lt;!-- rubric-guide: framework-overview --&gt;</code>"):
        assert example in document
    introduction = document[:document.index("[@nobody-2004]")]
    assert re.findall(r'<a class="rg-cite" href="#[^"]*">\(([^)]*)\)</a>', introduction) == [
        "Doe, 2020"]
