"""Rubric exports: Canvas's rubric CSV, CASE 1.1 packages and JSON, as other systems read them."""

from __future__ import annotations

import csv
import io
import json
import runpy
from pathlib import Path

import jsonschema
import pytest

from generator import exports

from .helpers import (
    MINIMAL_GUIDE,
    MKDOCS_YML,
    ROOT,
    SCALES_YML,
    GuideBuild,
    Project,
    cli,
    mkdocs_build,
)

CELLS = runpy.run_path(str(ROOT / "tests" / "data" / "seed_rubric_cells.py"))
CASE_SCHEMA = json.loads((ROOT / "tests" / "data" / "case-v1p1-cfpackage.json").read_text())
SEED = {
    "collaboration-structures": "COLLABORATION_STRUCTURES",
    "district-collective-accountability": "DISTRICT_COLLECTIVE_ACCOUNTABILITY",
}


@pytest.fixture(scope="module")
def seed_build() -> GuideBuild:
    build = GuideBuild.from_mkdocs_yml(ROOT / "mkdocs.yml")
    build.load()
    return build


def build_of(root: Path) -> GuideBuild:
    build = GuideBuild(Project.at(root), site_name="Test guide")
    build.load()
    return build


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- Canvas ---------------------------------------------------------------------------------


def test_canvas_header_is_canvas_import_template_with_one_triple_per_level(seed_build):
    text = exports.canvas_csv(seed_build.guide.rubrics["collaboration-structures"])
    assert text.splitlines()[0] == (
        "Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,"
        "Rating Name,Rating Description,Rating Points,Rating Name,Rating Description,"
        "Rating Points,Rating Name,Rating Description,Rating Points,Rating Name,"
        "Rating Description,Rating Points")
    seven = exports.canvas_csv(seed_build.guide.rubrics["district-collective-accountability"])
    assert rows_of(seven)[0] == exports.CANVAS_HEADER + exports.CANVAS_RATING * 7
    assert text.endswith("\r\n"), "RFC 4180 line endings, as Canvas's own template"


@pytest.mark.parametrize(("rubric_id", "table"), SEED.items())
def test_canvas_rows_list_ratings_highest_points_first(seed_build, rubric_id, table):
    rubric = seed_build.guide.rubrics[rubric_id]
    header, *rows = rows_of(exports.canvas_csv(rubric))
    seed = CELLS[table]
    labels = seed["levels"]
    assert [row[1] for row in rows] == list(seed["criteria"])
    for row, cells in zip(rows, seed["criteria"].values(), strict=True):
        assert row[0] == rubric.title
        assert row[2:4] == ["", "false"]
        ratings = [row[i:i + 3] for i in range(4, len(row), 3)]
        # Canvas shows a criterion's ratings from most to fewest points.
        assert ratings == [
            [label, cell, str(points)]
            for points, label, cell in reversed(list(zip(
                range(1, len(labels) + 1), labels, cells, strict=True)))
        ]
        assert len(row) == len(header)


def test_canvas_takes_labels_and_points_from_the_scale(write_tree):
    root = write_tree({**MINIMAL_GUIDE, "content/scales.yml": MINIMAL_GUIDE[
        "content/scales.yml"].replace("Beginning, score: 1", "Not yet, score: 0")
        .replace("Strong, score: 3", "Secure, score: 5")})
    rubric = build_of(root).guide.rubrics["teamwork"]
    assert rows_of(exports.canvas_csv(rubric))[1] == [
        "Teamwork", "Meetings & agendas", "", "false",
        "Secure", "Meetings drive decisions.", "5",
        "Growing", "Meetings are regular.", "2",
        "Not yet", "Meetings happen <sometimes>.", "0",
    ]


def test_canvas_points_are_level_positions_when_the_scale_has_no_scores(write_tree):
    root = write_tree({**MINIMAL_GUIDE, "content/scales.yml": MINIMAL_GUIDE[
        "content/scales.yml"].replace(", score: 1", "").replace(", score: 2", "")
        .replace(", score: 3", "")})
    row = rows_of(exports.canvas_csv(build_of(root).guide.rubrics["teamwork"]))[1]
    assert [row[6], row[9], row[12]] == ["3", "2", "1"]


INJECTED = {
    "=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
    "+1 more": "'+1 more",
    "-2 points": "'-2 points",
    "@SUM(A1)": "'@SUM(A1)",
    "\tTabbed": "'\tTabbed",
    "\rReturn": "'\rReturn",
    "'=Already quoted": "''=Already quoted",
    "Plain, safe text": "Plain, safe text",
    "It's = fine inside": "It's = fine inside",
}


@pytest.mark.parametrize(("text", "safe"), INJECTED.items())
def test_formula_cells_are_neutralized_and_restored_exactly(text, safe):
    assert exports.neutralize_cell(text) == safe
    assert exports.restore_cell(safe) == text


def test_canvas_neutralizes_every_text_cell(write_tree):
    rubric_yml = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "title: Teamwork", "title: '=Teamwork'").replace(
        "title: Meetings & agendas", "title: '@Meetings'\n    description: '+Why'").replace(
        "Meetings are regular.", "'-Meetings are regular.'")
    root = write_tree({**MINIMAL_GUIDE, "rubrics/teamwork.yml": rubric_yml})
    row = rows_of(exports.canvas_csv(build_of(root).guide.rubrics["teamwork"]))[1]
    assert row[:4] == ["'=Teamwork", "'@Meetings", "'+Why", "false"]
    assert row[7:9] == ["Growing", "'-Meetings are regular."]


# --- CASE -----------------------------------------------------------------------------------


def case_of(build: GuideBuild, rubric_id: str) -> dict:
    return json.loads(exports.export_text(
        build.guide, build.guide.rubrics[rubric_id], "case", build.case_settings()))


def assert_valid_case(package: dict) -> None:
    validator = jsonschema.Draft201909Validator(
        CASE_SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]
    assert errors == []


def test_the_schema_checks_formats_so_validation_means_something():
    validator = jsonschema.Draft201909Validator(
        CASE_SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    bad = {"CFDocument": {"identifier": "not-a-uuid", "uri": "u", "creator": "c", "title": "t",
                          "lastChangeDateTime": "yesterday"}}
    assert len(list(validator.iter_errors(bad))) == 2


@pytest.mark.parametrize("rubric_id", SEED)
def test_case_package_of_every_seed_rubric_validates(seed_build, rubric_id):
    package = case_of(seed_build, rubric_id)
    assert_valid_case(package)
    assert package["CFDocument"]["title"] == "Collaborative Accountability Rubric Guide"
    assert package["CFDocument"]["caseVersion"] == "1.1"
    rubric = seed_build.guide.rubrics[rubric_id]
    [case_rubric] = package["CFRubrics"]
    assert case_rubric["title"] == rubric.title
    assert len(case_rubric["CFRubricCriteria"]) == len(rubric.criteria)


def test_case_identifiers_are_the_same_in_every_build(seed_build):
    again = GuideBuild.from_mkdocs_yml(ROOT / "mkdocs.yml")
    again.load()
    for rubric_id in SEED:
        assert case_of(again, rubric_id) == case_of(seed_build, rubric_id)
    first = case_of(seed_build, "collaboration-structures")
    second = case_of(seed_build, "district-collective-accountability")
    # Both packages describe the same guide, so its document and items keep one identifier.
    assert first["CFDocument"] == second["CFDocument"]
    assert first["CFItems"] == second["CFItems"]


def test_case_identifiers_are_unique_uuids(seed_build):
    package = case_of(seed_build, "district-collective-accountability")
    rubric = package["CFRubrics"][0]
    criteria = rubric["CFRubricCriteria"]
    records = [package["CFDocument"], *package["CFItems"], *package["CFAssociations"], rubric,
               *criteria, *(lv for c in criteria for lv in c["CFRubricCriterionLevels"])]
    identifiers = [r["identifier"] for r in records]
    assert len(set(identifiers)) == len(identifiers) == 1 + 22 + 22 + 1 + 5 + 5 * 7
    assert all(r["uri"] == f"urn:uuid:{r['identifier']}" for r in records)


def test_case_standard_elements_and_indicators_form_a_tree(seed_build):
    package = case_of(seed_build, "collaboration-structures")
    items = {item["identifier"]: item for item in package["CFItems"]}
    document = package["CFDocument"]["identifier"]
    parent = {}
    for association in package["CFAssociations"]:
        assert association["associationType"] == "isChildOf"
        child = association["originNodeURI"]["identifier"]
        assert child not in parent, "every item has one parent"
        parent[child] = association["destinationNodeURI"]["identifier"]
    assert set(parent) == set(items)

    def by_code(code: str) -> dict:
        return next(i for i in items.values() if i.get("humanCodingScheme") == code)

    standard = next(i for i in items.values() if i["CFItemType"] == "Standard")
    assert standard["abbreviatedStatement"] == "Collaboration and Shared Accountability"
    assert parent[standard["identifier"]] == document
    assert by_code("A")["abbreviatedStatement"] == "Collaborative Culture"
    assert parent[by_code("A")["identifier"]] == standard["identifier"]
    assert by_code("B.3")["fullStatement"] == (
        "Extends educators' commitment to try new approaches and share results with their "
        "colleagues.")
    assert parent[by_code("B.3")["identifier"]] == by_code("B")["identifier"]
    kinds = [i["CFItemType"] for i in items.values()]
    assert {k: kinds.count(k) for k in kinds} == {
        "Principle": 4, "Standard": 1, "Element": 3, "Indicator": 14}


def test_case_criteria_point_at_the_principles_they_serve(seed_build):
    package = case_of(seed_build, "collaboration-structures")
    items = {item["identifier"]: item for item in package["CFItems"]}
    criteria = package["CFRubrics"][0]["CFRubricCriteria"]
    served = []
    for criterion in criteria:
        link = criterion["CFItemURI"]
        item = items[link["identifier"]]
        assert item["CFItemType"] == "Principle"
        assert link == {"title": item["abbreviatedStatement"], "identifier": item["identifier"],
                        "uri": item["uri"]}
        served.append(item["humanCodingScheme"])
    assert served == [c.principles[0] for c in
                      seed_build.guide.rubrics["collaboration-structures"].criteria]
    # The source texts link no criterion to a principle: the package says whose links they are,
    # as the rubric's page does.
    assert package["CFDocument"]["notes"] == (
        "Each rubric criterion's CFItemURI links it to a principle it serves: the guide "
        "editors' alignment.")


def test_case_levels_carry_label_descriptor_and_score_lowest_first(seed_build):
    package = case_of(seed_build, "collaboration-structures")
    criterion = package["CFRubrics"][0]["CFRubricCriteria"][0]
    assert criterion["description"] == "Clarity of Roles & Responsibilities"
    assert criterion["position"] == 1
    cells = CELLS["COLLABORATION_STRUCTURES"]["criteria"]["Clarity of Roles & Responsibilities"]
    assert [(lv["quality"], lv["description"], lv["score"], lv["position"])
            for lv in criterion["CFRubricCriterionLevels"]] == [
        ("Emerging", cells[0], 1, 1), ("Developing", cells[1], 2, 2),
        ("Proficient", cells[2], 3, 3), ("Advanced", cells[3], 4, 4)]
    assert {lv["rubricCriterionId"] for lv in criterion["CFRubricCriterionLevels"]} == {
        criterion["identifier"]}


def test_case_change_time_is_the_reproducible_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert exports.change_time("2026–27") == "2026-01-01T00:00:00Z"  # noqa: RUF001
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert exports.change_time("2026-08-15") == "2026-08-15T00:00:00Z"


def test_case_of_a_guide_without_principles_or_standards_validates(write_tree):
    files = {**MINIMAL_GUIDE, "rubrics/teamwork.yml": MINIMAL_GUIDE["rubrics/teamwork.yml"]
             .replace("    principles: [trust]\n", "")}
    del files["content/principles.yml"]
    build = build_of(write_tree(files))
    package = case_of(build, "teamwork")
    assert_valid_case(package)
    assert package["CFItems"] == [] and package["CFAssociations"] == []
    assert "notes" not in package["CFDocument"]
    assert "CFItemURI" not in package["CFRubrics"][0]["CFRubricCriteria"][0]


# --- JSON -----------------------------------------------------------------------------------


def test_json_holds_the_rubric_and_what_it_refers_to(write_tree):
    build = build_of(write_tree(MINIMAL_GUIDE))
    text = exports.export_text(build.guide, build.guide.rubrics["teamwork"], "json",
                               build.case_settings())
    data = json.loads(text)
    assert list(data) == ["id", "title", "summary", "scale", "evidence_column", "principles",
                          "sources", "criteria", "definitions"]
    assert data["criteria"][0] == {
        "id": "meetings", "title": "Meetings & agendas", "description": None,
        "levels": {"beginning": "Meetings happen <sometimes>.",
                   "growing": "Meetings are regular.", "strong": "Meetings drive decisions."},
        "evidence_prompts": [], "principles": ["trust"], "sources": [],
    }
    assert data["definitions"]["scale"] == {
        "id": "three", "title": "Three levels",
        "levels": [{"id": "beginning", "label": "Beginning", "score": 1},
                   {"id": "growing", "label": "Growing", "score": 2},
                   {"id": "strong", "label": "Strong", "score": 3}]}
    assert data["definitions"]["principles"] == {
        "trust": {"id": "trust", "title": "Trust", "description": "People rely on each other."}}
    assert list(data["definitions"]["sources"]) == ["doe-2020"]
    assert data["definitions"]["sources"]["doe-2020"]["title"] == "Working together"


def test_json_levels_follow_the_scale_whatever_order_the_yaml_has(write_tree):
    rubric_yml = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
        "      beginning: Meetings happen <sometimes>.\n", "").replace(
        "strong: Meetings drive decisions.\n",
        "strong: Meetings drive decisions.\n      beginning: Meetings happen <sometimes>.\n")
    build = build_of(write_tree({**MINIMAL_GUIDE, "rubrics/teamwork.yml": rubric_yml}))
    data = exports.rubric_json(build.guide, build.guide.rubrics["teamwork"])
    assert list(data["criteria"][0]["levels"]) == ["beginning", "growing", "strong"]


# --- In the site ----------------------------------------------------------------------------


def test_the_shared_framework_gives_each_package_its_own_text(seed_build):
    settings = seed_build.case_settings()
    published = exports.site_files(seed_build.guide, settings)
    for rubric in seed_build.guide.rubrics.values():
        alone = exports.export_text(seed_build.guide, rubric, "case", settings)
        assert published[f"rubrics/{rubric.id}/{rubric.id}.case.json"] == alone


@pytest.mark.parametrize("fmt", ["case", "json"])
def test_json_files_are_written_as_the_standard_library_would(seed_build, fmt):
    # msgspec writes them, faster; the text must be what json.dumps(indent=2) gives.
    for rubric in seed_build.guide.rubrics.values():
        text = exports.export_text(seed_build.guide, rubric, fmt, seed_build.case_settings())
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    tricky = {"quote": "\"\\/\n\t\u2028\x00é😀", "n": [0, -1, 2.5, 0.125, 10**20, None, True],
              "empty": {"list": [], "map": {}}}
    assert exports.json_text(tricky) == json.dumps(tricky, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(exports.json_text([1e-7, 1e300])) == [1e-7, 1e300]  # written 1e-7, not 1e-07


@pytest.mark.parametrize("rubric_id", SEED)
def test_built_site_publishes_every_export_beside_the_rubric(built_site, seed_build, rubric_id):
    site, _ = built_site
    folder = site / "rubrics" / rubric_id
    rubric = seed_build.guide.rubrics[rubric_id]
    assert (folder / f"{rubric_id}.canvas.csv").read_bytes() == (
        exports.canvas_csv(rubric).encode())
    assert_valid_case(json.loads((folder / f"{rubric_id}.case.json").read_text()))
    assert json.loads((folder / f"{rubric_id}.json").read_text())["title"] == rubric.title
    page = (folder / "index.html").read_text()
    for name, text in [(".canvas.csv", "Canvas rubric (CSV)"), (".case.json", "CASE 1.1 (JSON)"),
                       (".json", "Rubric data (JSON)")]:
        assert f'<a href="{rubric_id}{name}" download>{text}</a>' in page


# --- The export command ---------------------------------------------------------------------


def test_export_writes_every_rubric_into_a_folder(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", "--format", "case", "--output", str(out),
                                 "--project", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Wrote {out / (r + '.case.json')}" for r in SEED]
    for rubric_id in SEED:
        assert_valid_case(json.loads((out / f"{rubric_id}.case.json").read_text()))


def test_export_prints_one_rubric(runner, seed_build):
    result = runner.invoke(cli, ["export", "-t", "canvas", "-r", "collaboration-structures",
                                 "-o", "-", "-p", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == exports.canvas_csv(
        seed_build.guide.rubrics["collaboration-structures"]).encode()


def test_export_to_standard_output_needs_one_rubric(runner):
    result = runner.invoke(cli, ["export", "-t", "json", "-o", "-", "-p", str(ROOT)])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: --output - prints one rubric; choose it with --rubric ID (this guide has 2: "
        "collaboration-structures, district-collective-accountability)\n")


def test_export_names_an_unknown_rubric(runner):
    result = runner.invoke(cli, ["export", "-t", "json", "-r", "colaboration-structures",
                                 "-p", str(ROOT)])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--rubric': unknown rubric 'colaboration-structures'; did you "
        "mean 'collaboration-structures'?\n")


def test_renamed_levels_rename_the_scale_in_the_json_export(write_tree, tmp_path, warm_python):
    scales = SCALES_YML.replace("title: Three levels",
                                "title: Three levels (Beginning to Strong)")
    root = write_tree({**MINIMAL_GUIDE, "content/scales.yml": scales,
                       "district.yml": "levels: {beginning: Starting}\n",
                       "mkdocs.yml": MKDOCS_YML})
    site = tmp_path / "site"
    assert mkdocs_build(root, site, python=warm_python).returncode == 0
    data = json.loads((site / "rubrics/teamwork/teamwork.json").read_text("utf-8"))
    scale = data["definitions"]["scale"]
    assert scale["title"] == "Three levels (Starting to Strong)"
    assert [level["label"] for level in scale["levels"]] == ["Starting", "Growing", "Strong"]
