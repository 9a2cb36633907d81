"""The same guide from both engines: `rubric-guide build` (MkDocs, as `mkdocs build`) and
`rubric-guide build --engine zensical`, page for page; and what a reader does on the Zensical
site, in Chromium, as on the MkDocs one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from typing import Any

import pdfplumber
import pytest
import yaml
from playwright.sync_api import Page, expect

from generator.output import MARKER
from generator.zensical_site import DIFFERENCES

from .browser import (
    RUBRIC,
    addresses_of,
    local_to,
    requests_elsewhere,
    serve,
    zensical_search,
)
from .helpers import (
    CLI,
    MINIMAL_GUIDE,
    NO_PDF_GUIDE,
    PYTHON_SETTINGS,
    ROOT,
    WriteTree,
    free_port,
    rubric_guide,
    snapshot,
    with_options,
)

# --- the same site, page for page -----------------------------------------------------------


def test_rubric_guide_build_is_mkdocs_build(built_site, tmp_path, warm_python):
    site, _ = built_site
    result = rubric_guide("build", "--strict", "-d", str(tmp_path / "site"), python=warm_python)
    assert result.returncode == 0, result.stderr
    assert "Published 2 rubrics" in result.stderr
    ours, theirs = snapshot(tmp_path / "site"), snapshot(site)
    index = "search/search_index.json"
    assert sorted(json.loads(ours.pop(index))["docs"], key=str) == sorted(
        json.loads(theirs.pop(index))["docs"], key=str)
    assert ours == theirs


def test_both_engines_publish_the_same_pages_and_files(built_site, zensical_build):
    (mkdocs_site, _), (zensical_site, _) = built_site, zensical_build
    mkdocs_files, zensical_files = snapshot(mkdocs_site), snapshot(zensical_site)

    def guide_files(files: dict[str, bytes]) -> set[str]:
        # Each theme's own scripts, styles and search index have names of their own.
        return {name for name in files if not name.startswith(("assets/javascripts/",
                "assets/stylesheets/", "assets/images/", "search")) and not name.startswith(
                "sitemap")}

    assert guide_files(mkdocs_files) == guide_files(zensical_files)
    # What each writes besides: both a sitemap, MkDocs also a compressed one.
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json"} <= set(mkdocs_files)
    assert {"sitemap.xml", "search.json"} <= set(zensical_files)
    assert "sitemap.xml.gz" not in zensical_files
    assert len([n for n in mkdocs_files if n.endswith(".html")]) > 20
    # PDFs, exports, schemas and the guide's own assets are the same bytes (the marker lists
    # each site's own files, the theme's among them).
    for name in guide_files(mkdocs_files):
        if not name.endswith(".html") and name != MARKER:
            assert mkdocs_files[name] == zensical_files[name], name


def test_the_zensical_log_says_what_its_site_lacks(zensical_build):
    log = " ".join(zensical_build[1].split())  # the log's lines wrap at the terminal's width
    for difference in DIFFERENCES:
        assert difference in log
    assert re.search(r"Published 2 rubrics, 1 standard, 4 checklists, 7 sources, \d+ pages, "
                     r"3 PDFs to ", log)


def seed_descriptors() -> list[tuple[str, str, str]]:
    """(rubric id, criterion id, descriptor) of every descriptor of the seed rubrics."""
    found = []
    for path in sorted((ROOT / "rubrics").glob("*.yml")):
        rubric = yaml.safe_load(path.read_text("utf-8"))
        for criterion in rubric["criteria"]:
            found += [(path.stem, criterion["id"], text)
                      for text in criterion["levels"].values()]
    return found


def test_zensical_search_indexes_every_descriptor_at_its_criterion(zensical_build):
    site, _ = zensical_build
    items = json.loads((site / "search.json").read_text("utf-8"))["items"]
    assert not [i for i in items if "/sheet/" in i["location"]], "sheets stay out of search"
    texts = {i["location"]: re.sub(r"<[^>]+>|\s+", " ", i["text"]) for i in items}
    for rubric, criterion, descriptor in seed_descriptors():
        text = texts[f"rubrics/{rubric}/#{criterion}"]
        words = " ".join(descriptor.replace("&", "&amp;").split())
        assert words in text, (rubric, criterion, descriptor)


def test_a_failed_zensical_build_leaves_the_site_as_it_was(write_tree: WriteTree, tmp_path,
                                                           warm_python):
    root = write_tree(NO_PDF_GUIDE)
    site = tmp_path / "published"
    assert rubric_guide("build", "--engine", "zensical", "-d", str(site),
                        cwd=root, python=warm_python).returncode == 0
    before = snapshot(site)
    (root / "rubrics/teamwork.yml").write_text("title: [broken\n", encoding="utf-8")
    result = rubric_guide("build", "--engine", "zensical", "-d", str(site), cwd=root,
                          python=warm_python)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "rubrics/teamwork.yml:1:8: YAML syntax error" in result.stdout + result.stderr
    assert snapshot(site) == before


def test_zensical_builds_with_the_functions_the_settings_name(write_tree: WriteTree, tmp_path,
                                                              warm_python):
    project = write_tree({**NO_PDF_GUIDE, "mkdocs.yml": PYTHON_SETTINGS,
                          "content/index.md": "# Test guide\n\n## Évaluation :smile:\n"})
    site = tmp_path / "site"
    result = rubric_guide("build", "--engine", "zensical", "-d", str(site), cwd=project,
                          python=warm_python)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text("utf-8")
    assert '<h2 id="évaluation"' in home  # pymdownx's slugify, which keeps the accent
    assert 'class="twemoji"' in home


def test_a_setting_zensical_cannot_be_given_is_named_without_a_traceback(write_tree: WriteTree,
                                                                        tmp_path, warm_python):
    project = write_tree({**NO_PDF_GUIDE, "mkdocs.yml": NO_PDF_GUIDE["mkdocs.yml"]
                          + "extra:\n  thing: !!python/object:argparse.Namespace {}\n"})
    result = rubric_guide("build", "--engine", "zensical", "-d", str(tmp_path / "site"),
                          cwd=project, python=warm_python)
    assert result.returncode == 1
    printed = result.stdout + result.stderr
    assert "Traceback" not in printed
    assert ("Error: mkdocs.yml: extra.thing: a Python object, Namespace(), that cannot be "
            "written for an engine that reads the settings file itself") in printed


def test_a_district_guide_on_zensical_keeps_its_branding_and_language(write_tree: WriteTree,
                                                                       tmp_path, warm_python):
    project = write_tree({**NO_PDF_GUIDE, "district.yml": (
        'organization: Lakeside Unified School District\ncolors: {primary: "#1f4e79"}\n'
        "language: es\n")})
    site = tmp_path / "site"
    result = rubric_guide("build", "--engine", "zensical", "-d", str(site), cwd=project,
                          python=warm_python)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "rubrics/teamwork/index.html").read_text("utf-8")
    assert '<html lang="es"' in page
    assert 'data-md-color-primary="custom"' in page
    assert "assets/rubric-guide-brand.css" in page
    assert "Lakeside Unified School District" in page
    assert "Evaluar con esta rúbrica" in page


# --- a reader on the Zensical site ----------------------------------------------------------

def test_a_choice_on_the_zensical_site_survives_a_reload(page: Page, zensical_url):
    page.goto(zensical_url + RUBRIC)
    page.locator("#communication ~ dl .rg-level").nth(2).click()
    radio = page.locator("#communication ~ dl").get_by_role("radio", name="Level 3: Proficient")
    expect(radio).to_be_checked()
    page.reload()
    expect(radio).to_be_checked()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "1 of 5 criteria scored. Total score: 3 of 20.")


def test_the_zensical_sheet_prints_on_one_landscape_page(page: Page, zensical_url, tmp_path):
    page.goto(zensical_url + RUBRIC + "sheet/")
    page.emulate_media(media="print")
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=str(pdf), format="Letter", prefer_css_page_size=True, print_background=True)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 1
        first = document.pages[0]
        assert first.width > first.height
        text = first.extract_text()
    assert "Strengthening Collaboration Structures" in text and "Evidence / Notes" in text


def test_the_zensical_skip_link_comes_first_and_lands_on_the_content(page: Page, zensical_url):
    page.goto(zensical_url + RUBRIC)
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_be_focused()


@pytest.mark.searches
def test_zensical_pages_request_nothing_from_other_hosts(browser: Any, zensical_build,
                                                         zensical_url):
    site, _ = zensical_build
    addresses = addresses_of(site, zensical_url)
    assert len(addresses) > 20
    # Zensical's search opens a dialog of its own; it loads its index and worker when used.
    assert requests_elsewhere(browser, addresses, zensical_url, local_to(zensical_url),
                              lambda page: zensical_search(page, "accountability")) == []


@pytest.mark.searches
def test_zensical_search_lands_on_the_criterion(page: Page, zensical_url):
    page.goto(zensical_url)
    found = zensical_search(page, "informal or inconsistently applied")
    assert found[0].endswith("rubrics/collaboration-structures/?h=informal+or+inconsistently"
                             "+applied#feedback-and-support")


@pytest.mark.searches
def test_an_offline_zensical_copy_searches_from_disk(browser: Any, write_tree: WriteTree,
                                                     tmp_path):
    # The offline plugin as the seed guide's mkdocs.yml has it, switched on by OFFLINE=true.
    root = write_tree({**NO_PDF_GUIDE, "mkdocs.yml": NO_PDF_GUIDE["mkdocs.yml"].replace(
        "  - search\n", "  - search\n  - offline:\n      enabled: !ENV [OFFLINE, false]\n")})
    site = tmp_path / "site"
    result = subprocess.run([*CLI, "build", "--engine", "zensical", "-d", str(site)], cwd=root,
                            capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "OFFLINE": "true"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "principles.html").is_file() and not (site / "principles").exists()
    requests: list[str] = []
    context = browser.new_context()
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    found = zensical_search(page, "meetings drive decisions")
    assert "rubrics/teamwork/index.html" in found[0]
    page.goto((site / "rubrics/teamwork/index.html").as_uri())
    expect(page.locator("[data-rg-tool=rubric]")).to_be_visible()
    context.close()
    assert [url for url in requests if not local_to()(url)] == []


def test_instant_navigation_on_zensical_keeps_the_tools_working(browser: Any,
                                                                write_tree: WriteTree, tmp_path,
                                                                warm_python):
    root = write_tree(NO_PDF_GUIDE)
    site = tmp_path / "site"
    site.mkdir()
    context = browser.new_context()
    page = context.new_page()
    with serve(site) as url:
        # Instant navigation, as the seed guide has it, needs the site's address.
        settings = with_options("pdf: false", before=f"site_url: {url}\n").replace(
            "font: false}", "font: false, features: [navigation.instant, navigation.indexes]}")
        (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
        result = rubric_guide("build", "--engine", "zensical", "-d", str(site), cwd=root,
                              python=warm_python)
        assert result.returncode == 0, result.stdout + result.stderr
        page.goto(url)
        page.evaluate("window.stillTheSameDocument = true")
        page.locator(".md-sidebar--primary").get_by_role("link", name="Rubrics").first.click()
        page.wait_for_url("**/rubrics/")
        # The address changes before the new content is in: click in the rubric index itself.
        expect(page.locator("h1")).to_have_id("rubrics")
        page.locator("article").get_by_role("link", name="Teamwork").first.click()
        page.wait_for_url("**/rubrics/teamwork/")
        radio = page.locator("#meetings ~ dl").get_by_role("radio", name="Level 2: Growing")
        radio.check()
        expect(page.locator("[data-rg-summary]")).to_contain_text("1 of 1 criteria scored.")
        assert page.evaluate("window.stillTheSameDocument") is True
    context.close()


@pytest.mark.searches
def test_zensicals_search_dialog_speaks_the_guides_language(page: Page, write_tree: WriteTree,
                                                            tmp_path, warm_python):
    project = write_tree({**NO_PDF_GUIDE, "mkdocs.yml": NO_PDF_GUIDE["mkdocs.yml"].replace(
        "font: false", "font: false, language: es")})
    site = tmp_path / "site"
    result = rubric_guide("build", "--engine", "zensical", "-d", str(site), cwd=project,
                          python=warm_python)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(site) as url:
        page.goto(url)
        expect(page.locator("a.md-skip")).to_have_text("Saltar a contenido")  # the theme: es
        # Zensical's own dialog has English words only; the guide gives it its own.
        zensical_search(page, "team")
        dialog = page.get_by_role("dialog", name="Buscar")
        expect(dialog.get_by_role("combobox", name="Buscar")).to_have_attribute(
            "placeholder", "Buscar")
        expect(dialog.get_by_role("button", name="Cerrar la búsqueda")).to_be_attached()
        expect(dialog.get_by_role("button", name="Filtros")).to_be_attached()
        expect(dialog.get_by_role("listbox", name="Resultados de la búsqueda")).to_be_visible()
        status = dialog.get_by_role("status")
        expect(status).to_have_text(re.compile(r"^\d+ documentos encontrados$"))
        page.locator("dialog input").press_sequentially("zzzz")
        expect(status).to_have_text("No se encontraron documentos")


def test_zensical_preview_rebuilds_on_an_edit_and_shows_problems(write_tree: WriteTree):
    root = write_tree(MINIMAL_GUIDE)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([*CLI, "serve", "--engine", "zensical", "-a", f"127.0.0.1:{port}"],
                              cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)

    def text_of(path: str) -> str:
        try:
            with urllib.request.urlopen(url + path, timeout=5) as response:
                return str(response.read().decode())
        except OSError:
            return ""

    def eventually(condition: Any) -> None:
        deadline = time.monotonic() + 60
        while not condition():
            assert time.monotonic() < deadline, "the preview did not follow the edit"
            time.sleep(0.3)

    try:
        eventually(lambda: "Meetings drive decisions" in text_of("rubrics/teamwork/"))
        rubric = root / "rubrics/teamwork.yml"
        rubric.write_text(MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
            "Meetings drive decisions.", "Meetings decide."), encoding="utf-8")
        eventually(lambda: "Meetings decide." in text_of("rubrics/teamwork/"))
        rubric.write_text(MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
            "scale: three", "scale: thre"), encoding="utf-8")
        eventually(lambda: "cannot be built yet" in text_of("rubrics/teamwork/"))
        assert "unknown scale &#39;thre&#39;" in text_of("")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output
