"""The docs are true: every command has help text and is listed in the table of commands of the
editors' page "Writing and checking content" (content/editing.md)."""

from __future__ import annotations

import re

import click
import pytest

from .helpers import ALL, LEAVES, ROOT, cli

EDITING = ROOT / "content" / "editing.md"


def documented_commands() -> list[str]:
    page = EDITING.read_text(encoding="utf-8")
    table = page.split("## The commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(rubric-guide [^`]*)` \|", table, flags=re.M)


def test_the_walk_finds_nested_commands():
    names = [name for name, _ in ALL]
    assert {"rubric-guide check", "rubric-guide export", "rubric-guide import",
            "rubric-guide new", "rubric-guide new rubric"} <= set(names)


@pytest.mark.parametrize(("name", "command"), ALL, ids=[n for n, _ in ALL])
def test_every_command_has_help(runner, name, command):
    assert command.help and command.help.strip(), f"{name} has no docstring"
    assert command.get_short_help_str(), name
    result = runner.invoke(cli, [*name.split()[1:], "--help"], prog_name="rubric-guide")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: {name}")
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{name} {param.opts[0]} has no help text"


@pytest.mark.parametrize("name", [n for n, _ in LEAVES])
def test_every_command_is_in_the_editors_docs(name):
    assert name in documented_commands(), f"add `{name}` to the table of commands of {EDITING.name}"


def test_the_editors_docs_list_no_command_that_does_not_exist():
    assert set(documented_commands()) <= {name for name, _ in LEAVES}
