"""The ``rubric-guide`` command, as an editor runs it."""

from __future__ import annotations

from .helpers import MINIMAL_GUIDE, ROOT, cli, mkdocs_build


def test_check_passes_on_the_shipped_guide(runner):
    result = runner.invoke(cli, ["check", "--project", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 2 rubrics, 1 standards, 7 sources")


def test_check_prints_every_error_and_exits_1(runner, write_tree):
    root = write_tree({
        **MINIMAL_GUIDE,
        "rubrics/teamwork.yml": MINIMAL_GUIDE["rubrics/teamwork.yml"].replace(
            "strong:", "strnog:"),
        "content/principles.yml": "title: Principles\nprincipels: []\n",
        "rubrics/broken.yml": "title: [unclosed\n",
    })
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: found 5 problems in the guide's content:",
        "content/principles.yml:1:1: missing required key 'principles'; add 'principles: ...'",
        "content/principles.yml:2:1: principels: unknown key 'principels'; did you mean "
        "'principles'?",
        "rubrics/broken.yml:2:1: YAML syntax error: expected ',' or ']', but got '<stream end>'",
        "rubrics/teamwork.yml:10:7: criteria[0].levels: criterion 'meetings' has no descriptor "
        "for level 'strong'; scale 'three' expects one for each of: 'beginning', 'growing', "
        "'strong'",
        "rubrics/teamwork.yml:12:7: criteria[0].levels.strnog: 'strnog' is not a level of scale "
        "'three'; did you mean 'strong'?",
    ]
    assert "Traceback" not in result.output


def test_check_help_describes_the_command(runner):
    result = runner.invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "Validate every YAML file" in result.output


def test_placeholders_of_a_new_rubric_are_warned_of_and_refused_by_strict(runner, write_tree,
                                                                          tmp_path):
    root = write_tree(MINIMAL_GUIDE)
    assert runner.invoke(cli, ["new", "rubric", "planning", "--scale", "three", "--project",
                               str(root)]).exit_code == 0
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if "placeholder" in line]
    assert len(warnings) == 10  # the summary, and three criteria of three levels
    assert warnings[0] == (
        "rubrics/planning.yml:6:10: summary: warning: 'Describe what Planning assesses and who "
        "uses it.' is a placeholder; write what it should say, or the guide publishes the "
        "placeholder")
    assert warnings[1].startswith("rubrics/planning.yml:12:18: criteria[0].levels.beginning: "
                                  "warning: 'Describe Criterion 1 at Beginning.' is a "
                                  "placeholder")
    strict = runner.invoke(cli, ["check", "--strict", "--project", str(root)])
    assert strict.exit_code == 1
    assert "Error: stopped by --strict: replace the placeholders above" in strict.output
    built = mkdocs_build(root, tmp_path / "site")  # --strict, as the tests build
    assert built.returncode == 1
    assert "placeholder" in built.stderr and not (tmp_path / "site").exists()
