"""Links between generated pages are relative, so the site works on any host or from disk: each
engine's site, published under a path, has no link that leads nowhere."""

from __future__ import annotations

import itertools
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.urls import link as relative_url
from generator.urls import url_for as page_url

from .helpers import NO_PDF_GUIDE, PYTHON_SETTINGS, rubric_guide

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



class Links(HTMLParser):
    """The ``href`` and ``src`` of a page's elements (not the words of code showing them)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def links_of(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


PUBLISHED_AT = "https://schools.example.org/guide/"
"""An address under a path, as a district publishes the guide (GitHub Pages, say)."""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_link_of_the_site_leads_to_a_file_of_it_when_published_under_a_path(request,
                                                                                  engine):
    site, _ = request.getfixturevalue({"mkdocs": "built_site",
                                       "zensical": "zensical_build"}[engine])
    outside = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # served at any address: its links start at site_url's path
            continue
        address = PUBLISHED_AT + page.relative_to(site).as_posix()
        for target in links_of(page):
            if urlsplit(target).scheme or target.startswith(("//", "#")):
                continue
            resolved = urlsplit(urljoin(address, target)).path
            path = unquote(resolved.removeprefix(urlsplit(PUBLISHED_AT).path))
            if not resolved.startswith(urlsplit(PUBLISHED_AT).path) or not (
                    site / path / ("index.html" if path.endswith("/") or not path else "")
            ).is_file():
                outside.append(f"{page.relative_to(site)}: {target}")
    assert outside == [], f"{len(outside)} links lead nowhere:\n" + "\n".join(outside[:20])


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_sources_page_links_to_a_citing_section_by_the_id_the_settings_give_it(
        write_tree, tmp_path, warm_python, engine):
    project = write_tree({**NO_PDF_GUIDE, "mkdocs.yml": PYTHON_SETTINGS,
                          "content/index.md": "# Test guide\n\n## Evaluación del Equipo\n\n"
                                              "Teams matter [@doe-2020].\n"})
    site = tmp_path / "site"
    result = rubric_guide("build", "--engine", engine, "--strict", "-d", str(site),
                          cwd=project, python=warm_python)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '<h2 id="evaluación-del-equipo"' in (site / "index.html").read_text("utf-8")
    cited_in = [link for link in links_of(site / "sources/index.html") if "#evalua" in link]
    assert cited_in and all(link.endswith("#evaluación-del-equipo") for link in cited_in)
