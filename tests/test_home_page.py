"""The home page leads with the guide's tools: after the link to the whole guide, before the
hand-written sections, each rubric and checklist by name, on both engines."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import INDEX_MD, MINIMAL_GUIDE, configured, with_options

CHECKLIST = ("title: Ready to meet\n"
             "items:\n  - {id: a, text: An agenda.}\n  - {id: b, text: Notes.}\n")
HOME = "# Test guide\n\nWelcome.\n\n## The case { #the-case }\n\nTeams matter.\n"
TOOLS = {**MINIMAL_GUIDE, "content/checklists/ready.yml": CHECKLIST,
         "rubrics/secret.yml": MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
             "title: Teamwork", "title: Secret plans"),
         "district.yml": "hide: [rubrics/secret]\n"}



def test_the_rubrics_and_checklists_come_before_the_first_section(write_tree):
    build = configured(write_tree(TOOLS))
    home = build.transform(HOME, "index.md")
    order = ["Welcome.", "Download the whole guide (PDF)", ">Rubrics</h2>",
             '<a href="rubrics/teamwork/">Teamwork</a>',
             "1 criteria · 3 levels: Beginning, Growing, Strong",
             ">Checklists</h2>", '<a href="checklists/ready/">Ready to meet</a>',
             "2 items · Not yet / In progress / In place", "## The case"]
    assert [home.index(text) for text in order] == sorted(home.index(text) for text in order)
    assert "Secret plans" not in home  # hidden content is listed nowhere


def test_a_home_page_places_the_list_itself_and_without_sections_gets_it_last(write_tree):
    build = configured(write_tree(TOOLS))
    placed = "# Test guide\n\n## First\n\n<!-- rubric-guide: rubrics-and-checklists -->\n"
    home = build.transform(placed, "index.md")
    assert home.count(">Rubrics</h2>") == 1
    assert home.index("## First") < home.index(">Rubrics</h2>")
    assert home.index("Download the whole guide") < home.index("## First")
    last = build.transform(INDEX_MD, "index.md")
    assert last.index("Teams matter") < last.index("Download the whole") < last.index("Teamwork")


def test_without_pdfs_the_list_stays_and_the_book_link_goes(write_tree):
    build = configured(write_tree({**TOOLS, "mkdocs.yml": with_options("pdf: false")}))
    home = build.transform(HOME, "index.md")
    assert "Download the whole guide" not in home
    assert home.index(">Rubrics</h2>") < home.index("## The case")


def test_the_list_speaks_the_guide_s_language(write_tree):
    root = write_tree({**TOOLS, "mkdocs.yml": TOOLS["mkdocs.yml"].replace(
        "theme: {name: material, font: false}", "theme: {name: material, language: es}")})
    home = configured(root).transform(HOME, "index.md")
    assert ">Rúbricas</h2>" in home and ">Listas de verificación</h2>" in home


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_seed_home_page_leads_with_its_rubrics_and_checklists(page, request, engine):
    url = request.getfixturevalue("site_url" if engine == "mkdocs" else "zensical_url")
    page.goto(url)
    # The hand-written introduction is as written, its list of sections included.
    covers = page.locator("article ul").first.locator("li")
    expect(covers).to_have_count(5)
    expect(covers.first).to_have_text("The case for establishing accountability structures")
    case = page.locator("#the-case").bounding_box()["y"]
    book = page.get_by_role("link", name="Download the whole guide (PDF)").bounding_box()["y"]
    tools = [page.locator(f"article a[href$='{path}/']").first
             for path in ("rubrics/collaboration-structures", "rubrics/"
                          "district-collective-accountability", "checklists/evidence-of-practice",
                          "checklists/is-your-system-collaborative",
                          "checklists/qpl-collaboration-indicators", "checklists/strategies")]
    for link in tools:
        expect(link).to_be_visible()
        assert book < link.bounding_box()["y"] < case
    tools[0].click()
    page.wait_for_url("**/rubrics/collaboration-structures/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Strengthening Collaboration Structures")

