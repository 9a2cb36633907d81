"""The library behind the MkDocs plugin and the CLI: one object runs the stages in order.

``GuideBuild.prepare()`` loads, validates and renders everything into memory. It runs in
MkDocs' ``on_config``, before MkDocs cleans ``site/``, so bad content or a broken template
stops the build while the previous site is still intact.
"""

from __future__ import annotations

import gc
import logging
import re
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from . import model as m
from .errors import ContentError, Problem
from .exports import CaseSettings, site_files
from .i18n import Messages, load_messages
from .parallel import Job
from .render import TEMPLATES_DIR, Page, Renderer, render_problem
from .safety import site_name_problem
from .schema import site_files as schema_site_files
from .search import SearchInCopy, search_first
from .settings import (
    Branding,
    ContentSwitches,
    OptionsReader,
    apply_switches,
    brand_css,
    prune_nav,
)
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

ASSETS = (
    "assets/rubric-guide.css", "assets/rubric-sheet.css", "assets/accessible-theme.css",
    "assets/rubric-guide-agreement.js", "assets/rubric-guide.js", "assets/accessible-theme.js",
)
"""The generator's own stylesheets and script, published at these paths of the site."""

BRAND_CSS = "assets/rubric-guide-brand.css"
"""The district's colours as Material's colour variables, published when colours are set."""

THEME_DIR = Path(__file__).parent / "theme"
"""The generator's additions to Material's templates (the footer); `overrides/` still wins."""

FORK_MIN_RUBRICS = 200
"""Rubrics from which a forked copy renders half of them and the exports, and another indexes
the pages for search (see :mod:`.parallel`, :mod:`.search`); with fewer, the copies save a few
tenths of a second and cost more CPU time than that. Missing PDFs are shared at any size."""

OFFLINE_SHIM = "assets/iframe-worker.js"
"""The Web Worker shim that lets search run from disk, published with offline builds."""


def prepare_offline(config: MkDocsConfig) -> bool:
    """Ready MkDocs' configuration for a copy read from disk, if Material's ``offline`` plugin
    is on (it has already turned ``use_directory_urls`` off); returns whether it is.

    The plugin loads its Web Worker shim from unpkg.com: the guide serves its own copy, so an
    offline copy never reaches another host. Instant navigation is turned off: from disk,
    Material skips it without ever announcing the page, so scripts waiting for that announcement
    (Material's own components and the guide's tools) would never start.
    """
    offline = config.plugins.get("material/offline")
    if offline is None or not offline.config.enabled:
        return False
    config.extra["polyfills"] = [
        OFFLINE_SHIM if "iframe-worker" in str(script) else script
        for script in config.extra.get("polyfills", [])
    ]
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    return True


@dataclass
class GuideBuild:
    """One build of a guide: the project, its validated content and its rendered pages."""

    project: Project
    overrides_dir: Path | None = None
    site_name: str = ""
    sheet: SheetSettings | None = None
    cache_dir: Path | None = None
    """Where PDFs are cached between builds; `DEFAULT_CACHE_DIR` of the project when None."""
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``: links name folders (``x/``), or files when off."""
    offline: bool = False
    """Whether this is a copy to read from disk, which publishes :data:`OFFLINE_SHIM`."""
    parallel: bool = False
    """Whether forked copies of the process may render rubrics, exports and PDFs meanwhile,
    where :func:`.parallel.can_fork`. The plugin turns it on."""
    guide: m.Guide = field(default_factory=m.Guide)
    pages: list[Page] = field(default_factory=list)
    pdfs: dict[str, bytes] = field(default_factory=dict)
    """Each rubric's sheet as a PDF, keyed by its path in the site."""
    exports: dict[str, str] = field(default_factory=dict)
    """Each rubric in Canvas CSV, CASE and JSON, keyed by its path in the site."""
    renderer: Renderer | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    """The rubric-guide plugin's options from mkdocs.yml: branding, content switches, messages."""
    config_file: Path | None = None
    language: str = "en"
    messages: Messages | None = None
    branding: Branding = field(default_factory=Branding)
    switches: ContentSwitches = field(default_factory=ContentSwitches)
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
        language = config.theme.get("language") or "en"
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
                language=language,
            ),
            cache_dir=root / options.get("cache_dir", DEFAULT_CACHE_DIR),
            options=options,
            config_file=Path(config.config_file_path),
            language=language,
            directory_urls=config.use_directory_urls,
        )

    def prepare(self, render_pdfs: bool = True) -> None:
        """Load, validate and render. Raises :class:`ContentError` with every problem.

        With ``render_pdfs=False`` the sheet documents are still rendered, so their templates
        are checked, but WeasyPrint is not run.
        """
        with _collector_paused():
            self.load()
            # The rubrics in the formats other systems read, by a copy of the process if it may.
            with Job(partial(site_files, self.guide, self.case_settings()),
                     fork=self.shares_work) as exports:
                documents = self._render(self.shares_work)
                self.exports = exports.result()
        # Render the PDFs here too, so a missing library also stops before site/ is cleaned.
        if documents and render_pdfs:
            self.pdfs = self.render_pdfs(documents)

    @property
    def shares_work(self) -> bool:
        """Whether copies share the work of this guide, once loaded: :attr:`parallel`, for at
        least :data:`FORK_MIN_RUBRICS` rubrics."""
        return self.parallel and len(self.guide.rubrics) >= FORK_MIN_RUBRICS

    def _render(self, fork: bool) -> dict[str, str]:
        """Render the generated pages, reading hand-written ones for their citations; returns
        the sheet documents to make PDFs of, keyed by their path in the site."""
        self.renderer = Renderer(self.guide, self.overrides_dir, self.site_name, self.sheet,
                                 self.messages, self.branding, self.directory_urls)
        try:
            handwritten = {path: text for path, text in self.handwritten_pages().items()
                           if not self.switches.is_hidden(path)}
            self.pages = [page for page in self.renderer.pages(handwritten, fork=fork)
                          if not self.switches.is_hidden(page.src_uri)]
            self._pages_by_uri = {page.src_uri: page for page in self.pages}
            if not self.renderer.sheet.pdf:
                return {}
            return {f"rubrics/{rubric.id}/{rubric.id}.pdf": self.renderer.sheet_document(rubric)
                    for rubric in self.guide.rubrics.values()}
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem("template", exc)]) from exc

    def load(self) -> None:
        """Read the district's options, then load and validate every data file, relabel levels
        and leave out hidden content. All problems are reported together."""
        reader = OptionsReader(self.config_file, self.project.content_dir)
        self.branding = reader.branding(self.options)
        self.messages = load_messages(self.language, self.overrides_dir,
                                      self.options.get("messages"))
        site_name = self.settings_problems()
        try:
            self.guide = load_guide(self.project)
        except ContentError as exc:
            raise ContentError([*site_name, *reader.problems, *exc.problems]) from None
        self.switches = reader.switches(self.options, self.guide, list(self.handwritten_pages()))
        problems = [*site_name, *reader.problems] or apply_switches(self.guide, self.switches)
        if problems:
            raise ContentError(problems)
        self.sheet = replace(self.sheet or SheetSettings(guide=self.site_name, edition=""),
                             organization=self.branding.organization,
                             logo=self.branding.logo_data_uri)

    def configure_mkdocs(self, config: MkDocsConfig) -> None:
        """Carry the district's options into MkDocs and Material: logo, colours, footer, the
        generator's theme additions, and a navigation without hidden pages."""
        theme_dirs = config.theme.dirs
        custom = 1 if config.theme.custom_dir else 0
        if str(THEME_DIR) not in theme_dirs:
            theme_dirs.insert(custom, str(THEME_DIR))
        if self.branding.logo:
            config.theme["logo"] = self.branding.logo
        palettes = config.theme.get("palette") or {}
        config.theme["palette"] = palettes
        for palette in palettes if isinstance(palettes, list) else [palettes]:
            if self.branding.primary:
                palette["primary"] = "custom"
            if self.branding.accent:
                palette["accent"] = "custom"
        config.extra["rubric_guide"] = self.theme_extra()
        config.nav = prune_nav(config.nav, self.switches.hidden_pages())
        if self.messages and "toc" in config.markdown_extensions:
            # The heading links' title is read aloud and shown on hover: in the guide's language.
            toc = config.mdx_configs.setdefault("toc", {})
            toc.setdefault("permalink_title", self.messages("headings.permalink"))
        config.extra_css.extend(a for a in self.assets() if a.endswith(".css"))
        config.extra_javascript.extend(a for a in self.assets() if a.endswith(".js"))

    def theme_extra(self) -> dict[str, Any]:
        """What the generator's theme templates (the footer) read from ``extra.rubric_guide``."""
        return {
            "organization": self.branding.organization,
            "primary": self.branding.primary,
            "footer": self.branding.footer,
            "contact": dict(self.branding.contact),
            "messages": dict(self.messages.catalogue) if self.messages else {},
        }

    def baseline_settings(self, theme_dir: Path) -> dict[str, Any]:
        """MkDocs settings that give a build without the plugin the same theme as this one:
        the generator's theme templates under the project's overrides, copied to
        ``theme_dir``, and what they read from ``extra``. For the benchmark's baseline."""
        for source in (THEME_DIR, self.overrides_dir):
            if source is not None and source.is_dir():
                shutil.copytree(source, theme_dir, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("*.j2"))  # not published
        return {"theme": {"custom_dir": str(theme_dir)},
                "extra": {"rubric_guide": self.theme_extra()},
                "extra_css": [a for a in self.assets() if a.endswith(".css")],
                "extra_javascript": [a for a in self.assets() if a.endswith(".js")]}

    def assets(self) -> list[str]:
        """Paths of the generator's stylesheets and script in the site."""
        return [*ASSETS, BRAND_CSS] if self.branding.primary or self.branding.accent else [
            *ASSETS]

    def case_settings(self) -> CaseSettings:
        """What the guide's CASE packages say about it: its name, edition and address."""
        sheet = self.sheet or SheetSettings(guide=self.site_name, edition="")
        return CaseSettings.for_edition(sheet.guide, sheet.edition, sheet.site_url,
                                        sheet.language)

    def settings_problems(self) -> list[Problem]:
        """Problems with what mkdocs.yml says about the guide itself."""
        message = site_name_problem(self.site_name)
        if message is None:
            return []
        config = self.project.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8-sig") if config.is_file() else ""
        found = re.search(r"^site_name\s*:", text, re.M)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        return [Problem("mkdocs.yml", line, 1, "site_name", message)]

    def render_pdfs(self, documents: dict[str, str]) -> dict[str, bytes]:
        """Each sheet document as a PDF, reusing cached PDFs of unchanged documents."""
        cache = self.cache_dir or self.project.root / DEFAULT_CACHE_DIR
        renderer = PdfRenderer(cache)
        pdfs: dict[str, bytes] = {}
        missing: dict[str, str] = {}
        for path, document in documents.items():
            pdf = renderer.cached(document)
            if pdf is None:
                missing[path] = document
            else:
                pdfs[path] = pdf
        # A copy of the process renders half of the missing PDFs meanwhile, if it may.
        names = list(missing)
        first = {name: missing[name] for name in names[: (len(names) + 1) // 2]}
        second = {name: missing[name] for name in names[len(first):]}
        fork = self.parallel and bool(second)
        with Job(partial(renderer.render_all, second), fork=fork) as later:
            pdfs |= renderer.render_all(first)
            pdfs |= later.result()
        renderer.prune()
        log.info("PDF sheets: %d rendered, %d reused from cache",
                 len(missing), len(documents) - len(missing))
        return {path: pdfs[path] for path in documents}

    def index_search(self, config: MkDocsConfig, files: Files) -> SearchInCopy | None:
        """For a guide that shares its work, a copy of the process indexing the pages MkDocs
        is about to render, for Material's search; None where Material must index them."""
        if not (self.shares_work and search_first(config)):
            return None
        return SearchInCopy([file.page for file in files.documentation_pages()
                             if file.page is not None])

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
            if (not path.is_file() or uri in skip or uri.endswith(".j2")
                    or self.switches.is_hidden(uri)):
                continue
            if uri.endswith(".md"):
                files[uri] = self.transform(path.read_text(encoding="utf-8-sig"), uri)
            else:
                files[uri] = path.read_bytes()
        files.update({page.src_uri: page.markdown for page in self.pages})
        files.update(self.pdfs)
        files.update(self.exports)
        files.update(self.schemas())
        files.update({asset: self.asset(asset) for asset in self.assets()})
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
        paths = [self.project.rubrics_dir, TEMPLATES_DIR, ASSETS_DIR, THEME_DIR]
        if self.overrides_dir is not None:
            paths.append(self.overrides_dir)
        return [p for p in paths if p.exists()]

    @staticmethod
    def schemas() -> dict[str, str]:
        """The JSON Schemas of the YAML files, keyed by their path in the site, for editors."""
        return schema_site_files()

    def asset(self, path: str) -> str:
        """The text of one of :meth:`assets`."""
        return brand_css(self.branding) if path == BRAND_CSS else read_asset(path)


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
