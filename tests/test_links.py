"""Links between generated pages are relative, so the site works on any host or from disk."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from generator.urls import link as relative_url
from generator.urls import url_for as page_url

PAGES = ["index.md", "sources.md", "rubrics/index.md", "rubrics/a/index.md", "rubrics/a/sheet.md",
         "rubrics/b/index.md", "standards/x.md", "reference/format.md", "a/b/c/d.md"]


def by_relpath(from_src: str, to_src: str) -> str:
    rel = posixpath.relpath(page_url(to_src) or ".", page_url(from_src) or ".")
    return "./" if rel == "." else rel + "/"


@pytest.mark.parametrize(("from_src", "to_src"), list(itertools.product(PAGES, PAGES)))
def test_relative_url_is_the_relative_path_between_page_folders(from_src, to_src):
    assert relative_url(from_src, to_src) == by_relpath(from_src, to_src)


def test_relative_url_examples():
    assert relative_url("rubrics/a/index.md", "sources.md", "doe-2020") == "../../sources/#doe-2020"
    assert relative_url("rubrics/a/sheet.md", "rubrics/a/index.md") == "../"
    assert relative_url("index.md", "index.md") == "./"
    assert relative_url("rubrics/index.md", "rubrics/a/index.md") == "a/"

