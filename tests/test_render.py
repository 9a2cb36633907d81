"""The render stage: validated content through the templates into pages."""

from __future__ import annotations

from .helpers import MINIMAL_GUIDE, GuideBuild, WriteTree


def build_of(write_tree: WriteTree, **files: str) -> GuideBuild:
    build = GuideBuild.from_mkdocs_yml(write_tree({**MINIMAL_GUIDE, **files}) / "mkdocs.yml")
    build.prepare(render_pdfs=False)
    return build


def test_each_rubric_has_a_page_and_a_sheet_outside_the_navigation(write_tree):
    build = build_of(write_tree)
    pages = {page.src_uri: page for page in build.pages}
    rubric, sheet = pages["rubrics/teamwork/index.md"], pages["rubrics/teamwork/sheet.md"]
    assert (rubric.title, rubric.in_nav) == ("Teamwork", False)
    assert (sheet.title, sheet.in_nav) == ("Teamwork — scoring sheet", False)
    assert pages["rubrics/index.md"].in_nav


def test_generated_html_waits_outside_markdown_until_it_is_put_back(write_tree):
    page = build_of(write_tree).page("rubrics/teamwork/index.md")
    assert page is not None
    assert "<dl" not in page.text and "<dl" in page.markdown
    assert page.restore(page.text) == page.markdown


def test_content_is_escaped_where_it_is_text(write_tree):
    page = build_of(write_tree).page("rubrics/teamwork/index.md")
    assert page is not None
    assert "Meetings happen &lt;sometimes&gt;." in page.markdown
    assert "Meetings &amp; agendas" in page.markdown


def test_a_citation_can_say_where_in_the_source(write_tree):
    rubric = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "[@doe-2020]", "[@doe-2020, pp. 12\N{EN DASH}14] and [@doe-2020,p. <b>4</b>]")
    home = "# Guide\n\nAs found [@doe-2020, ch. 2].\n"
    build = build_of(write_tree, **{"rubrics/teamwork.yml": rubric, "content/index.md": home})
    page = build.page("rubrics/teamwork/index.md")
    assert page is not None
    link = '<a class="rg-cite" href="../../sources/#doe-2020">'
    assert (f"{link}(Doe, 2020, pp. 12\N{EN DASH}14)</a> and "
            f"{link}(Doe, 2020, p. &lt;b&gt;4&lt;/b&gt;)</a>") in page.markdown
    home = build.transform(build.guide.pages["index.md"], "index.md")
    assert '<a class="rg-cite" href="sources/#doe-2020">(Doe, 2020, ch. 2)</a>' in home
