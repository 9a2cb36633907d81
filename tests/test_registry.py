"""Adding a kind of content is one entry in the registry, its model and its template: a glossary
registered here (in this test only) is found, validated, checked, rendered at its address,
hidden by district.yml, and described by its JSON Schema and the format reference."""

from __future__ import annotations

import pytest
from pydantic import Field

from generator import kinds, schema
from generator import model as m
from generator.build import GuideBuild
from generator.checks import Unique
from generator.errors import ContentError
from generator.kinds import Kind, Output
from generator.reference import format_reference

from .conftest import MINIMAL_GUIDE


class Term(m.Model):
    """One word of the glossary."""

    id: m.Slug
    """Identifier; the term's anchor."""
    word: m.Text
    """The word."""
    meaning: m.Text
    """What it means in this guide."""


class Glossary(m.Model):
    """`content/glossary.yml`: the words the guide uses in its own sense."""

    title: m.Text
    """Heading of the glossary page."""
    terms: list[Term] = Field(min_length=1)
    """The words, in order."""


GLOSSARY = Kind(
    "glossary", "content/glossary.yml", Glossary, "glossary",
    checks=(Unique("terms[*].id", "term id"),),
    outputs={"page": Output("words/glossary.md", "glossary.md.j2")}, context="glossary",
    hideable=True)

TEMPLATE = """\
# {{ glossary.title|md_inline }}

{% for term in glossary.terms %}
<p id="{{ term.id }}"><strong>{{ term.word }}</strong>: {{ term.meaning }}</p>
{% endfor %}
<p><a href="{{ url(page_of('principles'), 'trust') }}">Trust</a></p>
"""

GLOSSARY_YML = """\
title: Glossary
terms:
  - {id: team, word: Team, meaning: People who plan together.}
  - {id: norms, word: Norms, meaning: What a team agrees to.}
"""


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, GLOSSARY))


def guide_with(write_tree, glossary: str, **more: str):
    return write_tree({**MINIMAL_GUIDE, "content/glossary.yml": glossary,
                       "overrides/glossary.md.j2": TEMPLATE, **more})


def build_of(root) -> GuideBuild:
    build = GuideBuild.from_mkdocs_yml(root / "mkdocs.yml")
    build.prepare(render_pdfs=False)
    return build


def test_a_new_kind_is_rendered_at_its_address(registered, write_tree):
    build = build_of(guide_with(write_tree, GLOSSARY_YML))
    page = build.page("words/glossary.md")
    assert page is not None and page.title == "Glossary"
    assert '<p id="norms"><strong>Norms</strong>: What a team agrees to.</p>' in page.markdown
    assert '<a href="../../principles/#trust">Trust</a>' in page.markdown
    assert "content/glossary.yml" in build.guide.data_files
    assert build.guide.of(GLOSSARY).terms[0].word == "Team"


def test_a_new_kind_is_validated_and_its_checks_run(registered, write_tree):
    text = GLOSSARY_YML.replace("id: norms", "id: team").replace("title:", "titel:")
    with pytest.raises(ContentError) as caught:
        build_of(guide_with(write_tree, text))
    assert [str(p) for p in caught.value.problems] == [
        "content/glossary.yml:1:1: missing required key 'title'; add 'title: ...'",
        "content/glossary.yml:1:1: titel: unknown key 'titel'; did you mean 'title'?",
        "content/glossary.yml:4:10: terms[1].id: duplicate term id 'team' (already used on line "
        "3); each term id must be unique",
    ]


def test_a_new_kind_can_be_hidden(registered, write_tree):
    build = build_of(guide_with(write_tree, GLOSSARY_YML, **{"district.yml": "hide: [glossary]\n"}))
    assert build.page("words/glossary.md") is None
    assert build.guide.of(GLOSSARY) is None
    assert build.switches.is_hidden("words/glossary.md")


def test_a_new_kind_has_its_schema_and_its_reference(registered):
    description = schema.json_schema(GLOSSARY)["description"]
    assert description.startswith("`content/glossary.yml`: the words the guide uses")
    assert description.endswith("term ids are unique.")
    assert "glossary.schema.json" in schema.generated()
    files = {file.path: file for file in format_reference()}
    assert [f.key for f in files["content/glossary.yml"].shape.fields] == ["title", "terms"]


def test_without_the_entry_the_file_is_unknown(write_tree):
    with pytest.raises(ContentError) as caught:
        build_of(guide_with(write_tree, GLOSSARY_YML))
    assert "unknown data file 'glossary.yml'" in str(caught.value)
