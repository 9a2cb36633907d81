"""The publish stage: a built site replaces the previous one only when it is complete."""

from __future__ import annotations

import logging
from pathlib import Path

from generator.output import MARKER, marker_text
from generator.publish import Publication, Summary

from .helpers import MINIMAL_GUIDE, prepared, snapshot, write_files

SITE = {
    "index.html": "home", "404.html": "not found",
    "rubrics/index.html": "rubrics", "rubrics/teamwork/index.html": "teamwork",
    "rubrics/teamwork/sheet/index.html": "sheet", "rubrics/teamwork/teamwork.pdf": "%PDF-",
}


SUMMARY = Summary(rubrics=1, standards=0, checklists=2, sources=1, pages=4, pdfs=1)


def test_the_summary_says_what_a_build_publishes(write_tree):
    build = prepared(write_tree(MINIMAL_GUIDE))
    # The home page, the rubric's page and sheet, the rubrics index, principles, sources and
    # the format reference; the rubric's sheet and the whole guide as PDFs.
    assert Summary.of(build) == Summary(rubrics=1, standards=0, checklists=0, sources=1,
                                          pages=7, pdfs=2)
    assert str(SUMMARY) == "1 rubric, 0 standards, 2 checklists, 1 source, 4 pages, 1 PDF"


def test_commit_puts_the_new_site_in_place_and_says_what_changed(tmp_path, caplog):
    site = write_files(tmp_path / "site", {"index.html": "old"})
    publication = Publication(site, shown="site/")
    staging = publication.begin()
    assert snapshot(site) == {"index.html": b"old"}  # untouched while the new one is built
    write_files(staging, SITE)
    with caplog.at_level(logging.INFO):
        publication.commit(SUMMARY)
    published = snapshot(site)
    # The marker lists the files the build wrote, which the next build may replace.
    assert published.pop(MARKER) == marker_text(str(SUMMARY), sorted(SITE)).encode()
    assert published == {name: text.encode() for name, text in sorted(SITE.items())}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
    assert caplog.messages[-1] == ("Published 1 rubric, 0 standards, 2 checklists, 1 source, "
                                   "4 pages, 1 PDF to site/")
    # The next build says what the site held before, as the marker counted it.
    write_files(publication.begin(), SITE)
    with caplog.at_level(logging.INFO):
        publication.commit(Summary(rubrics=2, standards=0, checklists=2, sources=3, pages=5,
                                   pdfs=2))
    assert caplog.messages[-1] == (
        "Published 2 rubrics, 0 standards, 2 checklists, 3 sources, 5 pages, 2 PDFs to site/ "
        "(before: 1 rubric, 0 standards, 2 checklists, 1 source, 4 pages, 1 PDF)")


def test_an_abandoned_build_leaves_the_site_as_it_was(tmp_path):
    site = write_files(tmp_path / "site", {"index.html": "old"})
    publication = Publication(site)
    write_files(publication.begin(), SITE)
    publication.abandon()
    assert snapshot(site) == {"index.html": b"old"}
    assert not publication.staging.exists() and not publication.pending


def test_the_next_build_clears_what_a_stopped_one_left(tmp_path):
    site = write_files(tmp_path / "site", {"index.html": "old"})
    stopped = write_files(tmp_path / ".site.staging-1", {"index.html": "half"})
    Publication(site).begin()
    assert not stopped.exists()
    assert snapshot(site) == {"index.html": b"old"}


def test_a_site_moved_aside_by_a_stopped_build_is_put_back(tmp_path, caplog):
    aside = write_files(tmp_path / ".site.old-1", {"index.html": "old"})
    site: Path = tmp_path / "site"
    with caplog.at_level(logging.INFO):
        Publication(site, shown="site/").begin()
    assert not aside.exists() and snapshot(site) == {"index.html": b"old"}
    assert "Restored site/, which a stopped build had moved aside" in caplog.messages
