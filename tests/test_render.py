"""The render stage: validated content through the templates into pages."""

from __future__ import annotations

import re
from collections import Counter

import markdown
import pytest

from .helpers import MINIMAL_GUIDE, PRACTICE, SYNTAX_MD, ContentError, GuideBuild, WriteTree


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


def ids_on_the_page(build: GuideBuild, src_uri: str) -> Counter[str]:
    """The ids of the elements of a generated page as the guide's Markdown settings
    (mkdocs.yml's markdown_extensions) give them, counted."""
    page = build.page(src_uri)
    assert page is not None
    written = markdown.markdown(page.markdown, extensions=["attr_list", "md_in_html", "tables",
                                                           "toc"])
    return Counter(re.findall(r'\bid="([^"]*)"', written))


def test_a_checklist_item_keeps_its_id_when_a_heading_is_named_like_it(write_tree):
    # "General" (the strategies' group), "Element A: Culture" and "Practice" (the title, and
    # the checklist's own items) are headings whose ids MkDocs makes from their names.
    ids = ids_on_the_page(build_of(write_tree, **PRACTICE), "checklists/practice.md")
    assert [i for i, count in ids.items() if count > 1] == []
    page = build_of(write_tree, **PRACTICE).page("checklists/practice.md")
    assert page is not None
    for item in ("general", "element-a-culture", "practice"):
        assert f'<li class="rg-checklist__item" id="{item}"' in page.markdown
    assert "## General { #general_1 }" in page.markdown


def test_a_criterion_keeps_its_id_when_the_rubric_is_named_like_it(write_tree):
    rubric = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("title: Teamwork",
                                                           "title: Meetings")
    build = build_of(write_tree, **{"rubrics/teamwork.yml": rubric})
    ids = ids_on_the_page(build, "rubrics/teamwork/index.md")
    assert [i for i, count in ids.items() if count > 1] == []
    page = build.page("rubrics/teamwork/index.md")
    assert page is not None
    assert '<h3 id="meetings">' in page.markdown and "# Meetings { #meetings_1 }" in page.markdown


def test_a_citation_shown_as_code_on_a_page_stays_as_written(write_tree):
    build = build_of(write_tree, **{"content/index.md": SYNTAX_MD})
    home = build.transform(build.guide.pages["index.md"], "index.md")
    for example in ("`[@doe-2020]`", "``[@source-id, p. 12]``", "Teams matter [@nobody-2001].",
                    "[@nobody-2002]", "    [@nobody-2003]", "`[@nobody-2004]`"):
        assert example in home
    link = '<a class="rg-cite" href="sources/#doe-2020">'
    assert re.findall(r'<a class="rg-cite"[^>]*>[^<]*</a>', home) == [
        f"{link}(Doe, 2020)</a>", f"{link}(Doe, 2020, p. 3)</a>"]


def test_a_block_marker_shown_as_code_on_a_page_stays_as_written(write_tree):
    # Neither placed nor checked: the unknown name is no problem, and the home page gets the
    # list of rubrics and checklists the marker in the code block would have placed.
    build = build_of(write_tree, **{"content/index.md": SYNTAX_MD})
    home = build.transform(build.guide.pages["index.md"], "index.md")
    for example in ("`<!-- rubric-guide: framework-overview -->`",
                    "`<!-- rubric-guide: no-such-block -->`",
                    "```markdown\nTeams matter [@nobody-2001].\n"
                    "<!-- rubric-guide: rubrics-and-checklists -->\n```"):
        assert example in home
    assert home.count('<div class="rg-home-tools"') == 1
    assert home.index('<div class="rg-home-tools"') > home.index("as found")


def test_a_marker_naming_a_part_of_the_generated_pages_is_refused_at_its_line(write_tree):
    # A criterion or a sheet needs what its page gives it: a hand-written page places only the
    # blocks that need nothing but the guide, a district's own among them.
    page = "# Test guide\n\n<!-- rubric-guide: criterion -->\n\n<!-- rubric-guide: our-news -->\n"
    with pytest.raises(ContentError) as refused:
        build_of(write_tree, **{"content/index.md": page,
                                "overrides/partials/our-news.html.j2": "<p>{{ guide.title }}</p>",
                                "overrides/partials/our-rubric.html.j2": "{{ rubric.title }}"})
    assert [problem.message for problem in refused.value.problems] == [
        "no generated block called 'criterion'; the generator has: book-link, "
        "framework-overview, links, our-news, rubrics-and-checklists"]
    assert refused.value.problems[0].line == 3
