"""The JSON Schemas editors use: generated from the model, committed, named by every YAML file,
published with the site."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import csl, schema
from generator import model as m
from generator.kinds import Kind, file_kinds

from .browser import serve
from .helpers import ROOT, Project, cli, data_files

PROJECT = Project.at(ROOT)
KINDS = {kind.name: kind for kind in file_kinds()}

MATERIAL_SCHEMA = "https://squidfunk.github.io/mkdocs-material/schema.json"
# YAML files that follow no schema of ours, and why.
NO_SCHEMA_LINE = {
    # Material's schema accepts only the plugins it lists, so an editor using it marks the
    # required `- rubric-guide` line "Value is not accepted": a false error on every guide.
    "mkdocs.yml": f"Material's {MATERIAL_SCHEMA} refuses the rubric-guide plugin",
    # pytest-golden's files: a guide's files as blocks of text and the pages expected from them.
    **{f"tests/golden/{path.name}": "a golden file, not a data file of a guide"
       for path in (ROOT / "tests/golden").glob("*.yml")},
    # tests/test_output_stable.py's manifests: each built file's path and SHA-256.
    **{f"tests/golden/output/{path.name}": "a golden file, not a data file of a guide"
       for path in (ROOT / "tests/golden/output").glob("*.yml")},
    # The generator's own interface strings, not a guide's content; tests/test_i18n.py holds
    # every translation to the keys and placeholders of en.yml.
    "generator/messages/en.yml": "a message catalogue, checked by tests/test_i18n.py",
    "generator/messages/es.yml": "a message catalogue, checked by tests/test_i18n.py",
    "generator/messages/model/es.yml": "a message catalogue, checked by tests/test_i18n.py",
    # The publishing recipes for GitHub Actions and GitLab CI, checked by
    # tests/test_publishing.py.
    ".github/workflows/publish.yml": "a GitHub Actions workflow, not a data file of a guide",
    ".gitlab-ci.yml": "a GitLab CI file, not a data file of a guide",
}
# Files that are a kind of guide file but live outside the folder a project reads them from.
EXAMPLES = {"tests/data/district.yml": "district"}


def kind_of(name: str):
    """The kind of guide file the tracked file ``name`` is, or None."""
    return KINDS[EXAMPLES[name]] if name in EXAMPLES else PROJECT.kind_of(ROOT / name)


def validator(kind: Kind, draft: type = jsonschema.Draft202012Validator) -> object:
    return draft(schema.json_schema(kind))


def repo_files_of(kind: Kind) -> list[Path]:
    """The repository's files of ``kind``; for district.yml, which upstream never ships, the
    example the tests keep."""
    if kind.name == "district":
        return [ROOT / "tests/data/district.yml"]
    return [p for p in data_files(PROJECT) if PROJECT.kind_of(p) == kind]


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def errors(kind: Kind, data: object) -> list[str]:
    found = validator(kind).iter_errors(data)  # type: ignore[attr-defined]
    return sorted(f"{e.json_path}: {e.message}" for e in found)


# --- generated from the model, and committed ---------------------------------------------------


def test_committed_schemas_match_the_model():
    assert schema.differences() == [], (
        "generator/schemas/ is out of date with generator/model.py: run `rubric-guide schema` "
        "and commit the files")


def test_there_is_a_kind_for_every_data_file_of_the_guide():
    files = data_files(PROJECT)
    assert files
    for path in files:
        assert PROJECT.kind_of(path) is not None, path


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_schema_is_a_valid_2020_12_schema_with_an_id(name):
    document = json.loads((schema.SCHEMAS_DIR / f"{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"{name}.schema.json"
    assert document["title"] == f"Rubric Guide: {KINDS[name].location}"


def test_the_output_is_stable_sorted_and_ends_with_a_newline():
    text = schema.schema_text(KINDS["rubric"])
    assert text == schema.schema_text(KINDS["rubric"])
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True,
                              ensure_ascii=False) + "\n"


def test_field_docstrings_titles_and_examples_come_from_the_model():
    rubric = schema.json_schema(KINDS["rubric"])
    scale = rubric["properties"]["scale"]
    assert scale["description"] == m.Rubric.model_fields["scale"].description
    assert scale["examples"] == ["four-level"]
    assert scale["title"] == "Scale"
    criterion = rubric["$defs"]["Criterion"]
    assert criterion["description"] == m.Criterion.__doc__
    assert criterion["properties"]["id"]["pattern"] == f"^{m.ID_PATTERN}$"
    assert rubric["required"] == ["title", "scale", "criteria"]
    # Wrapped docstrings are joined into one line; editors wrap text themselves.
    include = schema.json_schema(KINDS["checklist"])["properties"]["include"]["description"]
    assert include == (
        "Items taken from the guide: `standard/<id>` (its indicators), `evidence-of-practice`, "
        "`key-system-features` (its indicators) or `strategies`.")


def test_the_description_names_what_only_rubric_guide_check_can_see():
    description = schema.json_schema(KINDS["rubric"])["description"]
    assert description.startswith("`rubrics/<id>.yml`: one rubric.")
    assert "`scale` names a scale of content/scales.yml" in description
    sources = schema.json_schema(KINDS["sources"])["description"]
    assert sources.startswith("`content/sources.yml` (or `sources.json`): a list of CSL-JSON")
    assert sources.endswith("source ids are unique.")


def object_schemas(node: object) -> list[dict]:
    """Every subschema with named properties in ``node``."""
    if isinstance(node, list):
        return [found for item in node for found in object_schemas(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if "properties" in node else []
    return own + [found for value in node.values() for found in object_schemas(value)]


def test_every_shape_refuses_keys_it_does_not_name():
    shapes = [s for kind in file_kinds() for s in object_schemas(schema.json_schema(kind))]
    assert len(shapes) > 20
    for shape in shapes:
        if shape["title"] == "Source":
            # A CSL-JSON entry takes any CSL variable, and nothing else.
            assert shape["propertyNames"] == {"enum": sorted(csl.CSL_FIELDS)}
        else:
            assert shape["additionalProperties"] is False, shape["title"]


# --- what the schemas accept and refuse -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_file_in_the_repo_is_accepted(name):
    files = repo_files_of(KINDS[name])
    assert files, f"no file of kind {name} in the repository to test with"
    for path in files:
        assert errors(KINDS[name], load(path)) == [], path


@pytest.mark.parametrize("name", sorted(KINDS))
def test_an_unknown_key_is_refused(name):
    data = copy.deepcopy(load(repo_files_of(KINDS[name])[0]))
    if name == "sources":
        data[0]["colour"] = "red"
        expected = ["$[0]: 'colour' is not one of ['DOI', 'ISBN', "]
    else:
        data["colour"] = "red"
        expected = ["$: Additional properties are not allowed ('colour' was unexpected)"]
    assert [e[: len(expected[0])] for e in errors(KINDS[name], data)] == expected


def test_mistakes_inside_a_rubric_are_refused_where_they_are():
    data = load(ROOT / "rubrics" / "collaboration-structures.yml")
    data["criteria"][0]["titel"] = data["criteria"][0].pop("title")
    data["criteria"][1]["id"] = "Roles & Goals"
    data["evidence_column"] = "yes"
    data["criteria"][2]["levels"]["emerging"] = ""
    assert errors(KINDS["rubric"], data) == [
        "$.criteria[0]: 'title' is a required property",
        "$.criteria[0]: Additional properties are not allowed ('titel' was unexpected)",
        "$.criteria[1].id: 'Roles & Goals' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
        "$.criteria[2].levels.emerging: '' should be non-empty",
        "$.evidence_column: 'yes' is not of type 'boolean'",
    ]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_draft_7_editors_reach_the_same_verdicts(name):
    """VS Code's YAML extension long implemented draft 7 only: the schemas must mean the same
    there, so they use no keyword whose meaning changed (such as ``items`` arrays)."""
    kind = KINDS[name]
    draft7 = jsonschema.Draft7Validator(schema.json_schema(kind))
    draft2020 = jsonschema.Draft202012Validator(schema.json_schema(kind))
    good = load(repo_files_of(kind)[0])
    bad = copy.deepcopy(good)
    (bad[0] if isinstance(bad, list) else bad)["colour"] = "red"
    for data in (good, bad):
        assert draft7.is_valid(data) == draft2020.is_valid(data)


# --- every YAML file names its schema -----------------------------------------------------------


def tracked_yaml_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "*.yml", "*.yaml"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return result.stdout.split()


@pytest.mark.parametrize("name", tracked_yaml_files())
def test_every_tracked_yaml_file_starts_with_its_schema_line(name):
    first_line = (ROOT / name).read_text(encoding="utf-8").partition("\n")[0]
    if name in NO_SCHEMA_LINE:
        assert not first_line.startswith(schema.MODELINE), NO_SCHEMA_LINE[name]
        return
    kind = kind_of(name)
    assert kind is not None, (
        f"{name} is no kind of guide file; add it to NO_SCHEMA_LINE or EXAMPLES")
    assert first_line == schema.modeline(kind, name), (
        f"{name} should start with: {schema.modeline(kind, name)}")


def test_the_schema_line_points_at_the_committed_schema():
    for name in tracked_yaml_files():
        kind = kind_of(name)
        if kind is not None:
            target = schema.modeline(kind, name).removeprefix(schema.MODELINE)
            assert (ROOT / name).parent.joinpath(target).resolve() == (
                schema.SCHEMAS_DIR / kind.schema_file)
    assert schema.modeline(KINDS["rubric"], "rubrics/x.yml") == (
        "# yaml-language-server: $schema=../generator/schemas/rubric.schema.json")
    assert schema.modeline(KINDS["standard"], "content/standards/<id>.yml") == (
        "# yaml-language-server: $schema=../../generator/schemas/standard.schema.json")


# --- the command ------------------------------------------------------------------------------


def test_schema_check_passes_on_the_committed_files(runner):
    result = runner.invoke(cli, ["schema", "--check"])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 11 schemas match the data model.\n"


def test_schema_writes_then_check_names_every_stale_file(runner, tmp_path):
    result = runner.invoke(cli, ["schema", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"OK: 11 schemas in {tmp_path}/, 11 updated."
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{name}.schema.json" for name in KINDS)
    assert (tmp_path / "rubric.schema.json").read_text("utf-8") == (
        schema.SCHEMAS_DIR / "rubric.schema.json").read_text("utf-8")

    (tmp_path / "rubric.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "scales.schema.json").unlink()
    (tmp_path / "glossary.schema.json").write_text("{}\n", encoding="utf-8")
    result = runner.invoke(cli, ["schema", "--check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: the JSON Schemas in {tmp_path}/ do not match the data model in "
        "generator/model.py:",
        f"{tmp_path}/scales.schema.json: missing",
        f"{tmp_path}/rubric.schema.json: out of date with the model",
        f"{tmp_path}/glossary.schema.json: no kind of YAML file has this name; delete it",
        "Run `rubric-guide schema` to regenerate them, and commit the result.",
    ]
    assert "Traceback" not in result.output

    result = runner.invoke(cli, ["schema", "--dir", str(tmp_path)])
    assert result.output.splitlines() == [
        f"{tmp_path}/rubric.schema.json: updated",
        f"{tmp_path}/scales.schema.json: updated",
        f"{tmp_path}/glossary.schema.json: deleted, no kind of YAML file has this name",
        f"OK: 11 schemas in {tmp_path}/, 3 updated.",
    ]
    assert schema.differences(tmp_path) == []


def test_schema_help_describes_the_command(runner):
    result = runner.invoke(cli, ["schema", "--help"])
    assert result.exit_code == 0
    assert "Write the JSON Schemas of the YAML files" in result.output
    assert "--check" in result.output


# --- published with the site ------------------------------------------------------------------


def test_the_built_site_serves_every_schema(built_site):
    site, _ = built_site
    with serve(site) as base:
        for name, kind in KINDS.items():
            with urllib.request.urlopen(f"{base}schema/{name}.schema.json") as response:
                assert response.headers["Content-Type"] == "application/json"
                body = response.read().decode("utf-8")
            assert body == schema.schema_text(kind)


def test_the_format_reference_tells_editors_which_line_to_add(built_site):
    site, _ = built_site
    page = (site / "reference" / "format" / "index.html").read_text(encoding="utf-8")
    assert 'id="editor-support"' in page
    line = "# yaml-language-server: $schema=../generator/schemas/rubric.schema.json"
    assert line in page
    assert '<a href="../../schema/rubric.schema.json">' in page
    assert (site / "reference" / "format" / "../../schema/rubric.schema.json").is_file()


def test_one_rule_for_ids_in_the_model_the_validator_the_scaffold_and_the_tools():
    from generator import scaffold, tools

    rule = f"^{m.ID_PATTERN}$"
    assert schema.json_schema(KINDS["rubric"])["$defs"]["Criterion"]["properties"]["id"][
        "pattern"] == rule
    assert scaffold.RUBRIC_ID.pattern == m.ID_PATTERN
    assert rule == tools.ID_RULE
    script = (ROOT / "generator/assets/rubric-guide.js").read_text("utf-8")
    # The in-page tools check imported ids with the rule the page gives them, no rule of their own.
    assert "new RegExp(data.idPattern)" in script
    assert not re.search(r"/\^\[a-z0-9\]", script)
