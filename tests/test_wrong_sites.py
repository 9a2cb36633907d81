"""Mistakes that used to publish a wrong site with exit 0 are refused by `rubric-guide check`
(and so by every build), with the file, line and key path, what was expected and the fix: a
page where the guide publishes another, a data file ending in capitals, a hidden home page,
an empty rubrics folder, a boolean where a number goes, look-alike duplicates and invisible
control characters."""

from __future__ import annotations

import re

import pytest

from .helpers import MINIMAL_GUIDE, ROOT, WriteTree, cli, with_options


def check(runner, write_tree: WriteTree, files: dict[str, str | None], *args: str
          ) -> tuple[int, list[str]]:
    """``rubric-guide check ARGS`` of the minimal guide with ``files`` changed (None removes
    one): the exit code and the lines naming a file."""
    guide = {**MINIMAL_GUIDE, **files}
    root = write_tree({name: text for name, text in guide.items() if text is not None})
    result = runner.invoke(cli, ["check", "--project", str(root), *args])
    lines = [line for line in result.output.splitlines()
             if re.match(r"^[\w./-]+(:\d+:\d+)?: ", line)
             and not line.startswith(("Error:", "OK:", "Warning:"))]
    return result.exit_code, lines


RUBRIC = MINIMAL_GUIDE["rubrics/teamwork.yml"]
STANDARD = (ROOT / "content/standards/collaboration-and-shared-accountability.yml").read_text(
    encoding="utf-8").replace("sources: [cde-qpls-collaboration]\n", "")

COLLISIONS = [
    ({"content/principles.md": "# Ours\n"},
     "content/principles.md:1:1: this page would be published at /principles/, where the guide "
     "publishes the principles page from content/principles.yml, so one of them would be lost; "
     "rename or move it (and the links to it)"),
    ({"content/rubrics/teamwork.md": "# Ours\n"},
     "content/rubrics/teamwork.md:1:1: this page would be published at /rubrics/teamwork/, "
     "where the guide publishes the page of rubric 'teamwork' from rubrics/teamwork.yml, so one "
     "of them would be lost; rename or move it (and the links to it)"),
    ({"content/rubrics/teamwork/index.md": "# Ours\n"},
     "content/rubrics/teamwork/index.md:1:1: this page would be published at "
     "/rubrics/teamwork/, where the guide publishes the page of rubric 'teamwork' from "
     "rubrics/teamwork.yml, so one of them would be lost; rename or move it (and the links to "
     "it)"),
    ({"content/rubrics/teamwork/teamwork.pdf": "%PDF"},
     "content/rubrics/teamwork/teamwork.pdf: this file would be published at "
     "/rubrics/teamwork/teamwork.pdf, where the guide publishes the pdf of rubric 'teamwork' "
     "from rubrics/teamwork.yml, so one of them would be lost; rename or move it (and the "
     "links to it)"),
    ({"content/standards/a.yml": STANDARD, "content/standards/index.md": "# Ours\n"},
     "content/standards/index.md:1:1: this page would be published at /standards/, where the "
     "guide publishes the standards index from content/standards/, so one of them would be "
     "lost; rename or move it (and the links to it)"),
    ({"content/standards/a.yml": STANDARD, "content/standards/index.yml": STANDARD},
     "content/standards/index.yml: the page of standard 'index' would be published at "
     "/standards/, where the guide publishes the standards index; give it another id (rename "
     "the file)"),
    ({"content/reference/format.md": "# Ours\n"},
     "content/reference/format.md:1:1: this page would be published at /reference/format/, "
     "where the guide publishes the format reference from the generator, so one of them would "
     "be lost; rename or move it (and the links to it)"),
]


@pytest.mark.parametrize(("files", "message"), COLLISIONS,
                         ids=[next(iter(reversed(f))) for f, _ in COLLISIONS])
def test_a_page_or_file_where_the_guide_publishes_another_is_refused(
        runner, write_tree, files, message):
    assert check(runner, write_tree, files) == (1, [message])


def test_a_page_beside_a_missing_data_file_is_the_guides_own(runner, write_tree):
    """Without principles.yml the guide makes no principles page: a hand-written one is fine."""
    files = {"content/principles.yml": None, "content/principles.md": "# Ours\n",
             "rubrics/teamwork.yml": RUBRIC.replace("    principles: [trust]\n", "")}
    assert check(runner, write_tree, files) == (0, [])


@pytest.mark.parametrize("ending", [".YML", ".Yaml", ".yML"])
def test_a_data_file_ending_in_capitals_is_refused_with_its_new_name(
        runner, write_tree, ending):
    lower = ending.lower()
    assert check(runner, write_tree, {f"rubrics/other{ending}": RUBRIC}) == (1, [
        f"rubrics/other{ending}: the ending '{ending}' is not read as a data file: data files "
        f"end in '.yaml', '.yml' in lowercase; rename it to other{lower}"])


@pytest.mark.parametrize(("hide", "where"), [
    ("[index]", "1:8: hide[0]"), ("[index.md]", "1:8: hide[0]"),
    ("[principles, /index.md]", "1:20: hide[1]")])
def test_hiding_the_home_page_is_refused_at_its_line(runner, write_tree, hide, where):
    assert check(runner, write_tree, {"district.yml": f"hide: {hide}\n"}) == (1, [
        f"district.yml:{where}: the home page (index.md) cannot be hidden: a site without one "
        "opens on an error; change the page instead, or hide the sections and pages it should "
        "not show"])


def test_content_hidden_twice_is_named_at_its_second_line(runner, write_tree):
    assert check(runner, write_tree, {"district.yml": "hide: [principles, /principles.md]\n"}
                 ) == (1, ["district.yml:1:20: hide[1]: 'principles' is listed already, as "
                           "hide[0]; list each once"])


NO_RUBRICS = ("mkdocs.yml:7:20: plugins[1].rubric-guide.rubrics_dir: warning: the rubrics "
              "folder {folder}/ holds no rubric file ({folder}/<id>.yml), so the guide would "
              "publish no rubric; put the rubrics there, or set rubrics_dir to the folder that "
              "holds them")


@pytest.mark.parametrize("folder", ["empty", "/etc"])
def test_a_rubrics_folder_without_rubrics_is_a_warning_that_strict_refuses(
        runner, write_tree, folder):
    files: dict[str, str | None] = {"mkdocs.yml": with_options(f"rubrics_dir: {folder}\n"),
                                    "empty/notes.txt": "", "rubrics/teamwork.yml": None}
    for strict, code in (((), 0), (("--strict",), 1)):
        assert check(runner, write_tree, files, *strict) == (
            code, [NO_RUBRICS.format(folder=folder)])


def test_a_rubrics_folder_outside_the_project_reports_its_real_mistakes(runner, tmp_path):
    shared = tmp_path / "shared-rubrics"
    shared.mkdir()
    (shared / "teamwork.yml").write_text(RUBRIC.replace("scale: three", "scale: thre"))
    (shared / "other.yml").write_text(RUBRIC)
    project = tmp_path / "guide"
    files = {**MINIMAL_GUIDE, "mkdocs.yml": with_options("rubrics_dir: ../shared-rubrics\n")}
    for name, text in files.items():
        if not name.startswith("rubrics/"):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_text(text)
    result = runner.invoke(cli, ["check", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "../shared-rubrics/teamwork.yml:3:8: scale: unknown scale 'thre'; did you mean 'three'?"]


@pytest.mark.parametrize(("written", "number"), [("yes", 1), ("true", 1), ("On", 1),
                                                 ("no", 0), ("False", 0)])
def test_a_boolean_where_a_number_goes_is_refused(runner, write_tree, written, number):
    scales = MINIMAL_GUIDE["content/scales.yml"].replace("score: 2", f"score: {written}")
    assert check(runner, write_tree, {"content/scales.yml": scales}) == (1, [
        f"content/scales.yml:6:46: scales[0].levels[1].score: expected a number, found the "
        f"boolean {written}; write {number} or quote it"])


def test_a_number_written_as_text_is_refused(runner, write_tree):
    scales = MINIMAL_GUIDE["content/scales.yml"].replace("score: 2", 'score: "2"')
    assert check(runner, write_tree, {"content/scales.yml": scales}) == (1, [
        "content/scales.yml:6:46: scales[0].levels[1].score: expected a whole number, found "
        "the text '2'"])


CHECKLIST = """\
title: Ready to meet
responses: [{first}, {second}]
items:
  - {{id: agenda, text: There is an agenda.}}
"""

TWINS = [
    ('"In place"', '"In place"',
     "duplicate response 'In place' (already used on line 2); each response must be unique"),
    ('"In place"', '"in  Place"',
     "response 'in  Place' looks the same as 'In place' on line 2: they differ only in case, "
     "spacing or how a letter is encoded; each response must be unique, so remove one or tell "
     "them apart"),
    ('"Mise en \\u00e9tat"', '"Mise en e\\u0301tat"',
     "response 'Mise en e\u0301tat' looks the same as 'Mise en \u00e9tat' on line 2: they "
     "differ only in case, spacing or how a letter is encoded; each response must be unique, "
     "so remove one or tell them apart"),
]


@pytest.mark.parametrize(("first", "second", "message"), TWINS, ids=["same", "case", "nfd"])
def test_checklist_responses_that_look_the_same_are_refused(
        runner, write_tree, first, second, message):
    checklist = CHECKLIST.format(first=first, second=second)
    code, lines = check(runner, write_tree, {"content/checklists/ready.yml": checklist})
    assert (code, len(lines)) == (1, 1)
    assert lines[0].startswith("content/checklists/ready.yml:2:")
    assert lines[0].endswith(f": responses[1]: {message}")


def test_level_labels_that_look_the_same_are_refused(runner, write_tree):
    scales = MINIMAL_GUIDE["content/scales.yml"].replace("label: Growing", "label: STRONG")
    assert check(runner, write_tree, {"content/scales.yml": scales}) == (1, [
        "content/scales.yml:7:29: scales[0].levels[2].label: level label 'Strong' looks the "
        "same as 'STRONG' on line 6: they differ only in case, spacing or how a letter is "
        "encoded; each level label must be unique, so remove one or tell them apart"])


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    principles: [trust]", "    principles: [trust, trust]",
     "rubrics/teamwork.yml:8:25: criteria[0].principles[1]: principle 'trust' is listed "
     "twice (first on line 8); list it once"),
    ("sources: [doe-2020]", "sources: [doe-2020, doe-2020]",
     "rubrics/teamwork.yml:4:21: sources[1]: source 'doe-2020' is listed twice (first on "
     "line 4); list it once"),
])
def test_a_reference_listed_twice_is_refused(runner, write_tree, old, new, message):
    rubric = RUBRIC.replace(old, new)
    assert check(runner, write_tree, {"rubrics/teamwork.yml": rubric}) == (1, [message])


CONTROLS = [
    ("\\0", "U+0000 NULL"), ("\\x1b[31m", "U+001B ESCAPE"), ("\\e", "U+001B ESCAPE"),
    ("\\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\\x85", "U+0085 CONTROL CHARACTER"), ("\\r", "U+000D CARRIAGE RETURN"),
]


@pytest.mark.parametrize(("escape", "name"), CONTROLS, ids=[n for _, n in CONTROLS])
def test_control_characters_are_refused_in_every_text(runner, write_tree, escape, name):
    rubric = RUBRIC.replace("growing: Meetings are regular.",
                            f'growing: "Meetings are{escape} regular."')
    assert check(runner, write_tree, {"rubrics/teamwork.yml": rubric}) == (1, [
        f"rubrics/teamwork.yml:11:16: criteria[0].levels.growing: the text holds {name}, an "
        "invisible control character that pages, sheets and exports would carry; delete it (in "
        "quotes YAML writes it as an escape such as \\x1b or \\u202e)"])


CONTROL = ("the text holds {}, an invisible control character that pages, sheets and exports "
           "would carry; delete it (in quotes YAML writes it as an escape such as \\x1b or "
           "\\u202e)")


def test_control_characters_are_refused_in_sources_and_district_yml(runner, write_tree):
    sources = MINIMAL_GUIDE["content/sources.yml"].replace(
        "publisher: Example Press", 'publisher: "Example\\u202ePress"')
    assert check(runner, write_tree, {"content/sources.yml": sources,
                                      "district.yml": 'footer: "Made \\0 here"\n'}) == (1, [
        "content/sources.yml:6:14: [0].publisher: "
        + CONTROL.format("U+202E RIGHT-TO-LEFT OVERRIDE"),
        "district.yml:1:9: footer: " + CONTROL.format("U+0000 NULL")])


def test_control_characters_are_refused_in_the_plugins_options(runner, write_tree):
    mkdocs = with_options('organization: "Lakeside\\x07"\n')
    assert check(runner, write_tree, {"mkdocs.yml": mkdocs}) == (1, [
        "mkdocs.yml:7:21: plugins[1].rubric-guide.organization: " + CONTROL.format("U+0007 BELL")])


def test_right_to_left_marks_stay_allowed(runner, write_tree):
    rubric = RUBRIC.replace("growing: Meetings are regular.",
                            'growing: "\u05e4\u05d2\u05d9\u05e9\u05d5\u05ea\u200f (1)"')
    assert check(runner, write_tree, {"rubrics/teamwork.yml": rubric}) == (0, [])
