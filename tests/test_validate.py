"""The validate stage: the content's cross-references, each checked where it is written."""

from __future__ import annotations

import pytest

from .helpers import (
    MINIMAL_GUIDE,
    PRINCIPLES_YML,
    RUBRIC_YML,
    SCALES_YML,
    SOURCES_YML,
    SYNTAX_MD,
    ContentError,
    Project,
    WriteTree,
    load_guide,
)


def problems(write_tree: WriteTree, files: dict[str, str]) -> list[str]:
    root = write_tree({**MINIMAL_GUIDE, **files})
    with pytest.raises(ContentError) as caught:
        load_guide(Project.at(root))
    return [str(problem) for problem in caught.value.problems]


def test_references_resolve_to_what_they_name(write_tree):
    guide = load_guide(Project.at(write_tree(MINIMAL_GUIDE)))
    rubric = guide.rubrics["teamwork"]
    assert guide.scale_of(rubric) is guide.scales["three"]
    assert [p.id for p in guide.principles.principles] == rubric.value.criteria[0].principles
    assert list(guide.sources) == rubric.value.sources


def test_a_criterions_own_source_must_exist(write_tree):
    rubric = RUBRIC_YML.replace("    principles: [trust]\n",
                                "    principles: [trust]\n    sources: [doe-2002]\n")
    assert problems(write_tree, {"rubrics/teamwork.yml": rubric}) == [
        "rubrics/teamwork.yml:9:15: criteria[0].sources[0]: unknown source 'doe-2002'; did you "
        "mean 'doe-2020'?",
    ]


def test_a_research_quote_names_a_source_that_exists(write_tree):
    evidence = """\
        title: Evidence
        items:
          - {id: trust, text: People trust each other.}
        research:
          - {text: Trust comes first., source: roe-2019}
        """
    assert problems(write_tree, {"content/evidence-of-practice.yml": evidence}) == [
        "content/evidence-of-practice.yml:5:40: research[0].source: unknown source 'roe-2019'; "
        "did you mean 'doe-2020'?",
    ]


def test_the_strategies_cite_sources_that_exist(write_tree):
    strategies = """\
        title: Strategies
        sources: [doe-2020, nobody]
        strategies:
          - {id: meet, title: Meet, description: Meet often.}
        """
    assert problems(write_tree, {"content/strategies.yml": strategies}) == [
        "content/strategies.yml:2:21: sources[1]: unknown source 'nobody'; expected one of: "
        "'doe-2020', or define it in content/sources.yml",
    ]


def test_a_rubrics_own_principles_must_exist(write_tree):
    rubric = RUBRIC_YML.replace("scale: three\n", "scale: three\nprinciples: [trust, truth]\n")
    assert problems(write_tree, {"rubrics/teamwork.yml": rubric}) == [
        "rubrics/teamwork.yml:4:21: principles[1]: unknown principle 'truth'; did you mean "
        "'trust'?",
    ]


def test_a_citation_in_a_text_names_a_source_that_exists(write_tree):
    rubric = RUBRIC_YML.replace("[@doe-2020]", "[@doe-2002, p. 4]")
    assert problems(write_tree, {"rubrics/teamwork.yml": rubric}) == [
        "rubrics/teamwork.yml:2:10: summary: unknown source 'doe-2002'; did you mean "
        "'doe-2020'?",
    ]


def test_a_citation_is_checked_again_when_the_sources_change(write_tree):
    rubric = RUBRIC_YML.replace("[@doe-2020]", "[@roe-2019]")
    root = write_tree({**MINIMAL_GUIDE, "rubrics/teamwork.yml": rubric})
    with pytest.raises(ContentError):
        load_guide(Project.at(root))
    # The rubric is unchanged (its citations are read from it once); the sources now hold it.
    sources = root / "content/sources.yml"
    roe = SOURCES_YML.replace("doe-2020", "roe-2019").replace("Doe", "Roe")
    sources.write_text(sources.read_text(encoding="utf-8") + roe, encoding="utf-8")
    assert list(load_guide(Project.at(root)).sources) == ["doe-2020", "roe-2019"]


def test_hidden_pages_are_not_read_as_the_engines_never_publish_them(write_tree):
    # Emacs keeps a link `.#page.md` to nowhere while a page has unsaved changes; a draft in
    # a hidden file or folder may cite what does not exist yet.
    root = write_tree({**MINIMAL_GUIDE, "content/.draft.md": "By [@nobody-2005].\n",
                       "content/.drafts/nobody.md": "By [@nobody-2006].\n"})
    (root / "content/.#index.md").symlink_to("editor@host.4242:1700000000")
    project = Project.at(root)
    assert sorted(load_guide(project).pages) == ["index.md"]
    assert not [uri for uri in project.pages() if "nobody" in uri or uri.startswith(".")]
    assert "index.md" in project.pages()


def test_a_citation_shown_as_code_on_a_page_is_not_checked(write_tree):
    guide = load_guide(Project.at(write_tree({**MINIMAL_GUIDE, "content/index.md": SYNTAX_MD})))
    assert "[@nobody-2001]" in guide.pages["index.md"]
    assert problems(write_tree, {"content/index.md": SYNTAX_MD + "\nBy [@nobody-2005].\n"}) == [
        "content/index.md:26:4: unknown source 'nobody-2005'; expected one of: 'doe-2020', or "
        "add it to content/sources.yml",
    ]


def test_an_unchanged_rubric_is_checked_again_when_what_it_names_changes(write_tree):
    # The rubric's problems are kept while it and what its checks read are unchanged.
    root = write_tree(MINIMAL_GUIDE)
    load_guide(Project.at(root))
    scales, principles = root / "content/scales.yml", root / "content/principles.yml"
    scales.write_text(SCALES_YML.replace(
        "      - {id: strong", "      - {id: great, label: Great, score: 4}\n      - {id: strong"),
        encoding="utf-8")
    principles.write_text(PRINCIPLES_YML.replace("id: trust", "id: respect"), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_guide(Project.at(root))
    assert [str(problem) for problem in raised.value.problems] == [
        "rubrics/teamwork.yml:8:18: criteria[0].principles[0]: unknown principle 'trust'; "
        "expected one of: 'respect', or define it in content/principles.yml",
        "rubrics/teamwork.yml:10:7: criteria[0].levels: criterion 'meetings' has no descriptor "
        "for level 'great'; scale 'three' expects one for each of: 'beginning', 'growing', "
        "'great', 'strong'",
    ]
    scales.write_text(SCALES_YML, encoding="utf-8")
    principles.write_text(PRINCIPLES_YML, encoding="utf-8")
    assert list(load_guide(Project.at(root)).rubrics) == ["teamwork"]


def test_a_criterion_or_checklist_item_cannot_take_the_id_of_a_section_of_its_page(write_tree):
    # The rubric page's exemplars and the checklist page's progress have ids of their own; an
    # item with one of them would share it, and a link to the item could land on the section.
    found = problems(write_tree, {
        "rubrics/teamwork.yml": RUBRIC_YML.replace("id: meetings", "id: exemplars"),
        "content/strategies.yml": "title: Strategies\nstrategies:\n"
                                  "  - {id: team-calibration, title: Meet, description: Meet.}\n",
        "content/checklists/ready.yml": "title: Ready\ninclude: [strategies]\nitems:\n"
                                        "  - {id: your-progress, text: A.}\n",
    })
    assert found == [
        "content/checklists/ready.yml:2:11: include[0]: checklist item id 'team-calibration' is "
        "the id of a section every checklist page has of its own, so a link to it could land "
        "there; give it another id in the file it comes from, such as 'team-calibration-1'",
        "content/checklists/ready.yml:4:10: items[0].id: checklist item id 'your-progress' is "
        "the id of a section every checklist page has of its own, so a link to it could land "
        "there; give it another id, such as 'your-progress-1'",
        "rubrics/teamwork.yml:6:9: criteria[0].id: criterion id 'exemplars' is the id of a "
        "section every rubric page has of its own, so a link to it could land there; give it "
        "another id, such as 'exemplars-1'",
    ]
