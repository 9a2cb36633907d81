"""A district makes the guide its own from mkdocs.yml: branding, level labels, hidden content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from .browser import assert_accessible, serve, use_scheme
from .helpers import (
    MINIMAL_GUIDE,
    MKDOCS_YML,
    cli,
    copy_project,
    copy_seed_pdfs,
    mkdocs_build,
    with_options,
)

LOGO_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
            '<rect width="40" height="40" fill="#1f4e79"/></svg>')

BRANDING = """\
organization: Lakeside Unified School District
logo: assets/lakeside.svg
colors: {primary: "#1f4e79", accent: "#b5121b"}
contact: {name: Office of Teaching and Learning, email: learning@lakeside.example}
footer: Adapted for Lakeside schools, 2026.
levels: {beginning: Starting}
messages: {rubrics.evidence: Proof of practice}
"""


def branded_guide(write_tree, pdf: bool = True, **extra: str):
    options = BRANDING if pdf else BRANDING + "pdf: false\n"
    return write_tree({**MINIMAL_GUIDE, "mkdocs.yml": with_options(options),
                       "content/assets/lakeside.svg": LOGO_SVG, **extra})


def test_branding_reaches_pages_sheets_pdfs_and_tools(write_tree, tmp_path, warm_python):
    root = branded_guide(write_tree)
    site = tmp_path / "site"
    result = mkdocs_build(root, site, python=warm_python)
    assert result.returncode == 0, result.stderr
    rubric = (site / "rubrics/teamwork/index.html").read_text("utf-8")
    # The renamed level, everywhere the rubric is shown or scored.
    assert "Level 1: Starting" in rubric and "Beginning" not in rubric
    assert '"label": "Starting"' in rubric.replace("&#34;", '"') or '"label":"Starting"' in (
        rubric.replace("&#34;", '"'))
    assert "Proof of practice" in rubric
    sheet = (site / "rubrics/teamwork/sheet/index.html").read_text("utf-8")
    assert "Level 1: Starting" in sheet
    assert "Lakeside Unified School District · Test guide" in sheet
    with pdfplumber.open(site / "rubrics/teamwork/teamwork.pdf") as pdf:
        text = pdf.pages[0].extract_text()
        assert "Level 1: Starting" in text and "Lakeside Unified School District" in text
        # The SVG logo is drawn as vectors: its square, in the district's blue, at the top.
        logo = [r for r in pdf.pages[0].rects if r["top"] < 60 and r["non_stroking_color"]
                and [round(c, 2) for c in r["non_stroking_color"]] == [0.12, 0.31, 0.47]]
        assert logo, "the logo is on the PDF sheet"
        assert pdf.metadata.get("Author") == "Lakeside Unified School District"
    canvas = (site / "rubrics/teamwork/teamwork.canvas.csv").read_text("utf-8")
    assert ",Starting," in canvas and "Beginning" not in canvas
    assert '"label": "Starting"' in (site / "rubrics/teamwork/teamwork.json").read_text("utf-8")
    # Colours, logo and footer in Material's frame.
    assert 'data-md-color-primary="custom"' in rubric
    brand = (site / "assets/rubric-guide-brand.css").read_text("utf-8")
    assert "--md-primary-fg-color: #1f4e79;" in brand
    assert "--md-accent-fg-color: #b5121b;" in brand
    assert 'src="../../assets/lakeside.svg"' in rubric
    assert "Adapted for Lakeside schools, 2026." in rubric
    assert 'href="mailto:learning@lakeside.example"' in rubric
    # The district publishes the guide; it claims no copyright in the texts the guide quotes.
    assert "Published by Lakeside Unified School District" in rubric
    assert "© Lakeside" not in rubric


def test_a_branded_page_in_the_browser(write_tree, tmp_path, browser, warm_python):
    root = branded_guide(write_tree, pdf=False)
    site = tmp_path / "site"
    assert mkdocs_build(root, site, python=warm_python).returncode == 0
    with serve(site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
        page.goto(url + "rubrics/teamwork/")
        header = page.locator(".md-header")
        assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(31, 78, 121)"
        matrix_head = page.locator(".rg-rubric__head > div").first  # a laptop-wide matrix
        assert matrix_head.evaluate(
            "e => getComputedStyle(e).backgroundColor") == "rgb(31, 78, 121)"
        logo = page.locator(".md-header .md-logo img")
        assert logo.is_visible() and logo.evaluate("e => e.naturalWidth") == 40
        footer = page.locator(".md-footer")
        assert "Adapted for Lakeside schools, 2026." in footer.inner_text()
        assert "Office of Teaching and Learning" in footer.inner_text()
        page.close()


def test_hidden_content_leaves_the_site_and_its_navigation(write_tree, tmp_path, warm_python):
    extra_rubric = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("Teamwork", "Planning")
    config = with_options("""\
hide: [rubrics/planning, principles, notes]
""", before="nav: [index.md, rubrics/index.md, principles.md, notes.md]\n")
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": config, "rubrics/planning.yml": extra_rubric,
                       "content/notes.md": "# Internal notes\n"})
    site = tmp_path / "site"
    result = mkdocs_build(root, site, python=warm_python)
    assert result.returncode == 0, result.stderr
    assert (site / "rubrics/teamwork/index.html").is_file()
    for gone in ("rubrics/planning", "principles", "notes"):
        assert not (site / gone).exists(), gone
    home = (site / "index.html").read_text("utf-8")
    assert "planning" not in home and "Internal notes" not in home
    rubric = (site / "rubrics/teamwork/index.html").read_text("utf-8")
    assert "Principles:" not in rubric  # no links to a hidden page


def test_mistakes_in_the_options_point_at_mkdocs_yml(runner, write_tree):
    config = with_options("""\
colors: {primary: "#ffd700", acent: "#000"}
contact: {mail: a@b.example}
levels: {begining: Starting}
hide: [rubrics/teamwrok]
logo: missing.png
""")
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": config})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: found 6 problems in the guide's content:",
        "mkdocs.yml:7:25: plugins[1].rubric-guide.colors.primary: #ffd700 on a white page has "
        "contrast 1.4:1; links, headings and buttons in it need 4.5:1 (WCAG AA). A darker "
        "shade that passes: #857000",
        "mkdocs.yml:7:36: plugins[1].rubric-guide.colors.acent: unknown key 'acent'; did you "
        "mean 'accent'?",
        "mkdocs.yml:8:17: plugins[1].rubric-guide.contact.mail: unknown key 'mail'; did you "
        "mean 'email'?",
        "mkdocs.yml:9:16: plugins[1].rubric-guide.levels.begining: no level 'begining' in "
        "content/scales.yml; did you mean 'beginning'?",
        "mkdocs.yml:10:14: plugins[1].rubric-guide.hide[0]: nothing to hide called "
        "'rubrics/teamwrok'; did you mean 'rubrics/teamwork'?",
        "mkdocs.yml:11:13: plugins[1].rubric-guide.logo: no file content/missing.png; put the "
        "logo in the content folder, for example as content/assets/logo.svg, and write its "
        "path inside that folder: logo: assets/logo.svg",
    ]


def test_a_checklist_cannot_lose_what_it_includes(runner, write_tree):
    config = with_options("""\
hide: [strategies]
""")
    root = write_tree({
        **MINIMAL_GUIDE, "mkdocs.yml": config,
        "content/strategies.yml": "title: Strategies\nstrategies:\n"
                                  "  - {id: meet, title: Meet, description: Meet often.}\n",
        "content/checklists/try.yml": "title: Try\ninclude: [strategies]\n",
    })
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert re.search(r"checklists/try includes strategies, which is hidden; hide "
                     r"checklists/try too, or stop hiding strategies", result.output)


def test_the_footer_shows_markup_as_text_and_refuses_script_links(runner, write_tree, tmp_path,
                                                                  warm_python):
    options = with_options("""\
footer: <script>window.__xss = 1</script>
organization: <b>Lakeside</b>
contact: {name: "<img src=x onerror=alert(1)>"}
pdf: false
""")
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": options})
    site = tmp_path / "site"
    assert mkdocs_build(root, site, python=warm_python).returncode == 0
    home = (site / "index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in home and "<script>window" not in home
    assert "Published by &lt;b&gt;Lakeside&lt;/b&gt;" in home and "<img src=x" not in home
    bad = with_options("""\
contact: {url: "javascript:alert(1)", email: nobody}
""")
    root = write_tree({"mkdocs.yml": bad})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "mkdocs.yml:7:22: plugins[1].rubric-guide.contact.url: expected a web address "
        "starting with https:// or http://, like 'https://www.lakeside.example/contact', found "
        "'javascript:alert(1)'",
        "mkdocs.yml:7:52: plugins[1].rubric-guide.contact.email: expected an email address, "
        "like learning@district.example, found 'nobody'",
    ]


def test_every_kind_of_option_mistake_has_its_line(runner, write_tree):
    config = with_options("""\
paper_size: legal
pdf: sometimes
rubrics_dir: rubric
levels:
  beginning: null
  growing: [a, b]
colors:
  primary: #1f4e79
""")
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": config})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: found 6 problems in the guide's content:",
        "mkdocs.yml:7:19: plugins[1].rubric-guide.paper_size: expected 'letter' or 'a4', found "
        "the text 'legal'",
        "mkdocs.yml:8:12: plugins[1].rubric-guide.pdf: expected true or false, found the text "
        "'sometimes'",
        "mkdocs.yml:9:20: plugins[1].rubric-guide.rubrics_dir: no folder rubric/ for the "
        "rubrics; create it, or set rubrics_dir to the folder that holds them",
        "mkdocs.yml:11:20: plugins[1].rubric-guide.levels.beginning: expected text, found an "
        "empty value",
        "mkdocs.yml:12:18: plugins[1].rubric-guide.levels.growing: expected text, found a list",
        "mkdocs.yml:14:17: plugins[1].rubric-guide.colors.primary: no colour given: YAML reads "
        "a '#' after a space as the start of a comment; quote the colour, as in primary: "
        "\"#1f4e79\"",
    ]


def test_options_in_an_inheriting_file_point_at_that_file(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "lakeside.yml": """\
INHERIT: mkdocs.yml
site_name: Lakeside
plugins:
  rubric-guide:
    organization: Lakeside
    levels: {begining: Starting}
"""})
    result = runner.invoke(cli, ["check", "--project", str(root), "--config", "lakeside.yml"])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "lakeside.yml:6:14: plugins.rubric-guide.levels.begining: no level 'begining' in "
        "content/scales.yml; did you mean 'beginning'?",
    ]


def test_mkdocs_own_setting_mistakes_are_placed_too(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MKDOCS_YML.replace(
        "theme: {name: material, font: false}", "theme: {name: materal}")})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[1].startswith("mkdocs.yml:3:8: theme: Unrecognised theme name: 'materal'.")
    assert "Traceback" not in result.output


DISTRICT_YML = """\
site_name: Lakeside Collaboration Guide
site_url: https://guide.lakeside.example
language: es
organization: Lakeside Unified School District
contact: {email: learning@lakeside.example}
footer: Adaptada para las escuelas de Lakeside.
colors: {primary: "#1f4e79"}
levels: {four-level/emerging: Inicial}
hide: [strategies, checklists/strategies]
navigation:
  customize.md: Nuestra guía
paper_size: a4
edition: 2026-27
"""


def test_district_yml_alone_makes_the_guide_the_districts(tmp_path, warm_python):
    project = copy_project(tmp_path / "project")
    upstream = (project / "mkdocs.yml").read_text("utf-8")
    (project / "district.yml").write_text(DISTRICT_YML, "utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, python=warm_python)
    assert result.returncode == 0, result.stderr
    assert (project / "mkdocs.yml").read_text("utf-8") == upstream
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Collaborative Accountability - Lakeside Collaboration Guide</title>" in home
    assert '<html lang="es"' in home and 'data-md-color-primary="custom"' in home
    assert "Nuestra guía" in home and "Customize for your district" not in home
    assert "Adaptada para las escuelas de Lakeside." in home
    assert '<link rel="canonical" href="https://guide.lakeside.example/">' in home
    rubric = (site / "rubrics/collaboration-structures/index.html").read_text("utf-8")
    assert "Nivel 1: Inicial" in rubric
    assert not (site / "strategies").exists() and not (site / "checklists/strategies").exists()
    sheet = (site / "rubrics/collaboration-structures/sheet/index.html").read_text("utf-8")
    assert "guide.lakeside.example/rubrics/collaboration-structures/" in sheet
    assert "2026-27" in sheet
    with pdfplumber.open(site / "rubrics/collaboration-structures/collaboration-structures.pdf"
                         ) as pdf:
        assert round(pdf.pages[0].width) == 842  # A4, landscape
        assert "Lakeside Unified School District" in pdf.pages[0].extract_text()


def test_mistakes_in_district_yml_point_at_its_lines(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "district.yml": """\
organisation: Lakeside
language: xx
site_url: guide.lakeside.example
colors:
  primary: #1f4e79
levels: {begining: Starting}
"""})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()[1:]
    assert lines[:2] == [
        "district.yml:1:1: organisation: unknown key 'organisation'; did you mean "
        "'organization'?",
        "district.yml:2:11: language: the guide has no messages in 'xx' (it ships en, es); "
        "copy generator/messages/en.yml to overrides/messages/xx.yml and translate it, or "
        "choose one of those",
    ]
    assert lines[2:] == [
        "district.yml:3:11: site_url: expected the address the guide is published at, like "
        "'https://guide.lakeside.example/', found 'guide.lakeside.example'",
        "district.yml:5:11: colors.primary: no colour given: YAML reads a '#' after a space as "
        "the start of a comment; quote the colour, as in primary: \"#1f4e79\"",
        "district.yml:6:10: levels.begining: no level 'begining' in content/scales.yml; did "
        "you mean 'beginning'?",
    ]


def test_an_accent_that_hovered_links_cannot_be_read_in_is_refused(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "district.yml": 'colors: {accent: "#ffcc00"}\n'})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "district.yml:1:18: colors.accent: #ffcc00 on a white page has contrast 1.5:1; "
        "hovered and focused links and buttons in it need 4.5:1 (WCAG AA). A darker shade "
        "that passes: #8a6e00",
    ]


@pytest.fixture(scope="module")
def district_colours_url(tmp_path_factory: pytest.TempPathFactory,
                         built_site: tuple[Path, str], warm_python) -> Iterator[str]:
    """The guide in a district's colours, built once for both schemes, served. The seed's
    build (``built_site``) left its PDFs in the cache: those the colours leave alone are
    reused."""
    root = copy_seed_pdfs(copy_project(tmp_path_factory.mktemp("colours") / "project"))
    (root / "district.yml").write_text('colors: {primary: "#1f4e79", accent: "#b5121b"}\n',
                                       "utf-8")
    site = root.parent / "site"
    assert mkdocs_build(root, site, python=warm_python).returncode == 0
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_district_colours_keep_every_link_and_button_readable(district_colours_url, reader,
                                                              scheme):
    url = district_colours_url
    page = reader()
    page.goto(url + "rubrics/collaboration-structures/")
    use_scheme(page, scheme)
    assert_accessible(page, f"a district's colours ({scheme})")
    page.get_by_role("link", name="Print blank sheet").hover()
    assert_accessible(page, f"a hovered button in a district's colours ({scheme})")
    page.goto(url + "principles/")
    use_scheme(page, scheme)
    page.locator(".md-sidebar--primary").get_by_role("link", name="Framework").focus()
    page.get_by_role("link", name="Inclusivity & Engagement").first.hover()
    assert_accessible(page, f"a hovered link in a district's colours ({scheme})")
