"""Compiled templates kept in the project's cache: the next build compiles none of them again,
makes the same site, compiles again what changed or was damaged, and leaves alone a folder it
did not make and one it cannot write or read."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build_command
from mkdocs.config import load_config

from generator.compiled import (
    GENERATOR_TEMPLATES,
    MARKER,
    TEMPLATES_CACHE,
    THEME_TEMPLATES,
    UNUSED_DAYS,
    CompiledTemplates,
)
from generator.output import CACHE_ROOT

from .helpers import NO_PDF_GUIDE, run_as_a_user, snapshot
from .sandbox import tree, write_files

OURS = (GENERATOR_TEMPLATES, THEME_TEMPLATES)
KEPT = f"{CACHE_ROOT}/{TEMPLATES_CACHE}"
"""Where a project keeps compiled templates."""

CARD_OVERRIDE = """{% extends "rubric-guide/partials/rubric_card.html.j2" %}
{% block summary %}Override one: {{ super() }}{% endblock %}
"""


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates compiled through the caches of the build, in this process,
    each build starting as a new process does: with nothing compiled in memory."""
    names: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None,
                *args: object, **kwargs: object) -> object:
        if self.bytecode_cache in OURS:
            names.append(str(name))
        return compile_template(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    for cache in OURS:
        monkeypatch.setattr(cache, "_code", {})
    yield names
    for cache in OURS:
        cache.keep_in(None)


def build(project: Path, site: str = "site") -> dict[str, bytes]:
    """Build ``project`` with MkDocs in this process, as a new process would; its site's files."""
    for cache in OURS:
        cache._code.clear()
    mkdocs_build_command(load_config(str(project / "mkdocs.yml"), site_dir=str(project / site)))
    return snapshot(project / site)


def test_the_next_build_compiles_no_template_again_and_makes_the_same_site(tmp_path, compiled):
    project = write_files(tmp_path, NO_PDF_GUIDE)
    first = build(project)
    assert "rubric.md.j2" in compiled and "main.html" in compiled, compiled
    made = sorted(os.listdir(project / KEPT))
    assert MARKER in made and len(made) > len(set(compiled)) // 2
    compiled.clear()
    assert build(project, "again") == first
    assert compiled == []


def test_an_edited_template_is_compiled_again(tmp_path, compiled):
    project = write_files(tmp_path, {
        **NO_PDF_GUIDE, "overrides/partials/rubric_card.html.j2": CARD_OVERRIDE,
        "mkdocs.yml": NO_PDF_GUIDE["mkdocs.yml"].replace("font: false", "font: false, "
                                                         "custom_dir: overrides"),
        "overrides/main.html": '{% extends "base.html" %}\n'
                               '{% block announce %}Notice one{% endblock %}\n'})
    first = build(project)
    assert b"Override one" in first["rubrics/index.html"]
    assert b"Notice one" in first["index.html"]
    write_files(project, {
        "overrides/partials/rubric_card.html.j2": CARD_OVERRIDE.replace("one", "two"),
        "overrides/main.html": '{% extends "base.html" %}\n'
                               '{% block announce %}Notice two{% endblock %}\n'})
    compiled.clear()
    second = build(project)
    assert b"Override two" in second["rubrics/index.html"]
    assert b"Notice two" in second["index.html"]
    assert sorted(compiled) == ["main.html", "partials/rubric_card.html.j2"]


def test_a_damaged_compiled_template_is_compiled_again(tmp_path, compiled):
    project = write_files(tmp_path, NO_PDF_GUIDE)
    first = build(project)
    folder = project / KEPT
    entries = [name for name in os.listdir(folder) if name != MARKER]
    for number, name in enumerate(entries):
        damage = [b"", b"not compiled code", (folder / name).read_bytes()[:40]][number % 3]
        (folder / name).write_bytes(damage)
    compiled.clear()
    assert build(project) == first
    assert len(compiled) == len(entries)
    compiled.clear()
    build(project)
    assert compiled == []


def aged(path: Path, days: float) -> None:
    """Make ``path`` look last written ``days`` ago."""
    then = time.time() - days * 24 * 60 * 60
    os.utime(path, (then, then))


def test_code_no_build_has_used_for_a_month_is_removed(tmp_path, compiled):
    project = write_files(tmp_path, NO_PDF_GUIDE)
    build(project)
    folder = project / KEPT
    used = sorted(name for name in os.listdir(folder) if name != MARKER)
    # The code of a template since renamed, or compiled by an earlier Jinja: no build reads it.
    stale, recent = "0" * 64 + ".jinja-code", "1" * 64 + ".jinja-code"
    for name in (stale, recent):
        (folder / name).write_bytes(b"code")
    aged(folder / stale, UNUSED_DAYS + 1)
    aged(folder / recent, UNUSED_DAYS - 1)
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    aged(folder / "notes.txt", 400)
    # What a build reads is marked as used, however long ago it was compiled.
    for name in used:
        aged(folder / name, UNUSED_DAYS - 1)
    compiled.clear()
    build(project)
    assert compiled == []
    assert sorted(os.listdir(folder)) == sorted([*used, MARKER, recent, "notes.txt"])
    assert all(time.time() - (folder / name).stat().st_mtime < 600 for name in used)
    assert time.time() - (folder / recent).stat().st_mtime > (UNUSED_DAYS - 2) * 86400


def test_a_folder_of_that_name_the_builds_did_not_make_is_left_alone(tmp_path, compiled):
    project = write_files(tmp_path, {**NO_PDF_GUIDE, f"{KEPT}/notes.txt": "mine\n"})
    before = tree(project / KEPT)
    first = build(project)
    assert tree(project / KEPT) == before
    compiled.clear()
    assert build(project) == first
    assert "rubric.md.j2" in compiled  # compiled again: nothing was kept


def test_a_cache_that_cannot_be_written_leaves_the_build_as_it_was(tmp_path):
    project = write_files(tmp_path, NO_PDF_GUIDE)
    (project / ".cache").mkdir()
    (project / ".cache").chmod(0o555)
    result = run_as_a_user("mkdocs", "build", "--strict", "-q", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "site/rubrics/teamwork/index.html").is_file()
    assert os.listdir(project / ".cache") == []


def test_a_cache_that_cannot_be_read_leaves_the_build_as_it_was(tmp_path, compiled):
    """The builds' own folder that this user may not read (made by a build run as another
    user, with sudo say): the templates are compiled in memory only, and the site is the
    same."""
    project = write_files(tmp_path, NO_PDF_GUIDE)
    first = build(project)
    (project / KEPT).chmod(0)
    try:
        result = run_as_a_user("mkdocs", "build", "--strict", "-q", "-d", "again", cwd=project)
    finally:
        (project / KEPT).chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "again") == first


def test_what_a_stopped_build_left_half_written_is_removed_once_its_process_is_gone(tmp_path):
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout.strip()
        key = "a" * 64 + ".jinja-code"
        folder = write_files(tmp_path / "templates", {
            MARKER: "ours\n", f".{key}.{gone}.tmp": "half", f".{key}.{running.pid}.tmp": "being",
            "notes.tmp": "theirs"})
        CompiledTemplates().keep_in(folder)
        assert sorted(os.listdir(folder)) == sorted(
            [MARKER, f".{key}.{running.pid}.tmp", "notes.tmp"])
    finally:
        running.kill()
        running.wait()
