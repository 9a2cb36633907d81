"""Real-browser fixtures: Debian's Chromium driven by Playwright, pages served on loopback;
and what a reader does on the guide's pages, shared by the browser tests.

Without Chromium the browser tests fail with the reason: they are what proves what a person
sees, so none is skipped.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from .helpers import html_pages

CHROMIUM = os.environ.get("RUBRIC_GUIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, which the accessibility checks inject into pages (see tests/npm.py)."""


def require_axe() -> None:
    if AXE.is_file():
        return
    from . import npm

    pytest.fail(npm.problem(npm.HERE) or f"axe-core not found at {AXE}")


def require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    pytest.fail(f"Chromium not found at {CHROMIUM}; install it (Debian/Ubuntu: apt-get install "
                "chromium; macOS: brew install --cask chromium, then set RUBRIC_GUIDE_CHROMIUM "
                "to its path)")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


NO_SEARCH_WORKER = """window.Worker = class {
  postMessage() {}
  addEventListener() {}
  removeEventListener() {}
  terminate() {}
};"""
"""Run before the scripts of each page of a test that does not search. Material's search
starts a worker on every page, which fetches and indexes the whole site: a fifth of the
browser's work for each page a test opens. A test that searches, or checks every request a
page makes, is marked ``searches`` and has the real worker."""

_searching = True
"""Whether the running test is marked ``searches`` (set for each test by :func:`_search`)."""


@pytest.fixture(autouse=True)
def _search(request: pytest.FixtureRequest) -> Iterator[None]:
    global _searching
    _searching = request.node.get_closest_marker("searches") is not None
    yield
    _searching = True


def opened(context: Any) -> Any:
    """A new page of ``context``, with Material's search worker only if the test searches."""
    page = context.new_page()
    if not _searching:
        page.add_init_script(NO_SEARCH_WORKER)
    return page


@contextlib.contextmanager
def new_page(browser: Any, width: int = 1366, height: int = 900, **options: Any) -> Iterator[Any]:
    """A page in a fresh browser profile (so saved answers never leak between tests) of the
    given size, closed with its profile afterwards; ``options`` go to ``new_context``."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        yield opened(context)
    finally:
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page at a laptop's size that accepts downloads; the test fails if the page raises a
    script error."""
    with new_page(browser, accept_downloads=True) as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
    assert errors == [], "the page raised script errors"


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A page at a phone's size, 360 by 740 CSS pixels."""
    with new_page(browser, 360, 740) as page:
        yield page


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens pages of a given width (800 px high), each in a fresh profile, closed at the end."""
    with contextlib.ExitStack() as stack:
        yield lambda width=1280: stack.enter_context(new_page(browser, width, 800))


FORGET_STORAGE = """try { localStorage.clear(); sessionStorage.clear(); } catch (error) {}"""
"""Run before each document's own scripts: the page starts with the storage of a fresh
profile (the guide keeps nothing in cookies, IndexedDB or service workers)."""


class ReadingProfiles:
    """Browser profiles for tests that each read one page as it loads (answers a test saves are
    gone at the next page's load), one per window size and options, kept for the session: a
    fresh profile per test loads the guide's files and compiles its scripts again each time,
    which costs more than the test. A test that follows answers from one page to the next
    needs :func:`new_page` instead."""

    KEEPER = "keeps-the-browser-process"
    """A page no site has (an error page, without scripts) that each profile keeps open on
    the sites' host between tests, so the browser keeps the process that draws the host's
    pages, and its cache of parsed files, instead of starting another for the next test."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: dict[tuple[Any, ...], Any] = {}
        self.kept: set[int] = set()

    def context(self, width: int, height: int, **options: Any) -> Any:
        key = (width, height, *sorted(options.items()))
        if key not in self.contexts:
            context = self.browser.new_context(viewport={"width": width, "height": height},
                                               **options)
            context.add_init_script(FORGET_STORAGE)
            self.contexts[key] = context
        return self.contexts[key]

    def close(self, page: Any) -> None:
        """Close a test's page, keeping its host's browser process for the next test."""
        parts = urlsplit(page.url)
        if id(page.context) not in self.kept and parts.scheme == "http":
            self.kept.add(id(page.context))
            with contextlib.suppress(PlaywrightError):  # only a saving: the next test may pay
                page.context.new_page().goto(f"http://{parts.netloc}/{self.KEEPER}")
        page.close()

    def close_all(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="session")
def reading_profiles(browser: Any) -> Iterator[ReadingProfiles]:
    """The session's :class:`ReadingProfiles`."""
    profiles = ReadingProfiles(browser)
    yield profiles
    profiles.close_all()


@pytest.fixture
def read_page(reading_profiles: ReadingProfiles) -> Iterator[Callable[..., Any]]:
    """Opens a page of the given width (800 px high unless given) in a :class:`ReadingProfiles`
    profile, as :func:`open_page` does in a fresh one; closed at the end. ``options`` go to
    ``new_context``."""
    pages: list[Any] = []

    def open_one(width: int = 1280, height: int = 800, **options: Any) -> Any:
        pages.append(opened(reading_profiles.context(width, height, **options)))
        return pages[-1]

    yield open_one
    for page in pages:
        reading_profiles.close(page)


SETTLE = """ended => {
  for (const a of document.getAnimations()) {
    if (a.effect && isFinite(a.effect.getComputedTiming().endTime) && (!ended || ended(a))) {
      a.finish();
    }
  }
}"""
"""Takes the page's fades and slides to their end (``Animation.finish``), or only those that
``ended`` accepts (given no function, as ``page.evaluate(SETTLE)`` gives none, all of them):
the page then shows what a person sees once they have ended, without waiting for them. An
animation that repeats forever (a loading spinner) has no end, and is left as it is."""


def settle(page: Any) -> None:
    """End the page's fades and slides, so what is measured is what is shown."""
    page.evaluate(SETTLE)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection mid-file is normal; anything else is reported."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1; yields the base address."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def built_and_served(project: Path, files: dict[str, str],
                     python: Any = None) -> Iterator[tuple[str, Path]]:
    """Write ``files`` (``{relative path: text}``) into ``project``, build it with MkDocs (in
    a process forked by ``python``, a :class:`~tests.warm_python.WarmPython`, if given) and
    serve the site on 127.0.0.1; yields the base address and the site's folder."""
    from .conftest import mkdocs_build

    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    site = project / "site"
    result = mkdocs_build(project, site, python=python)
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield url, site


@pytest.fixture(scope="session")
def zensical_url(zensical_build: tuple[Path, str]) -> Iterator[str]:
    """The guide as Zensical built it, served on 127.0.0.1."""
    with serve(zensical_build[0]) as url:
        yield url


@pytest.fixture(scope="session")
def site_url(built_site: tuple[Path, str]) -> Iterator[str]:
    """The built guide served on 127.0.0.1 for the length of the test session."""
    site, _ = built_site
    with serve(site) as url:
        yield url


@pytest.fixture
def reader(open_page: Callable[..., Any]) -> Callable[..., Any]:
    """Opens a page of the given width, as :func:`open_page` does, for accessibility audits."""
    require_axe()
    return open_page


# -- the seed guide's pages ------------------------------------------------------------------

RUBRIC = "rubrics/collaboration-structures/"
"""The seed guide's four-level rubric, by its address in the site."""

DISTRICT = "rubrics/district-collective-accountability/"
"""The seed guide's seven-level rubric."""

CHECKLIST = "checklists/evidence-of-practice/"
"""A seed checklist."""

# -- what a reader does on a page ---------------------------------------------------------------

def radio(page, criterion: str, label: str):
    return page.locator(f"#{criterion} ~ dl").get_by_role("radio", name=label)


def page_data(page) -> dict:
    return json.loads(page.locator(".rg-data").get_attribute("data-rg-json"))


def csv_rows(text: str) -> list[list[str]]:
    """The rows of a CSV the page exported, which starts with a byte-order mark so that
    spreadsheet programs read it as UTF-8."""
    assert text.startswith("\ufeff"), text[:20]
    return list(csv.reader(io.StringIO(text[1:])))


def download(page, action: str) -> str:
    with page.expect_download() as info:
        page.locator(f"[data-rg-action='{action}']").first.click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def member_export(data: dict, name: str, levels: dict[str, str], notes: dict[str, str],
                  **changes: object) -> dict:
    versions = {c["id"]: c["version"] for c in data["criteria"]}
    export = {
        "format": "rubric-guide", "formatVersion": 1, "kind": "rubric", "id": data["id"],
        "title": data["title"], "contentVersion": data["version"], "respondent": name,
        "answers": {cid: {"level": level, "notes": notes.get(cid, ""), "version": versions[cid]}
                    for cid, level in levels.items()},
    }
    export.update(changes)
    return export


def as_file(name: str, value: object) -> dict:
    return {"name": name, "mimeType": "application/json",
            "buffer": json.dumps(value).encode()}


TODAY = """() => { const d = new Date(), p = n => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"""

# What the page says the date is, in words, as on sheets and the merged view.
LONG_TODAY = """() => new Date().toLocaleDateString(document.documentElement.lang,
  {year: "numeric", month: "long", day: "numeric"})"""


def without_print_dialog(page) -> None:
    """Count calls of window.print() instead of opening the dialog, on this page and the
    pages it opens."""
    stub = "window.print = () => { window.printCalls = (window.printCalls || 0) + 1; };"
    page.context.add_init_script(stub)
    page.evaluate(f"() => {{ {stub} }}")


TOP_LEVEL = ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item"
"""The navigation's top-level entries, in the sidebar or the phone's drawer."""


def top_level_titles(page: Page) -> list[str]:
    """The titles of the navigation's top-level entries, as they read."""
    return [title.split("\n")[0].strip()
            for title in page.locator(TOP_LEVEL).all_inner_texts()]


PHONE = {"width": 360, "height": 740}
"""A phone's viewport."""


def open_drawer(browser: Any, url: str) -> tuple[Any, Page]:
    """A phone-sized context at ``url`` with the navigation drawer opened; returns the
    context (to close) and the page."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_drawer_on(page, url)
    return context, page


def open_drawer_on(page: Page, url: str) -> None:
    """Go to ``url`` in ``page``, phone-sized (:data:`PHONE`), and open the navigation
    drawer."""
    page.goto(url)
    page.get_by_role("button", name="Navigation").first.click()
    expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()


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


def searchable() -> None:
    """Fail a test that searches without the mark that gives its pages the search worker."""
    if not _searching:
        pytest.fail("this test searches: mark it @pytest.mark.searches (tests/browser.py)")


def search_for(page: Page, query: str = "shared accountability") -> None:
    searchable()
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query)
    await_last_results(page)


def await_last_results(page: Page) -> None:
    """Wait for Material's search results to show, and to stop changing."""
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    results_settled(page, ".md-search-result")


def results_settled(page: Page, results: str) -> None:
    """Wait until the element ``results`` (where a search shows its results, or that there
    are none) stops changing: each key press searches again, and the last search's results
    are the ones that count."""
    page.wait_for_function("""selector => new Promise(settled => {
      const shown = () => document.querySelector(selector)?.innerHTML;
      const before = shown();
      setTimeout(() => settled(before !== undefined && shown() === before), 300);
    })""", arg=results)


def zensical_search(page: Page, query: str) -> list[str]:
    """The addresses Zensical's search dialog lists for ``query``, typed as a person types it."""
    searchable()
    page.keyboard.press("/")
    field = page.locator("dialog input")
    expect(field).to_be_visible()
    field.press_sequentially(query)
    results = page.locator("dialog ol a")
    expect(results.first).to_be_visible()
    results_settled(page, "dialog")
    return [str(results.nth(i).get_attribute("href")) for i in range(results.count())]


# -- accessibility, as axe-core audits it --------------------------------------------------------

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}


@functools.cache
def axe_address() -> str:
    """axe-core's address on a server of its own, started on first use and kept for the test
    run: loaded from there, the browser caches it compiled, where a script handed over whole
    is sent and compiled again on every page."""
    return serve(AXE.parent).__enter__() + AXE.name


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
    if page.evaluate("typeof axe === 'undefined'"):  # once a page: a second audit reuses it
        try:
            page.add_script_tag(url=axe_address())
        except PlaywrightError:  # a page whose policy refuses scripts from elsewhere
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



# -- requests to other hosts ---------------------------------------------------------------------

LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def local_to(server: str | None = None) -> Callable[[str], bool]:
    """Whether a request stays on this machine: an address of a local scheme (a file, data)
    or, given the address of the server the pages come from, of that server."""
    host = urlsplit(server).netloc if server else None

    def local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or (host is not None and parts.netloc == host)

    return local


def addresses_of(site: Path, base: str) -> list[str]:
    """The address under ``base`` of every HTML page of the built ``site``."""
    return [base + path.relative_to(site).as_posix() for path in html_pages(site)]

SEARCH = functools.partial(search_for, query="accountability")
"""A search on a Material page, which loads the search index and worker."""


AT_ONCE = 6
"""Pages loaded side by side, in the same tabs one batch after another: a new tab for every
page costs the browser more than the page itself."""

QUIET = 0.5
"""Seconds without a new request after which a batch of pages is taken to have asked for
everything it will ask for (Playwright's "network idle" waits as long)."""


class Requests:
    """The requests a browser context makes: those that ``local`` refuses, and when the last
    one of any kind began."""

    def __init__(self, context: Any, local: Callable[[str], bool]) -> None:
        self.elsewhere: list[str] = []
        self.last = time.monotonic()
        self.local = local
        context.on("request", self.began)

    def began(self, request: Any) -> None:
        self.last = time.monotonic()
        if not self.local(request.url):
            self.elsewhere.append(request.url)

    def settle(self, tab: Page, limit: float = 30) -> None:
        """Wait until no request has begun for :data:`QUIET` seconds. A request that never
        ends does not hold the wait up: it was counted when it began."""
        give_up = time.monotonic() + limit
        while (quiet := time.monotonic() - self.last) < QUIET:
            assert time.monotonic() < give_up, f"the pages kept making requests for {limit} s"
            tab.wait_for_timeout((QUIET - quiet) * 1000)


def requests_elsewhere(browser: Any, addresses: list[str], search_on: str,
                       local: Callable[[str], bool],
                       search: Callable[[Page], None] = SEARCH) -> list[str]:
    """Every request that ``local`` refuses, blocked, made by the pages at ``addresses`` and
    by a search (``search``) on the page at ``search_on``."""
    # Requests to other hosts go to a proxy that is not there, so none leaves the machine; the
    # pages' own requests, to loopback or from disk, bypass it. Every request, workers' and
    # frames' included, is an event, and those to other hosts are kept.
    context = browser.new_context(proxy={"server": "http://127.0.0.1:9",
                                         "bypass": "127.0.0.1,localhost"})
    requests = Requests(context, local)
    tabs: list[Page] = [context.new_page() for _ in range(min(AT_ONCE, len(addresses)) or 1)]
    for start in range(0, len(addresses), AT_ONCE):
        batch = list(zip(tabs, addresses[start:start + AT_ONCE], strict=False))
        for tab, address in batch:
            tab.goto(address, wait_until="commit")
        for tab, _ in batch:
            tab.wait_for_load_state("domcontentloaded")
        requests.settle(tabs[0])
    # Search loads its index and worker only when used.
    page = tabs[0]
    page.goto(search_on)
    requests.settle(page)
    search(page)
    requests.settle(page)
    context.close()
    return sorted(set(requests.elsewhere))


# -- a tab for the tests that only read pages ---------------------------------------------------

@pytest.fixture
def reading_page(read_page: Callable[..., Any]) -> Iterator[Page]:
    """A tab for a test that only looks at pages, at a laptop's size (1366 by 900) on a screen
    in light colours, its width and media changed as the test needs; opened by
    :func:`read_page`, so each page it loads starts as in a fresh profile. The test fails if a
    page raises a script error. Tests that follow answers from one page to the next take a
    fresh profile (:func:`page`)."""
    page = read_page(1366, 900)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], "the page raised script errors"


def search_again(page: Page, query: str) -> None:
    """Search a Material page already searched, as :func:`search_for` does, for ``query``: the
    field emptied (and the last results gone) and typed into again; the search index the page
    has built is kept."""
    field = page.locator("input.md-search__input")
    field.fill("")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    field.press_sequentially(query)
    await_last_results(page)


def drawer_opened(page: Page, url: str) -> Page:
    """``page``, made phone-sized, at ``url`` with the navigation drawer opened, as
    :func:`open_drawer` opens it in a profile of its own."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url)
    page.get_by_role("button", name="Navigation").first.click()
    expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
    return page


@pytest.fixture
def watched_reading_page(reading_page: Page) -> Iterator[Page]:
    """:func:`reading_page`, failing the test on any dialog a page opens too: the payloads of
    the hostile guides name themselves in an alert."""
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    reading_page.on("dialog", dismiss)
    try:
        yield reading_page
    finally:
        reading_page.remove_listener("dialog", dismiss)
    assert dialogs == [], "a page opened a dialog: the dialogs name what ran"
