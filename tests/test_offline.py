"""The offline copy: built with ``OFFLINE=true``, zipped, unzipped elsewhere and opened from
disk (file://) in Chromium, with navigation, search and the scoring tool working."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

from generator.mkdocs_config import load_mkdocs_config, settings_of
from generator.site_settings import NEEDED_FEATURES, OFFLINE_SHIM, site_settings
from generator.urls import link as relative_url
from generator.urls import url_for as page_url

from .helpers import ROOT, GuideBuild, Links, html_pages, links_of

RUBRIC = "rubrics/collaboration-structures/index.html"


# -- the generator's links follow use_directory_urls ----------------------------------------

@pytest.mark.parametrize(("src_uri", "directory", "file"), [
    ("index.md", "./", "index.html"),
    ("principles.md", "principles/", "principles.html"),
    ("rubrics/index.md", "rubrics/", "rubrics/index.html"),
    ("rubrics/teamwork/index.md", "rubrics/teamwork/", "rubrics/teamwork/index.html"),
    ("rubrics/teamwork/sheet.md", "rubrics/teamwork/sheet/", "rubrics/teamwork/sheet.html"),
])
def test_page_addresses_name_files_without_directory_urls(src_uri, directory, file):
    assert page_url(src_uri) == directory
    assert page_url(src_uri, directory_urls=False) == file


@pytest.mark.parametrize(("from_src", "to_src", "anchor", "directory", "file"), [
    ("principles.md", "rubrics/teamwork/index.md", "meetings",
     "../rubrics/teamwork/#meetings", "rubrics/teamwork/index.html#meetings"),
    ("rubrics/teamwork/index.md", "principles.md", "trust",
     "../../principles/#trust", "../../principles.html#trust"),
    ("rubrics/teamwork/index.md", "rubrics/teamwork/sheet.md", None,
     "sheet/", "sheet.html"),
    ("rubrics/teamwork/sheet.md", "rubrics/teamwork/index.md", None, "../", "index.html"),
    ("sources.md", "index.md", None, "../", "index.html"),
    ("index.md", "sources.md", "doe-2020", "sources/#doe-2020", "sources.html#doe-2020"),
    ("sources.md", "sources.md", "doe-2020", "./#doe-2020", "sources.html#doe-2020"),
])
def test_links_between_pages_follow_directory_urls(from_src, to_src, anchor, directory, file):
    assert relative_url(from_src, to_src, anchor) == directory
    assert relative_url(from_src, to_src, anchor, directory_urls=False) == file


@pytest.mark.parametrize("offline", ["true", "false"])
def test_offline_switch_in_mkdocs_yml(monkeypatch, offline):
    monkeypatch.setenv("OFFLINE", offline)
    config = load_mkdocs_config(ROOT / "mkdocs.yml")
    build = GuideBuild.from_config(config, {})
    build.offline = bool(config.plugins["material/offline"].config.enabled)
    assert build.offline is (offline == "true")
    base = settings_of(config)
    settings = site_settings(build, base)
    if offline == "true":
        # The search shim comes from the guide, not unpkg.com; instant navigation, which
        # never starts the page's scripts from disk, is off.
        assert settings["extra"]["polyfills"] == [OFFLINE_SHIM]
        assert settings["theme"]["features"] == [
            f for f in base["theme"]["features"] if f != "navigation.instant"
        ] + list(NEEDED_FEATURES)
    else:
        assert "polyfills" not in settings["extra"]
        assert settings["theme"]["features"] == base["theme"]["features"] + list(NEEDED_FEATURES)


# -- the built copy ---------------------------------------------------------------------------

def test_every_internal_link_names_an_existing_file(offline_site):
    # From disk a link to a folder shows a file listing, so every link must name a file.
    pages = {p: links_of(p) for p in html_pages(offline_site)}
    broken = []
    for path, parsed in pages.items():
        if path.name == "404.html":
            continue  # served by web servers for missing addresses, never opened from disk
        for tag, attr, link in parsed.links:
            if urlsplit(link).scheme or link.startswith(("//", "mailto:", "javascript:")):
                continue
            target = urlsplit(urljoin(path.as_uri(), link))
            file = Path(unquote(target.path))
            where = f"{path.relative_to(offline_site)}: <{tag} {attr}={link}>"
            if not file.is_file():
                broken.append(where)
            elif target.fragment and target.fragment not in pages.get(file, Links()).ids:
                broken.append(f"{where} (no such anchor)")
    assert broken == []
    assert len(pages) > 20


def test_offline_copy_ships_its_search_index_and_worker_shim(offline_site):
    assert (offline_site / "search" / "search_index.js").read_text().startswith("var __index")
    assert (offline_site / OFFLINE_SHIM).is_file()
    home = (offline_site / "index.html").read_text()
    assert f'<script src="{OFFLINE_SHIM}"></script>' in home
    assert "unpkg.com" not in home
    material = re.search(r'<script id="__config" type="application/json">(.*?)</script>', home,
                         re.S)
    assert material and "navigation.instant" not in json.loads(material.group(1))["features"]


# -- in the browser, from disk ----------------------------------------------------------------

def follow(page: Page, name: str, to: str, where: str = ".md-sidebar--primary") -> None:
    """Click the link called ``name`` and land on the file ``to`` of the copy."""
    page.locator(where).get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + to))


def test_navigation_reaches_every_kind_of_page_from_disk(page, offline_site):
    page.goto((offline_site / "index.html").as_uri())
    expect(page.locator("article h1")).to_contain_text(
        "Building Structures for Collaborative Accountability")
    for name, to, heading in [
        ("Framework", "framework.html", "Framework"),
        ("Principles", "principles.html", "Foundational Principles"),
        ("Standards", "standards/index.html", "Standards"),
        ("Checklists", "checklists/index.html", "Checklists"),
        ("Sources", "sources.html", "Sources"),
        ("YAML format reference", "reference/format.html", "YAML format reference"),
        ("Rubrics", "rubrics/index.html", "Rubrics"),
    ]:
        follow(page, name, to)
        expect(page.locator("article h1")).to_contain_text(heading)
    follow(page, "Strengthening Collaboration Structures", RUBRIC, "article")
    follow(page, "Print blank sheet", "rubrics/collaboration-structures/sheet.html", "article")
    follow(page, "Back to the rubric", RUBRIC, "article")
    follow(page, "Open Communication", "principles.html", "article")
    assert urlsplit(page.url).fragment == "open-communication"
    follow(page, "Standards", "standards/index.html")
    follow(page, "Collaboration and Shared Accountability",
           "standards/collaboration-and-shared-accountability.html", "article")
    follow(page, "Checklists", "checklists/index.html")
    follow(page, "Collective Responsibility: evidence of practice",
           "checklists/evidence-of-practice.html", "article")


@pytest.mark.searches
def test_search_finds_and_opens_a_page_from_disk(page, offline_site):
    page.goto((offline_site / "principles.html").as_uri())
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("informal or inconsistently applied")
    result = page.locator(".md-search-result__item a[href*='#feedback-and-support']").first
    expect(result).to_contain_text("informal or inconsistently applied")
    result.click()
    # Material adds the search words to the address (?h=...) to highlight them on the page.
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + RUBRIC)
                      and urlsplit(url).fragment == "feedback-and-support")
    expect(page.locator("#feedback-and-support")).to_be_in_viewport()


def test_scoring_saves_and_prints_from_disk(page, offline_site):
    page.goto((offline_site / RUBRIC).as_uri())
    page.locator("#communication ~ dl").get_by_role("radio", name="Level 3: Proficient").check()
    page.get_by_label("Evidence notes for Communication & Information Sharing").fill("Agendas")
    page.reload()
    expect(page.locator("#communication ~ dl").get_by_role(
        "radio", name="Level 3: Proficient")).to_be_checked()
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url(lambda url: url.endswith("collaboration-structures/sheet.html#filled"))
    row = page.locator("tr[data-criterion='communication']")
    expect(row.locator("td.rg-sheet__chosen")).to_have_attribute("data-level", "proficient")
    expect(row.locator(".rg-sheet__evidence")).to_have_text("Agendas")
