"""Property-based fuzzing: whatever is written into a guide's files, the generator returns a guide
or raises ContentError whose problems each name a file and a line, and nothing else.

Example counts are kept small so the whole module runs in well under 30 seconds; set
``RUBRIC_GUIDE_FUZZ_SCALE=20`` to run twenty times as many.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .helpers import (
    MINIMAL_GUIDE,
    RUBRIC_YML,
    SOURCES_YML,
    ContentError,
    GuideBuild,
    Project,
    load_guide,
)
from .hostile import bounded

SCALE = int(os.environ.get("RUBRIC_GUIDE_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=40 * SCALE, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RENDER_FUZZ = settings(FUZZ, max_examples=25 * SCALE)
"""Fewer examples where the guide is also rendered, which takes ten times as long."""

YAML_PUNCTUATION = [*"-:[]{},&*!|>'\"#%@`?\\ \t\n", "---", "<<", ": ", "- ", "\r\n"]

yamlish_text = st.lists(
    st.sampled_from(YAML_PUNCTUATION) | st.text(max_size=6) | st.sampled_from(
        ["title", "criteria", "levels", "id", "scale", "!!int", "!!python/name:os.system",
         "&a", "*a", "\ufeff", "\x00", "\u202e", "yes", "1e999", "0x1F"]),
    max_size=40,
).map("".join)
"""Text that looks a little like YAML: its punctuation, keys and tags, and random text."""

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=30) | st.sampled_from(
               ["three", "trust", "doe-2020", "<script>x</script>", "javascript:x", "[@doe-2020]",
                "[a](javascript:b)", "{{ 7*7 }}", ""]))
data = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=20)
"""Any YAML-representable data: the shapes a confused editor might write."""


@contextlib.contextmanager
def guide_with(files: dict[str, str]) -> Iterator[Path]:
    """The minimal guide with ``files`` written over it, in a folder removed afterwards (one
    for each example: hypothesis runs many in one test)."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        root = Path(folder)
        for name, text in {**MINIMAL_GUIDE, **files}.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        yield root


def assert_problems_point_at_files(exc: ContentError, root: Path) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert (root / problem.file).is_file() or problem.file == "mkdocs.yml", problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message, problem


def load_or_report(files: dict[str, str]) -> None:
    """Load the guide with ``files``: either a guide or a ContentError pointing at files; never
    another error."""
    with guide_with(files) as root:
        try:
            with bounded(seconds=10):
                load_guide(Project.at(root))
        except ContentError as exc:
            assert_problems_point_at_files(exc, root)


def prepare_or_report(files: dict[str, str]) -> None:
    """Load, validate and render the guide with ``files`` as a build does, with the same
    promise."""
    with guide_with(files) as root:
        try:
            with bounded(seconds=10):
                GuideBuild(Project.at(root)).prepare(render_pdfs=False)
        except ContentError as exc:
            assert_problems_point_at_files(exc, root)


def dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@FUZZ
@given(text=yamlish_text)
@example(text="!!int")  # PyYAML's constructor failed with an IndexError on this one
def test_any_text_as_a_rubric_file(text):
    load_or_report({"rubrics/teamwork.yml": text})


@FUZZ
@given(text=yamlish_text)
def test_any_text_as_the_scales_file(text):
    load_or_report({"content/scales.yml": text})


@FUZZ
@given(value=data)
def test_any_data_as_a_content_file(value):
    load_or_report({"content/principles.yml": dump(value)})


@RENDER_FUZZ
@given(changes=st.dictionaries(
    st.sampled_from(["title", "summary", "scale", "evidence_column", "principles", "sources",
                     "criteria", "other"]), data, max_size=3))
def test_any_value_in_a_rubric(changes):
    rubric = yaml.safe_load(RUBRIC_YML)
    rubric.update(changes)
    prepare_or_report({"rubrics/teamwork.yml": dump(rubric)})


@RENDER_FUZZ
@given(changes=st.dictionaries(
    st.sampled_from(["title", "description", "levels", "evidence_prompts", "principles", "id"]),
    data, max_size=3))
def test_any_value_in_a_criterion(changes):
    rubric = yaml.safe_load(RUBRIC_YML)
    rubric["criteria"][0].update(changes)
    prepare_or_report({"rubrics/teamwork.yml": dump(rubric)})


@RENDER_FUZZ
@given(changes=st.dictionaries(
    st.sampled_from(["title", "author", "issued", "accessed", "editor", "URL", "DOI",
                     "publisher", "container-title", "page", "type", "categories", "custom"]),
    data, max_size=3))
def test_any_value_in_a_source_entry(changes):
    # Sources go through citeproc-py when the guide renders, so render too.
    sources = yaml.safe_load(SOURCES_YML)
    sources[0].update(changes)
    prepare_or_report({"content/sources.yml": dump(sources)})
