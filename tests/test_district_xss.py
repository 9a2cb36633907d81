"""Every setting a district writes is text, on both engines.

One small guide carries a payload in every district.yml setting that lands in the site (every
interface message included, see :func:`tests.hostile.hostile_district`), and is built once
with MkDocs and once with Zensical. Each page is read as HTML for markup that could run, and
opened in Chromium with a listener that fails on any dialog: every payload calls ``alert`` with
the name of its setting. Where a setting is shown, it must show exactly as written. The PDF,
the exports and the same options given in mkdocs.yml are checked too.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import textwrap
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from generator.build import GuideBuild
from generator.i18n import fill
from generator.safety import is_allowed_link
from generator.site_settings import theme_extra

from .browser import serve
from .conftest import MINIMAL_GUIDE, mkdocs_build, rubric_guide
from .helpers import pages
from .hostile import (
    ACTIONS,
    DISTRICT_CONTACT_URL,
    DISTRICT_EMAIL,
    DISTRICT_LOGO,
    DISTRICT_SITE_NAME,
    DISTRICT_SITE_URL,
    district_messages,
    hostile_district,
    hostile_district_guide,
    payload,
    pdf_names,
)

ENGINES = ["mkdocs", "zensical"]
MESSAGES = district_messages()
RUBRIC = "rubrics/teamwork/"


def message(key: str, **params: Any) -> str:
    return fill(MESSAGES[key], params)


EVERY_PAGE = {
    "site_name": DISTRICT_SITE_NAME,
    "site_description": payload("site_description"),
    "organization": message("footer.published_by", organization=payload("organization")),
    "footer": payload("footer"),
    "contact.name": payload("contact.name"),
    "contact.phone": payload("contact.phone"),
    "contact.email": DISTRICT_EMAIL,
    "contact.url": DISTRICT_CONTACT_URL,
    "site_url": DISTRICT_SITE_URL,
    "navigation index.md": payload("navigation.index.md", title=True),
    "navigation rubrics/index.md": payload("navigation.rubrics", title=True),
    # Spanish: mkdocs.yml's English titles take the messages' words.
    "messages navigation.principles": MESSAGES["navigation.principles"],
    "messages navigation.reference": MESSAGES["navigation.reference"],
    "messages palette.to_dark": MESSAGES["palette.to_dark"],
    "messages palette.to_light": MESSAGES["palette.to_light"],
    "messages footer.contact": MESSAGES["footer.contact"],
    "messages footer.made_with": MESSAGES["footer.made_with"],
}
"""What every page shows, exactly as written, by the setting that writes it."""

ON_PAGE = {
    RUBRIC: {
        "levels": "=" + payload("levels.beginning"),
        "messages headings.permalink": MESSAGES["headings.permalink"],
        "messages rubrics.evidence": MESSAGES["rubrics.evidence"],
        "messages scoring.heading": MESSAGES["scoring.heading"],
    },
    "rubrics/": {"messages rubrics.title": MESSAGES["rubrics.title"]},
    "reference/format/": {"messages reference.intro": MESSAGES["reference.intro"]},
}
"""What a page shows besides, exactly as written."""


# --- the guide, built by each engine --------------------------------------------------------

@pytest.fixture(scope="module")
def district_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("district-xss")
    for name, text in hostile_district_guide(MINIMAL_GUIDE).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def district_sites(district_project: Path, tmp_path_factory: pytest.TempPathFactory,
                   warm_python) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("district-xss-sites")
    built = mkdocs_build(district_project, out / "mkdocs", python=warm_python)
    assert built.returncode == 0, built.stderr
    built = rubric_guide("build", "--engine", "zensical", "--strict", "-d",
                         str(out / "zensical"), cwd=district_project, python=warm_python)
    assert built.returncode == 0, built.stdout + built.stderr
    return {"mkdocs": out / "mkdocs", "zensical": out / "zensical"}


@pytest.fixture(scope="module")
def district_urls(district_sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    with serve(district_sites["mkdocs"]) as mkdocs, serve(district_sites["zensical"]) as zensical:
        yield {"mkdocs": mkdocs, "zensical": zensical}


# --- the HTML as written -------------------------------------------------------------------

LOGO_DATA = "data:image/svg+xml;base64," + base64.b64encode(DISTRICT_LOGO.encode()).decode()
"""The district's logo as sheets inline it: the one address that is not a link."""


class _Runnable(HTMLParser):
    """Markup that could run script: event handlers, script links, frames, and script elements
    that hold a payload. A ``<title>`` is text up to ``</title>``, as browsers read it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.set_cdata_mode(tag)
        if tag in ("iframe", "object", "embed", "frame", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            link = name in ("href", "src", "action", "formaction", "xlink:href")
            logo = tag == "img" and name == "src" and (value or "").startswith(LOGO_DATA)
            if name.startswith("on") or name == "srcdoc" or (
                    link and value and not is_allowed_link(value) and not logo):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and "alert(" in data:
            self.found.append(f"<script>{data[:80]}")


@pytest.mark.parametrize("engine", ENGINES)
def test_no_page_holds_markup_from_a_setting(district_sites, engine):
    found = {}
    for address, path in pages(district_sites[engine]).items():
        parser = _Runnable()
        parser.feed(path.read_text("utf-8"))
        if parser.found:
            found[address] = parser.found
    assert found == {}


def test_the_theme_gets_no_feature_that_shows_titles_as_html(district_sites):
    for site in district_sites.values():
        home = (site / "index.html").read_text("utf-8")
        assert '"navigation.footer"' in home and "content.tooltips" not in home


# --- in Chromium ---------------------------------------------------------------------------

TEXTS = """() => {
  const found = [document.title];
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) found.push(walker.currentNode.data);
  for (const element of document.querySelectorAll("*"))
    for (const attribute of element.attributes) found.push(attribute.value);
  return found;
}"""
"""Every text and attribute value of the page, as the browser reads them."""


@pytest.fixture
def watched(page: Any) -> Iterator[Any]:
    """``page`` (which fails on script errors) failing the test on any dialog too: every
    payload names its setting in an alert."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    assert dialogs == [], "settings ran script: the dialogs name them"


@pytest.mark.parametrize("engine", ENGINES)
def test_every_setting_shows_as_written_and_runs_nothing(watched_reading_page, district_sites,
                                                         district_urls, engine):
    watched = watched_reading_page
    missing = {}
    for address in pages(district_sites[engine]):
        if address == "404.html":
            continue
        watched.goto(district_urls[engine] + address)
        # What a pointer over them would do: the theme's tooltips, any onmouseover let through.
        watched.evaluate("""() => {
          for (const element of document.querySelectorAll("[title], a, label, .md-ellipsis"))
            for (const type of ["mouseenter", "mouseover", "focus"])
              element.dispatchEvent(new Event(type));
        }""")
        watched.wait_for_timeout(100)  # let image errors fire
        texts = watched.evaluate(TEXTS)
        expected = {**EVERY_PAGE, **ON_PAGE.get(address, {})}
        absent = [name for name, text in expected.items() if not any(text in t for t in texts)]
        if absent:
            missing[address] = absent
        assert not watched.locator(".md-copyright a[href^='tel:']").count(), (
            "a phone number one cannot dial gets no link")
    assert missing == {}


@pytest.mark.searches
@pytest.mark.parametrize("engine", ENGINES)
def test_scoring_switching_colours_and_searching_run_nothing(watched, district_urls, engine):
    url = district_urls[engine]
    watched.goto(url + RUBRIC)
    # The matrix's long headings cover the cells: the click goes to the cell itself.
    watched.locator("#meetings ~ dl .rg-level").first.dispatch_event("click")
    summary = watched.locator("[data-rg-summary]")
    assert message("script.summaryRubric", answered=1, total=1) in summary.text_content()
    # The colour switch, both ways: its name is the district's.
    for toggle in (".md-header label[for='__palette_1']", ".md-header label[for='__palette_0']"):
        watched.locator(toggle).click()
        watched.wait_for_timeout(100)
    watched.goto(url)
    watched.keyboard.press("/")
    field = watched.locator("dialog input" if engine == "zensical" else "input.md-search__input")
    field.press_sequentially("Teams")
    results = watched.locator("dialog ol a" if engine == "zensical" else
                              ".md-search-result__item")
    results.first.wait_for()
    watched.wait_for_timeout(300)


# --- PDF and exports -----------------------------------------------------------------------

def flat(text: str) -> str:
    return "".join(text.split())


def test_the_pdf_holds_the_settings_as_text_and_no_actions(district_sites):
    pdf = district_sites["mkdocs"] / RUBRIC / "teamwork.pdf"
    assert pdf.read_bytes() == (district_sites["zensical"] / RUBRIC / "teamwork.pdf").read_bytes()
    reader = PdfReader(pdf)
    names = pdf_names(reader.trailer)
    assert not ACTIONS & set(names)
    assert not [n for n in names if n.lower().lstrip().startswith(("javascript:", "data:"))]
    assert reader.metadata["/Author"] == payload("organization")
    # pypdf reads this font's text as UTF-16 halves: drop the zero bytes between letters.
    text = flat("".join(page.extract_text() for page in reader.pages).replace("\x00", ""))
    # Up to the line separator: the bidirectional override after it turns the rest round.
    for setting in ("organization", "edition"):
        assert flat(payload(setting).partition("\u2028")[0]) in text, setting


def test_the_exports_hold_the_settings_as_written(district_sites):
    folder = district_sites["mkdocs"] / RUBRIC
    for name in ("teamwork.canvas.csv", "teamwork.case.json", "teamwork.json"):
        assert (folder / name).read_bytes() == (
            district_sites["zensical"] / RUBRIC / name).read_bytes()
    case = json.loads((folder / "teamwork.case.json").read_text("utf-8"))["CFDocument"]
    assert case["title"] == DISTRICT_SITE_NAME
    assert case["officialSourceURL"] == DISTRICT_SITE_URL
    rubric = json.loads((folder / "teamwork.json").read_text("utf-8"))
    assert rubric["definitions"]["scale"]["levels"][0]["label"] == "=" + payload("levels.beginning")
    rows = list(csv.reader(io.StringIO((folder / "teamwork.canvas.csv").read_text("utf-8"))))
    # A spreadsheet runs a cell that starts with "=": the export quotes it.
    assert "'=" + payload("levels.beginning") in rows[1]


# --- the same options in mkdocs.yml -------------------------------------------------------

def test_plugin_options_land_as_district_yml_does(district_project, tmp_path):
    """What district.yml sets may be given to the plugin in mkdocs.yml instead: the
    generator's pages, footer words, sheets and exports are the same, byte for byte."""
    district = hostile_district()
    options = {key: value for key, value in district.items()
               if key not in ("site_name", "site_url", "site_description", "language",
                              "navigation")}
    other = tmp_path / "plugin-options"
    for path in district_project.rglob("*"):
        if path.is_file() and ".cache" not in path.parts:
            target = other / path.relative_to(district_project)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    config = yaml.safe_load((other / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = ["search", {"rubric-guide": options}]
    (other / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    (other / "district.yml").write_text(yaml.safe_dump(
        {key: value for key, value in district.items() if key not in options},
        allow_unicode=True), "utf-8")
    builds = [GuideBuild.from_mkdocs_yml(root / "mkdocs.yml") for root in (district_project,
                                                                         other)]
    for build in builds:
        build.prepare(render_pdfs=False)
    by_district, by_plugin = builds
    assert [p.markdown for p in by_plugin.pages] == [p.markdown for p in by_district.pages]
    assert theme_extra(by_plugin) == theme_extra(by_district)
    assert by_plugin.exports == by_district.exports
    assert by_plugin.sheet == by_district.sheet
