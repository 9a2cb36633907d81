"""Every address the generator writes agrees with MkDocs' own ``File``: ``url_for`` gives each
generated page and file the address ``File.url`` gives it, and ``link`` the link
``File.url_relative_to`` makes, with ``use_directory_urls`` on and off."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from generator.build import GuideBuild
from generator.kinds import RUBRIC
from generator.project import Project
from generator.site_files import site_files
from generator.urls import dest_path, link, url_for

from .conftest import ROOT


@pytest.fixture(scope="module")
def site_paths() -> list[str]:
    """Every page and file the seed guide's build generates, and its hand-written pages."""
    build = GuideBuild(Project.at(ROOT), overrides_dir=ROOT / "overrides")
    build.prepare(render_pdfs=False)
    return [*build.guide.pages, *(path for path, _, _ in site_files(build))]


def mkdocs_file(path: str, directory_urls: bool) -> File:
    return File(path, src_dir=None, dest_dir="", use_directory_urls=directory_urls)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_url_for_agrees_with_mkdocs_on_every_page_and_file(site_paths, directory_urls):
    assert len(site_paths) > 40
    for path in site_paths:
        file = mkdocs_file(path, directory_urls)
        assert url_for(path, directory_urls) == file.url, path
        assert dest_path(path, directory_urls) == file.dest_uri, path


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_agree_with_mkdocs_between_every_page_and_each_target(site_paths,
                                                                    directory_urls):
    pages = [path for path in site_paths if path.endswith(".md")]
    targets = [*pages[:: max(1, len(pages) // 12)], *(p for p in site_paths if p.endswith(".pdf"))]
    for start in pages:
        here = mkdocs_file(start, directory_urls)
        for target in targets:
            expected = mkdocs_file(target, directory_urls).url_relative_to(here)
            assert link(start, target, directory_urls=directory_urls) == expected, (start, target)


@pytest.mark.parametrize(("path", "directory_urls", "url"), [
    ("index.md", True, "./"),
    ("index.md", False, "index.html"),
    ("README.md", True, "./"),
    ("a page.md", True, "a%20page/"),
    ("rubrics/x/index.md", True, "rubrics/x/"),
    ("rubrics/x/sheet.md", False, "rubrics/x/sheet.html"),
    ("rubrics/x/x.pdf", True, "rubrics/x/x.pdf"),
])
def test_url_for_examples(path, directory_urls, url):
    assert url_for(path, directory_urls) == url == mkdocs_file(path, directory_urls).url


def test_a_rubric_is_known_by_its_page_in_the_site():
    assert RUBRIC.id_at("rubrics/teamwork/index.html") == "teamwork"
    assert RUBRIC.id_at("rubrics/index.html") is None
    assert RUBRIC.id_at("rubrics/teamwork/sheet/index.html") is None
