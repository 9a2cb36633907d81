"""The ``rubric-guide`` command, as an editor runs it."""

from __future__ import annotations

from generator.cli import cli

from .conftest import MINIMAL_GUIDE, ROOT


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
