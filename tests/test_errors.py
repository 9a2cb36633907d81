"""Every kind of content mistake gets an exact, actionable message with file, line and column."""

from __future__ import annotations

import pytest

from .helpers import MINIMAL_GUIDE, ContentError, Project, WriteTree, load_guide


def problems(write_tree: WriteTree, **changes: str) -> list[str]:
    """Load the minimal guide with some files replaced (``rubrics__x_yml`` → ``rubrics/x.yml``)."""
    files = dict(MINIMAL_GUIDE)
    for key, text in changes.items():
        name = key.replace("__", "/").replace("_yaml", ".yaml").replace("_yml", ".yml")
        files[name.replace("_md", ".md")] = text
    root = write_tree(files)
    with pytest.raises(ContentError) as info:
        load_guide(Project.at(root))
    return [str(p) for p in info.value.problems]


def test_minimal_guide_is_valid(minimal_guide):
    guide = load_guide(Project.at(minimal_guide))
    assert list(guide.rubrics) == ["teamwork"]
    assert guide.rubrics["teamwork"].refs["scale"].id == "three"


@pytest.mark.parametrize(("lines", "where", "message"), [
    ("    title: Roles: who does what\n", "5:17",
     "mapping values are not allowed here; text containing ': ' must be put in quotes"),
    # Text with a colon on a line indented further: the text wants quotes, as above.
    ("    title: Roles and\n      what each does: who leads\n", "6:21",
     "mapping values are not allowed here; text containing ': ' must be put in quotes"),
    # A key indented further than a line of text: YAML reads it as more of the text, then
    # meets its colon.
    ("    title: Roles\n     levels:\n      weak: a\n", "6:6",
     "this line is indented further than line 5 above it, so YAML reads it as more of that "
     "line's text; indent it 4 spaces, as line 5"),
])
def test_yaml_syntax_error(write_tree, lines, where, message):
    text = "title: Teamwork\nscale: three\ncriteria:\n  - id: x\n" + lines
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        f"rubrics/teamwork.yml:{where}: YAML syntax error: {message}"]


@pytest.mark.parametrize(("lines", "where", "fix"), [
    # One space short of the keys beside it.
    ("    title: Roles\n   levels:\n      weak: a\n", "6:4",
     "line it up with line 5 (4 spaces) or line 4 (2 spaces)"),
    # A level one space short of the levels above it.
    ("    title: Roles\n    levels:\n      weak: a\n     strong: b\n", "8:6",
     "line it up with line 7 (6 spaces) or line 6 (4 spaces)"),
    # A second item of the list one space too far.
    ("    title: Roles\n   - id: y\n", "6:4",
     "line it up with line 5 (4 spaces) or line 4 (2 spaces)"),
])
def test_a_line_indented_as_no_line_above_it_is_named_with_the_indents_it_could_take(
        write_tree, lines, where, fix):
    text = "title: Teamwork\nscale: three\ncriteria:\n  - id: x\n" + lines
    [problem] = problems(write_tree, rubrics__teamwork_yml=text)
    line = int(where.split(":")[0])
    spaces = len(text.split("\n")[line - 1]) - len(text.split("\n")[line - 1].lstrip())
    assert problem == (
        f"rubrics/teamwork.yml:{where}: YAML syntax error: this line is indented {spaces} "
        f"spaces, which lines it up with no line above it; {fix}")


def test_tab_indentation(write_tree):
    text = "title: Principles\nprinciples:\n\t- id: trust\n"
    assert problems(write_tree, content__principles_yml=text) == [
        "content/principles.yml:3:1: YAML syntax error: found character '\\t' that cannot start "
        "any token; indent with spaces, not tabs"
    ]


def test_duplicate_key(write_tree):
    text = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "      strong: Meetings drive decisions.\n",
        "      strong: Meetings drive decisions.\n      strong: Again.\n",
    )
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:13:7: criteria[0].levels.strong: duplicate key 'strong' (first "
        "defined on line 12); YAML keeps only one of them: remove or rename one"
    ]


def test_unknown_key_suggests_the_right_one(write_tree):
    text = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("title: Meetings", "titel: Meetings")
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:6:5: criteria[0]: missing required key 'title'; add 'title: ...'",
        "rubrics/teamwork.yml:7:5: criteria[0].titel: unknown key 'titel'; did you mean 'title'?",
    ]


def test_unknown_key_without_a_close_match_lists_the_choices(write_tree):
    text = ("title: Principles\ncolour: blue\n"
            "principles:\n  - {id: trust, title: T, description: D}\n")
    assert problems(write_tree, content__principles_yml=text) == [
        "content/principles.yml:2:1: colour: unknown key 'colour'; expected one of: 'title', "
        "'intro', 'principles'"
    ]


def test_wrong_type(write_tree):
    text = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "growing: Meetings are regular.", "growing: [Meetings are regular.]")
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:11:16: criteria[0].levels.growing: expected text, found a list"
    ]


def test_yes_read_as_boolean_gets_a_quoting_hint(write_tree):
    text = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("title: Teamwork", "title: yes")
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:1:8: title: expected text, found the true/false value true; YAML "
        "reads yes/no/on/off and numbers as values: put the text in quotes"
    ]


def test_missing_level(write_tree):
    line = "      growing: Meetings are regular.\n"
    text = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(line, "")
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:10:7: criteria[0].levels: criterion 'meetings' has no descriptor "
        "for level 'growing'; scale 'three' expects one for each of: 'beginning', 'growing', "
        "'strong'"
    ]


def test_extra_level(write_tree):
    text = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "      strong: Meetings drive decisions.\n",
        "      strong: Meetings drive decisions.\n      expert: Meetings run themselves.\n",
    )
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:13:7: criteria[0].levels.expert: 'expert' is not a level of scale "
        "'three'; expected one of: 'beginning', 'growing', 'strong'"
    ]


def test_misspelt_level_suggests_the_missing_one(write_tree):
    text = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("      strong:", "      strnog:")
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:10:7: criteria[0].levels: criterion 'meetings' has no descriptor "
        "for level 'strong'; scale 'three' expects one for each of: 'beginning', 'growing', "
        "'strong'",
        "rubrics/teamwork.yml:12:7: criteria[0].levels.strnog: 'strnog' is not a level of scale "
        "'three'; did you mean 'strong'?",
    ]


def test_duplicate_ids(write_tree):
    text = MINIMAL_GUIDE["content/principles.yml"] + (
        "  - id: trust\n    title: Trust again\n    description: Twice.\n")
    assert problems(write_tree, content__principles_yml=text) == [
        "content/principles.yml:6:9: principles[1].id: duplicate principle id 'trust' (already "
        "used on line 3); each principle id must be unique"
    ]


def test_unknown_principle_source_and_scale(write_tree):
    text = (MINIMAL_GUIDE["rubrics/teamwork.yml"]
            .replace("scale: three", "scale: tree")
            .replace("sources: [doe-2020]", "sources: [doe-2021]")
            .replace("principles: [trust]", "principles: [trsut, equity]"))
    assert problems(write_tree, rubrics__teamwork_yml=text) == [
        "rubrics/teamwork.yml:3:8: scale: unknown scale 'tree'; did you mean 'three'?",
        "rubrics/teamwork.yml:4:11: sources[0]: unknown source 'doe-2021'; did you mean "
        "'doe-2020'?",
        "rubrics/teamwork.yml:8:18: criteria[0].principles[0]: unknown principle 'trsut'; did "
        "you mean 'trust'?",
        "rubrics/teamwork.yml:8:25: criteria[0].principles[1]: unknown principle 'equity'; "
        "expected one of: 'trust', or define it in content/principles.yml",
    ]


def test_unknown_standard_source(write_tree):
    standard = """\
        title: A standard
        statement: Teams share the work.
        sources: [nobody-2001]
        elements:
          - id: a
            letter: A
            title: First
            description: The first element.
            indicators: [Does things.]
        """
    assert problems(write_tree, content__standards__team_yml=standard) == [
        "content/standards/team.yml:3:11: sources[0]: unknown source 'nobody-2001'; expected "
        "one of: 'doe-2020', or define it in content/sources.yml"
    ]


def test_unknown_citation_in_markdown(write_tree):
    page = "# Home\n\nSee the study\nby Doe [@doe-2002].\n"
    assert problems(write_tree, content__index_md=page) == [
        "content/index.md:4:8: unknown source 'doe-2002'; did you mean 'doe-2020'?"
    ]


def test_unknown_csl_key(write_tree):
    text = MINIMAL_GUIDE["content/sources.yml"] + "  pubisher: Elsewhere\n"
    assert problems(write_tree, content__sources_yml=text) == [
        "content/sources.yml:7:3: [0].pubisher: unknown CSL-JSON key 'pubisher'; did you mean "
        "'publisher'?"
    ]


def test_unknown_data_file(write_tree):
    assert problems(write_tree, content__principals_yml="title: x\n") == [
        "content/principals.yml:1:1: unknown data file 'principals.yml'; did you mean "
        "'principles.yml'? (rubrics go in rubrics/, standards in content/standards/, "
        "checklists in content/checklists/)"
    ]


def test_every_problem_in_every_file_is_reported_at_once(write_tree):
    found = problems(
        write_tree,
        rubrics__teamwork_yml=MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("scale:", "scael:"),
        content__principles_yml=(
            "title: [x]\nprinciples:\n  - {id: trust, title: T, description: D}\n"),
        rubrics__other_yml="title: Other\nscale: three\ncriteria: []\n",
    )
    assert found == [
        "content/principles.yml:1:8: title: expected text, found a list",
        "rubrics/other.yml:3:11: criteria: expected at least 1 entries, found 0",
        "rubrics/teamwork.yml:1:1: missing required key 'scale'; add 'scale: ...'",
        "rubrics/teamwork.yml:3:1: scael: unknown key 'scael'; did you mean 'scale'?",
    ]


def test_error_message_counts_problems(write_tree):
    root = write_tree({**MINIMAL_GUIDE, "rubrics/teamwork.yml": "title: [x]\n"})
    with pytest.raises(ContentError) as info:
        load_guide(Project.at(root))
    lines = info.value.format_message().splitlines()
    assert lines[0] == "found 3 problems in the guide's content:"
    assert lines[1:] == [
        "rubrics/teamwork.yml:1:1: missing required key 'criteria'; add 'criteria: ...'",
        "rubrics/teamwork.yml:1:1: missing required key 'scale'; add 'scale: ...'",
        "rubrics/teamwork.yml:1:8: title: expected text, found a list",
    ]


STRATEGIES_YML = """\
title: Strategies
strategies:
  - {id: meet, title: Meet, description: Meet often.}
"""


def test_checklist_include_of_something_that_does_not_exist(write_tree):
    assert problems(
        write_tree, content__strategies_yml=STRATEGIES_YML,
        content__checklists__mine_yml="title: Mine\ninclude: [strategy, standard/nope]\n",
    ) == [
        "content/checklists/mine.yml:2:11: include[0]: nothing to include called 'strategy'; "
        "did you mean 'strategies'?",
        "content/checklists/mine.yml:2:21: include[1]: nothing to include called "
        "'standard/nope'; expected one of: 'strategies'",
    ]


def test_checklist_without_items(write_tree):
    assert problems(write_tree, content__checklists__mine_yml="title: Mine\n") == [
        "content/checklists/mine.yml:1:1: a checklist needs items: list them under 'items', or "
        "take them from the guide with 'include', e.g. include: [evidence-of-practice]",
    ]


def test_checklist_item_ids_are_unique(write_tree):
    text = "title: Mine\nitems:\n  - {id: a, text: One}\n  - {id: a, text: Two}\n"
    assert problems(write_tree, content__checklists__mine_yml=text) == [
        "content/checklists/mine.yml:4:10: items[1].id: duplicate checklist item id 'a' "
        "(already used on line 3); each checklist item id must be unique",
    ]


def test_yaml_files_are_read_like_yml_files(write_tree):
    files = {name.replace(".yml", ".yaml") if name.startswith(("rubrics/", "content/scales"))
             else name: text for name, text in MINIMAL_GUIDE.items()}
    guide = load_guide(Project.at(write_tree(files)))
    assert list(guide.rubrics) == ["teamwork"]
    assert "rubrics/teamwork.yaml" in guide.data_files


def test_one_rubric_in_two_files_is_refused(write_tree):
    assert problems(write_tree, rubrics__teamwork_yaml=MINIMAL_GUIDE["rubrics/teamwork.yml"]) == [
        "rubrics/teamwork.yml:1:1: rubrics/teamwork.yaml holds this rubric too; keep one of the "
        "two files",
    ]


def test_a_standard_file_name_must_be_an_id(write_tree):
    standard = ("title: S\nstatement: St.\nelements:\n  - {id: a, letter: A, title: T, "
                "description: D, indicators: [I.]}\n")
    assert problems(write_tree, **{"content__standards__My Standard_yml": standard}) == [
        "content/standards/My Standard.yml:1:1: standard file name 'My Standard.yml' is used as "
        "its web address; use lowercase letters, digits and hyphens, e.g. "
        "'team-collaboration.yml'",
    ]
