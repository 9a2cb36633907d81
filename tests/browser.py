"""Real-browser fixtures: Debian's Chromium driven by Playwright, pages served on loopback.

Without Chromium the browser tests fail with the reason: they are what proves what a person
sees, so none is skipped.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page in a fresh browser profile, so saved answers never leak between tests; the test
    fails if the page raises a script error."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], "the page raised script errors"


SETTLE = """awaited => Promise.race([
  Promise.all(document.getAnimations()
    .filter(a => a.effect && isFinite(a.effect.getComputedTiming().endTime)
      && (!awaited || awaited(a)))
    .map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 2000)),
])"""
"""Waits for the page's fades and slides to end, or only for those ``awaited`` accepts (given
no function, as ``page.evaluate(SETTLE)`` gives none, all of them). An animation that repeats
forever (a loading spinner) never finishes, so only those with an end are awaited, and never
more than 2 s."""


def settle(page: Any) -> None:
    """Let the page's fades and slides end, so what is measured is what is shown."""
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
def built_and_served(project: Path, files: dict[str, str]) -> Iterator[tuple[str, Path]]:
    """Write ``files`` (``{relative path: text}``) into ``project``, build it with MkDocs and
    serve the site on 127.0.0.1; yields the base address and the site's folder."""
    from .conftest import mkdocs_build

    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    site = project / "site"
    result = mkdocs_build(project, site)
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
def reader(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens a page in a fresh browser profile of the given width."""
    require_axe()
    contexts = []

    def open_page(width: int = 1280) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      color_scheme="light")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
