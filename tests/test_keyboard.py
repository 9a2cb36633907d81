"""The guide with the keyboard alone: a skip link first, every control reached by Tab with a
visible focus indicator, no traps, and the phone layout's menu and search."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .browser import (
    RUBRIC,
    SETTLE,
    load_checklist_member_files,
    load_member_files,
    search_for,
)

PAGES = [
    "", "framework/", "principles/", "rubrics/", RUBRIC,
    "rubrics/district-collective-accountability/", RUBRIC + "sheet/", "standards/",
    "standards/collaboration-and-shared-accountability/", "checklists/",
    "checklists/evidence-of-practice/", "checklists/evidence-of-practice/sheet/",
    "strategies/", "key-system-features/", "evidence-of-practice/", "sources/",
    "reference/format/",
]

# Pages where the guide's scripts add controls: scoring, checklist answers.
SCRIPTED = {RUBRIC, "checklists/evidence-of-practice/"}

# Marks every control of the page with a key, so the Tab order can be compared with it. A
# control is anything a keyboard should reach: links, form fields, buttons, anything given a
# tabindex, and Material's header buttons (labels of hidden checkboxes). Radio buttons that
# share a name are one stop, as browsers make them; the arrow keys move within.
MARK_CONTROLS = """() => {
  const selector = "a[href], button, input, select, textarea, summary, [tabindex], " +
                   "label.md-header__button[for]";
  const shown = el => el.checkVisibility({visibilityProperty: true})
    && !el.closest("[inert], [hidden]");
  const focusable = el => shown(el) && !el.disabled && el.tabIndex >= 0;
  const keys = new Set();
  [...document.querySelectorAll(selector)].forEach((el, i) => {
    // A header button is reached when the input it labels is (Material's palette switch).
    const label = el.matches("label.md-header__button");
    const stop = label && el.control && focusable(el.control) ? el.control : el;
    if (!(label ? shown(el) : focusable(el))) return;
    stop.dataset.kbd = stop.dataset.kbd ||
      (stop.type === "radio" && stop.name ? "radio:" + stop.name : String(i));
    keys.add(stop.dataset.kbd);
  });
  return [...keys];
}"""

# What has the focus, and whether a person can see it: an outline or a shadow around the
# focused element, or, for an input drawn by its label (Material's palette switch, our file
# import button), around that label; and the ring is inside the window. Material fades some
# controls in when they take the focus (the skip link, headings' permalinks): what moves, fades
# or resizes the control or what holds it is taken to its end (Animation.finish), which is what
# a person sees once it ends, without waiting for it at every stop. Colours fading from one to
# another (every link as it gains or loses the focus) change neither, so they are left alone.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const next = el.nextElementSibling;
  const drawn = [el, ...(el.labels || []), el.closest("label"),
                 next && next.matches("label") ? next : null].filter(Boolean);
  const colour = /color$|^fill$|^stroke$/;
  (""" + SETTLE + """)(a => a.effect.target
    && !(a.transitionProperty && colour.test(a.transitionProperty))
    && drawn.some(node => a.effect.target.contains(node)));
  const ringed = node => {
    const style = getComputedStyle(node);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none";
  };
  const onScreen = node => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight
      && node.checkVisibility({visibilityProperty: true, opacityProperty: true});
  };
  const shown = drawn.filter(onScreen);
  return {
    key: el.dataset.kbd || null,
    what: el.outerHTML.slice(0, 160),
    visible: shown.length > 0,
    indicated: shown.some(ringed),
  };
}"""


def tab_through(page: Page, key: str = "Tab") -> list[dict[str, Any]]:
    """Press ``key`` until the focus comes back round to where it started."""
    stops: list[dict[str, Any]] = []
    for _ in range(400):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused is None:  # past the last control: the browser's own toolbar would be next
            if stops:
                return stops
            continue
        if stops and focused["key"] == stops[0]["key"]:
            return stops
        stops.append(focused)
    pytest.fail(f"{key} never came back round: the focus is trapped near {stops[-1]['what']}")


def assert_keyboard_reaches_everything(page: Page, backward: bool = False) -> None:
    """Tab reaches every control, each on screen with a focus ring, and comes back round;
    with ``backward``, Shift+Tab visits the same stops (checked where the guide's own scripts
    add controls: Material's pages are the same everywhere)."""
    controls = page.evaluate(MARK_CONTROLS)
    forward = tab_through(page)
    unseen = [f["what"] for f in forward if not f["visible"]]
    assert not unseen, "Tab stops on controls a person cannot see:\n" + "\n".join(unseen)
    unmarked = [f["what"] for f in forward if not f["indicated"]]
    assert not unmarked, "focused controls without an outline or shadow:\n" + "\n".join(
        unmarked)
    reached = [f["key"] for f in forward]
    missed = [k for k in controls if k not in reached]
    assert not missed, "controls Tab never reaches:\n" + "\n".join(
        page.locator(f"[data-kbd='{k}']").first.evaluate("e => e.outerHTML.slice(0, 160)")
        for k in missed)
    if backward:
        back = [f["key"] for f in tab_through(page, "Shift+Tab")]
        assert sorted(back) == sorted(reached), "Shift+Tab visits other stops than Tab"


@pytest.fixture
def keyboard_page(read_page: Any) -> Any:
    """Opens a page of a given width that starts as in a fresh profile (see ``read_page``):
    no test here carries answers from one page to the next."""
    return read_page


@pytest.mark.parametrize("path", PAGES)
def test_skip_link_comes_first_and_lands_on_the_content(keyboard_page, site_url, path):
    page = keyboard_page()
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to content")
    assert page.evaluate(FOCUSED)["indicated"]
    href = skip.evaluate("a => a.href")
    assert href.startswith(site_url + path + "#"), "the skip link stays on this page"
    target = "#" + href.split("#", 1)[1]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{path}{target}")
    # The heading itself takes the focus, so a screen reader goes on reading from there.
    expect(page.locator(target)).to_be_focused()
    expect(page.locator(target)).to_be_in_viewport()
    # The next Tab continues from the content, past the header and the navigation, and stays
    # there once the page has settled.
    page.keyboard.press("Tab")
    page.wait_for_timeout(500)
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 160)")
    assert page.evaluate("document.activeElement.closest('.md-content') !== null"), focused


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_control_with_a_visible_focus_and_no_trap(keyboard_page, site_url,
                                                                    path):
    page = keyboard_page()
    page.goto(site_url + path)
    assert_keyboard_reaches_everything(page, backward=path in SCRIPTED)


def test_calibration_controls_are_reached_by_tab(keyboard_page, site_url):
    page = keyboard_page()
    page.goto(site_url + RUBRIC)
    load_member_files(page)
    assert_keyboard_reaches_everything(page, backward=True)


def test_checklist_calibration_controls_are_reached_by_tab(keyboard_page, site_url):
    page = keyboard_page()
    page.goto(site_url + "checklists/evidence-of-practice/")
    load_checklist_member_files(page)
    assert_keyboard_reaches_everything(page, backward=True)


def test_on_a_phone_tab_reaches_every_visible_control(keyboard_page, site_url):
    # The navigation drawer is closed: its links must not take the focus unseen.
    page = keyboard_page(width=360)
    page.goto(site_url + RUBRIC)
    assert_keyboard_reaches_everything(page)


def tab_to(page: Page, target: Any, key: str = "Tab") -> None:
    for _ in range(30):
        page.keyboard.press(key)
        if target.evaluate("e => e === document.activeElement"):
            return
    pytest.fail("Tab never reached " + target.evaluate("e => e.outerHTML.slice(0, 160)"))


def test_on_a_phone_the_menu_opens_and_closes_from_the_keyboard(keyboard_page, site_url):
    page = keyboard_page(width=360)
    page.goto(site_url + "principles/")
    menu = page.get_by_role("button", name="Navigation")
    tab_to(page, menu)
    expect(menu).to_have_attribute("aria-expanded", "false")
    assert page.evaluate(FOCUSED)["indicated"]
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    # The focus moves into the drawer, onto a link a person can see.
    focused = page.evaluate(FOCUSED)
    assert focused["visible"] and focused["indicated"]
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()


def test_on_a_phone_every_page_of_the_drawer_is_reached_by_keyboard(keyboard_page, site_url):
    page = keyboard_page(width=360)
    page.goto(site_url + "principles/")
    menu = page.get_by_role("button", name="Navigation")
    tab_to(page, menu)
    page.keyboard.press("Enter")
    # Every stop in the open drawer is a control a person can see, with its focus ring.
    drawer = page.locator(".md-sidebar--primary")
    stops = []
    for _ in range(200):  # a focus trap would otherwise keep this loop going for ever
        if not page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null"):
            break
        stops.append(page.evaluate(FOCUSED))
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never leaves the open navigation drawer: the focus is trapped in it")
    assert [s["what"] for s in stops if not (s["visible"] and s["indicated"])] == []
    # A section opens from the keyboard, and its pages are then reached by Tab.
    section = drawer.get_by_role("button", name="For editors").first
    expect(section).to_have_attribute("aria-expanded", "false")
    tab_to(page, section, key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(section).to_have_attribute("aria-expanded", "true")
    link = drawer.get_by_role("link", name="YAML format")
    tab_to(page, link)
    focused = page.evaluate(FOCUSED)
    assert focused["visible"], focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/reference/format/")


@pytest.mark.searches
def test_on_a_phone_search_opens_from_the_keyboard(keyboard_page, site_url):
    page = keyboard_page(width=360)
    page.goto(site_url + "principles/")
    button = page.get_by_role("button", name="Search")
    tab_to(page, button)
    assert page.evaluate(FOCUSED)["indicated"]
    page.keyboard.press("Enter")
    field = page.locator("input.md-search__input")
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")


@pytest.mark.searches
def test_search_is_used_with_the_keyboard(keyboard_page, site_url):
    page = keyboard_page()
    page.goto(site_url)
    search_for(page, "shared accountability")
    # The arrow keys move through the results and their "more on this page", each showing
    # its focus.
    for _ in range(6):
        page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"] and focused["indicated"], focused["what"]
        assert page.evaluate("document.activeElement.closest('.md-search-result') !== null")
    # Escape closes search and leaves no focus stop inside the closed dialog.
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.md-search') === null")
    # Opened again, Enter on a result opens its page. The results are shown again first:
    # before they are, the arrow key has nothing to move to, and Enter stays in the search box.
    # (Closing the browser's context just after that Enter could hang Chromium.)
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    expect(page.locator(".md-search-result__link").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.href || null")
    assert href and href.startswith(site_url), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 160)")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    expect(page.locator("h1")).to_be_visible()


def test_a_criterion_permalink_is_no_tab_stop_but_stays_a_link(keyboard_page, site_url):
    page = keyboard_page()
    page.goto(site_url + RUBRIC)
    first_level = page.locator(".rg-criterion input[type=radio]").first
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(
            "(e => (e.closest('.rg-criterion') ? 'criterion: ' : '') + e.outerHTML.slice(0, 80))"
            "(document.activeElement)"))
        if first_level.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first level:\n" + "\n".join(stops))
    assert not [s for s in stops if s.startswith('criterion: <a class="headerlink')], stops
    # The skip link, Material's header (home, colour scheme, search), the breadcrumb (Home,
    # Rubrics), the title's permalink, the links above the matrix, then the first criterion's
    # own links and its levels.
    assert len(stops) <= 14, "\n".join(stops)
    # The permalink is still there for a pointer and a screen reader's list of links.
    permalink = page.locator("#communication .headerlink")
    assert permalink.evaluate("a => a.hash") == "#communication"
    assert permalink.evaluate("a => a.tabIndex") == -1
