"""The language of what is written: a guide whose interface is Spanish over English content marks
the content `lang="en"` on its pages (both engines), in its PDFs' structure tags and in its CASE
package; a guide whose content is in its interface's language marks nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import cli

from .browser import assert_accessible, serve
from .helpers import MINIMAL_GUIDE, rubric_guide, structure_languages, write_files

SPANISH_OVER_ENGLISH = {**MINIMAL_GUIDE, "district.yml": "language: es\n"}


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request, tmp_path_factory, warm_python) -> Path:
    root = write_files(tmp_path_factory.mktemp("guide"), SPANISH_OVER_ENGLISH)
    engine = ["--engine", "zensical"] if request.param == "zensical" else []
    result = rubric_guide("build", *engine, "--strict", "-d", str(root / "site"), cwd=root,
                          python=warm_python)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_pages_mark_the_english_content_of_a_spanish_guide(site):
    rubric = (site / "rubrics/teamwork/index.html").read_text("utf-8")
    assert '<html lang="es"' in rubric
    assert re.search(r'<h1 id="teamwork" lang="en">Teamwork', rubric)
    assert '<h3 id="meetings" lang="en">Meetings' in rubric
    assert rubric.count('<dd lang="en">') == 3
    # The interface's words are Spanish (Zensical leaves out the attribute that its search read).
    assert re.search(r'<dt( data-search-exclude)?>Nivel 1: Beginning</dt>', rubric)
    assert re.search(r'<li class="md-path__item" aria-current="page" lang="en">Teamwork</li>',
                     rubric)  # the breadcrumb's last entry, the rubric's title
    home = (site / "index.html").read_text("utf-8")
    assert re.search(r'<div lang="en">\s*<h1 id="test-guide">', home)
    sheet = (site / "rubrics/teamwork/sheet/index.html").read_text("utf-8")
    assert '<th scope="row" lang="en">Meetings &amp; agendas</th>' in sheet


def test_the_case_package_says_the_language_of_its_texts(site):
    package = json.loads((site / "rubrics/teamwork/teamwork.case.json").read_text("utf-8"))
    assert package["CFDocument"]["language"] == "en"


def test_the_pdf_tags_the_english_title_criteria_and_descriptors(site):
    languages = structure_languages(site / "rubrics/teamwork/teamwork.pdf")
    assert {key: languages.get(key) for key in [("H1", "en"), ("TH", "en"), ("TD", "en")]} == {
        ("H1", "en"): 1, ("TH", "en"): 1, ("TD", "en"): 3}
    assert {lang for _, lang in languages} == {"en"}


def test_axe_accepts_the_marked_rubric_page(site, browser):
    context = browser.new_context()
    page = context.new_page()
    with serve(site) as url:
        page.goto(url + "rubrics/teamwork/")
        assert page.locator('dd[lang="en"]').count() == 3
        assert_accessible(page, "a Spanish rubric page over English content")
    context.close()


def test_content_in_the_interfaces_language_is_not_marked(write_tree, warm_python, tmp_path):
    root = write_tree({**MINIMAL_GUIDE, "district.yml": "language: es\ncontent_language: es\n"})
    result = rubric_guide("build", "--strict", "-d", str(tmp_path / "site"), cwd=root,
                          python=warm_python)
    assert result.returncode == 0, result.stdout + result.stderr
    rubric = (tmp_path / "site/rubrics/teamwork/index.html").read_text("utf-8")
    assert 'lang="en"' not in rubric and "<dd>" in rubric
    package = json.loads((tmp_path / "site/rubrics/teamwork/teamwork.case.json").read_text())
    assert package["CFDocument"]["language"] == "es"
    assert structure_languages(tmp_path / "site/rubrics/teamwork/teamwork.pdf") == {}


def test_a_content_language_that_is_no_language_code_is_refused(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "district.yml": "content_language: English\n"})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "district.yml:1:19: content_language: 'English' is not a language code; write one "
        "like en, es or pt-BR"]


