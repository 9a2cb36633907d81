"""No page of the guide asks another host for anything: no web fonts, CDNs, analytics or
MathJax, whether it is served from a web server or opened from disk."""

from __future__ import annotations

import pytest

from .browser import addresses_of, local_to, requests_elsewhere, serve


@pytest.mark.searches
def test_served_pages_request_nothing_from_other_hosts(browser, built_site, site_url):
    site, _ = built_site
    addresses = addresses_of(site, site_url)
    assert len(addresses) > 20
    assert requests_elsewhere(browser, addresses, site_url, local_to(site_url)) == []


@pytest.mark.searches
def test_pages_opened_from_disk_request_nothing_from_other_hosts(browser, offline_site):
    addresses = addresses_of(offline_site, offline_site.as_uri() + "/")
    assert len(addresses) > 20
    home = (offline_site / "index.html").as_uri()
    assert requests_elsewhere(browser, addresses, home, local_to()) == []


@pytest.mark.searches
def test_the_check_catches_a_request_to_another_host(browser, tmp_path):
    # A page asking a CDN for a script is caught, and the request never leaves the machine.
    (tmp_path / "cdn-test.html").write_text(
        '<script src="https://cdn.example.org/lib.js"></script>', encoding="utf-8")
    with serve(tmp_path) as url:
        found = requests_elsewhere(browser, [url + "cdn-test.html"], url, local_to(url),
                                   search=lambda page: None)
    assert found == ["https://cdn.example.org/lib.js"]
