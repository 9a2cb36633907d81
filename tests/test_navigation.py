"""The sidebar lists sections, not every rubric, so a page's size does not grow with the guide;
teachers' sections come first and the editors' pages last, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.build import GuideBuild
from generator.cli import cli
from generator.mkdocs_config import load_mkdocs_config, plugin_options, settings_of
from generator.site_settings import site_settings

from .browser import PHONE, TOP_LEVEL, open_drawer_on, top_level_titles
from .helpers import MINIMAL_GUIDE, MKDOCS_YML, RUBRIC_YML, copy_project, mkdocs_build, with_options

NOT_IN_NAV = 'not included in the "nav" configuration'


def build(write_tree, warm_python, tmp_path: Path, rubrics: int) -> tuple[Path, str]:
    files = {f"rubrics/extra-{i:02d}.yml": RUBRIC_YML.replace("Teamwork", f"Extra {i}")
             for i in range(1, rubrics)}
    # Without PDFs: the pages are what is compared, and twelve PDFs would take longer than
    # both builds.
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": with_options("pdf: false\n"), **files})
    site = tmp_path / f"site-{rubrics}"
    result = mkdocs_build(root, site, python=warm_python)
    assert result.returncode == 0, result.stderr
    for name in files:
        (root / name).unlink()
    return site, result.stderr


def test_pages_are_the_same_with_one_rubric_or_twelve(write_tree, warm_python, tmp_path):
    # The test guide's mkdocs.yml has no `nav`, so MkDocs builds the navigation from every page
    # it is not told to leave out.
    one, _ = build(write_tree, warm_python, tmp_path, 1)
    twelve, log = build(write_tree, warm_python, tmp_path, 12)
    assert "extra-11/" in (twelve / "rubrics" / "index.html").read_text(encoding="utf-8")
    for page in ("rubrics/teamwork/index.html", "rubrics/teamwork/sheet/index.html"):
        assert (twelve / page).read_bytes() == (one / page).read_bytes(), page
    # The home page lists every rubric once, in its list of rubrics, and nowhere else.
    assert (twelve / "index.html").read_text(encoding="utf-8").count('extra-11/"') == 1
    assert NOT_IN_NAV not in log


def test_seed_guide_reports_no_pages_missing_from_the_nav(built_site):
    _, log = built_site
    assert NOT_IN_NAV not in log


# --- Teachers' sections first, the editors' pages in a section of their own at the end -------

TEACHERS = ["Home", "Framework", "Principles", "Rubrics", "Standards", "Checklists",
            "Strategies", "Key system features", "Evidence of practice", "Sources"]
EDITORS = ("For editors", ["Customize for your district", "Writing and checking content",
                           "YAML format reference", "Printing and scoring",
                           "Publishing your guide"])


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_editors_section_ends_the_navigation_on_a_laptop_and_the_drawer_on_a_phone(
        browser, request, engine):
    """One context for both widths: nothing the reader does here is stored in the browser."""
    url = request.getfixturevalue("site_url" if engine == "mkdocs" else "zensical_url")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url + "principles/")
    assert top_level_titles(page) == [*TEACHERS, EDITORS[0]]
    section = page.locator(TOP_LEVEL).last
    for title in EDITORS[1]:  # open, as every section is on a laptop
        expect(section.get_by_role("link", name=title, exact=True)).to_be_visible()
    section.get_by_role("link", name="Publishing your guide").click()
    page.wait_for_url("**/publishing/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publishing your guide")

    # On a phone, from the home page, in the drawer.
    page.set_viewport_size(PHONE)
    open_drawer_on(page, url)
    drawer = page.locator(".md-sidebar--primary")
    assert top_level_titles(page) == [*TEACHERS, EDITORS[0]]
    expect(page.locator(TOP_LEVEL).last).to_be_in_viewport()
    page.locator(TOP_LEVEL).last.locator("label").first.click()
    for title in EDITORS[1]:
        expect(drawer.get_by_role("link", name=title, exact=True)).to_be_in_viewport()
    context.close()


def test_the_editors_section_is_titled_in_the_guides_language(tmp_path):
    project = copy_project(tmp_path / "guide")
    (project / "district.yml").write_text("language: es\n", encoding="utf-8")
    config = load_mkdocs_config(project / "mkdocs.yml")
    build = GuideBuild.from_config(config, plugin_options(config))
    build.load()
    nav = site_settings(build, settings_of(config))["nav"]
    assert nav[-1] == {"Para editores": [
        {"Adaptar la guía a su distrito": "customize.md"},
        {"Escribir y revisar el contenido": "editing.md"},
        "reference/format.md",
        {"Imprimir y puntuar": "printing-and-scoring.md"},
        {"Publicar la guía": "publishing.md"}]}


def test_a_title_left_in_english_in_a_spanish_guide_is_a_warning_at_its_line(runner,
                                                                              write_tree):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MKDOCS_YML + """\
nav:
  - Home: index.md
  - Meeting notes:
      - Calendar: calendar.md
  - Principles: principles.md
""", "content/calendar.md": "# Calendario\n", "district.yml": """\
language: es
navigation: {Principles: Nuestros principios}
"""})
    result = runner.invoke(cli, ["check", "--strict", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        "Warning: 2 things to finish in the guide's content:",
        "mkdocs.yml:8:5: nav[1].Meeting notes: warning: the navigation title 'Meeting notes' "
        "has no translation into 'es', so readers see it in English; give it one in "
        "district.yml: navigation: {Meeting notes: ...}",
        "mkdocs.yml:9:9: nav[1].Meeting notes[0].Calendar: warning: the navigation title "
        "'Calendar' has no translation into 'es', so readers see it in English; give it one "
        "in district.yml: navigation: {Calendar: ...}",
    ]
    (root / "district.yml").write_text(
        "language: es\nnavigation: {Meeting notes: Actas, calendar.md: Calendario}\n",
        encoding="utf-8")
    result = runner.invoke(cli, ["check", "--strict", "--project", str(root)])
    assert result.exit_code == 0, result.output
