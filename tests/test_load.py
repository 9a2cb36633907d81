"""Reading YAML with libyaml is fast and gives every value the position PyYAML gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import load
from generator.validate import Project, data_files

from .conftest import ROOT

TRICKY = """\
# A comment, then text with non-ASCII characters before values on the same line.
title: "Équipe — “quoted” · Teamwork"
summary: >
  Folded text
  over two lines.
scale: three
criteria:
  - {id: café, title: Ça va, levels: {beginning: Début — un, growing: "x: y"}}
  - id: second
    title: |
      Literal
      block
    levels:
      beginning: &shared Shared text
      growing: *shared
    evidence_prompts: [one, two]
"""


def both_ways(path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    fast, fast_problems = load.load_document(path, root)
    monkeypatch.setattr(load, "FAST_LOADER", None)
    slow, slow_problems = load.load_document(path, root)
    monkeypatch.undo()
    return ((fast.data, fast.values, fast.keys, fast_problems),
            (slow.data, slow.values, slow.keys, slow_problems))


def test_libyaml_is_used():
    assert load.FAST_LOADER is not None, "PyYAML was installed without libyaml"


@pytest.mark.parametrize(
    "path", data_files(Project.at(ROOT)), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_libyaml_and_pyyaml_agree_on_the_guide(path, monkeypatch):
    fast, slow = both_ways(path, ROOT, monkeypatch)
    assert fast == slow


def test_libyaml_and_pyyaml_agree_on_positions_after_non_ascii_text(tmp_path, monkeypatch):
    path = tmp_path / "tricky.yml"
    path.write_text(TRICKY, encoding="utf-8")
    fast, slow = both_ways(path, tmp_path, monkeypatch)
    assert fast == slow
    document, _ = load.load_document(path, tmp_path)
    # Columns count characters: four accented letters and a dash before it are 5 more bytes.
    assert document.values[("criteria", 0, "levels", "growing")] == load.Position(8, 71)
