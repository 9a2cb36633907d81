"""The files of a built guide's site: what the generator adds to it (pages, PDFs, exports,
schemas, assets), which files of the content folder stay out of it (data files, templates,
hidden pages) and every path the site publishes, which links of hand-written pages are
checked against.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .load import left_by_an_editor
from .schema import site_files as schema_site_files
from .site_settings import asset_files
from .validate import content_files, generated_paths

if TYPE_CHECKING:
    from .build import GuideBuild


def site_files(build: GuideBuild) -> Iterator[tuple[str, str | bytes | Path, bool | None]]:
    """Every file the generator adds to ``build``'s site: its path in the content folder, its
    content (or the file that holds it, where the build spools it: see :mod:`.spool`), and
    for a page whether it is in the navigation (None for other files). Pages
    come with placeholders for their HTML blocks, which the MkDocs plugin puts back after
    Markdown (see :class:`~generator.render.Page`)."""
    for page in build.pages:
        yield page.src_uri, page.text, page.in_nav
    files: Mapping[str, str | bytes | Path]
    for files in (build.pdfs, build.exports, asset_files(build.branding, build.offline),
                  schema_site_files()):
        for path, content in files.items():
            yield path, content, None


def leaves_out(build: GuideBuild, src_uri: str) -> bool:
    """Whether a file of the content folder stays out of ``build``'s site: data files,
    templates, hidden pages and the files editors leave beside a page (a backup, an
    auto-save); while the build's problems are shown, every page and data file too."""
    if left_by_an_editor(src_uri):
        return True
    if build.problems:
        return src_uri.endswith((".md", ".j2", ".yml", ".yaml", ".json"))
    return (src_uri in build.data_uris or src_uri.endswith(".j2")
            or build.switches.is_hidden(src_uri))


def published_files(build: GuideBuild) -> set[str]:
    """Every page and file ``build``'s site publishes, by its path in the content folder (a
    page) or the site (any other file): hand-written and generated, once it is loaded and
    its renderer made."""
    project, guide, hidden = build.project, build.guide, build.switches.is_hidden
    visible = [uri for uri in (*guide.pages, *content_files(project, guide)) if not hidden(uri)]
    no_pdfs = set() if build.renderer is None or build.renderer.sheet.pdf else {
        rubric.paths.pdf for rubric in guide.rubrics.values()}
    return {*visible, *generated_paths(project, guide),
            *asset_files(build.branding, build.offline)} - no_pdfs
