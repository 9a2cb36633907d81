"""The ``rubric-guide`` command, as an editor runs it."""

from __future__ import annotations

import click

from .helpers import LEAVES, MINIMAL_GUIDE, ROOT, cli, mkdocs_build


def test_check_passes_on_the_shipped_guide(runner):
    result = runner.invoke(cli, ["check", "--project", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.output == ("OK: 2 rubrics, 1 standard, 4 checklists, 7 sources, 28 pages, "
                             "3 PDFs.\n")


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
        "rubrics/broken.yml:1:8: YAML syntax error: the [ here is never closed; close it with ]",
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
                                                                          tmp_path, warm_python):
    root = write_tree(MINIMAL_GUIDE)
    assert runner.invoke(cli, ["new", "rubric", "planning", "--scale", "three", "--project",
                               str(root)]).exit_code == 0
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 0
    # One line for the file, with the count and the lines; the advice once.
    assert result.output.splitlines() == [
        "Warning: 10 things to finish in the guide's content:",
        "rubrics/planning.yml:6:10: warning: 10 placeholders, on lines 6, 12-14, 19-21, 26-28",
        "Write what each placeholder should say: until then the guide publishes it as it "
        "stands, and --strict refuses it.",
        "OK: 2 rubrics, 0 standards, 0 checklists, 1 source, 9 pages, 3 PDFs.",
    ]
    strict = runner.invoke(cli, ["check", "--strict", "--project", str(root)])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == (
        "Error: stopped by --strict: 10 things to finish, listed above")
    built = mkdocs_build(root, tmp_path / "site",
                         python=warm_python)  # --strict, as the tests build
    assert built.returncode == 1
    assert "placeholder" in built.stderr and not (tmp_path / "site").exists()


def test_f_means_config_in_every_command_that_reads_a_guide():
    for name, command in LEAVES:
        options = {opt: param for param in command.params if isinstance(param, click.Option)
                   for opt in param.opts}
        if "--project" in options:
            assert options.get("-f") is options["--config"], f"{name}: -f is --config"
        assert "-f" not in options or "--config" in options["-f"].opts, name
    export = cli.commands["export"]
    assert [p.opts for p in export.params if p.name == "fmt"] == [["--format", "-t"]]


def test_the_top_level_help_names_both_engines(runner):
    result = runner.invoke(cli, ["--help"], prog_name="rubric-guide")
    assert result.exit_code == 0
    assert ("Publish rubric guides from YAML: check content, export and import rubrics, then "
            "build the site with MkDocs or Zensical (build --engine zensical).") in " ".join(
        result.output.split())
