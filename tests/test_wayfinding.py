"""A teacher finds their way, on both engines: the breadcrumb on pages the navigation does not
list, a criterion reached by its address in full view below the sticky headings, headings
that break between words only, search that lands on the criterion with the descriptors as its
snippet, and checklist links that say where they lead."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import DISTRICT, built_and_served, results_settled, zensical_search
from .helpers import NO_PDF_GUIDE, PRACTICE

SITES = {"mkdocs": "site_url", "zensical": "zensical_url"}
"""Each engine's site, by the fixture that serves it."""

BUTTON_WORDS = ("Print blank sheet", "Download", "Canvas rubric", "Level 1", "Score this rubric")
"""Words of the rubric page's buttons, links and labels, which no search snippet holds."""


@pytest.fixture(params=SITES)
def site(request: pytest.FixtureRequest) -> str:
    """The address of the guide as each engine built it."""
    return str(request.getfixturevalue(SITES[request.param]))


def breadcrumb(page: Page) -> Any:
    return page.get_by_role("navigation", name="Breadcrumb")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_rubric_page_shows_the_way_to_the_guides_sections(reading_page, site, width):
    page = reading_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + DISTRICT)
    trail = breadcrumb(page)
    expect(trail).to_be_in_viewport()
    expect(trail.get_by_role("listitem")).to_have_text(
        ["Home", "Rubrics", "District Collective Accountability"])
    expect(trail.locator("[aria-current=page]")).to_have_text(
        "District Collective Accountability")
    for name, path in [("Home", "/"), ("Rubrics", "/rubrics/")]:
        link = trail.get_by_role("link", name=name, exact=True)
        assert link.evaluate("a => new URL(a.href).pathname") == path
    # It sits above the title, not beside the matrix: the matrix keeps the page's width.
    assert trail.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
    assert overflow <= 0  # Zensical's page is narrower than its window, by its scrollbar
    trail.get_by_role("link", name="Rubrics").click()
    page.wait_for_url("**/rubrics/")


def test_a_sheet_page_leads_back_to_its_rubric_and_prints_without_the_breadcrumb(reading_page,
                                                                                  site):
    page = reading_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + DISTRICT + "sheet/")
    trail = breadcrumb(page)
    expect(trail.get_by_role("link")).to_have_text(
        ["Home", "Rubrics", "District Collective Accountability"])
    page.emulate_media(media="print")
    expect(trail).to_be_hidden()


def test_a_criterion_reached_by_its_address_is_in_full_view(reading_page, site):
    # The seven-level rubric's level headings wrap onto two or three lines at 1280 px.
    page = reading_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + DISTRICT + "#roles-and-responsibilities")
    page.locator(".rg-rubric--scoring").wait_for()
    # The page scrolls to the criterion (a loaded machine may take longer than the wait below).
    page.wait_for_function("window.scrollY > 0")
    page.wait_for_timeout(300)
    heading = page.locator("#roles-and-responsibilities").bounding_box()
    head = page.locator(".rg-rubric__head").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert head["y"] >= header["y"] + header["height"] - 1, "headings below the header"
    assert heading["y"] >= head["y"] + head["height"], (heading, head)
    assert heading["y"] + heading["height"] <= 800


RECORD_SCROLLS = """window.rgScrolls = [];
addEventListener("scroll", () => window.rgScrolls.push(window.scrollY), {passive: true});"""
"""Keeps each place the page scrolls to, from its first script on."""

STILL = """() => new Promise(resolve => {
  const count = window.rgScrolls.length;
  setTimeout(() => resolve(window.rgScrolls.length === count), 500);
})"""
"""Whether the page stays where it is for half a second."""

BACK_AT_THE_TOP = """() => {
  const places = window.rgScrolls, top = places.indexOf(0, places.findIndex(y => y > 0));
  return top >= 0 && places.slice(top + 1).includes(window.scrollY);
}"""
"""Whether the page, once at the criterion, went back to the top and then to the criterion
again by itself: on a busy machine the theme's instant navigation loses the race on its own."""


def test_a_criterion_reached_by_its_address_is_not_left_for_the_top_of_the_page(read_page,
                                                                             site):
    # Zensical's instant navigation may take the page back to a place it kept before the
    # criterion was reached, the top of the page on a busy machine; the page goes back to the
    # criterion, once, until the reader does anything.
    page = read_page(1366, 900)  # a tab of its own, for the script that records its scrolls
    page.add_init_script(RECORD_SCROLLS)
    page.goto(site + DISTRICT + "#roles-and-responsibilities")
    page.wait_for_function("window.scrollY > 0")
    page.wait_for_function(STILL, timeout=10_000)  # the theme has gone to the criterion too
    reached = page.evaluate("window.scrollY")
    if not page.evaluate(BACK_AT_THE_TOP):  # the theme has not lost the race: make it lose
        page.evaluate("window.scrollTo(0, 0)")  # as the theme does when it loses the race
        page.wait_for_function(f"window.scrollY === {reached}", timeout=5000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") == 0, "taken to the criterion a second time"
    # A reader who has done something is left where they go.
    page.goto("about:blank")
    page.goto(site + DISTRICT + "#communication")
    page.wait_for_function("window.scrollY > 0")
    page.keyboard.press("Home")
    page.wait_for_function("window.scrollY === 0")
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") == 0, "taken back after the reader went to the top"


WORDS_ON_ONE_LINE = """el => {
    const text = el.firstChild && el.firstChild.nodeType === Node.TEXT_NODE
      ? el.firstChild : null;
    if (!text) return [];
    const broken = [];
    for (const match of text.data.matchAll(/[^\\s-]+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
    return broken;
}"""
"""The words of an element's text that the browser breaks across lines; the parts of a
hyphenated word ("Decision-Making") are words of their own, as a line may end at its hyphen."""


def test_no_heading_breaks_inside_a_word(reading_page, site):
    # Where words break is the style sheet's alone: one page, laid out at each width.
    page = reading_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + DISTRICT)
    headings = page.locator(".rg-rubric__head > div, .rg-criterion > h3")
    assert headings.count() == 9 + 5
    for width in (1280, 1024):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("innerWidth") == width
        broken = [word for i in range(headings.count())
                  for word in headings.nth(i).evaluate(WORDS_ON_ONE_LINE)]
        assert broken == [], width


@pytest.mark.searches
def test_search_lands_on_the_criterion_with_the_descriptors_as_snippet(reading_page: Page,
                                                                       site_url):
    page = reading_page
    page.goto(site_url)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("seamless collaboration")
    first = page.locator(".md-search-result__item").first
    criterion = first.locator("a[href*='#roles-and-responsibilities']")
    expect(criterion).to_be_visible()
    results_settled(page, ".md-search-result")
    # The page's own result leads to the top of the rubric; it and the criterion's snippet
    # hold the rubric's words only, none of the page's buttons or labels.
    title = first.locator("a").first
    assert title.evaluate("a => new URL(a.href).pathname") == "/" + DISTRICT
    for text in first.locator("article").all_inner_texts():
        assert not any(word in text for word in BUTTON_WORDS), text
    assert "seamless collaboration" in criterion.inner_text().lower()


CONTRAST = """el => {
    const rgba = text => (text.match(/[\\d.]+/g) || []).map(Number);
    const [r, g, b, a = 1] = rgba(getComputedStyle(el).color);
    let below = el, back = [255, 255, 255, 0];
    while (below && back[3] === 0) {
      if (below.nodeType === Node.ELEMENT_NODE) {
        const found = rgba(getComputedStyle(below).backgroundColor);
        if (found.length === 3 || found[3] > 0) back = found.length === 3 ? [...found, 1] : found;
      }
      below = below.parentNode || below.host;
    }
    const shown = [r, g, b].map((c, i) => c * a + back[i] * (1 - a));
    const light = rgb => rgb.map(c => c / 255)
      .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const [lo, hi] = [light(shown), light(back.slice(0, 3))].sort((x, y) => x - y);
    return (hi + 0.05) / (lo + 0.05);
}"""
"""The contrast of an element's text with the first opaque background behind it, through a
shadow root's host, as WCAG measures it."""


@pytest.mark.searches
def test_zensical_search_lands_on_the_criterion_with_the_descriptors_as_snippet(
        reading_page: Page, zensical_url):
    page = reading_page
    page.goto(zensical_url)
    found = zensical_search(page, "seamless collaboration")
    assert "/" + DISTRICT in found[0] and found[0].endswith("#roles-and-responsibilities")
    options = page.locator("dialog ol [role=option]")
    for text in options.all_inner_texts():
        assert not any(word in text for word in BUTTON_WORDS), text
    # Each result's rubric, under its title, is dark enough to read (at least 4.5:1).
    assert options.first.locator("menu").evaluate(CONTRAST) >= 4.5


def test_each_checklist_link_says_where_it_leads_and_every_group_has_a_heading(reading_page,
                                                                                site):
    page = reading_page
    page.goto(site + "checklists/is-your-system-collaborative/")
    links = page.locator(".rg-checklist__source")
    expect(links).to_have_count(8)
    for i in range(8):
        expect(links.nth(i)).to_have_accessible_name("Source: Key system features")
        expect(links.nth(i)).to_be_visible()
    assert links.first.evaluate("a => new URL(a.href).pathname") == "/key-system-features/"
    # The first statements, which the content gives no heading, come under a neutral one.
    headings = page.eval_on_selector_all("ol.rg-checklist", """lists => lists.map(list => {
        let heading = list.previousElementSibling;
        while (heading && heading.tagName !== "H2") heading = heading.previousElementSibling;
        return heading && heading.firstChild.textContent;
    })""")
    assert headings == ["General", "Staff collaboration includes:",
                        "Student collaboration includes:"]


def test_a_link_to_a_checklist_item_lands_on_the_item_not_a_heading_named_like_it(
        reading_page, tmp_path, warm_python):
    # The strategies come under "General", whose id MkDocs would make "general": the id of
    # the strategy the link is to.
    with built_and_served(tmp_path, {**NO_PDF_GUIDE, **PRACTICE}, warm_python) as (url, _):
        page = reading_page
        page.goto(url + "checklists/practice/#general")
        target = page.locator(":target")
        expect(target).to_have_attribute("data-rg-item", "general")
        expect(target).to_contain_text("Meet often")
        expect(target).to_be_in_viewport()
        assert page.locator("[id]").evaluate_all(
            "els => els.map(el => el.id).filter((id, i, ids) => ids.indexOf(id) !== i)") == []
        page.goto(url + "checklists/practice/#general_1")
        expect(page.locator("h2:target")).to_have_text("General")
