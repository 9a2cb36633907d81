"""The library behind the MkDocs plugin and the CLI: one object runs the stages in order.

``GuideBuild.prepare()`` loads, validates and renders everything into memory. It runs in
MkDocs' ``on_config``, before MkDocs cleans ``site/``, so bad content or a broken template
stops the build while the previous site is still intact.
"""

from __future__ import annotations

import copy
import functools
import gc
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import click
import jinja2
import yaml
from mkdocs.config.defaults import MkDocsConfig, _LogLevel
from mkdocs.exceptions import ConfigurationError

from . import model as m
from .errors import ContentError, KeyPath, Problem, did_you_mean, file_problem
from .exports import CaseSettings, site_files
from .i18n import DEFAULT_LANGUAGE, Messages, load_messages, unsupported_language
from .kinds import KINDS
from .mkdocs_messages import mkdocs_message
from .options import (
    DISTRICT_FILE,
    PLUGIN,
    ConfigFiles,
    DefaultOptions,
    LayeredSource,
    Options,
    OptionsSource,
    check_options,
    read_district,
)
from .output import Sources
from .output import cache_problem as cache_place_problem
from .owned import sync as _sync
from .parallel import Job
from .render import TEMPLATES_DIR, Page, Renderer, render_problem
from .safety import site_name_problem
from .schema import site_files as schema_site_files
from .settings import (
    Branding,
    ContentSwitches,
    OptionsReader,
    apply_switches,
    brand_css,
    prune_nav,
    retitle_nav,
)
from .sheets import (
    ASSETS_DIR,
    DEFAULT_CACHE_DIR,
    PdfRenderer,
    SheetSettings,
    cache_problem,
    default_edition,
    read_asset,
)
from .validate import Located, Project, data_files, load_guide

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


@dataclass
class GuideBuild:
    """One build of a guide: the project, its validated content and its rendered pages."""

    project: Project
    overrides_dir: Path | None = None
    site_name: str = ""
    site_url: str = ""
    """The address the guide is published at, as mkdocs.yml or district.yml give it."""
    site_description: str | None = None
    """district.yml's description of the guide, when it gives one."""
    navigation: Mapping[str, str] = field(default_factory=dict)
    """district.yml's titles in the navigation, by page path or by mkdocs.yml's title."""
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
    pdf_paths: list[str] = field(default_factory=list)
    """The path in the site of each PDF the build publishes, also when :meth:`prepare` is
    told to render none (``rubric-guide check`` counts them)."""
    exports: dict[str, str] = field(default_factory=dict)
    """Each rubric in Canvas CSV, CASE and JSON, keyed by its path in the site."""
    renderer: Renderer | None = None
    options: Options = field(default_factory=Options)
    """The rubric-guide plugin's options, checked: branding, content switches, messages."""
    source: Located = field(default_factory=DefaultOptions)
    """Where the options are written, for problems found with them against the content."""
    settings_problems: list[Problem] = field(default_factory=list)
    """What is wrong with the settings, reported with the content's problems by :meth:`load`."""
    language: str = DEFAULT_LANGUAGE
    """The interface language, as the guide can write it (English when the setting names a
    language it has no messages in, which is one of :attr:`settings_problems`)."""
    messages: Messages | None = None
    branding: Branding = field(default_factory=Branding)
    switches: ContentSwitches = field(default_factory=ContentSwitches)
    problems: list[Problem] = field(default_factory=list)
    """What a preview found wrong, shown on its pages instead of the guide (see :meth:`prepare`)."""
    _pages_by_uri: dict[str, Page] = field(default_factory=dict, repr=False)
    _filled: dict[str, str] = field(default_factory=dict, repr=False)
    """Hand-written pages with their generated parts filled in, by their path."""
    _data_uris: set[str] | None = field(default=None, repr=False)

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> GuideBuild:
        """A build for the project described by ``config_file``, without running MkDocs.
        Raises :class:`ContentError` when MkDocs cannot read the file."""
        config = load_mkdocs_config(config_file)
        return cls.from_config(config, plugin_options(config))

    @classmethod
    def from_config(cls, config: MkDocsConfig, raw_options: Any) -> GuideBuild:
        """A build from MkDocs' configuration and the rubric-guide plugin's options as MkDocs
        read them. What is wrong with the settings is kept for :meth:`load` to report."""
        config_file = Path(config.config_file_path)
        root = config_file.parent.resolve()
        files = ConfigFiles.read(config_file, root)
        source: Located = OptionsSource(files)
        options, problems = check_options(raw_options, source, Options)
        district, written, more = read_district(root)
        problems += more
        site = {"site_name": config.site_name, "site_url": files.value(("site_url",)),
                "language": config.theme.get("language") or DEFAULT_LANGUAGE}
        language_at: Located = files
        language_path: KeyPath = ("theme", "language")
        site_name_at: Located = files
        if district is not None and written is not None:
            # What district.yml sets wins over mkdocs.yml, and problems point where it is set.
            chosen = district.model_fields_set
            options = options.model_copy(update={
                key: getattr(district, key) for key in chosen if key in Options.model_fields})
            source = LayeredSource(written, frozenset(chosen), source)
            site |= {key: getattr(district, key) for key in site if key in chosen}
            if "language" in chosen:
                language_at, language_path = written, ("language",)
            if "site_name" in chosen:
                site_name_at = written
        project = Project.at(root, content=_content_folder(config), rubrics=options.rubrics_dir)
        overrides = root / options.overrides_dir
        problems += _settings_problems(str(site["site_name"]), site_name_at, source, project,
                                       options)
        wanted = str(site["language"])
        reason = unsupported_language(wanted, overrides) or _theme_language_problem(
            config, wanted)
        if reason:
            problems.append(language_at.problem(language_path, reason))
        language = DEFAULT_LANGUAGE if reason else wanted
        # Sheets print the address the guide is published at, which `mkdocs serve` replaces
        # with its own; the same address keeps serve and build sharing the PDF cache.
        site_url = site["site_url"]
        site_name = str(site["site_name"])
        navigation = district.navigation if district is not None else {}
        site_description = district.site_description if district is not None else None
        return cls(
            project,
            overrides_dir=overrides,
            site_name=site_name,
            site_url=str(site_url or ""),
            site_description=site_description,
            navigation=navigation,
            sheet=SheetSettings(
                guide=site_name,
                edition=options.edition or default_edition(),
                site_url=str(site_url or ""),
                paper=options.paper_size,
                pdf=options.pdf,
                language=language,
            ),
            cache_dir=root / options.cache_dir,
            options=options,
            source=source,
            settings_problems=problems,
            language=language,
            directory_urls=config.use_directory_urls,
        )

    def prepare(self, render_pdfs: bool = True, *,
                preview_of: dict[str, bool] | None = None) -> None:
        """Load, validate and render. Raises :class:`ContentError` with every problem.

        With ``render_pdfs=False`` the sheet documents are still rendered, so their templates
        are checked, but WeasyPrint is not run. A preview (``mkdocs serve``) passes the pages
        its last build had as ``preview_of`` (empty before the first): problems then do not
        raise, and every one of those pages lists them instead (:attr:`problems`), so the
        browser always gets an answer.
        """
        try:
            try:
                self._prepare(render_pdfs)
            except OSError as exc:  # a template or other file of the project that cannot be read
                name = exc.filename if isinstance(exc.filename, str) else "a file"
                raise ContentError([file_problem(self.project.display(Path(name)), exc)]) from None
        except click.ClickException as exc:
            if preview_of is None:
                raise
            self.problems = exc.problems if isinstance(exc, ContentError) else [
                Problem("", 0, 0, "", exc.format_message())]
            self.pages = self.problem_pages(self.problems, preview_of or self.known_pages())
            self._pages_by_uri = {page.src_uri: page for page in self.pages}
            self.pdfs, self.exports, self.pdf_paths = {}, {}, []
            for problem in self.problems:
                log.error(str(problem))
            log.error("The preview shows these problems on every page until they are fixed")

    def _prepare(self, render_pdfs: bool) -> None:
        with _collector_paused():
            self.load()
            # The rubrics in the formats other systems read, by a copy of the process if it may.
            with Job(partial(site_files, self.guide, self.case_settings()),
                     fork=self.shares_work) as exports:
                documents = self._render(self.shares_work)
                self.exports = exports.result()
        self.pdf_paths = list(documents)
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
            handwritten = {path: text for path, text in self.guide.pages.items()
                           if not self.switches.is_hidden(path)}
            self.pages = [page for page in self.renderer.pages(handwritten, fork=fork)
                          if not self.switches.is_hidden(page.src_uri)]
            self._pages_by_uri = {page.src_uri: page for page in self.pages}
            self._filled = {uri: self.transform(text, uri) for uri, text in handwritten.items()}
            if not self.renderer.sheet.pdf:
                return {}
            return {rubric.paths.pdf: self.renderer.sheet_document(rubric)
                    for rubric in self.guide.rubrics.values()}
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem("template", exc)]) from exc

    def load(self) -> None:
        """Read the district's options, then load and validate every data file, relabel levels
        and leave out hidden content. All problems are reported together."""
        reader = OptionsReader(self.source, self.project.content_dir)
        self.branding = reader.branding(self.options)
        problems = [*self.settings_problems]
        try:
            self.messages = load_messages(
                self.language, self.overrides_dir, self.options.messages,
                changes_at=lambda key, message: self.source.problem(
                    ("messages", key), message, of_key=True))
        except ContentError as exc:
            problems += exc.problems
            self.messages = load_messages(self.language)
        try:
            self.guide = load_guide(self.project)
        except ContentError as exc:
            raise ContentError([*problems, *reader.problems, *exc.problems]) from None
        self.switches = reader.switches(self.options, self.guide, list(self.guide.pages))
        if not problems and not reader.problems:
            for entry, message in apply_switches(self.guide, self.switches):
                reader.problem(("hide", self.switches.hide.index(entry)), message)
        problems += reader.problems
        if problems:
            raise ContentError(problems)
        self.sheet = replace(self.sheet or SheetSettings(guide=self.site_name, edition=""),
                             organization=self.branding.organization,
                             logo=self.branding.logo_data_uri)

    def theme_extra(self) -> dict[str, Any]:
        """What the generator's theme templates (the footer) read from ``extra.rubric_guide``."""
        return {
            "organization": self.branding.organization,
            "primary": self.branding.primary,
            "footer": self.branding.footer,
            "contact": dict(self.branding.contact),
            "messages": dict(self.messages.catalogue) if self.messages else {},
        }

    def site_settings(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """The site's settings, as :func:`settings_of` gives them, with the district's options
        and the generator's additions: logo, colours, the footer's words, the navigation
        without hidden pages, headings' link title in the guide's language, the generator's
        stylesheets and scripts. For a copy read from disk, the guide's own Web Worker shim
        (an engine would fetch one from unpkg.com) and no instant navigation: from disk, the
        theme skips it without announcing the page, and scripts that wait for that (the
        guide's tools) would never start."""
        settings = copy.deepcopy(dict(base))
        settings["site_name"] = self.site_name or settings.get("site_name")
        if self.site_url:
            settings["site_url"] = self.site_url
        if self.site_description:
            settings["site_description"] = self.site_description
        theme = settings.setdefault("theme", {})
        theme["language"] = self.language
        if self.branding.logo:
            theme["logo"] = self.branding.logo
        palettes = theme.get("palette") or {}
        for palette in palettes if isinstance(palettes, list) else [palettes]:
            if self.branding.primary:
                palette["primary"] = "custom"
            if self.branding.accent:
                palette["accent"] = "custom"
        theme["palette"] = palettes
        for palette in palettes if isinstance(palettes, list) else [palettes]:
            toggle = palette.get("toggle")
            if isinstance(toggle, dict) and self.messages:
                key = "palette.to_light" if palette.get("scheme") == "slate" else "palette.to_dark"
                if toggle.get("name") in (None, self.english(key)):
                    toggle["name"] = self.messages(key)
        extra = settings.setdefault("extra", {})
        extra["rubric_guide"] = self.theme_extra()
        if self.offline:
            theme["features"] = [f for f in theme.get("features") or []
                                 if not f.startswith("navigation.instant")]
            polyfills = [p for p in extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
            extra["polyfills"] = [*polyfills, OFFLINE_SHIM]
        settings["nav"] = retitle_nav(prune_nav(settings.get("nav"), self.switches.hidden_pages()),
                                      self.nav_titles())
        extensions = settings.setdefault("markdown_extensions", {})
        if self.messages and "toc" in extensions:
            extensions["toc"] = {"permalink_title": self.messages("headings.permalink"),
                                 **(extensions["toc"] or {})}
        for key, ending in (("extra_css", ".css"), ("extra_javascript", ".js")):
            settings[key] = [*(settings.get(key) or []),
                             *(a for a in self.assets() if a.endswith(ending))]
        return settings

    def nav_titles(self) -> dict[str, str]:
        """New titles for the navigation, by page path or by the title mkdocs.yml gives:
        the guide's own English titles in the guide's language, then district.yml's."""
        titles: dict[str, str] = {}
        if self.messages and self.language != DEFAULT_LANGUAGE:
            for key in self.messages.catalogue:
                if key.startswith("navigation."):
                    titles[self.english(key)] = self.messages(key)
        return titles | dict(self.navigation)

    def english(self, key: str) -> str:
        """The English message ``key``, which mkdocs.yml's own words are written in."""
        return str(_english()(key))

    def stage(self, folder: Path, settings: Mapping[str, Any]) -> Path:
        """Write the whole site source into ``folder``, for an engine that reads files and
        runs no plugin: ``docs/`` (every page as complete Markdown, the guide's own files,
        PDFs, exports, schemas and assets), ``theme/`` (the generator's theme additions under
        the project's overrides) and ``mkdocs.yml`` (``settings`` pointing at them). Files
        that are already as they should be are left alone, and files no longer part of the
        site are removed, so an engine watching the folder rebuilds only what changed.
        Returns the settings file."""
        docs: dict[str, str | bytes] = {}
        content = self.project.content_dir
        for path in sorted(content.rglob("*")):
            uri = path.relative_to(content).as_posix()
            if path.is_file() and not self.leaves_out(uri) and not uri.endswith(".md"):
                docs[uri] = path.read_bytes()
        docs |= {uri: self.transform(text, uri) for uri, text in self.guide.pages.items()
                 if not self.leaves_out(uri)}
        docs |= {path: data for path, data, _ in self.site_files(whole_pages=True)}
        theme: dict[str, str | bytes] = {}
        for source in (THEME_DIR, self.overrides_dir):
            if source is not None and source.is_dir():
                for path in sorted(source.rglob("*")):
                    uri = path.relative_to(source).as_posix()
                    # Generator templates, catalogues and notes are the project's, not the theme's.
                    if path.is_file() and not uri.endswith((".j2", ".md")) and not uri.startswith(
                            "messages/"):
                        theme[uri] = path.read_bytes()
        _sync(folder / STAGED_DOCS, docs)
        _sync(folder / STAGED_THEME, theme)
        staged = {**{k: v for k, v in settings.items() if v is not None},
                  "docs_dir": STAGED_DOCS, "site_dir": STAGED_SITE}
        staged["theme"] = {**staged.get("theme", {}), "custom_dir": STAGED_THEME}
        staged["markdown_extensions"] = [
            {name: options} if options else name
            for name, options in staged.get("markdown_extensions", {}).items()]
        config = folder / "mkdocs.yml"
        _sync(folder, {"mkdocs.yml": yaml.safe_dump(staged, sort_keys=False,
                                                    allow_unicode=True)}, prune=False)
        return config

    def assets(self) -> list[str]:
        """Paths of the generator's stylesheets and script in the site."""
        return [*ASSETS, BRAND_CSS] if self.branding.primary or self.branding.accent else [
            *ASSETS]

    def case_settings(self) -> CaseSettings:
        """What the guide's CASE packages say about it: its name, edition and address."""
        sheet = self.sheet or SheetSettings(guide=self.site_name, edition="")
        return CaseSettings.for_edition(
            sheet.guide, sheet.edition, sheet.site_url, sheet.language,
            self.messages("rubrics.case_alignment") if self.messages else "")

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
        # What the copy rendered and cached, the cache keeps too.
        renderer.used.update(renderer.name(documents[path], pdfs[path]) for path in second)
        renderer.prune()
        for warning in dict.fromkeys(renderer.warnings):
            log.warning(warning)
        damaged = f", {renderer.damaged} damaged in the cache rendered again" if (
            renderer.damaged) else ""
        log.info("PDF sheets: %d rendered, %d reused from cache%s",
                 len(missing), len(documents) - len(missing), damaged)
        return {path: pdfs[path] for path in documents}

    def leaves_out(self, src_uri: str) -> bool:
        """Whether a file of the content folder stays out of the site: data files, templates
        and hidden pages; while :attr:`problems` are shown, every page and data file."""
        if self.problems:
            return src_uri.endswith((".md", ".j2", ".yml", ".yaml", ".json"))
        return (src_uri in self.data_file_uris() or src_uri.endswith(".j2")
                or self.switches.is_hidden(src_uri))

    def site_files(self, *, whole_pages: bool = False
                   ) -> Iterator[tuple[str, str | bytes, bool | None]]:
        """Every file the generator adds to the site: its path in the content folder, its
        content, and for a page whether it is in the navigation (None for other files).
        Pages come with placeholders for their HTML blocks, which the MkDocs plugin puts back
        after Markdown (see :class:`~generator.render.Page`), or as ``whole_pages``."""
        for page in self.pages:
            yield page.src_uri, page.markdown if whole_pages else page.text, page.in_nav
        for files in (self.pdfs, self.exports, {a: self.asset(a) for a in self.assets()},
                      self.schemas()):
            for path, content in files.items():
                yield path, content, None
        if self.offline:
            yield OFFLINE_SHIM, self.asset(OFFLINE_SHIM), None

    def published_pages(self) -> list[str]:
        """Every page this build publishes, hand-written and generated, by its path in the
        content folder; hidden pages are not among them. :meth:`prepare` runs first."""
        return [*self._filled, *(page.src_uri for page in self.pages)]

    def known_pages(self) -> dict[str, bool]:
        """Every page of this build, hand-written and generated, and whether it is in the
        navigation; for a guide that failed to load, the pages its files would make."""
        if self.pages:
            return {**dict.fromkeys(self.guide.pages, True),
                    **{page.src_uri: page.in_nav for page in self.pages}}
        known = {path.relative_to(self.project.content_dir).as_posix(): True
                 for path in self.project.content_dir.rglob("*.md") if not path.is_dir()}
        for kind in KINDS:
            if kind.many and kind.page:
                for path in data_files(self.project):
                    if self.project.kind_of(path) is kind:
                        known.update(dict.fromkeys(kind.pages_of(path.stem), False))
                if kind.index_page:
                    known[kind.index_page] = True
            elif kind.page:
                known[kind.page_of()] = True
        return known

    def problem_pages(self, problems: list[Problem], pages: dict[str, bool]) -> list[Page]:
        """``pages`` (as :meth:`known_pages` gives them) each showing ``problems``, for a
        preview that answers every request while the content cannot be built."""
        renderer = Renderer(m.Guide(), self.overrides_dir, self.site_name, self.sheet,
                            self.messages, self.branding, self.directory_urls)
        return [renderer.problem_page(uri, problems, in_nav) for uri, in_nav in pages.items()]

    def page(self, src_uri: str) -> Page | None:
        """The generated page at ``src_uri``, if there is one."""
        return self._pages_by_uri.get(src_uri)

    def transform(self, markdown: str, src_uri: str) -> str:
        """Fill in the generated parts of a hand-written page. :meth:`prepare` fills in every
        page once, so that a broken marker is reported with the content's other problems."""
        assert self.renderer is not None, "prepare() runs first"
        if src_uri in self._filled and self.guide.pages.get(src_uri) == markdown:
            return self._filled[src_uri]
        try:
            return self.renderer.transform_handwritten(markdown, src_uri)
        except ContentError as exc:  # named by the page's path in the content folder
            shown = self.project.display(self.project.content_dir / src_uri)
            raise ContentError([replace(p, file=shown) for p in exc.problems]) from None
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem(src_uri, exc)]) from exc

    def data_file_uris(self) -> set[str]:
        """Data files inside the content folder, as MkDocs names them, to keep out of site/."""
        if self._data_uris is None:
            content = self.project.display(self.project.content_dir) + "/"
            self._data_uris = {name.removeprefix(content) for name in self.guide.data_files
                               if name.startswith(content)}
        return self._data_uris

    def watch_paths(self) -> list[Path]:
        """Folders (and district.yml) whose changes should rebuild a preview."""
        paths = [self.project.rubrics_dir, TEMPLATES_DIR, ASSETS_DIR, THEME_DIR,
                 self.project.root / DISTRICT_FILE]
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


def load_mkdocs_config(config_file: Path, **settings: Any) -> MkDocsConfig:
    """MkDocs' configuration from ``config_file`` (and what it inherits), with ``settings``
    given on the command line. Raises :class:`ContentError` with every mistake MkDocs finds,
    each at the line of its key, instead of MkDocs' lines without a place."""
    files = ConfigFiles.read(config_file, config_file.parent.resolve())
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as fd:
            config.load_file(fd)
    except OSError as exc:
        raise ContentError([file_problem(config_file.name, exc)]) from None
    except ConfigurationError as exc:
        raise ContentError([Problem(config_file.name, 1, 1, "", str(exc))]) from None
    config.load_dict({k: v for k, v in settings.items() if v is not None})
    errors, _warnings = config.validate()
    # Where the site may be built, the output policy decides when it builds (see output.py).
    errors = [(key, error) for key, error in errors
              if not (key == "site_dir" and "should not be within" in str(error))]
    if errors:
        raise ContentError([files.problem((key,), mkdocs_message(str(error), files.value((key,))))
                            for key, error in errors])
    return config


def _content_folder(config: MkDocsConfig) -> str:
    """``docs_dir`` as the guide's messages name it, as the operator has it (a link to a
    folder elsewhere is not followed): relative to the project's folder when inside it."""
    docs = Path(os.path.abspath(config.docs_dir))
    base = Path(os.path.abspath(Path(config.config_file_path).parent))
    return docs.relative_to(base).as_posix() if docs.is_relative_to(base) else str(docs)


def _settings_problems(site_name: str, site_name_at: Located, source: Located,
                       project: Project, options: Options) -> list[Problem]:
    """What is wrong with the settings themselves: the site name and the folders."""
    problems = []
    message = site_name_problem(site_name)
    if message is not None:
        problems.append(site_name_at.problem(("site_name",), message))
    cache = project.root / options.cache_dir
    if options.pdf and (reason := cache_problem(cache, project.root) or cache_place_problem(
            cache, options.cache_dir, Sources.of(project.root, content=project.content_dir,
                                                 rubrics=project.rubrics_dir,
                                                 overrides=project.root / options.overrides_dir))):
        problems.append(source.problem(("cache_dir",), reason))
    if not project.rubrics_dir.is_dir():
        shown = project.display(project.rubrics_dir)
        problems.append(source.problem(
            ("rubrics_dir",), f"{shown} is a file, not a folder; move the file away, or set "
            "rubrics_dir to the folder that holds the rubrics" if project.rubrics_dir.exists()
            else f"no folder {shown}/ for the rubrics; create it, or set rubrics_dir to the "
            "folder that holds them"))
    overrides = project.root / options.overrides_dir
    if overrides.exists() and not overrides.is_dir():
        problems.append(source.problem(
            ("overrides_dir",), f"{project.display(overrides)} is a file, not a folder; move "
            "the file away, or set overrides_dir to the folder of the guide's templates and "
            "message catalogues"))
    return problems


def _theme_language_problem(config: MkDocsConfig, language: str) -> str | None:
    """Why the theme cannot show its interface in ``language``, or None if it can. Material
    keeps a template of its words per language, which a fork may add in its custom_dir."""
    if config.theme.name != "material":
        return None
    folders = [Path(d) / "partials" / "languages" for d in config.theme.dirs]
    if any((folder / f"{language}.html").is_file() for folder in folders):
        return None
    known = sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.html")})
    hint = did_you_mean(language, known)
    return (f"Material for MkDocs has no interface in '{language}'"
            + (f"; {hint}" if hint else f"; it has: {', '.join(known)}"))


STAGED_DOCS, STAGED_THEME, STAGED_SITE = "docs", "theme", "site"
"""The folders of a staged site source (see :meth:`GuideBuild.stage`)."""

SETTINGS = ("site_name", "site_url", "site_description", "site_author", "copyright",
            "repo_url", "repo_name", "edit_uri", "use_directory_urls", "extra", "extra_css",
            "extra_javascript", "nav", "strict", "validation")
"""The settings of mkdocs.yml that a staged site source carries over as they are."""
THEME_SETTINGS = ("name", "language", "direction", "features", "font", "icon", "favicon",
                  "palette", "logo")


def plugin_options(config: MkDocsConfig) -> Any:
    """The rubric-guide plugin's options as MkDocs read them (merged from the files that
    INHERIT one another), not yet checked."""
    plugin = config.plugins.get(PLUGIN)
    return getattr(getattr(plugin, "site", None), "raw_options", None)


def settings_of(config: MkDocsConfig) -> dict[str, Any]:
    """The settings of ``config`` (mkdocs.yml and what it inherits, with !ENV resolved) that
    decide what an engine builds, as plain data in mkdocs.yml's shape, with the Markdown
    extensions as a mapping of their names to their options."""
    settings: dict[str, Any] = {}
    for key in SETTINGS:
        value = config.get(key)
        if key in ("extra_css", "extra_javascript"):
            value = [str(getattr(item, "path", item)) for item in value or []]
        if key == "validation":  # levels, as MkDocs reads them back from their names
            value = _plain(value, {v: k for k, v in _LogLevel.levels.items()})
        if value is not None:
            settings[key] = _plain(value)
    settings["theme"] = {key: _plain(config.theme[key]) for key in THEME_SETTINGS
                         if config.theme.get(key) is not None}
    settings["markdown_extensions"] = {name: dict(config.mdx_configs.get(name) or {})
                                       for name in config.markdown_extensions}
    plugins: list[Any] = []
    for name, plugin in config.plugins.items():
        short = name.removeprefix("material/")
        if short == "search":
            plugins.append("search")
        elif short == "offline":
            plugins.append({"offline": {"enabled": bool(plugin.config.enabled)}})
    settings["plugins"] = plugins
    return settings


def _plain(value: Any, names: Mapping[Any, str] | None = None) -> Any:
    """``value`` as plain mappings, lists and scalars (MkDocs keeps some settings in its own
    mapping types), with the scalars found in ``names`` replaced by their names."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, names) for v in value]
    return names.get(value, value) if names and not isinstance(value, bool) else value


@functools.cache
def _english() -> Messages:
    return load_messages(DEFAULT_LANGUAGE)
