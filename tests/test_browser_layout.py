"""What a reader sees: the rubric on a phone and a laptop, and search landing on a criterion."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browser import DISTRICT, new_page, search_again, search_for


def test_seven_level_rubric_fits_a_360px_phone(reading_page, site_url):
    phone_page = reading_page
    phone_page.set_viewport_size({"width": 360, "height": 740})
    phone_page.goto(site_url + DISTRICT)
    overflow = phone_page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
    assert overflow == 0
    # Cards: the column-heading row is hidden and each level carries its own visible label.
    assert not phone_page.locator(".rg-rubric__head").is_visible()
    label = phone_page.locator("#communication ~ dl .rg-level dt").nth(6)
    assert label.inner_text() == "Level 7: Transformational"
    box = label.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360


@pytest.mark.parametrize("path", [DISTRICT, "rubrics/collaboration-structures/"])
def test_rubric_is_a_matrix_on_a_laptop(reading_page, site_url, path):
    page = reading_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site_url + path)
    assert page.locator(".rg-rubric__head").is_visible()
    tops = page.eval_on_selector_all(
        "#communication ~ dl .rg-level", "els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(round(t) for t in tops)) == 1, "levels sit side by side in one row"
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
    assert overflow == 0


def search(page, query: str):
    """The results Material shows for ``query``, typed as a person types it (Material searches
    again on each key press: this waits for the last results)."""
    search_for(page, query)
    return page.locator(".md-search-result__item")


@pytest.mark.parametrize(("phrase", "rubric", "criterion"), [
    ("informal or inconsistently applied", "collaboration-structures", "feedback-and-support"),
    # Words that are also in many titles ("collaboration") once ranked this criterion last.
    ("seamless collaboration", "district-collective-accountability",
     "roles-and-responsibilities"),
])
@pytest.mark.searches
def test_search_lands_on_the_criterion(reading_page, site_url, phrase, rubric, criterion):
    page = reading_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url)
    first = search(page, phrase).first
    section = first.locator(f"a[href*='/{rubric}/'][href*='#{criterion}']")
    expect(section).to_be_visible()
    # The first result is the rubric's page, the first section in it the criterion, and its
    # snippet the descriptors alone: no column heading ("Evidence") or principle tag at its end.
    expect(first.locator("a[href*='#']").first).to_have_attribute(
        "href", str(section.get_attribute("href")))
    snippet = section.locator("article").evaluate(
        "a => [...a.childNodes].filter(n => n.nodeName !== 'H2').map(n => n.textContent).join('')")
    assert phrase in snippet.lower()
    assert not snippet.rstrip().endswith("Evidence"), snippet
    section.click()
    page.wait_for_url(lambda url: f"/rubrics/{rubric}/" in url and url.endswith(f"#{criterion}"))
    expect(page.locator(f"#{criterion}")).to_be_in_viewport()


@pytest.mark.searches
def test_an_author_cited_in_a_text_is_found_where_the_text_cites_them(reading_page, site_url):
    # The text holds "(Lane, 2014)": a word ends at the bracket and the comma too.
    page = reading_page
    page.goto(site_url)
    results = search(page, "Lane")
    expect(results.locator("a[href*='/evidence-of-practice/'][href*='#research']")
           ).to_be_visible()


PAGE_TITLES = [("principles", "principles/"), ("sources", "sources/"), ("rubrics", "rubrics/"),
               ("standards", "standards/")]
"""Words that are the title of one page of the guide, and that page."""


@pytest.mark.searches
def test_search_for_a_page_title_finds_that_page_first(reading_page, site_url):
    page = reading_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url)
    for searched, (query, path) in enumerate(PAGE_TITLES):
        (search_again if searched else search_for)(page, query)
        first = page.locator(".md-search-result__item").first.locator("a").first
        assert first.evaluate("a => new URL(a.href).pathname") == "/" + path, query


def test_each_standard_code_is_beside_its_indicator(reading_page, site_url):
    page = reading_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site_url + "standards/collaboration-and-shared-accountability/")
    pairs = page.eval_on_selector_all(".rg-indicators__item", """items => items.map(item => {
        const code = item.querySelector("h4").getBoundingClientRect();
        const text = item.querySelector("p").getBoundingClientRect();
        return [code.top - text.top, text.left - code.right];
    })""")
    assert len(pairs) == 14
    for vertical, gap in pairs:
        assert abs(vertical) < 4 and gap > 0, pairs


UNCOVERED = """el => {
    const box = el.getBoundingClientRect();
    const x = box.left + Math.min(box.width / 2, 20), y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return y > 0 && y < innerHeight && (hit === el || el.contains(hit) || hit.contains(el));
}"""


def test_level_headings_stay_in_view_while_the_matrix_scrolls(reading_page, site_url):
    page = reading_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site_url + DISTRICT)
    page.locator(".rg-rubric--scoring").wait_for()
    page.locator("#inclusivity-and-engagement").evaluate("h => h.scrollIntoView()")
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(300)
    head = page.locator(".rg-rubric__head")
    header_bottom = page.locator(".md-header").bounding_box()["y"] + page.locator(
        ".md-header").bounding_box()["height"]
    assert head.bounding_box()["y"] == pytest.approx(header_bottom, abs=1)
    assert page.locator(".rg-rubric__head > div").nth(7).evaluate(UNCOVERED)
    # A criterion reached by its address lands below the headings, not under them.
    page.goto(site_url + DISTRICT + "#feedback-and-support")
    page.locator(".rg-rubric--scoring").wait_for()
    page.wait_for_timeout(300)
    assert page.locator("#feedback-and-support").evaluate(UNCOVERED)


PHONE = {"width": 360, "height": 780}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("path", [DISTRICT, "checklists/qpl-collaboration-indicators/"])
def test_on_a_phone_the_name_and_score_are_in_reach_from_the_top(browser, request, engine, path):
    url = request.getfixturevalue("site_url" if engine == "mkdocs" else "zensical_url")
    with new_page(browser, **PHONE) as phone_page:
        phone_page.goto(url + path)
        phone_page.locator("[data-rg-summary]").wait_for()
        for scroll in (0, 2500):
            phone_page.evaluate(f"window.scrollTo(0, {scroll})")
            phone_page.wait_for_timeout(200)
            assert phone_page.locator("[data-rg-respondent]").evaluate(UNCOVERED), scroll
            assert phone_page.locator("[data-rg-summary]").evaluate(UNCOVERED), scroll
        # The header and the bar together leave at least 85% of the screen to the page.
        bar = phone_page.locator(".rg-scorebar").bounding_box()
        header = phone_page.locator(".md-header").bounding_box()
        assert header["height"] + bar["height"] <= 0.15 * PHONE["height"], (header, bar)
        # Compact, yet the name box is still a finger's target.
        assert phone_page.locator("[data-rg-respondent]").bounding_box()["height"] >= 24
        phone_page.locator("[data-rg-respondent]").fill("Ana")
        phone_page.locator(
            ".rg-level input[type=radio], .rg-checklist input[type=radio]").first.check()
        assert "1 of" in phone_page.locator("[data-rg-summary]").inner_text()


CLIPPED = """() => [...document.querySelectorAll(
    '.rg-sheet, .rg-sheet tbody th, .rg-sheet tbody td, .rg-sheet__field, .rg-sheet caption')]
  .filter(el => el.scrollWidth > el.clientWidth + 1
                || el.getBoundingClientRect().right > innerWidth)
  .map(el => el.textContent.trim().slice(0, 40))"""
"""The parts of a sheet whose text runs past their box or past the window's right edge."""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("path", [DISTRICT, "checklists/qpl-collaboration-indicators/"])
def test_a_sheet_page_reads_whole_on_a_phone(reading_page, request, engine, path):
    url = request.getfixturevalue("site_url" if engine == "mkdocs" else "zensical_url")
    phone_page = reading_page
    phone_page.set_viewport_size(PHONE)
    phone_page.goto(url + path + "sheet/")
    overflow = phone_page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways"
    assert phone_page.evaluate(CLIPPED) == []
    # Each box to tick says, on its card, which level or response it is.
    cell = phone_page.locator("td[data-level], td[data-response]").last
    named = cell.evaluate("td => getComputedStyle(td, '::before').content + "
                          "getComputedStyle(td, '::after').content")
    expected = "Level 7: Transformational · Score 7" if path == DISTRICT else "In place"
    assert f'"{expected}"' in named
    assert phone_page.locator(".rg-sheet__field--total").is_visible() == (path == DISTRICT)
