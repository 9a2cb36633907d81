"""What a reader sees: the rubric on a phone and a laptop, and search landing on a criterion."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

DISTRICT = "rubrics/district-collective-accountability/"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    yield page
    context.close()


def test_seven_level_rubric_fits_a_360px_phone(page, site_url):
    page.goto(site_url + DISTRICT)
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
    assert overflow == 0
    # Cards: the column-heading row is hidden and each level carries its own visible label.
    assert not page.locator(".rg-rubric__head").is_visible()
    label = page.locator("#communication ~ dl .rg-level dt").nth(6)
    assert label.inner_text() == "Level 7: Transformational"
    box = label.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360


@pytest.mark.parametrize("path", [DISTRICT, "rubrics/collaboration-structures/"])
def test_rubric_is_a_matrix_on_a_laptop(browser, site_url, path):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(site_url + path)
    assert page.locator(".rg-rubric__head").is_visible()
    tops = page.eval_on_selector_all(
        "#communication ~ dl .rg-level", "els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(round(t) for t in tops)) == 1, "levels sit side by side in one row"
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
    assert overflow == 0
    context.close()


def test_search_lands_on_the_criterion(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    page.keyboard.press("/")
    # Material searches on key presses, so type the phrase as a person would.
    page.locator("input.md-search__input").press_sequentially("informal or inconsistently applied")
    first = page.locator(".md-search-result__item").first
    section = first.locator("a[href*='#feedback-and-support']")
    section.wait_for()
    assert "informal or inconsistently applied" in section.inner_text()
    section.click()
    page.wait_for_url(lambda url: "/rubrics/collaboration-structures/" in url
                      and url.endswith("#feedback-and-support"))
    heading = page.locator("#feedback-and-support")
    expect(heading).to_be_in_viewport()
    context.close()
