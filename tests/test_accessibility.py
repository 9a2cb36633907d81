"""WCAG 2.1 AA on every kind of page, checked by axe-core in Chromium.

Each page is audited as a reader meets it: in the light and the dark colour scheme (switched
with the palette toggle, as a person does), with the in-page tools in use, and the rubric
page also at a phone's width. axe-core is installed from tests/package-lock.json with
``npm ci --prefix tests``, which the test run does itself (see tests/npm.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import (
    DISTRICT,
    RUBRIC,
    SCHEMES,
    answer_the_checklist,
    assert_accessible,
    fill_the_sheet,
    load_checklist_member_files,
    load_member_files,
    require_axe,
    score_the_rubric,
    search_for,
    use_scheme,
    zensical_search,
)

# -- what a reader does on a page before it is audited ---------------------------------------

def nothing(page: Page) -> None:
    pass


VIEWS: dict[str, tuple[str, Callable[[Page], None]]] = {
    "home": ("", nothing),
    "framework": ("framework/", nothing),
    "principles": ("principles/", nothing),
    "rubric index": ("rubrics/", nothing),
    "rubric": (RUBRIC, nothing),
    "rubric, scored": (RUBRIC, score_the_rubric),
    "seven-level rubric": (DISTRICT, nothing),
    "team calibration": (RUBRIC, load_member_files),
    "sheet": (RUBRIC + "sheet/", nothing),
    "sheet, filled": (RUBRIC + "sheet/", fill_the_sheet),
    "standard index": ("standards/", nothing),
    "standard": ("standards/collaboration-and-shared-accountability/", nothing),
    "checklist index": ("checklists/", nothing),
    "checklist, answered": ("checklists/evidence-of-practice/", answer_the_checklist),
    "checklist team calibration": ("checklists/evidence-of-practice/",
                                   load_checklist_member_files),
    "checklist sheet": ("checklists/evidence-of-practice/sheet/", nothing),
    "checklist sheet, filled": ("checklists/evidence-of-practice/sheet/", fill_the_sheet),
    "strategies": ("strategies/", nothing),
    "key system features": ("key-system-features/", nothing),
    "evidence of practice": ("evidence-of-practice/", nothing),
    "sources": ("sources/", nothing),
    "format reference": ("reference/format/", nothing),
    "customize": ("customize/", nothing),
    "search with results": ("", search_for),
}


ZENSICAL_VIEWS = ["home", "rubric, scored", "team calibration", "sheet", "checklist, answered",
                  "standard", "sources", "customize"]
"""The views checked on the Zensical site too: each kind of page the guide itself makes, and a
hand-written page with code, which Zensical colours."""

SITES = {"mkdocs": "site_url", "zensical": "zensical_url"}
"""Each engine's site, by the fixture that serves it."""


@pytest.fixture
def shared_reader(read_page: Callable[..., Page]) -> Callable[..., Page]:
    """Opens a page of the given width, as :func:`read_page` does, for accessibility audits."""
    require_axe()
    return read_page


def audit_in_each_scheme(page: Page, address: str, what: str,
                         act: Callable[[Page], None] = nothing) -> None:
    """Open ``address`` and switch to each colour scheme in turn, as a reader would, then do
    ``act`` and audit the page. With nothing to do, the page opened once is audited in one
    scheme and then in the other."""
    for number, scheme in enumerate(SCHEMES):
        if number == 0 or act is not nothing:
            page.goto(address)
        use_scheme(page, scheme)
        act(page)
        assert_accessible(page, f"{what} ({scheme})")


def views(engine: str, names: list[str]) -> list[Any]:
    """``(engine, view)`` for each view, those that search marked so."""
    return [pytest.param(engine, name,
                         marks=[pytest.mark.searches] * (VIEWS[name][1] is search_for))
            for name in names]


@pytest.mark.parametrize(("engine", "view"), views("mkdocs", list(VIEWS))
                         + views("zensical", ZENSICAL_VIEWS))
def test_every_page_meets_wcag_21_aa(reader, shared_reader, request, engine, view):
    path, act = VIEWS[view]
    address = request.getfixturevalue(SITES[engine]) + path
    if act is fill_the_sheet:
        # The answers go with the reader from the rubric's page to its sheet: a fresh profile
        # for each scheme.
        for scheme in SCHEMES:
            page = reader()
            page.goto(address)
            use_scheme(page, scheme)
            act(page)
            assert_accessible(page, f"{engine}: {view} ({scheme})")
    else:
        audit_in_each_scheme(shared_reader(), address, f"{engine}: {view}", act)


@pytest.mark.searches
def test_zensicals_search_dialog_with_results_meets_wcag_21_aa(shared_reader, zensical_url):
    # Zensical draws its dialog itself, in a shadow root, which axe audits too.
    audit_in_each_scheme(shared_reader(), zensical_url, "zensical: search dialog with results",
                         lambda page: zensical_search(page, "seamless collaboration"))


@pytest.mark.parametrize("path", [RUBRIC, DISTRICT])
def test_rubric_on_a_phone_meets_wcag_21_aa(shared_reader, site_url, path):
    page = shared_reader(width=360)
    for scheme in SCHEMES:
        page.goto(site_url + path)
        use_scheme(page, scheme)
        assert_accessible(page, f"{path} at 360 px ({scheme})")
        if path == RUBRIC:
            score_the_rubric(page)
            assert_accessible(page, f"{path} at 360 px, scored ({scheme})")


def focus_and_hover_links(page: Page) -> None:
    page.locator(".md-sidebar--primary").get_by_role("link", name="Framework").focus()
    page.get_by_role("link", name="Inclusivity & Engagement").first.hover()


def test_focused_and_hovered_links_keep_their_contrast(shared_reader, site_url):
    # Links change colour under the pointer and the keyboard focus; axe measures them as shown.
    audit_in_each_scheme(shared_reader(), site_url + "principles/",
                         "a focused navigation link and a hovered link", focus_and_hover_links)


def test_navigation_drawer_on_a_phone_meets_wcag_21_aa(shared_reader, site_url):
    page = shared_reader(width=360)
    for scheme in SCHEMES:
        page.goto(site_url + "principles/")
        use_scheme(page, scheme)
        # Opened with the keyboard, so no pointer hovers over a link while colours are
        # measured.
        page.get_by_role("button", name="Navigation").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
        assert_accessible(page, f"navigation drawer ({scheme})")
        page.locator(".md-sidebar--primary").get_by_role(
            "button", name="For editors").first.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".md-sidebar--primary").get_by_role(
            "link", name="YAML format")).to_be_in_viewport()
        assert_accessible(page, f"navigation drawer, editors' section open ({scheme})")


def test_a_violation_is_reported_with_its_elements(shared_reader, site_url):
    # The audit itself: a page with a known fault fails, naming the rule and the element.
    page = shared_reader()
    page.goto(site_url)
    page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', "
                  "'<img id=\"no-alt\" src=\"data:,\">')")
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "home with an image without alt text")
    message = str(failure.value)
    assert "image-alt: Images must have alternative text" in message
    assert "#no-alt" in message
