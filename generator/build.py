"""The library behind the MkDocs plugin and the CLI: one object runs the stages in order.

``GuideBuild.prepare()`` loads, validates and renders everything into memory. It runs in
MkDocs' ``on_config``, before MkDocs cleans ``site/``, so bad content or a broken template
stops the build while the previous site is still intact.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from . import model as m
from .errors import ContentError
from .render import TEMPLATES_DIR, Page, Renderer, render_problem
from .sheets import (
    ASSETS_DIR,
    DEFAULT_CACHE_DIR,
    PdfRenderer,
    SheetSettings,
    default_edition,
    read_asset,
)
from .validate import Project, load_guide

log = logging.getLogger("mkdocs.plugins.rubric-guide")

ASSETS = ("assets/rubric-guide.css", "assets/rubric-sheet.css", "assets/rubric-guide.js")
"""The generator's own stylesheets and script, published at these paths of the site."""


@dataclass
class GuideBuild:
    """One build of a guide: the project, its validated content and its rendered pages."""

    project: Project
    overrides_dir: Path | None = None
    site_name: str = ""
    sheet: SheetSettings | None = None
    cache_dir: Path | None = None
    """Where PDFs are cached between builds; `DEFAULT_CACHE_DIR` of the project when None."""
    guide: m.Guide = field(default_factory=m.Guide)
    pages: list[Page] = field(default_factory=list)
    pdfs: dict[str, bytes] = field(default_factory=dict)
    """Each rubric's sheet as a PDF, keyed by its path in the site."""
    renderer: Renderer | None = None
    _pages_by_uri: dict[str, Page] = field(default_factory=dict, repr=False)

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> GuideBuild:
        """A build for the project described by ``config_file``, without running MkDocs."""
        config = load_config(str(config_file))
        plugin = config.plugins.get("rubric-guide")
        return cls.from_config(config, dict(plugin.config) if plugin is not None else {})

    @classmethod
    def from_config(cls, config: MkDocsConfig, options: Mapping[str, Any]) -> GuideBuild:
        """A build from MkDocs' configuration and the rubric-guide plugin's ``options``."""
        root = Path(config.config_file_path).parent.resolve()
        content = Path(config.docs_dir).resolve().relative_to(root).as_posix()
        return cls(
            Project.at(root, content=content, rubrics=options.get("rubrics_dir", "rubrics")),
            overrides_dir=root / options.get("overrides_dir", "overrides"),
            site_name=config.site_name,
            sheet=SheetSettings(
                guide=config.site_name,
                edition=options.get("edition") or default_edition(),
                site_url=config.site_url or "",
                paper=options.get("paper_size", "letter"),
                pdf=options.get("pdf", True),
                language=config.theme.get("language") or "en",
            ),
            cache_dir=root / options.get("cache_dir", DEFAULT_CACHE_DIR),
        )

    def prepare(self, render_pdfs: bool = True) -> None:
        """Load, validate and render. Raises :class:`ContentError` with every problem.

        With ``render_pdfs=False`` the sheet documents are still rendered, so their templates
        are checked, but WeasyPrint is not run.
        """
        with _collector_paused():
            # Load and validate every data file; all problems are reported together.
            self.guide = load_guide(self.project)
            # Render the generated pages, reading hand-written ones for their citations.
            self.renderer = Renderer(self.guide, self.overrides_dir, self.site_name, self.sheet)
            try:
                self.pages = self.renderer.pages(self.handwritten_pages())
                self._pages_by_uri = {page.src_uri: page for page in self.pages}
                documents = {
                    f"rubrics/{rubric.id}/{rubric.id}.pdf": self.renderer.sheet_document(rubric)
                    for rubric in self.guide.rubrics.values()
                } if self.renderer.sheet.pdf else {}
            except jinja2.TemplateError as exc:
                raise ContentError([render_problem("template", exc)]) from exc
        # Render the PDFs here too, so a missing library also stops before site/ is cleaned.
        if documents and render_pdfs:
            self.pdfs = self.render_pdfs(documents)

    def render_pdfs(self, documents: dict[str, str]) -> dict[str, bytes]:
        """Each sheet document as a PDF, reusing cached PDFs of unchanged documents."""
        cache = self.cache_dir or self.project.root / DEFAULT_CACHE_DIR
        renderer = PdfRenderer(cache)
        pdfs = {path: renderer.render(path, document) for path, document in documents.items()}
        renderer.prune()
        log.info("PDF sheets: %d rendered, %d reused from cache",
                 len(renderer.rendered), len(renderer.reused))
        return pdfs

    def handwritten_pages(self) -> dict[str, str]:
        """The Markdown of every hand-written page, keyed by its path in the content folder."""
        content = self.project.content_dir
        return {
            path.relative_to(content).as_posix(): path.read_text(encoding="utf-8-sig")
            for path in sorted(content.rglob("*.md"))
        }

    def page(self, src_uri: str) -> Page | None:
        """The generated page at ``src_uri``, if there is one."""
        return self._pages_by_uri.get(src_uri)

    def transform(self, markdown: str, src_uri: str) -> str:
        """Fill in the generated parts of a hand-written page."""
        assert self.renderer is not None, "prepare() runs first"
        try:
            return self.renderer.transform_handwritten(markdown, src_uri)
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem(src_uri, exc)]) from exc

    def write_plain_docs(self, target: Path) -> None:
        """Write what the plugin gives MkDocs as plain files under ``target``: hand-written
        pages with their generated parts filled in, generated pages, PDFs and assets. MkDocs
        builds the same site from them without the plugin (given the assets as extra CSS and
        JavaScript), which is the baseline the benchmark compares against."""
        content = self.project.content_dir
        skip = self.data_file_uris()
        files: dict[str, str | bytes] = {}
        for path in sorted(content.rglob("*")):
            uri = path.relative_to(content).as_posix()
            if not path.is_file() or uri in skip or uri.endswith(".j2"):
                continue
            if uri.endswith(".md"):
                files[uri] = self.transform(path.read_text(encoding="utf-8-sig"), uri)
            else:
                files[uri] = path.read_bytes()
        files.update({page.src_uri: page.markdown for page in self.pages})
        files.update(self.pdfs)
        files.update({asset: self.asset(asset) for asset in ASSETS})
        for uri, data in files.items():
            path = target / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")

    def data_file_uris(self) -> set[str]:
        """Data files inside the content folder, as MkDocs names them, to keep out of site/."""
        content = self.project.content_dir
        uris = set()
        for name in self.guide.data_files:
            path = self.project.root / name
            if path.is_relative_to(content):
                uris.add(path.relative_to(content).as_posix())
        return uris

    def watch_paths(self) -> list[Path]:
        """Folders whose changes should rebuild the site under ``mkdocs serve``."""
        paths = [self.project.rubrics_dir, TEMPLATES_DIR, ASSETS_DIR]
        if self.overrides_dir is not None:
            paths.append(self.overrides_dir)
        return [p for p in paths if p.exists()]

    @staticmethod
    def asset(path: str) -> str:
        """The text of one of :data:`ASSETS`."""
        return read_asset(path)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector. Loading and rendering make many objects that live until
    the build ends, and every full collection would walk all of them again: a sixth of the
    time of a large guide. Cycles made meanwhile are collected once it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
