"""Messages name the guide's files as the project has them: ``content/scales.yaml`` when that
is the file, ``docs/`` when mkdocs.yml's ``docs_dir`` is ``docs``."""

from __future__ import annotations

from generator.cli import cli

from .conftest import MINIMAL_GUIDE, MKDOCS_YML

UNKNOWN_SCALE = MINIMAL_GUIDE["rubrics/teamwork.yml"].replace("scale: three", "scale: five")
CHECK_SAYS = ("rubrics/teamwork.yml:3:8: scale: unknown scale 'five'; expected one of: 'three', "
              "or define it in {home}")


def with_scales_yaml(guide: dict[str, str]) -> dict[str, str]:
    """``guide`` with its scales in ``content/scales.yaml``."""
    files = {name: text for name, text in guide.items() if name != "content/scales.yml"}
    return {**files, "content/scales.yaml": guide["content/scales.yml"]}


def in_docs(guide: dict[str, str]) -> dict[str, str]:
    """``guide`` with its content folder called ``docs``, as ``docs_dir: docs`` says."""
    files = {name.replace("content/", "docs/", 1): text for name, text in guide.items()}
    return {**files, "mkdocs.yml": MKDOCS_YML.replace("docs_dir: content", "docs_dir: docs")}


def check(runner, root) -> list[str]:
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()[1:]


def test_check_names_scales_yaml_when_the_project_has_it(runner, write_tree):
    root = write_tree(with_scales_yaml({**MINIMAL_GUIDE, "rubrics/teamwork.yml": UNKNOWN_SCALE}))
    assert check(runner, root) == [CHECK_SAYS.format(home="content/scales.yaml")]


def test_check_names_the_docs_folder(runner, write_tree):
    root = write_tree(in_docs({**MINIMAL_GUIDE, "rubrics/teamwork.yml": UNKNOWN_SCALE,
                               "content/index.md": "# Home\n\nSee [@zzz-1999].\n"}))
    assert check(runner, root) == [
        "docs/index.md:3:5: unknown source 'zzz-1999'; expected one of: 'doe-2020', or add "
        "it to docs/sources.yml",
        CHECK_SAYS.format(home="docs/scales.yml"),
    ]


def test_an_unknown_data_file_is_told_where_files_go_in_the_docs_folder(runner, write_tree):
    root = write_tree(in_docs({**MINIMAL_GUIDE, "content/principals.yml": "title: P\n"}))
    assert check(runner, root) == [
        "docs/principals.yml:1:1: unknown data file 'principals.yml'; did you mean "
        "'principles.yml'? (rubrics go in rubrics/, standards in docs/standards/, checklists in "
        "docs/checklists/)",
    ]


def test_new_rubric_reads_scales_yaml(runner, write_tree):
    root = write_tree(with_scales_yaml(MINIMAL_GUIDE))
    result = runner.invoke(cli, ["new", "rubric", "planning", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "scale: three" in (root / "rubrics/planning.yml").read_text(encoding="utf-8")


def test_new_rubric_without_scales_names_the_file_to_write(runner, write_tree):
    files = {k: v for k, v in in_docs(MINIMAL_GUIDE).items() if k != "docs/scales.yml"}
    result = runner.invoke(cli, ["new", "rubric", "planning", "--project", str(write_tree(files))])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: choose the rubric's scale with --scale; scales: none yet; define one in "
        "docs/scales.yml")


def test_import_names_scales_yaml(runner, write_tree, tmp_path):
    root = write_tree(with_scales_yaml(MINIMAL_GUIDE))
    canvas = ("Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,"
              "Rating Name,Rating Description,Rating Points,Rating Name,Rating Description,"
              "Rating Points\nTeamwork,A,,false,High,Good.,2,Low,Poor.,1\n")
    (tmp_path / "rubric.csv").write_text(canvas, encoding="utf-8")
    result = runner.invoke(cli, ["import", str(tmp_path / "rubric.csv"), "--project", str(root)])
    assert result.exit_code == 1
    assert "no scale in content/scales.yaml has the levels 'High', 'Low'" in result.output


def test_a_district_level_names_scales_yaml(runner, write_tree):
    root = write_tree(with_scales_yaml({**MINIMAL_GUIDE, "district.yml": "levels:\n  top: Top\n"}))
    assert check(runner, root) == [
        "district.yml:2:3: levels.top: no level 'top' in content/scales.yaml",
    ]
