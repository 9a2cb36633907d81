"""Rubrics from spreadsheets (`rubric-guide import`) and from a template (`rubric-guide new`)."""

from __future__ import annotations

import csv
import io
import shutil
import time
from pathlib import Path

import pytest

from generator import exports
from generator.scaffold import SCHEMA_LINE

from .helpers import MINIMAL_GUIDE, ROOT, SCALES_YML, Project, cli, load_guide

SEED_RUBRICS = ["collaboration-structures", "district-collective-accountability"]


@pytest.fixture(scope="module")
def seed():
    return load_guide(Project.at(ROOT))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed guide without its rubrics, as the current folder."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "rubrics").mkdir()
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def small(write_tree, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal guide (scale 'three': Beginning, Growing, Strong) as the current folder."""
    root = write_tree({**MINIMAL_GUIDE, "overrides/.keep": ""})
    monkeypatch.chdir(root)
    return root


def import_csv(runner, text: str | bytes, *args: str, name: str = "rubric.csv"):
    path = Path(name)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return runner.invoke(cli, ["import", name, *args])


def plain_csv(rubric, scale, *, labels=None, extra=True) -> str:
    """A spreadsheet of ``rubric``: criteria as rows, levels as columns."""
    levels = labels or scale.levels
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Criterion", *(lv.label for lv in levels)]
                    + (["Description", "Evidence"] if extra else []))
    for criterion in rubric.criteria:
        writer.writerow([criterion.title, *(criterion.levels[lv.id] for lv in levels)]
                        + ([criterion.description or "", "\n".join(criterion.evidence_prompts)]
                           if extra else []))
    return out.getvalue()


def assert_same_rubric(imported, original) -> None:
    assert imported.title == original.title
    assert imported.scale == original.scale
    assert [c.title for c in imported.criteria] == [c.title for c in original.criteria]
    for new, old in zip(imported.criteria, original.criteria, strict=True):
        assert new.levels == old.levels
        assert new.description == old.description


# --- Round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("rubric_id", SEED_RUBRICS)
def test_canvas_export_imports_back_to_the_same_rubric(runner, project, seed, rubric_id):
    original = seed.rubrics[rubric_id]
    result = import_csv(runner, exports.canvas_csv(original))
    assert result.exit_code == 0, result.output
    new_id = {"collaboration-structures": "strengthening-collaboration-structures",
              "district-collective-accountability": "district-collective-accountability"}
    assert result.output == (
        f"Wrote rubrics/{new_id[rubric_id]}.yml: 5 criteria on the scale '{original.scale}'. "
        "Add any principles and sources, then run `rubric-guide check`.\n")
    guide = load_guide(Project.at(project))  # the project's own validator
    imported = guide.rubrics[new_id[rubric_id]]
    assert_same_rubric(imported, original)
    assert [c.id for c in imported.criteria][:2] == [
        "clarity-of-roles-responsibilities", "communication-information-sharing"]


@pytest.mark.parametrize("rubric_id", SEED_RUBRICS)
def test_plain_spreadsheet_imports_to_the_same_rubric(runner, project, seed, rubric_id):
    original = seed.rubrics[rubric_id]
    scale = original.refs["scale"]
    # Level columns may come in any order.
    shuffled = [*scale.levels[1:], scale.levels[0]]
    text = plain_csv(original, scale, labels=shuffled)
    result = import_csv(runner, text, "--title", original.title, "--id", "copy")
    assert result.exit_code == 0, result.output
    imported = load_guide(Project.at(project)).rubrics["copy"]
    assert_same_rubric(imported, original)


def test_plain_spreadsheet_carries_descriptions_and_evidence_prompts(runner, small):
    rubric_yml = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "    principles: [trust]\n",
        "    description: Meetings have a **purpose**, and \"quotes\".\n"
        "    evidence_prompts: [Agendas from the last term, 'Minutes: who decided']\n")
    (small / "rubrics" / "teamwork.yml").write_text(rubric_yml, encoding="utf-8")
    original = load_guide(Project.at(small)).rubrics["teamwork"]
    result = import_csv(runner, plain_csv(original, original.refs["scale"]), "--id", "copy",
                        "--title", "Teamwork")
    assert result.exit_code == 0, result.output
    imported = load_guide(Project.at(small)).rubrics["copy"]
    assert_same_rubric(imported, original)
    assert imported.criteria[0].evidence_prompts == [
        "Agendas from the last term", "Minutes: who decided"]


def test_formula_cells_come_back_intact(runner, small):
    rubric_yml = """\
        title: =Teamwork
        scale: three
        criteria:
          - id: meetings
            title: "@Meetings"
            description: "+1 for agendas"
            levels:
              beginning: "-Rarely"
              growing: "=SUM(A1:A2)"
              strong: "'=Already quoted"
        """
    (small / "rubrics" / "teamwork.yml").write_text(
        "\n".join(line[8:] for line in rubric_yml.splitlines()), encoding="utf-8")
    original = load_guide(Project.at(small)).rubrics["teamwork"]
    exported = exports.canvas_csv(original)
    assert exported.splitlines()[1] == (
        "'=Teamwork,'@Meetings,'+1 for agendas,false,Strong,''=Already quoted,3,"
        "Growing,'=SUM(A1:A2),2,Beginning,'-Rarely,1")
    result = import_csv(runner, exported, "--id", "copy")
    assert result.exit_code == 0, result.output
    assert_same_rubric(load_guide(Project.at(small)).rubrics["copy"], original)


def test_written_file_is_readable_yaml_with_the_schema_line(runner, small):
    text = ("Criterion,Beginning,Growing,Strong\n"
            "Meetings & agendas,Rare: ad hoc,Regular,\"Drive\ndecisions\"\n")
    result = import_csv(runner, text, "--title", "Team meetings")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Wrote rubrics/team-meetings.yml: 1 criterion on the scale 'three'.")
    assert Path("rubrics/team-meetings.yml").read_text() == f"""\
{SCHEMA_LINE}
# Imported from rubric.csv by `rubric-guide import`.
# A CSV carries no principles or sources: add them here if the rubric has any,
# then run `rubric-guide check`.
title: Team meetings
scale: three
criteria:
  - id: meetings-agendas
    title: Meetings & agendas
    levels:
      beginning: 'Rare: ad hoc'
      growing: Regular
      strong: |-
        Drive
        decisions
"""
    assert load_guide(Project.at(small)).rubrics["team-meetings"].criteria[0].levels[
        "strong"] == "Drive\ndecisions"


# --- Scales ---------------------------------------------------------------------------------

TWO_SCALES = SCALES_YML + """\
  - id: three-weighted
    title: Three levels, weighted
    levels:
      - {id: beginning, label: Beginning, score: 0}
      - {id: growing, label: Growing, score: 5}
      - {id: strong, label: Strong, score: 10}
"""


def canvas_row(*ratings: tuple[str, str, str], name: str = "Meetings") -> str:
    cells = ["Teamwork", name, "", "false"]
    for rating in ratings:
        cells += rating
    return ",".join(cells)


def canvas_file(*rows: str, levels: int = 3) -> str:
    header = ",".join(exports.CANVAS_HEADER + exports.CANVAS_RATING * levels)
    return "\n".join([header, *rows]) + "\n"


def test_canvas_points_choose_between_scales_with_the_same_labels(runner, small):
    Path("content/scales.yml").write_text(TWO_SCALES)
    text = canvas_file(canvas_row(("Strong", "Drive", "10"), ("Growing", "Regular", "5"),
                                  ("Beginning", "Rare", "0")))
    result = import_csv(runner, text, "--id", "weighted")
    assert result.exit_code == 0, result.output
    assert load_guide(Project.at(small)).rubrics["weighted"].scale == "three-weighted"


def test_same_labels_without_points_need_the_scale_named(runner, small):
    Path("content/scales.yml").write_text(TWO_SCALES)
    text = "Criterion,Beginning,Growing,Strong\nMeetings,Rare,Regular,Drive\n"
    result = import_csv(runner, text)
    assert result.exit_code == 1
    assert result.output == (
        "Error: found 1 problem in rubric.csv:\n"
        "rubric.csv:1:1: row 1: the levels match more than one scale: 'three', "
        "'three-weighted'; choose one with --scale\n")
    result = import_csv(runner, text, "--scale", "three-weighted", "--id", "chosen")
    assert result.exit_code == 0, result.output
    assert load_guide(Project.at(small)).rubrics["chosen"].scale == "three-weighted"


def test_level_ids_name_columns_too(runner, small):
    text = "Criterion,beginning,growing,strong\nMeetings,Rare,Regular,Drive\n"
    result = import_csv(runner, text, "--id", "by-id")
    assert result.exit_code == 0, result.output


def test_unknown_scale_option(runner, small):
    result = import_csv(runner, "Criterion,Beginning\n", "--scale", "thre")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--scale': unknown scale 'thre'; scales: 'three'\n")


def test_import_needs_a_scale_in_the_guide(runner, small):
    Path("content/scales.yml").unlink()
    result = import_csv(runner, HEADER + "Meetings,Rare,Regular,Drive\n")
    assert result.exit_code == 1
    assert result.output == ("Error: content/scales.yml defines no scales; add the scale the "
                             "rubric uses there, then import it\n")


# --- Bad files, reported with their rows ----------------------------------------------------

HEADER = "Criterion,Beginning,Growing,Strong\n"

BAD_FILES = {
    "ragged row": (
        HEADER + "Meetings,Rare,Regular,Drive\nFollow-up,Forgotten, then noted,Noted,Reviewed\n",
        ["rubric.csv:3:1: row 3: the row has 5 cells but the header (row 1) has 4; put any "
         "cell that holds a comma in double quotes"]),
    "no header": (
        "Meetings,Rare,Regular,Drive\nFollow-up,Forgotten,Noted,Reviewed\n",
        ["rubric.csv:1:1: row 1: the first row must name the columns: the criteria's column, "
         "then one column per level label, e.g. 'Criterion,Beginning,Growing,Strong' (or "
         "Canvas's 'Rubric Name,Criteria Name,...'); found 'Meetings', 'Rare', 'Regular', "
         "'Drive'"]),
    "unknown level": (
        "Criterion,Beginning,Growng,Strong\nMeetings,Rare,Regular,Drive\n",
        ["rubric.csv:1:1: row 1: no column for level 'Growing'; scale 'three' expects one for "
         "each of: 'Beginning', 'Growing', 'Strong'",
         "rubric.csv:1:3: row 1, column C: 'Growng' is not a level of scale 'three'; did you "
         "mean 'Growing'?"]),
    "empty criterion name and descriptor": (
        HEADER + "Meetings,Rare,Regular,Drive\n,Forgotten,Noted,Reviewed\nFollow-up,,Noted,Done\n",
        ["rubric.csv:3:1: row 3, column A: the criterion has no name; give it one, or delete "
         "the row",
         "rubric.csv:4:2: row 4, column B: the descriptor for level 'Beginning' is empty; "
         "write one"]),
    "bad quoting": (
        HEADER + 'Meetings,"Rare" at best,Regular,Drive\n',
        ["rubric.csv:2:1: row 2: not valid CSV: ',' expected after '\"'; a cell holding "
         "quotes must be wholly in double quotes, with each quote inside it doubled"]),
    "empty file": (
        "\n,,,\n",
        ["rubric.csv:1:1: row 1: the file is empty; export the spreadsheet with its header "
         "row and one row per criterion"]),
    "header only": (
        HEADER,
        ["rubric.csv:1:1: row 1: no criteria: below the header, give one row per criterion"]),
    "a workbook": (
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        ["rubric.csv:1:1: row 1: the file is not CSV text but binary data (a spreadsheet "
         "workbook?); in the spreadsheet choose Save As → CSV UTF-8 and import that file"]),
    "another encoding": (
        (HEADER + "Meetings,\u201cRare\u201d,Regular,Drive\n").encode("cp1252"),
        ["rubric.csv:2:1: row 2: the file is not UTF-8 text (byte 0x93); save it from the "
         "spreadsheet as CSV UTF-8"]),
    "same criterion twice": (
        HEADER + "Meetings!,Rare,Regular,Drive\nmeetings,Rare,Regular,Drive\n",
        ["rubric.csv:3:1: row 3, column A: criterion 'meetings' would get the id 'meetings', "
         "like the criterion on row 2; rename one of them"]),
}


BAD_CANVAS = {
    "missing rating": (
        canvas_file(canvas_row(("Strong", "Drive", "3"), ("Beginning", "Rare", "1"))),
        ["rubric.csv:2:1: row 2: criterion 'Meetings' has no descriptor for level 'Growing'; "
         "scale 'three' expects one for each of: 'Beginning', 'Growing', 'Strong'"]),
    "unknown rating and bad points": (
        canvas_file(canvas_row(("Strong", "Drive", "three"), ("Growing", "Regular", "2"),
                               ("Beginning", "Rare", "1")),
                    canvas_row(("Strong", "Drive", "3"), ("Growing", "Regular", "2"),
                               ("Begining", "Rare", "1"), name="Follow-up")),
        ["rubric.csv:2:7: row 2, column G: 'three' is not a number of points; write a number "
         "such as 3, or leave the cell empty",
         "rubric.csv:3:1: row 3: criterion 'Follow-up' has no descriptor for level "
         "'Beginning'; scale 'three' expects one for each of: 'Beginning', 'Growing', 'Strong'",
         "rubric.csv:3:11: row 3, column K: 'Begining' is not a level of scale 'three'; did "
         "you mean 'Beginning'?"]),
    "two rubrics": (
        canvas_file(canvas_row(("Strong", "Drive", "3"), ("Growing", "Regular", "2"),
                               ("Beginning", "Rare", "1")),
                    "Other," + canvas_row(("Strong", "Drive", "3"))[len("Teamwork,"):]),
        ["rubric.csv:3:1: row 3, column A: a second rubric, 'Other' (row 2 is 'Teamwork'); "
         "import one rubric per file"]),
    "no matching scale": (
        canvas_file(canvas_row(("High", "Drive", "3"), ("Mid", "Regular", "2"),
                               ("Low", "Rare", "1"))),
        ["rubric.csv:2:1: row 2: no scale in content/scales.yml has the levels 'High', 'Mid', "
         "'Low'; scales: 'three' (Beginning, Growing, Strong); add the scale there, or choose "
         "one with --scale"]),
}


BAD = {**BAD_FILES, **{f"canvas: {name}": case for name, case in BAD_CANVAS.items()}}


@pytest.mark.parametrize(("text", "expected"), BAD.values(), ids=BAD)
def test_bad_spreadsheets_name_the_row_and_column(runner, small, text, expected):
    result = import_csv(runner, text)
    assert result.exit_code == 1
    noun = "problem" if len(expected) == 1 else "problems"
    assert result.output.splitlines() == [
        f"Error: found {len(expected)} {noun} in rubric.csv:", *expected]
    assert not list(Path("rubrics").glob("rubric*.yml")), "nothing is written"
    assert "Traceback" not in result.output


def test_excel_utf8_with_bom_and_blank_rows_imports(runner, small):
    text = ("\ufeff" + HEADER + "Meetings,Rare,Regular,Drive\n,,,\n").encode("utf-8")
    result = import_csv(runner, text, "--id", "bom")
    assert result.exit_code == 0, result.output


def test_import_refuses_to_overwrite_unless_forced(runner, small):
    text = HEADER + "Meetings,Rare,Regular,Drive\n"
    result = import_csv(runner, text, "--id", "teamwork")
    assert result.exit_code == 1
    assert result.output == (
        "Error: rubrics/teamwork.yml already exists; choose another id, or replace the file "
        "with --force\n")
    assert Path("rubrics/teamwork.yml").read_text() == MINIMAL_GUIDE["rubrics/teamwork.yml"]
    result = import_csv(runner, text, "--id", "teamwork", "--force")
    assert result.exit_code == 0, result.output
    assert load_guide(Project.at(small)).rubrics["teamwork"].criteria[0].levels == {
        "beginning": "Rare", "growing": "Regular", "strong": "Drive"}


def test_import_refuses_an_id_that_cannot_be_a_file_name(runner, small):
    result = import_csv(runner, HEADER + "Meetings,Rare,Regular,Drive\n", "--id", "Team Work")
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for ID: 'Team Work' cannot be a rubric id, which is its file name "
        "and web address; use lowercase letters, digits and hyphens, e.g. 'team-work'\n")


def test_import_writes_where_asked(runner, small):
    result = import_csv(runner, HEADER + "Meetings,Rare,Regular,Drive\n", "--output", "drafts")
    assert result.exit_code == 0, result.output
    assert Path("drafts/rubric.yml").is_file()


# --- New rubrics ----------------------------------------------------------------------------


def test_new_rubric_scaffolds_a_valid_rubric_with_marked_placeholders(runner, project):
    result = runner.invoke(cli, ["new", "rubric", "team-meetings", "--scale", "seven-level"])
    assert result.exit_code == 0, result.output
    assert result.output == ("Wrote rubrics/team-meetings.yml. Replace its placeholders, then "
                             "run `rubric-guide check`.\n")
    text = Path("rubrics/team-meetings.yml").read_text()
    assert text.splitlines()[0] == SCHEMA_LINE
    rubric = load_guide(Project.at(project)).rubrics["team-meetings"]
    assert rubric.title == "Team meetings"
    assert rubric.scale == "seven-level"
    assert len(rubric.criteria) == 3
    assert rubric.criteria[0].levels["transformational"] == (
        "Describe Criterion 1 at Transformational.")
    assert all(text.startswith("Describe ") for c in rubric.criteria
               for text in c.levels.values())


def test_new_rubric_speaks_the_districts_language_with_its_level_labels(runner, small):
    Path("district.yml").write_text("language: es\nlevels: {beginning: Inicial, three/strong: "
                                    "Sólido}\n", encoding="utf-8")
    result = runner.invoke(cli, ["new", "rubric", "equipo", "--title", "Trabajo en equipo"])
    assert result.exit_code == 0, result.output
    assert Path("rubrics/equipo.yml").read_text(encoding="utf-8").splitlines()[1:12] == [
        "# Una rúbrica nueva en la escala 'three'. Sustituya cada texto \"Describa ...\",",
        "# cambie el nombre de los criterios (sus ids son sus anclas), añada o quite criterios y",
        "# después ejecute `rubric-guide check`.",
        "title: Trabajo en equipo",
        "summary: Describa qué evalúa Trabajo en equipo y quién la usa.",
        "scale: three",
        "criteria:",
        "  - id: criterion-1",
        "    title: Criterio 1",
        "    levels:",
        "      beginning: Describa Criterio 1 en el nivel Inicial.",
    ]
    assert load_guide(Project.at(small)).rubrics["equipo"].criteria[2].levels == {
        "beginning": "Describa Criterio 3 en el nivel Inicial.",
        "growing": "Describa Criterio 3 en el nivel Growing.",
        "strong": "Describa Criterio 3 en el nivel Sólido."}
    # Spanish placeholders are found as the English ones are.
    result = runner.invoke(cli, ["check", "--strict"])
    assert result.exit_code == 1
    assert ("rubrics/equipo.yml:6:10: warning: 10 placeholders, on lines 6, 12-14, 19-21, "
            "26-28") in result.output.splitlines()


def test_new_rubric_takes_a_title_and_the_only_scale(runner, small):
    result = runner.invoke(cli, ["new", "rubric", "visits", "--title", "Classroom visits"])
    assert result.exit_code == 0, result.output
    rubric = load_guide(Project.at(small)).rubrics["visits"]
    assert (rubric.title, rubric.scale) == ("Classroom visits", "three")


def test_new_rubric_needs_a_scale_when_there_are_several(runner, project):
    result = runner.invoke(cli, ["new", "rubric", "team-meetings"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: choose the rubric's scale with --scale; scales: 'four-level', 'seven-level'\n")


def test_new_rubric_refuses_to_overwrite_and_bad_ids(runner, small):
    result = runner.invoke(cli, ["new", "rubric", "teamwork"])
    assert result.exit_code == 1
    assert result.output == ("Error: rubrics/teamwork.yml already exists; choose another id, "
                             "or replace the file with --force\n")
    result = runner.invoke(cli, ["new", "rubric", "Team_Work"])
    assert result.exit_code == 2
    assert "'Team_Work' cannot be a rubric id" in result.output
    assert "e.g. 'team-work'" in result.output


def test_semicolon_separated_csv_imports_like_a_comma_separated_one(runner, small):
    # What spreadsheet programs write where a comma is the decimal sign (most of Europe).
    text = ("Criterion;Beginning;Growing;Strong\n"
            'Meetings;"Rare; and short";Regular;Drive\n')
    result = import_csv(runner, text, "--id", "semicolons")
    assert result.exit_code == 0, result.output
    rubric = load_guide(Project.at(small)).rubrics["semicolons"]
    assert rubric.criteria[0].levels == {"beginning": "Rare; and short", "growing": "Regular",
                                         "strong": "Drive"}


@pytest.mark.parametrize("headings", [
    ("Beginning (1)", "Growing (2)", "Strong (3)"),
    ("1 - Beginning", "2 - Growing", "3 - Strong"),
    ("1. Beginning", "2. Growing", "3. Strong"),
    ("Beginning - 1", "Growing - 2", "Strong - 3"),
])
def test_level_headings_may_carry_their_points(runner, small, headings):
    text = f"Criterion,{','.join(headings)}\nMeetings,Rare,Regular,Drive\n"
    result = import_csv(runner, text, "--id", "scored")
    assert result.exit_code == 0, result.output
    rubric = load_guide(Project.at(small)).rubrics["scored"]
    assert rubric.criteria[0].levels["growing"] == "Regular"


def test_a_heading_whose_points_disagree_with_the_scale_is_named(runner, small):
    text = ("Criterion,Beginning (1),Growing (5),Strong (3),Best (4)\n"
            "Meetings,Rare,Regular,Drive,X\n")
    result = import_csv(runner, text)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "rubric.csv:1:3: row 1, column C: the file gives level 'Growing' 5 points, and scale "
        "'three' gives it 2; correct the file, or choose the scale with --scale",
        "rubric.csv:1:5: row 1, column E: 'Best' is not a level of scale 'three'; expected one "
        "of: 'Beginning', 'Growing', 'Strong'",
    ]


# -- import writes nothing that check refuses ---------------------------------------------------

def test_import_refuses_a_file_over_the_limit_at_once(runner, small):
    """A 100 MB file is refused from its size, without reading it."""
    with open("huge.csv", "wb") as file:
        file.truncate(100 * 1024 * 1024)
    started = time.perf_counter()
    result = runner.invoke(cli, ["import", "huge.csv"])
    assert time.perf_counter() - started < 0.5
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "huge.csv:1:1: row 1: the file is 100.0 MB, more than the 5 MB a rubric's file may be "
        "(a CSV of a rubric is a few kilobytes); check that this is the rubric's file, or "
        "split it into one file per rubric"]
    assert list((small / "rubrics").iterdir()) == [small / "rubrics" / "teamwork.yml"]


def test_import_refuses_what_check_would_refuse_at_its_cell(runner, small):
    text = ("Criterion,Beginning,Growing,Strong,Description,Evidence\n"
            f"Roles,{'x' * 60_000},b,c,[x](javascript:alert(1)),\n"
            "Goals,a\x1bb,b,c,,\"one\n\u202etwo\"\n")
    result = import_csv(runner, text, "--id", "roles")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: found 4 problems in rubric.csv:",
        "rubric.csv:2:2: row 2, column B: text of 60,000 characters is longer than the "
        "10,000 allowed; shorten it or split it up",
        "rubric.csv:2:5: row 2, column E: link 'javascript:alert(1)' is refused: links must be "
        "http(s), mailto or relative (like page.md#anchor)",
        "rubric.csv:3:2: row 3, column B: the text holds U+001B ESCAPE, an invisible control "
        "character that pages, sheets and exports would carry; delete it (in quotes YAML "
        "writes it as an escape such as \\x1b or \\u202e)",
        "rubric.csv:3:6: row 3, column F: the text holds U+202E RIGHT-TO-LEFT OVERRIDE, an "
        "invisible control character that pages, sheets and exports would carry; delete it (in "
        "quotes YAML writes it as an escape such as \\x1b or \\u202e)",
    ]
    assert not (small / "rubrics" / "roles.yml").exists()


def test_an_imported_rubric_passes_check(runner, small):
    text = "Criterion,Beginning,Growing,Strong\nRoles,a,b,c\nGoals,d,e,f\n"
    assert import_csv(runner, text, "--id", "roles").exit_code == 0
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
