"""Printed scoring sheets and their PDFs, checked on paper: page size, orientation, page count,
repeated header, whole rows, type size, and the PDF's accessibility structure.

Every sheet is checked twice, from the same template and stylesheet: printed by Chromium from
the site's sheet page, and rendered by WeasyPrint into the PDF the rubric page links to.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from generator.compiled import TEMPLATES_CACHE
from generator.guide import Rubric
from generator.output import CACHE_ROOT
from generator.pdfs import render as render_pdfs
from generator.sheets import SheetSettings

from .browser import LONG_TODAY, score_the_rubric
from .helpers import (
    MINIMAL_GUIDE,
    ROOT,
    GuideBuild,
    Project,
    configured,
    load_guide,
    mkdocs_build,
    write_files,
)

GUIDE = load_guide(Project.at(ROOT))

# Landscape paper in PostScript points.
PAPER = {"letter": (792.0, 612.0), "a4": (841.89, 595.28)}

# The most pages each seed sheet may take; both fit on one sheet of either paper.
PAGE_TARGETS = {"collaboration-structures": 1, "district-collective-accountability": 1}
PAGE_LIMITS = {"collaboration-structures": 1, "district-collective-accountability": 1}

MM = 72 / 25.4
"""PostScript points in a millimetre."""

# Room to write on each sheet: the smallest Evidence / Notes cell, width and height in mm
# (34 by 26 with seven levels before they grew).
EVIDENCE_CELLS = {"collaboration-structures": (50, 26.5),
                  "district-collective-accountability": (38, 26)}

SHEETS = [(rubric, paper) for rubric in PAGE_TARGETS for paper in PAPER]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass
class PrintedSheet:
    """A printed sheet read back: page sizes, each page's words and the smallest type."""

    sizes: list[tuple[float, float]]
    page_words: list[set[str]]
    smallest_type: float

    @classmethod
    def read(cls, pdf: bytes) -> PrintedSheet:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            sizes = [(float(p.width), float(p.height)) for p in document.pages]
            page_words = [words(p.extract_text() or "") for p in document.pages]
            smallest = min(char["size"] for p in document.pages for char in p.chars
                           if char["text"].strip())
        return cls(sizes, page_words, smallest)


def assert_prints_well(pdf: bytes, rubric: Rubric, paper: str) -> int:
    """Every check a printed sheet must pass; returns its page count."""
    sheet = PrintedSheet.read(pdf)
    width, height = PAPER[paper]
    for size in sheet.sizes:
        assert size == pytest.approx((width, height), abs=1.5), f"not {paper} landscape: {size}"
    assert len(sheet.sizes) <= PAGE_LIMITS[rubric.id]
    assert sheet.smallest_type >= 8 - 0.05, f"type as small as {sheet.smallest_type:.2f} pt"

    labels = [f"Level {n}: {level.label}" for n, level in
              enumerate(rubric.refs["scale"].levels, start=1)]
    header = words(" ".join(["Criteria", "Evidence / Notes", *labels]))
    rows = {c.id: words(" ".join([c.title, *c.levels.values()])) for c in rubric.criteria}
    for number, page_words in enumerate(sheet.page_words, start=1):
        assert header <= page_words, f"page {number} lacks the column headings"
        assert "page" in page_words and str(len(sheet.sizes)) in page_words
    for criterion_id, row in rows.items():
        others = set().union(*(r for cid, r in rows.items() if cid != criterion_id))
        own = row - others - header
        pages = [n for n, page_words in enumerate(sheet.page_words) if own & page_words]
        assert len(pages) == 1, f"row {criterion_id} is split over pages {pages}"
        missing = own - sheet.page_words[pages[0]]
        assert not missing, f"row {criterion_id}: words cut or broken on paper: {missing}"
    return len(sheet.sizes)


# --- The PDFs, rendered by WeasyPrint ---------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Each seed rubric's PDF on each paper size, rendered as the build renders them (the
    book, which tests/test_book.py reads from the built guide, is not rendered again)."""
    rendered = {}
    for paper in PAPER:
        name = "Collaborative Accountability Rubric Guide"
        build = GuideBuild(Project.at(ROOT), overrides_dir=ROOT / "overrides", site_name=name,
                           sheet=SheetSettings(guide=name, edition="2026-11-23", paper=paper),
                           cache_dir=tmp_path_factory.mktemp(f"pdf-{paper}"))
        build.prepare(render_pdfs=False)
        assert build.renderer is not None and build.cache_dir is not None
        rendered[paper] = render_pdfs({
            rubric.paths.pdf: build.renderer.sheet_document(rubric)
            for rubric in build.guide.rubrics.values()}, build.cache_dir)
    return rendered


@pytest.mark.parametrize(("rubric_id", "paper"), SHEETS)
def test_pdf_sheet_prints_on_landscape_paper(pdfs, rubric_id, paper):
    pdf = pdfs[paper][f"rubrics/{rubric_id}/{rubric_id}.pdf"]
    pages = assert_prints_well(pdf, GUIDE.rubrics[rubric_id], paper)
    print(f"PDF {rubric_id} on {paper}: {pages} page(s)")
    assert pages == PAGE_TARGETS[rubric_id]


@pytest.mark.parametrize(("rubric_id", "paper"), SHEETS)
def test_pdf_sheet_leaves_room_to_write(pdfs, rubric_id, paper):
    pdf = pdfs[paper][f"rubrics/{rubric_id}/{rubric_id}.pdf"]
    rubric = GUIDE.rubrics[rubric_id]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        boxes = [r for r in page.rects if 4 * MM <= r["width"] <= 5 * MM
                 and abs(r["width"] - r["height"]) < 0.5]
        lines = [e for e in page.edges if e["orientation"] == "h" and e["top"] < 45 * MM]
        words_on_page = page.extract_words()
    # A box of at least 4 mm to tick for every level of every criterion.
    assert len(boxes) == len(rubric.criteria) * len(rubric.refs["scale"].levels)
    # Participants get two lines: two rules under their label, beside the others' one.
    label = next(w for w in words_on_page if w["text"] == "Participants:")
    tops = sorted(e["top"] for e in lines if e["x0"] <= label["x0"] + 1
                  and e["x1"] > label["x1"] + 30 * MM and e["top"] > label["bottom"])
    # A rule drawn as a thin rectangle has two edges a fraction of a point apart.
    under = [top for n, top in enumerate(tops) if n == 0 or top - tops[n - 1] > 2]
    assert len(under) == 2 and under[1] - under[0] >= 5 * MM, tops


SHEET_WIDTH = round((11 - 2 * 10 / 25.4) * 96)
"""Letter landscape at 96 px per inch, less the sheet's 10 mm side margins."""


@pytest.mark.parametrize("rubric_id", list(PAGE_TARGETS))
def test_sheet_evidence_cells_and_tick_boxes_are_large_enough(read_page, site_url, rubric_id):
    page = read_page(SHEET_WIDTH, 700)
    page.emulate_media(media="print")
    page.goto(f"{site_url}rubrics/{rubric_id}/sheet/")
    px = 96 / 25.4
    size = "els => els.map(e => [e.getBoundingClientRect().width, e.offsetHeight])"
    cells = page.eval_on_selector_all(".rg-sheet__evidence", size)
    boxes = page.eval_on_selector_all(".rg-sheet__box", size)
    width, height = EVIDENCE_CELLS[rubric_id]
    assert min(w for w, _ in cells) / px >= width and min(h for _, h in cells) / px >= height
    assert min(min(box) for box in boxes) / px >= 4


@pytest.mark.parametrize("rubric_id", list(PAGE_TARGETS))
def test_pdf_is_tagged_titled_and_has_table_headers(pdfs, rubric_id):
    reader = PdfReader(io.BytesIO(pdfs["letter"][f"rubrics/{rubric_id}/{rubric_id}.pdf"]))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None
    assert reader.metadata.title == f"{GUIDE.rubrics[rubric_id].title} — scoring sheet"

    tags: dict[str, int] = {}

    def walk(node: object) -> None:
        node = node.get_object()  # type: ignore[attr-defined]
        if not hasattr(node, "get"):
            return
        if node.get("/S"):
            tags[node["/S"]] = tags.get(node["/S"], 0) + 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(catalog["/StructTreeRoot"])
    rubric = GUIDE.rubrics[rubric_id]
    columns = 1 + len(rubric.refs["scale"].levels) + 1
    # Column headings, the score row's heading and one heading per criterion.
    assert tags["/TH"] == columns + 1 + len(rubric.criteria)
    assert tags["/Table"] == 1 and tags["/THead"] == 1 and tags["/H1"] == 1


# --- The sheet page, printed by Chromium --------------------------------------------------------


@pytest.mark.parametrize("rubric_id", list(PAGE_TARGETS))
def test_sheet_page_prints_from_the_browser(read_page, site_url, rubric_id):
    # The page opened once is printed on each paper.
    page = read_page(1280, 720)
    page.goto(f"{site_url}rubrics/{rubric_id}/sheet/")
    for paper in PAPER:
        pdf = page.pdf(format=paper.capitalize() if paper == "letter" else "A4",
                       prefer_css_page_size=True, print_background=True)
        pages = assert_prints_well(pdf, GUIDE.rubrics[rubric_id], paper)
        print(f"Chromium {rubric_id} on {paper}: {pages} page(s)")
        assert pages == PAGE_TARGETS[rubric_id]


@pytest.mark.parametrize("rubric_id", list(PAGE_TARGETS))
def test_no_sheet_cell_is_wider_than_the_page(read_page, site_url, rubric_id):
    page = read_page(SHEET_WIDTH, 700)
    page.emulate_media(media="print")
    page.goto(f"{site_url}rubrics/{rubric_id}/sheet/")
    overflowing = page.evaluate("""() => {
        const limit = document.documentElement.clientWidth + 1;
        return [...document.querySelectorAll('.rg-sheet th, .rg-sheet td, .rg-sheet__field')]
          .filter(cell => cell.getBoundingClientRect().right > limit
                          || cell.scrollWidth > cell.clientWidth + 1)
          .map(cell => cell.textContent.trim().slice(0, 40));
    }""")
    assert overflowing == []


SHEET_INSTRUCTION = ("Blank scoring sheet to print: choose “Print blank sheet” on this "
                     "rubric's page in the guide.")
"""Where a printed rubric page says its blank sheet is, on a guide without a published address
(the seed's, unless SITE_URL is set)."""


# The most pages Ctrl+P on a rubric's own page may take (Letter or A4, landscape); both seed
# rubrics print on one.
RUBRIC_PAGE_LIMITS = {"collaboration-structures": 1, "district-collective-accountability": 1}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rubric_id", list(RUBRIC_PAGE_LIMITS))
def test_rubric_page_prints_compactly_on_landscape_paper(read_page, site_url, rubric_id, scheme):
    # As a person prints: the scoring tools running, in their colour scheme, with Ctrl+P.
    page = read_page(1366, 900, color_scheme=scheme)
    page.goto(f"{site_url}rubrics/{rubric_id}/")
    page.locator(".rg-rubric--scoring").wait_for()
    # Part way down the matrix, where the level headings stick to the top of the window.
    page.locator("#feedback-and-support").evaluate("h => h.scrollIntoView()")
    page.emulate_media(media="print", color_scheme=scheme)
    # Note boxes print without a resize grip, and grow to show a long note whole.
    assert page.eval_on_selector_all(
        ".rg-notes", "boxes => boxes.map(b => getComputedStyle(b).resize)") == ["none"] * 5
    for paper in ["Letter", "A4"]:  # the page opened once is printed on each paper
        assert_prints_compactly(page.pdf(format=paper, prefer_css_page_size=True,
                                         print_background=True), rubric_id, paper, scheme)


def assert_prints_compactly(pdf: bytes, rubric_id: str, paper: str, scheme: str) -> None:
    """Ctrl+P on a rubric's page fits the paper: no more pages than it may take, the paper's
    size, nothing in the right margin, every criterion's words, and white margins."""
    rubric = GUIDE.rubrics[rubric_id]
    width, height = PAPER[paper.lower()]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        sizes = [(float(p.width), float(p.height)) for p in document.pages]
        printed = words(" ".join(p.extract_text() or "" for p in document.pages))
        rightmost = max(char["x1"] for p in document.pages for char in p.chars)
        # A dark scheme prints on white paper: no dark frame in the margins.
        corner = document.pages[0].crop((0, 0, 20, 20)).to_image(resolution=36).original
    print(f"Ctrl+P {rubric_id} on {paper}, {scheme}: {len(sizes)} page(s)")
    assert len(sizes) <= RUBRIC_PAGE_LIMITS[rubric_id]
    for size in sizes:
        assert size == pytest.approx((width, height), abs=1.5), f"not {paper} landscape: {size}"
    # Nothing runs into the right margin of the paper (10 mm, less a point of rounding).
    assert rightmost <= width - 10 / 25.4 * 72 + 1
    for criterion in rubric.criteria:
        assert words(" ".join([criterion.title, *criterion.levels.values()])) <= printed
    assert words(SHEET_INSTRUCTION) <= printed
    assert corner.convert("L").getextrema()[0] > 240, "the paper's margin is not white"


@pytest.mark.parametrize("path", [
    "rubrics/district-collective-accountability/", "principles/",
    "standards/collaboration-and-shared-accountability/", "", "checklists/evidence-of-practice/",
    "strategies/", "evidence-of-practice/", "key-system-features/", "sources/",
])
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_ordinary_pages_print_without_clipping(read_page, site_url, path, paper):
    # A window as wide as the portrait paper, so the page lays out as it prints.
    width = {"Letter": 816, "A4": 794}[paper]
    page = read_page(width, 1000)
    page.goto(site_url + path)
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, print_background=True)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        printed = " ".join(p.extract_text() or "" for p in document.pages)
        width = float(document.pages[0].width)
        # Nothing is drawn beyond the right edge of the paper.
        assert all(char["x1"] <= width for p in document.pages for char in p.chars)
    article = page.locator("article").inner_text()
    # Every word of the page's text reaches the paper (scroll boxes would clip some).
    assert words(article) <= words(printed)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_scored_rubric_page_prints_who_answered_when_and_the_total(page, request, engine):
    url = request.getfixturevalue("site_url" if engine == "mkdocs" else "zensical_url")
    page.goto(url + "rubrics/district-collective-accountability/")
    page.locator(".rg-rubric--scoring").wait_for()
    page.emulate_media(media="print")
    unanswered = " ".join(printed_text(page.pdf(format="Letter", prefer_css_page_size=True)))
    assert "Name:" not in unanswered and "Total score" not in unanswered
    page.emulate_media(media="screen")
    score_the_rubric(page)  # Level 3 and Level 1, as Ana
    page.emulate_media(media="print")
    pages = printed_text(page.pdf(format="Letter", prefer_css_page_size=True))
    assert len(pages) == 1
    today = page.evaluate(LONG_TODAY)
    assert f"Name: Ana · Date: {today} · 2 of 5 criteria scored. Total score: 4 of 35." in " ".join(
        pages[0].split())
    assert SHEET_INSTRUCTION in pages[0].replace("\n", " ")
    assert "/rubrics/" not in pages[0]  # no bare path


def printed_text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [p.extract_text() or "" for p in document.pages]


def test_a_published_guide_prints_the_sheet_s_full_address(write_tree):
    root = write_tree({**MINIMAL_GUIDE, "district.yml": "site_url: https://guide.example.org/d/\n"})
    build = configured(root)
    text = build.page("rubrics/teamwork/index.md").markdown
    assert ("Blank scoring sheet to print: https://guide.example.org/d/rubrics/teamwork/sheet/"
            in text)


def test_a_sheet_footer_names_the_address_only_when_the_guide_has_one(write_tree):
    # A bare path (/rubrics/teamwork/) on paper leads nowhere; the footer already names the
    # guide and the rubric.
    unpublished = configured(write_tree(MINIMAL_GUIDE))
    assert unpublished.renderer is not None
    document = unpublished.renderer.sheet_document(unpublished.guide.rubrics["teamwork"])
    assert "rubrics/teamwork/" not in document
    published = configured(write_tree(
        {**MINIMAL_GUIDE, "district.yml": "site_url: https://guide.example.org/d/\n"}))
    assert published.renderer is not None
    document = published.renderer.sheet_document(published.guide.rubrics["teamwork"])
    assert "guide.example.org/d/rubrics/teamwork/" in document


# --- Links, the cache, and switching PDFs off ---------------------------------------------------


def test_rubric_page_links_its_sheet_and_pdf(built_site):
    site, _ = built_site
    for rubric_id in PAGE_TARGETS:
        html = (site / "rubrics" / rubric_id / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<a class="md-button" href="sheet/"[^>]*>Print blank sheet</a>', html)
        assert f'href="{rubric_id}.pdf" download>Download PDF</a>' in html
        assert (site / "rubrics" / rubric_id / f"{rubric_id}.pdf").read_bytes()[:5] == b"%PDF-"
        assert (site / "rubrics" / rubric_id / "sheet" / "index.html").is_file()


def pdf_log(log: str) -> str:
    found = re.search(r"PDF sheets: \d+ rendered, \d+ reused from cache", log)
    assert found, log
    return found.group(0)


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory, warm_python) -> tuple[Path, Path, str]:
    """The minimal guide built once, PDFs and all: the project (its PDF cache in it), the site
    and the build's log. Tests change only copies of it (:func:`copy_of_first_build`)."""
    folder = tmp_path_factory.mktemp("first-build")
    project = write_files(folder / "project", MINIMAL_GUIDE)
    result = mkdocs_build(project, folder / "site", python=warm_python)
    assert result.returncode == 0, result.stderr
    return project, folder / "site", result.stderr


def copy_of_first_build(first_build: tuple[Path, Path, str], folder: Path) -> tuple[Path, Path]:
    """A copy of :func:`first_build`'s project and site in ``folder``, files' times kept."""
    project, site, _ = first_build
    return (Path(shutil.copytree(project, folder / "project")),
            Path(shutil.copytree(site, folder / "site")))


def test_unchanged_sheets_are_not_rendered_again(first_build, tmp_path, warm_python):
    assert pdf_log(first_build[2]) == "PDF sheets: 1 rendered, 0 reused from cache"
    project, site = copy_of_first_build(first_build, tmp_path)
    sheet = (site / "rubrics" / "teamwork" / "teamwork.pdf").read_bytes()
    cached = [p for p in (project / ".cache" / "rubric-guide" / "pdf").glob("*.pdf")
              if p.read_bytes() == sheet]  # the sheet's, beside the book's
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns

    second = mkdocs_build(project, site, python=warm_python)
    assert pdf_log(second.stderr) == "PDF sheets: 0 rendered, 1 reused from cache"
    assert cached[0].stat().st_mtime_ns == stamp
    pdf = site / "rubrics" / "teamwork" / "teamwork.pdf"
    assert pdf.read_bytes() == cached[0].read_bytes()

    rubric = project / "rubrics" / "teamwork.yml"
    rubric.write_text(rubric.read_text().replace("Meetings are regular.", "Meetings are weekly."))
    third = mkdocs_build(project, site, python=warm_python)
    assert pdf_log(third.stderr) == "PDF sheets: 1 rendered, 0 reused from cache"
    # The outdated PDF is dropped from the cache.
    assert not cached[0].exists()
    assert len(list(cached[0].parent.glob("*.pdf"))) == 2  # the new sheet's and book's


BROKEN_WEASYPRINT = "raise OSError(\"cannot load library 'libpango-1.0-0': No such file\")\n"


def build_without_pango(project: Path, site: Path, tmp_path: Path):
    """Build as on a machine whose WeasyPrint cannot find Pango."""
    fake = tmp_path / "no-pango"
    (fake / "weasyprint").mkdir(parents=True, exist_ok=True)
    (fake / "weasyprint" / "__init__.py").write_text(BROKEN_WEASYPRINT)
    env = {"PYTHONPATH": str(fake), "PATH": str(Path(sys.executable).parent)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)], capture_output=True, text=True, cwd=project, env=env, check=False)


def test_missing_pango_stops_the_build_with_the_fix(first_build, tmp_path):
    project, site = copy_of_first_build(first_build, tmp_path)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))

    # While every PDF is in the cache, WeasyPrint is not needed (nor imported).
    result = build_without_pango(project, site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert pdf_log(result.stderr) == "PDF sheets: 0 rendered, 1 reused from cache"
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before

    # A changed sheet must be rendered, and the build stops before touching the site.
    rubric = project / "rubrics" / "teamwork.yml"
    rubric.write_text(rubric.read_text().replace("Meetings are regular.", "Meetings are weekly."))
    result = build_without_pango(project, site, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "PDF sheets are made with WeasyPrint, which needs the Pango text library: " \
           "cannot load library 'libpango-1.0-0': No such file" in result.stderr
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "`pdf: false`" in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_pdfs_can_be_turned_off(write_tree, tmp_path):
    project = write_tree(MINIMAL_GUIDE)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "plugins: [search, rubric-guide]", "plugins: [search, {rubric-guide: {pdf: false}}]"))
    site = tmp_path / "site"
    # WeasyPrint is not even imported when PDFs are off.
    result = build_without_pango(project, site, tmp_path)
    assert result.returncode == 0, result.stderr
    rubric_dir = site / "rubrics" / "teamwork"
    assert not list(rubric_dir.glob("*.pdf"))
    assert "Download PDF" not in (rubric_dir / "index.html").read_text()
    assert "Print blank sheet" in (rubric_dir / "index.html").read_text()
    # No PDF cache: the build's cache holds only the templates it compiled.
    assert os.listdir(project / CACHE_ROOT) == [TEMPLATES_CACHE]
    shutil.rmtree(site)
