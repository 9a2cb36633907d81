"""Golden files: a small guide in, the exact Markdown of its generated pages out, one file for
each page template (``tests/golden/<template>.yml``).

Each golden file names the files it writes over the minimal guide (``files``), then what to
compare: generated ``pages`` by their path in the site's source, ``handwritten`` pages with their
generated blocks filled in, and rubrics' standalone ``sheet_documents``; with ``preview: true``
the guide is built as a preview, which shows its problems on every page; with ``book: true``
the whole guide as one book (its HTML document, the home page as its introduction). After an
intended change to templates, regenerate with ``pytest tests/test_golden.py --update-goldens``
and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import re

import pytest

from generator.book import STYLESHEET as BOOK_STYLESHEET
from generator.book import book_document
from generator.sheets import read_asset

from .helpers import MINIMAL_GUIDE, GuideBuild

STYLESHEET = re.compile(r"<style>.*?</style>", re.S)


@pytest.mark.golden_test("golden/*.yml")
def test_generated_pages(golden, write_tree, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # sheets print this date, 2027-01-01
    root = write_tree({**MINIMAL_GUIDE, **golden.get("files", {})})
    build = GuideBuild.from_mkdocs_yml(root / "mkdocs.yml")
    build.prepare(render_pdfs=False, preview_of={} if golden.get("preview") else None)
    for src_uri in golden.get("pages", []):
        page = build.page(src_uri)
        assert page is not None, f"no page {src_uri}"
        assert page.markdown == golden.out[src_uri]
    for src_uri in golden.get("handwritten", []):
        text = (root / "content" / src_uri).read_text(encoding="utf-8")
        assert build.transform(text, src_uri) == golden.out[src_uri]
    for rubric_id in golden.get("sheet_documents", []):
        assert build.renderer is not None
        document = build.renderer.sheet_document(build.guide.rubrics[rubric_id])
        shown = STYLESHEET.sub("<style>/* rubric-sheet.css */</style>", document, count=1)
        assert shown == golden.out[f"sheet document {rubric_id}"]
    if golden.get("book"):
        assert build.renderer is not None
        document = book_document(build.renderer, build.guide.pages.get("index.md"))
        shown = document.replace(read_asset(BOOK_STYLESHEET), "/* rubric-book.css */", 1)
        assert shown == golden.out["book"]
