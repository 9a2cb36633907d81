"""No page of the guide asks another host for anything: no web fonts, CDNs, analytics or
MathJax, whether it is served from a web server or opened from disk."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

from .test_accessibility import search_for

LOCAL_SCHEMES = {"file", "data", "blob", "about"}

SEARCH = functools.partial(search_for, query="accountability")
"""A search on a Material page, which loads the search index and worker."""


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


AT_ONCE = 6
"""Pages loaded side by side: each is watched until its network has been idle for 0.5 s, and
those waits overlap."""


def requests_elsewhere(browser: Any, addresses: list[str], search_on: str,
                       local: Callable[[str], bool],
                       search: Callable[[Page], None] = SEARCH) -> list[str]:
    """Every request that ``local`` refuses, blocked, made by the pages at ``addresses`` and
    by a search (``search``) on the page at ``search_on``."""
    context = browser.new_context()
    elsewhere: list[str] = []

    def check(route: Any) -> None:
        url = route.request.url
        if local(url):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    context.route("**/*", check)
    # Requests the router does not see (workers, iframes' own documents) are still events.
    context.on("request", lambda request: None if local(request.url)
               else elsewhere.append(request.url))
    for start in range(0, len(addresses), AT_ONCE):
        batch = addresses[start:start + AT_ONCE]
        pages: list[Page] = [context.new_page() for _ in batch]
        for page, address in zip(pages, batch, strict=True):
            page.goto(address, wait_until="commit")
        for page in pages:
            page.wait_for_load_state("networkidle")
            page.close()
    # Search loads its index and worker only when used.
    page = context.new_page()
    page.goto(search_on, wait_until="networkidle")
    search(page)
    page.wait_for_load_state("networkidle")
    context.close()
    return sorted(set(elsewhere))


def test_served_pages_request_nothing_from_other_hosts(browser, built_site, site_url):
    site, _ = built_site
    host = urlsplit(site_url).netloc
    addresses = [site_url + p.relative_to(site).as_posix() for p in pages_of(site)]
    assert len(addresses) > 20

    def local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or parts.netloc == host

    assert requests_elsewhere(browser, addresses, site_url, local) == []


def test_pages_opened_from_disk_request_nothing_from_other_hosts(browser, offline_site):
    addresses = [p.as_uri() for p in pages_of(offline_site)]
    assert len(addresses) > 20

    def local(url: str) -> bool:
        return urlsplit(url).scheme in LOCAL_SCHEMES

    home = (offline_site / "index.html").as_uri()
    assert requests_elsewhere(browser, addresses, home, local) == []


def test_the_check_catches_a_request_to_another_host(browser, built_site, site_url):
    # A page asking a CDN for a script is caught, and the request never leaves the machine.
    site, _ = built_site
    page = site / "cdn-test.html"
    page.write_text('<script src="https://cdn.example.org/lib.js"></script>', encoding="utf-8")
    try:
        found = requests_elsewhere(browser, [site_url + page.name], site_url,
                                   lambda url: urlsplit(url).netloc != "cdn.example.org")
    finally:
        page.unlink()
    assert found == ["https://cdn.example.org/lib.js"]
