"""The shipped guide, built with MkDocs exactly as a user builds it, then read back as HTML."""

from __future__ import annotations

import html
import json
import re
import runpy
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.output import MARKER, MARKER_TEXT

from .helpers import (
    MINIMAL_GUIDE,
    NO_PDF_GUIDE,
    ROOT,
    Links,
    html_pages,
    links_of,
    mkdocs_build,
    snapshot,
)

CELLS = runpy.run_path(str(ROOT / "tests" / "data" / "seed_rubric_cells.py"))


def text_of(path: Path) -> str:
    """The visible text of a page's article, whitespace collapsed."""
    page = path.read_text(encoding="utf-8")
    article = page[page.index("<article"): page.index("</article>")]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def test_strict_build_has_no_warnings(built_site):
    _, log = built_site
    assert "WARNING" not in log
    assert "Material for MkDocs reaches end of life" not in log


@pytest.mark.parametrize(("rubric_id", "table"), [
    ("collaboration-structures", "COLLABORATION_STRUCTURES"),
    ("district-collective-accountability", "DISTRICT_COLLECTIVE_ACCOUNTABILITY"),
])
def test_every_seed_cell_is_published_verbatim(built_site, rubric_id, table):
    site, _ = built_site
    page = text_of(site / "rubrics" / rubric_id / "index.html")
    seed = CELLS[table]
    for number, label in enumerate(seed["levels"], start=1):
        assert f"Level {number}: {label}" in page
    for criterion, cells in seed["criteria"].items():
        assert criterion in page
        assert len(cells) == len(seed["levels"])
        for cell in cells:
            assert cell in page, f"{rubric_id}: {criterion}: missing cell {cell!r}"


def test_each_descriptor_sits_under_its_criterion_heading(built_site):
    site, _ = built_site
    page = (site / "rubrics" / "collaboration-structures" / "index.html").read_text()
    sections = re.findall(r'<section class="rg-criterion".*?</section>', page, flags=re.S)
    titles = list(CELLS["COLLABORATION_STRUCTURES"]["criteria"])
    assert len(sections) == len(titles)
    for section, title in zip(sections, titles, strict=True):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section)).split())
        assert text.startswith(title)
        for cell in CELLS["COLLABORATION_STRUCTURES"]["criteria"][title]:
            assert cell in text


def test_data_files_and_templates_are_not_published(built_site):
    site, _ = built_site
    stray = [p for p in site.rglob("*") if p.suffix in (".yml", ".yaml", ".j2")]
    assert stray == []


def test_stable_page_addresses(built_site):
    site, _ = built_site
    for page in [
        "index.html", "rubrics/index.html", "rubrics/collaboration-structures/index.html",
        "rubrics/district-collective-accountability/index.html", "principles/index.html",
        "standards/collaboration-and-shared-accountability/index.html", "framework/index.html",
        "strategies/index.html", "key-system-features/index.html",
        "evidence-of-practice/index.html", "sources/index.html", "reference/format/index.html",
    ]:
        assert (site / page).is_file(), page


def test_internal_links_and_anchors_resolve(built_site):
    site, _ = built_site
    pages = {p: links_of(p) for p in html_pages(site)}
    broken = []
    for path, parsed in pages.items():
        if path.name == "404.html":
            continue  # served for any missing address, so MkDocs writes it with root-relative links
        base = "file://" + str(path)
        for _tag, _attr, link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:")):
                continue
            target = urlsplit(urljoin(base, link))
            file = Path(target.path)
            if target.path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{path.relative_to(site)}: {link}")
            elif target.fragment and target.fragment not in pages.get(file, Links()).ids:
                    broken.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    assert broken == []


def test_no_page_requests_another_host(built_site):
    site, _ = built_site
    external = []
    for path in html_pages(site):
        for tag, attr, link in links_of(path).links:
            # Links a reader follows are fine; resources the browser fetches are not.
            fetched = attr == "src" or (tag == "link" and attr == "href")
            if fetched and urlsplit(link).scheme in ("http", "https"):
                external.append(f"{path.relative_to(site)}: <{tag} {attr}={link}>")
    for path in site.rglob("*.css"):
        for url in re.findall(r"url\((['\"]?)(https?:[^)'\"]+)\1\)", path.read_text()):
            external.append(f"{path.relative_to(site)}: {url[1]}")
    assert external == []


def test_source_urls_carry_no_tracking_parameters(built_site):
    site, _ = built_site
    for path in html_pages(site):
        assert "utm_" not in path.read_text(encoding="utf-8"), path


def test_no_page_shows_markup_escaped_twice(built_site):
    # "&amp;lt;" reaches the reader as the four characters "&lt;", as the format reference
    # once showed `rubrics/&lt;id&gt;.yml`.
    site, _ = built_site
    for path in html_pages(site):
        page = path.read_text(encoding="utf-8")
        assert not re.search(r"&amp;(lt|gt|amp|quot);", page), path
    reference = text_of(site / "reference" / "format" / "index.html")
    assert "rubrics/<id>.yml" in reference and "content/standards/<id>.yml" in reference


def test_standard_codes_sit_with_their_indicators_under_the_seed_label(built_site):
    site, _ = built_site
    page = (site / "standards" / "collaboration-and-shared-accountability" / "index.html"
            ).read_text(encoding="utf-8")
    items = re.findall(r'<div class="rg-indicators__item">\s*<h4 class="rg-indicator" '
                       r'id="([a-c]-\d)">([A-C]\.\d)</h4>\s*<p>(.*?)</p>\s*</div>', page)
    assert len(items) == 14
    assert items[0] == ("a-1", "A.1", "Establishes professional communities of practice to "
                        "support mutually agreed-upon student learning goals and outcomes.")
    assert items[-1][:2] == ("c-5", "C.5")
    # The seed's own label of each element's list, then its lead.
    assert page.count('<h3 class="rg-indicators__title">Indicators</h3>\n'
                      '<p><strong>Quality professional learning:</strong></p>') == 3


def cited_in(site: Path) -> dict[str, list[str]]:
    """For each entry on the sources page, the addresses its "Cited in" line links to."""
    page = (site / "sources" / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="rg-reference" id="([^"]+)">(.*?)</div>', page, flags=re.S)
    return {
        source_id: re.findall(r'href="([^"]+)"', body.split('class="rg-cited-in"', 1)[1])
        for source_id, body in entries
    }


def test_sources_page_lists_where_each_source_is_cited(built_site):
    site, _ = built_site
    text = text_of(site / "sources" / "index.html")
    assert "Parrett, W. H., & Budge, K. M. (2012)." in text
    cited = cited_in(site)
    # APA order: alphabetical by author (an organization by its name), then year.
    assert list(cited) == [
        "cde-qpls-collaboration", "eric-ed591332", "lane-2014",
        "nciea-accountability-improvement", "parrett-budge-2012", "sharratt-fullan-2009",
        "win-elements-culture",
    ]
    # The home page cites the three web sources under "What the research says", as the
    # framework's own sources do; the source attaches none of them to a rubric.
    for source_id in ("eric-ed591332", "cde-qpls-collaboration",
                      "nciea-accountability-improvement"):
        assert "../#research" in cited[source_id]
        assert not [link for link in cited[source_id] if "rubrics/" in link]
    assert "Collaborative Accountability › What the research says" in text  # noqa: RUF001
    standard = "../standards/collaboration-and-shared-accountability/"
    assert standard in cited["cde-qpls-collaboration"]
    for source_id in ("parrett-budge-2012", "lane-2014", "sharratt-fullan-2009"):
        assert cited[source_id] == ["../evidence-of-practice/#research"]
    assert cited["win-elements-culture"] == ["../strategies/"]
    # A work the Blueprint cites by author and year alone says so, instead of "Lane. (2014).",
    # and a reference the editors completed says that too.
    assert ("Lane (2014): cited by author and year only; the full reference is not given. "
            "Cited in: The Blueprint’s Foundation: Collective Responsibility › Summary of the "  # noqa: RUF001
            "research") in text
    assert "Lane. (2014)." not in text
    assert text.count("Full reference added by the guide's editors; the Blueprint cites this "
                      "work by author and year only.") == 2


def test_alignments_the_seeds_do_not_make_are_labelled_as_the_editors(built_site):
    site, _ = built_site
    rubric = text_of(site / "rubrics" / "district-collective-accountability" / "index.html")
    assert "Research:" not in rubric
    assert rubric.count("Principles (the guide editors' alignment): ") == 5
    assert "Principles: " not in rubric
    principles = text_of(site / "principles" / "index.html")
    assert principles.count("Criteria the guide's editors align with this principle:") == 4
    standard = text_of(site / "standards" / "collaboration-and-shared-accountability"
                       / "index.html")
    assert ("Source, as identified by the guide's editors: (California Department of "
            "Education, n.d.)") in standard
    assert "Published in" not in standard
    strategies = text_of(site / "strategies" / "index.html")
    assert ("The strategies and the paragraphs around them are quoted from (Win Elements, "
            "n.d.)") in strategies
    assert "From Win Elements." not in strategies


def test_principles_list_the_criteria_that_serve_them(built_site):
    site, _ = built_site
    page = (site / "principles" / "index.html").read_text()
    section = page[page.index('id="open-communication"'):page.index('id="feedback-and-support')]
    assert "../rubrics/collaboration-structures/#communication" in section
    assert "../rubrics/district-collective-accountability/#communication" in section


def search_index(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "search" / "search_index.json").read_text())["docs"]


@pytest.mark.parametrize(("phrase", "location"), [
    ("Some feedback processes exist, but they are informal or inconsistently applied.",
     "rubrics/collaboration-structures/#feedback-and-support"),
    ("A shared governance model ensures decisions are co-created",
     "rubrics/district-collective-accountability/#problem-solving-and-decision-making"),
    ("Transparent dialogue fosters trust, engagement, and collaboration.",
     "principles/#open-communication"),
    ("Builds educators' skills in working with and evaluating external professional learning",
     "standards/collaboration-and-shared-accountability/#c-1"),
])
def test_search_finds_a_phrase_at_its_own_anchor_once(built_site, phrase, location):
    site, _ = built_site
    hits = [doc["location"] for doc in search_index(site)
            if phrase.lower() in html.unescape(re.sub(r"<[^>]+>", "", doc["text"])).lower()]
    assert hits == [location]


def test_a_failing_build_leaves_the_previous_site_untouched(write_tree, warm_python, tmp_path):
    root = write_tree(NO_PDF_GUIDE)
    site = tmp_path / "site"
    assert mkdocs_build(root, site, python=warm_python).returncode == 0
    before = snapshot(site)
    (root / "rubrics" / "teamwork.yml").write_text("title: Teamwork\nscale: [\n")
    result = mkdocs_build(root, site, python=warm_python)
    assert result.returncode == 1
    assert "rubrics/teamwork.yml:2:8: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before


def test_a_broken_template_override_stops_the_build_before_site_is_cleaned(write_tree,
                                                                           warm_python, tmp_path):
    root = write_tree({**MINIMAL_GUIDE,
                       "overrides/partials/criterion.html.j2": "{{ criterion.titel }}\n"})
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("previous site")
    (site / MARKER).write_text(MARKER_TEXT)  # a site an earlier build published
    result = mkdocs_build(root, site, python=warm_python)
    assert result.returncode == 1
    assert "template error" in result.stderr and "titel" in result.stderr
    assert (site / "keep.html").read_text() == "previous site"


def test_overrides_replace_one_partial_by_file_name(write_tree, warm_python, tmp_path):
    root = write_tree({**NO_PDF_GUIDE, "overrides/partials/rubric_meta.html.j2":
                       "<p class=\"district-meta\">Adopted by our district</p>\n"})
    site = tmp_path / "site"
    assert mkdocs_build(root, site, python=warm_python).returncode == 0
    page = (site / "rubrics" / "teamwork" / "index.html").read_text()
    assert '<p class="district-meta">Adopted by our district</p>' in page
    assert "Meetings drive decisions." in page
    shutil.rmtree(site)
