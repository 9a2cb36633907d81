"""A guide and its Spanish translation, read in Chromium on both engines: the language switch
leads to the same page in the other language and back, translated texts are in Spanish and
the ones not translated yet are in English marked as English (navigation titles too), and the
Spanish rubric's tools, sheet and search work in Spanish."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .browser import assert_accessible, results_settled, serve, without_print_dialog
from .helpers import (
    MINIMAL_GUIDE,
    MKDOCS_YML,
    NAVIGATED,
    PAGE_MD,
    TRANSLATED,
    WarmPython,
    fill,
    rubric_guide,
    translate,
    with_options,
    write_files,
)

SPANISH = {**TRANSLATED, "Calibration calendar": "Calendario de calibración",
           "Teams meet in May.": "Los equipos se reúnen en mayo.",
           "How teams meet": "Cómo se reúnen los equipos"}
"""The translation the district has made so far: the rest is shown in English."""

RUBRIC = "rubrics/teamwork/"

TEAMS_MD = NAVIGATED["content/teams.md"] + """
## How teams meet

Once a month.

## Who leads a team

A teacher.
"""
"""A page whose contents list one heading translated and one not."""


@pytest.fixture(scope="module")
def bilingual_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide, with its Spanish translation in part made, that each engine builds. No test
    reads a PDF: none is made."""
    mkdocs_yml = NAVIGATED["mkdocs.yml"].replace(MKDOCS_YML, with_options("pdf: false"))
    root = write_files(tmp_path_factory.mktemp("bilingual"), {
        **MINIMAL_GUIDE, **NAVIGATED, "content/index.md": PAGE_MD, "content/teams.md": TEAMS_MD,
        "mkdocs.yml": mkdocs_yml + "  - rubrics/index.md\n"})
    translate(root)
    fill(root, SPANISH)
    return root


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def bilingual_url(request: pytest.FixtureRequest, bilingual_project: Path,
                  warm_python: WarmPython) -> Iterator[str]:
    """The guide in English at / and in part in Spanish at /es/, built by each engine; its
    address ends in the engine's name, as a fragment."""
    site = bilingual_project / f"site-{request.param}"
    result = rubric_guide("build", "--engine", request.param, "-d", str(site),
                          cwd=bilingual_project, python=warm_python)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(site) as url:
        yield f"{url}#{request.param}"


def switch_to(page: Page, language: str) -> None:
    """Choose ``language`` in the header's language switch, as a reader does."""
    page.locator(".md-header .md-select button").focus()  # opens the list, as hovering does
    page.locator(".md-select__link", has_text=language).click()


def test_the_language_switch_keeps_the_page_both_ways(reading_page: Page,
                                                      bilingual_url: str) -> None:
    page = reading_page
    bilingual_url = bilingual_url.split("#")[0]
    page.goto(bilingual_url + RUBRIC)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch_to(page, "Español")
    expect(page).to_have_url(f"{bilingual_url}es/{RUBRIC}")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=3, name="Reuniones y órdenes del día")
           ).to_be_visible()
    switch_to(page, "English")
    expect(page).to_have_url(bilingual_url + RUBRIC)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=3, name="Meetings & agendas")).to_be_visible()


def test_spanish_where_translated_and_marked_english_where_not(reading_page: Page,
                                                               bilingual_url: str) -> None:
    page = reading_page
    bilingual_url = bilingual_url.split("#")[0]
    page.goto(f"{bilingual_url}es/{RUBRIC}")
    expect(page.get_by_text("Las reuniones son periódicas.")).to_be_visible()
    untranslated = page.locator("main [lang='en']", has_text="Meetings drive decisions.")
    expect(untranslated).to_be_visible()
    assert_accessible(page, "the Spanish rubric page")
    # The navigation (which rubric pages leave out for their table's width): the guide's own
    # words, the district's translated title, and the untranslated one marked as English.
    page.goto(f"{bilingual_url}es/calendar/")
    expect(page.get_by_text("Los equipos se reúnen en mayo.")).to_be_visible()
    nav = page.locator(".md-sidebar--primary")
    expect(nav.get_by_role("link", name="Inicio")).to_be_visible()
    expect(nav.get_by_role("link", name="Calendario de calibración")).to_be_visible()
    expect(nav.locator("[lang='en']")).to_have_text(["School teams", "Who to ask"])
    assert_accessible(page, "a Spanish page of the district's own")


def test_the_page_contents_mark_the_headings_not_translated(reading_page: Page,
                                                            bilingual_url: str) -> None:
    page = reading_page
    bilingual_url = bilingual_url.split("#")[0]
    page.goto(f"{bilingual_url}es/teams/")
    contents = page.locator(".md-sidebar--secondary .md-nav--secondary")
    translated = contents.get_by_role("link", name="Cómo se reúnen los equipos")
    expect(translated).to_be_visible()
    expect(translated.locator("[lang]")).to_have_count(0)
    expect(translated).not_to_have_attribute("lang", re.compile(".*"))
    english = contents.get_by_role("link", name="Who leads a team")
    expect(english.locator("[lang='en']")).to_have_text("Who leads a team")
    expect(contents.locator("[lang]")).to_have_count(1)
    assert_accessible(page, "a Spanish page with a heading not translated")


def test_the_spanish_sheet_carries_the_answers(page: Page, bilingual_url: str) -> None:
    bilingual_url = bilingual_url.split("#")[0]
    page.goto(f"{bilingual_url}es/{RUBRIC}")
    without_print_dialog(page)
    page.locator("#meetings ~ dl input[type=radio][value=growing]").check()
    expect(page.locator("[data-rg-summary]")).to_contain_text("1 de 1")
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url("**/es/rubrics/teamwork/sheet/#filled")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    row = page.locator("tr[data-criterion='meetings']")
    expect(row.locator("td.rg-sheet__chosen")).to_have_attribute("data-level", "growing")
    expect(row).to_contain_text("Las reuniones son periódicas.")
    expect(row.locator("[lang='en']", has_text="Meetings drive decisions.")).to_have_count(1)


SEARCH = {"mkdocs": ("input.md-search__input", ".md-search-result__item a", ".md-search-result"),
          "zensical": ("dialog input", "dialog ol a", "dialog")}
"""The search field, the links of its results and where it shows them (or that there are
none), as each engine's theme has them."""


def search(page: Page, site: str, query: str) -> Locator:
    """The links to the results of searching ``site`` for ``query``, from its home page."""
    url, engine = site.split("#")
    page.goto(url)
    field, results, _ = SEARCH[engine]
    page.keyboard.press("/")
    page.locator(field).press_sequentially(query)
    return page.locator(results)


@pytest.mark.searches
def test_search_finds_the_spanish_text_in_spanish_only(reading_page: Page,
                                                       bilingual_url: str) -> None:
    page = reading_page
    url, engine = bilingual_url.split("#")
    found = search(page, f"{url}es/#{engine}", "periódicas")
    expect(found.first).to_be_visible()
    found.first.click()
    expect(page).to_have_url(re.compile(f"{re.escape(url)}es/{RUBRIC}"))
    expect(page.get_by_text("Las reuniones son periódicas.")).to_be_visible()
    found = search(page, bilingual_url, "regular")
    expect(found.first).to_be_visible()
    page.locator(SEARCH[engine][0]).fill("")
    page.locator(SEARCH[engine][0]).press_sequentially("periódicas")
    results_settled(page, SEARCH[engine][2])
    expect(found).to_have_count(0)
