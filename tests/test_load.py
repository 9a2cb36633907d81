"""Stage 1, load: YAML in, data out with the position of every key and value, within limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import load
from generator.load import LoadError, Position, load_document

from .helpers import write_files

RUBRIC = """\
title: Teamwork
criteria:
  - id: meetings
    levels:
      strong: Meetings drive decisions.
"""


def loaded(tmp_path: Path, text: str | bytes):
    write_files(tmp_path, {"rubrics/teamwork.yml": text})
    return load_document(tmp_path / "rubrics/teamwork.yml", tmp_path)


def refusal(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(LoadError) as caught:
        loaded(tmp_path, text)
    return str(caught.value.problem)


def test_every_key_and_value_keeps_its_line_and_column(tmp_path):
    document, problems = loaded(tmp_path, RUBRIC)
    assert problems == []
    assert document.data == {"title": "Teamwork", "criteria": [
        {"id": "meetings", "levels": {"strong": "Meetings drive decisions."}}]}
    assert document.position(("title",)) == Position(1, 8)
    assert document.position(("criteria", 0, "id")) == Position(3, 9)
    assert document.position(("criteria", 0, "levels", "strong"), of_key=True) == Position(5, 7)
    assert document.position(("criteria", 0, "levels", "strong")) == Position(5, 15)
    # Far into a long line, and far down a long file.
    wide, _ = loaded(tmp_path, "criteria: [{id: " + "x" * 70_000 + ", title: y}]\n"
                     + "# -\n" * 70_000 + "scale: three\n")
    assert wide.position(("criteria", 0, "title")) == Position(1, 70_026)
    assert wide.position(("scale",), of_key=True) == Position(70_002, 1)


def test_a_problem_names_the_file_the_line_and_the_key_path(tmp_path):
    document, _ = loaded(tmp_path, RUBRIC)
    problem = document.problem(("criteria", 0, "levels", "strong"), "too short")
    assert str(problem) == "rubrics/teamwork.yml:5:15: criteria[0].levels.strong: too short"
    # A path that is not in the file is placed at its nearest parent.
    missing = document.problem(("criteria", 0, "title"), "missing required key 'title'")
    assert str(missing) == ("rubrics/teamwork.yml:3:5: criteria[0].title: missing required "
                            "key 'title'")


def test_a_comment_that_cuts_a_flow_collection_short_is_named_with_the_fix(tmp_path):
    # An unquoted colour in {...}: YAML reads "#1f4e79}" as a comment, then misses the "}".
    assert refusal(tmp_path, "title: Teamwork\ncolors: {primary: #1f4e79}\n") == (
        "rubrics/teamwork.yml:2:19: YAML syntax error: a # after a space starts a comment, "
        "which cuts this {...} short; put the value in quotes, as in \"#1f4e79\"")
    # A collection never closed is named where it opens, not past the end of the file.
    assert refusal(tmp_path, "title: Teamwork\ncriteria: [roles,\n") == (
        "rubrics/teamwork.yml:2:11: YAML syntax error: the [ here is never closed; close it "
        "with ]")
    # A comment in a list that is closed, and a bracket in a block of text, are not blamed
    # for a mistake elsewhere.
    assert refusal(tmp_path, "title: [a, # first\n  b]\nx: y\n\tz: 1\n").startswith(
        "rubrics/teamwork.yml:4:1: YAML syntax error: found character '\\t'")
    assert refusal(tmp_path, "title: |\n  [draft\nx: 'abc\n") == (
        "rubrics/teamwork.yml:3:4: YAML syntax error: the quote ' here is never closed; end "
        "the text with '")
    # A quote never closed is named where it opens, not at the end of the file.
    assert refusal(tmp_path, 'title: "Strengthening\nsummary: Teams\nscale: three\n') == (
        'rubrics/teamwork.yml:1:8: YAML syntax error: the quote " here is never closed; end '
        'the text with "')


def test_a_syntax_error_is_placed_where_yaml_stopped(tmp_path):
    assert refusal(tmp_path, "title: [Teamwork\nscale: three\n") == (
        "rubrics/teamwork.yml:2:6: YAML syntax error: expected ',' or ']', but got ':'")


def test_aliases_are_refused_where_they_are(tmp_path):
    assert refusal(tmp_path, "a: &x [1]\nb: *x\n") == (
        "rubrics/teamwork.yml:2:4: YAML aliases (*x) are not accepted in a guide; write the "
        "value out in full where it is needed")


def test_nesting_deeper_than_the_limit_is_refused(tmp_path):
    # The mapping that holds ``a`` is the first level; the refused list is the one past the limit.
    depth = load.MAX_DEPTH
    assert refusal(tmp_path, "a: " + "[" * depth + "]" * depth + "\n") == (
        f"rubrics/teamwork.yml:1:{3 + depth}: lists and mappings are nested more than "
        f"{load.MAX_DEPTH} deep here; the guide's formats nest a few levels: check the "
        "indentation and brackets")


def test_more_values_than_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_VALUES_PER_FILE", 5)
    # The mapping, its key, the list and two numbers are five values: the third number is one
    # too many.
    assert refusal(tmp_path, "a: [1, 2, 3, 4, 5]\n") == (
        "rubrics/teamwork.yml:1:11: the file holds more than 5 values; a guide's data file "
        "holds far fewer: split it into smaller files")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 10)
    assert refusal(tmp_path, RUBRIC) == (
        "rubrics/teamwork.yml:1:1: the file is 0.0 MB, more than the 0 MB a data file may be; "
        "split it into smaller files or remove what does not belong in the guide")


def test_text_that_is_not_utf8_is_placed_at_its_first_bad_byte(tmp_path):
    assert refusal(tmp_path, "title: Caf\xe9\n".encode("latin-1")) == (
        "rubrics/teamwork.yml:1:11: the file is not UTF-8 text: byte 0xE9 (at byte offset 10) "
        "is not valid UTF-8, as happens when a file is saved as Latin-1 or Windows-1252; save "
        "it as UTF-8")
