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

from .browser import AXE, settle
from .test_interactive import as_file, member_export, page_data, without_print_dialog

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}

RUBRIC = "rubrics/collaboration-structures/"
DISTRICT = "rubrics/district-collective-accountability/"


def describe(violation: dict[str, Any]) -> str:
    """One violation as axe reports it: rule, help text, and each failing element."""
    lines = [f"{violation['id']}: {violation['help']} ({violation['helpUrl']})"]
    for node in violation["nodes"]:
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, what: str) -> None:
    """Run axe-core's WCAG 2.1 A and AA rules on the page as it is now, once any fade or
    slide has finished (colours are measured as they are shown)."""
    settle(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})", WCAG_21_AA)
    violations = [describe(v) for v in result["violations"]]
    assert not violations, f"{what}: {len(violations)} WCAG 2.1 AA violations\n" + "\n".join(
        violations)


def use_scheme(page: Page, scheme: str) -> None:
    """Switch to ``scheme`` with the palette toggle in the header, as a reader would."""
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != SCHEMES[scheme]:
        page.locator("label.md-header__button[title^='Switch to']:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


# -- what a reader does on a page before it is audited ---------------------------------------

def score_the_rubric(page: Page) -> None:
    for criterion, level in [("communication", "Level 3"), ("feedback-and-support", "Level 1")]:
        page.locator(f"#{criterion} ~ dl").get_by_role("radio", name=level).check()
    page.get_by_label("Evidence notes for Communication & Information Sharing").fill("Minutes")
    page.get_by_label("Your name (optional, shown in team calibration)").fill("Ana")
    expect(page.locator("[data-rg-summary]")).to_contain_text("2 of 5 criteria scored.")


def answer_the_checklist(page: Page) -> None:
    items = page.locator("[data-rg-item]")
    items.nth(0).get_by_role("radio", name="In place").check()
    items.nth(1).get_by_role("radio", name="Not yet").check()
    expect(page.locator("[data-rg-summary]")).to_contain_text("2 of 8 items answered.")


def load_member_files(page: Page) -> None:
    data = page_data(page)
    members = [
        member_export(data, "Ana", {"communication": "proficient"}, {"communication": "Minutes"}),
        member_export(data, "Ben", {"communication": "emerging"}, {}),
    ]
    stray = member_export(data, "Dee", {}, {}, id="another-rubric")
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file(f"{m['respondent']}.json", m) for m in [*members, stray]])
    expect(page.locator("[data-rg-calibration-view] tr[data-criterion]")).to_have_count(5)
    # With a key: its column, the key's matrix and each member's accuracy are checked too.
    key = member_export(data, "Key", {"communication": "developing"}, {})
    page.get_by_label("Key (master scores)").set_input_files(files=[as_file("key.json", key)])
    expect(page.locator("[data-rg-key-overall]")).to_have_count(1)


def load_checklist_member_files(page: Page) -> None:
    data = page_data(page)
    items = [item["id"] for item in data["items"]]
    files = []
    for name, responses in [("Ana", ["In place", "Not yet"]), ("Ben", ["In place", "In place"])]:
        files.append({"format": "rubric-guide", "kind": "checklist", "id": data["id"],
                      "contentVersion": data["version"], "respondent": name,
                      "answers": {item: {"response": response, "notes": f"{name}'s note"}
                                  for item, response in zip(items, responses, strict=False)}})
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file(f"{f['respondent']}.json", f) for f in files + files[:1]])
    expect(page.locator("[data-rg-calibration-view] tr[data-item]")).to_have_count(8)


def fill_the_sheet(page: Page) -> None:
    """Answer on the rubric or checklist page, then open its sheet filled in."""
    without_print_dialog(page)
    page.goto(page.url.removesuffix("sheet/"))
    if "/checklists/" in page.url:
        answer_the_checklist(page)
    else:
        score_the_rubric(page)
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url("**/sheet/#filled")
    expect(page.locator("[data-rg-sheet-summary]")).to_be_visible()


def search_for(page: Page, query: str = "shared accountability") -> None:
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    # Each key press searches again; wait until the last results stop changing.
    page.wait_for_function("""() => new Promise(settled => {
      const list = document.querySelector(".md-search-result__list");
      const before = list.innerHTML;
      setTimeout(() => settled(list.innerHTML === before), 300);
    })""")


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
    "search with results": ("", search_for),
}


ZENSICAL_VIEWS = ["home", "rubric, scored", "team calibration", "sheet", "checklist, answered",
                  "standard", "sources"]
"""The views checked on the Zensical site too: each kind of page the guide itself makes."""

SITES = {"mkdocs": "site_url", "zensical": "zensical_url"}
"""Each engine's site, by the fixture that serves it."""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("engine", "view"), [("mkdocs", view) for view in VIEWS]
                         + [("zensical", view) for view in ZENSICAL_VIEWS])
def test_every_page_meets_wcag_21_aa(reader, request, engine, view, scheme):
    path, act = VIEWS[view]
    page = reader()
    page.goto(request.getfixturevalue(SITES[engine]) + path)
    use_scheme(page, scheme)
    act(page)
    assert_accessible(page, f"{engine}: {view} ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", [RUBRIC, DISTRICT])
def test_rubric_on_a_phone_meets_wcag_21_aa(reader, site_url, path, scheme):
    page = reader(width=360)
    page.goto(site_url + path)
    use_scheme(page, scheme)
    assert_accessible(page, f"{path} at 360 px ({scheme})")
    if path == RUBRIC:
        score_the_rubric(page)
        assert_accessible(page, f"{path} at 360 px, scored ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_focused_and_hovered_links_keep_their_contrast(reader, site_url, scheme):
    # Links change colour under the pointer and the keyboard focus; axe measures them as shown.
    page = reader()
    page.goto(site_url + "principles/")
    use_scheme(page, scheme)
    page.locator(".md-sidebar--primary").get_by_role("link", name="Framework").focus()
    page.get_by_role("link", name="Inclusivity & Engagement").first.hover()
    assert_accessible(page, f"a focused navigation link and a hovered link ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_navigation_drawer_on_a_phone_meets_wcag_21_aa(reader, site_url, scheme):
    page = reader(width=360)
    page.goto(site_url + "principles/")
    use_scheme(page, scheme)
    # Opened with the keyboard, so no pointer hovers over a link while colours are measured.
    page.get_by_role("button", name="Navigation").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
    assert_accessible(page, f"navigation drawer ({scheme})")
    page.locator(".md-sidebar--primary").get_by_role("button", name="Reference").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".md-sidebar--primary").get_by_role(
        "link", name="YAML format")).to_be_in_viewport()
    assert_accessible(page, f"navigation drawer, Reference section open ({scheme})")


def test_a_violation_is_reported_with_its_elements(reader, site_url):
    # The audit itself: a page with a known fault fails, naming the rule and the element.
    page = reader()
    page.goto(site_url)
    page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', "
                  "'<img id=\"no-alt\" src=\"data:,\">')")
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "home with an image without alt text")
    message = str(failure.value)
    assert "image-alt: Images must have alternative text" in message
    assert "#no-alt" in message
