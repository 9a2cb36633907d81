"""A district's own pages, listed in district.yml's ``pages``, join the navigation on both
engines where it says, without an edit of mkdocs.yml; every mistake is refused at its line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.cli import cli
from generator.options import OwnPage
from generator.settings import add_pages

from .browser import drawer_opened, serve, top_level_titles
from .helpers import (
    MINIMAL_GUIDE,
    MKDOCS_YML,
    mkdocs_build,
    rubric_guide,
    with_options,
    write_files,
)

NAV = """\
nav:
  - Home: index.md
  - rubrics/index.md
  - Principles: principles.md
  - For editors:
      - reference/format.md
"""

PAGES = {
    "content/calendar.md": "# Calibration calendar\n\nWe score together in October.\n",
    "content/contacts.md": "# Contacts\n\nThe office of teaching and learning.\n",
    "content/welcome.md": "# Welcome\n\nRead this first.\n",
}

DISTRICT = """\
pages:
  - path: calendar.md
    title: "Dates & calibration"
    after: principles.md
  - path: contacts.md
    after: For editors
  - path: welcome.md
    after: Home
"""


def guide(write_tree, district: str, **files: str) -> Path:
    return write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MKDOCS_YML + NAV, **PAGES,
                       "district.yml": district, **files})


# --- placing the pages ------------------------------------------------------------------------

def own(path: str, title: str | None = None, after: str | None = None) -> OwnPage:
    return OwnPage(path=path, title=title, after=after)


def test_each_page_follows_the_entry_it_names_in_that_entrys_section():
    nav = [{"Home": "index.md"}, "rubrics/index.md",
           {"For editors": ["reference/format.md", {"Publishing": "publishing.md"}]}]
    assert add_pages(nav, [
        own("a.md", after="rubrics/index.md"),       # a page by its path
        own("b.md", "B <b>", after="reference/format.md"),   # inside a section; title as text
        own("c.md", after="For editors"),            # a section by its title, after it
        own("d.md", after="Home"),                   # an entry by its title
        own("e.md"),                                 # at the end
        own("f.md", after="a.md"),                   # after a page listed above
        own("g.md", after="rubrics/index.md"),       # second after the same entry
    ]) == [{"Home": "index.md"}, "d.md", "rubrics/index.md", "a.md", "f.md", "g.md",
           {"For editors": ["reference/format.md", {"B &lt;b&gt;": "b.md"},
                            {"Publishing": "publishing.md"}]},
           "c.md", "e.md"]
    assert nav[1] == "rubrics/index.md"  # mkdocs.yml's nav is left as it is


def test_without_a_nav_the_engine_lists_every_page_itself():
    assert add_pages(None, [own("a.md")]) is None


# --- mistakes, each at its line ---------------------------------------------------------------

def test_every_mistake_in_pages_is_refused_at_its_line(runner, write_tree):
    root = guide(write_tree, """\
pages:
  - path: calender.md
  - path: rubrics/index.md
  - path: principles.md
  - path: index.md
  - path: calendar.md
    after: Principals
  - path: contacts.md
  - path: contacts.md
  - path: notes.txt
  - path: welcome.md
    after: calendar.md
""")
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[1:] == [
        "district.yml:2:11: pages[0].path: no page content/calender.md; did you mean "
        "'calendar.md'?",
        "district.yml:3:11: pages[1].path: rubrics/index.md is a page the guide makes itself, "
        "and its navigation lists it already; list here only pages you wrote in content/",
        "district.yml:4:11: pages[2].path: principles.md is a page the guide makes itself, and "
        "its navigation lists it already; list here only pages you wrote in content/",
        "district.yml:5:11: pages[3].path: index.md is in mkdocs.yml's navigation already; "
        "leave it out of pages (to give it another title, write navigation: {index.md: ...})",
        "district.yml:7:12: pages[4].after: no entry 'Principals' in the navigation; did you "
        "mean 'Principles'?",
        "district.yml:9:11: pages[6].path: contacts.md is listed already, as pages[0]; list "
        "each page once",
        "district.yml:10:11: pages[7].path: expected the path of a Markdown page in content/, "
        "ending in .md, found 'notes.txt'",
        "district.yml:12:12: pages[8].after: no entry 'calendar.md' in the navigation; name the "
        "page it follows by its path (index.md), an entry or section by the title mkdocs.yml "
        "gives it, or a page listed above in pages; or leave after out to add the page at the "
        "end",
    ]


def test_titles_and_pages_the_navigation_does_not_have_are_named_at_their_line(
        runner, write_tree):
    # A title for an entry renamed upstream would be shown nowhere, and a page the nav names
    # that is not there would be left out (and stop `mkdocs build --strict`).
    root = guide(write_tree, "navigation:\n  principles.md: Our principles\n"
                             "  Principals: Our principles\n  calender.md: Dates\n",
                 **{"mkdocs.yml": MKDOCS_YML + NAV.replace("reference/format.md",
                                                           "reference/formats.md")})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:4] == [
        "district.yml:3:3: navigation.Principals: warning: no entry 'Principals' in the "
        "navigation, so this title is shown nowhere; did you mean 'Principles'? (a page's path "
        "stays when an upstream release renames its title)",
        "district.yml:4:3: navigation.calender.md: warning: no entry 'calender.md' in the "
        "navigation, so this title is shown nowhere; did you mean 'index.md'? (a page's path "
        "stays when an upstream release renames its title)",
        "mkdocs.yml:11:9: nav[3].For editors[0]: warning: no page content/reference/formats.md, "
        "so the navigation leaves it out; did you mean 'reference/format.md'?",
    ]
    strict = runner.invoke(cli, ["check", "--strict", "--project", str(root)])
    assert strict.exit_code == 1


def test_a_misspelt_key_of_an_entry_is_named_with_the_key_meant(runner, write_tree):
    root = guide(write_tree, "pages:\n  - {path: calendar.md, titel: Dates}\n")
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[1:] == [
        "district.yml:2:25: pages[0].titel: unknown key 'titel'; did you mean 'title'?"]


# --- both engines, as a reader sees them ------------------------------------------------------

BROWSED_MKDOCS_YML = with_options("pdf: false") + NAV
"""The guide's mkdocs.yml for the browser, which reads no PDF: none is made."""

EXPECTED = ["Home", "Welcome", "Rubrics", "Principles", "Dates & calibration", "For editors",
            "Contacts"]


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def own_pages_site(request, tmp_path_factory, warm_python) -> Iterator[str]:
    root = write_files(tmp_path_factory.mktemp("guide"), {
        **MINIMAL_GUIDE, "mkdocs.yml": BROWSED_MKDOCS_YML, **PAGES, "district.yml": DISTRICT})
    site = root / "site"
    if request.param == "mkdocs":
        result = mkdocs_build(root, site, python=warm_python)
        assert result.returncode == 0, result.stderr
    else:
        result = rubric_guide("build", "--engine", "zensical", "--strict", "-d", str(site),
                              cwd=root, python=warm_python)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == BROWSED_MKDOCS_YML
    with serve(site) as url:
        yield url


def test_on_a_laptop_the_pages_are_where_district_yml_puts_them(reading_page, own_pages_site):
    page = reading_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(own_pages_site)
    assert top_level_titles(page) == EXPECTED
    page.get_by_role("link", name="Dates & calibration", exact=True).click()
    page.wait_for_url("**/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Calibration calendar")
    # The title district.yml gives is the page's title too, shown as written.
    expect(page).to_have_title("Dates & calibration - Test guide")


def test_on_a_phone_the_drawer_holds_them_too(reading_page, own_pages_site):
    page = drawer_opened(reading_page, own_pages_site)
    drawer = page.locator(".md-sidebar--primary")
    assert top_level_titles(page) == EXPECTED
    drawer.get_by_role("link", name="Welcome", exact=True).click()
    page.wait_for_url("**/welcome/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
