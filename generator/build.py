"""The library behind the MkDocs plugin and the CLI: one object runs the stages in order.

``GuideBuild.prepare()`` loads, validates and renders everything into memory. It runs in
MkDocs' ``on_config``, before MkDocs cleans ``site/``, so bad content or a broken template
stops the build while the previous site is still intact.
"""

from __future__ import annotations

import gc
import html
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import click
import jinja2
from babel import Locale, UnknownLocaleError
from mkdocs.config.defaults import MkDocsConfig

from . import book, kinds
from .book import book_document
from .errors import ContentError, Located, Problem, file_problem, format_key_path
from .exports import CaseSettings, site_files
from .guide import Guide
from .i18n import DEFAULT_LANGUAGE, Messages, load_messages
from .incremental import Reuse
from .mkdocs_config import build_arguments, load_mkdocs_config, plugin_options
from .options import DefaultOptions, Options, OwnPage
from .page_links import missing_targets, unlink_hidden
from .parallel import Job
from .project import Project
from .render import TEMPLATES_DIR, Page, Renderer, render_problem
from .schema import site_files as schema_site_files
from .settings import (
    Branding,
    ContentSwitches,
    OptionsReader,
    apply_switches,
    prune_nav,
    retitle_nav,
)
from .sheets import ASSETS_DIR, DEFAULT_CACHE_DIR, PdfRenderer, SheetSettings
from .site_settings import THEME_DIR, asset_files, nav_titles, untranslated_titles
from .site_settings import site_settings as site_settings_for
from .translate import (
    Fallback,
    Navigation,
    Translation,
    TranslationError,
    extract,
    translated_guide,
)
from .validate import (
    collisions,
    content_files,
    data_file_uris,
    generated_paths,
    load_guide,
)

log = logging.getLogger("mkdocs.plugins.rubric-guide")

FORK_MIN_RUBRICS = 200
"""Rubrics from which a forked copy renders half of them and the exports, and another indexes
the pages for search (see :mod:`.parallel`, :mod:`.search`); with fewer, the copies save a few
tenths of a second and cost more CPU time than that. Missing PDFs are shared at any size."""


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
    nav: list[Any] | None = None
    """mkdocs.yml's navigation, as written: what district.yml's pages are placed in and the
    titles a translation translates."""
    nav_at: Located | None = None
    """Where :attr:`nav` is written (mkdocs.yml, or a file it inherits), for its warnings."""
    own_pages: tuple[OwnPage, ...] = ()
    """district.yml's own pages for the navigation; once loaded, the ones found right."""
    sheet: SheetSettings | None = None
    """What every sheet shares; :attr:`site_name`'s sheets when not given."""
    cache_dir: Path | None = None
    """Where PDFs are cached between builds; `DEFAULT_CACHE_DIR` of the project when None."""
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``: links name folders (``x/``), or files when off."""
    offline: bool = False
    """Whether this is a copy to read from disk, which publishes :data:`OFFLINE_SHIM`."""
    parallel: bool = False
    """Whether forked copies of the process may render rubrics, exports and PDFs meanwhile,
    where :func:`.parallel.can_fork`. The plugin turns it on."""
    guide: Guide = field(default_factory=Guide)
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
    content_language: str = DEFAULT_LANGUAGE
    """The language the content is written in, published at the site's root."""
    translations: list[str] = field(default_factory=list)
    """The languages the guide is also published in, each at ``/<language>/``."""
    translated_into: str = ""
    """The language of this build when it is a translation of another (see
    :meth:`translation`)."""
    preview: bool = False
    """Whether this is a preview (``serve``): it leaves out the whole guide as one PDF, which
    takes long to make, and renders again only what an edit changed when :attr:`reuse` is
    given."""
    reuse: Reuse | None = None
    """What earlier builds of the preview rendered, kept across its builds (see
    :mod:`.incremental`)."""
    problems: list[Problem] = field(default_factory=list)
    """What a preview found wrong, shown on its pages instead of the guide (see :meth:`prepare`)."""
    _pages_by_uri: dict[str, Page] = field(default_factory=dict, repr=False)
    _filled: dict[str, str] = field(default_factory=dict, repr=False)
    """Hand-written pages with their generated parts filled in, by their path."""
    _data_uris: set[str] | None = field(default=None, repr=False)
    _published: set[str] | None = field(default=None, repr=False)
    hidden_links: dict[str, dict[str, None]] = field(default_factory=dict)
    """Each hidden page that hand-written pages link to, with those pages: the links are
    published as their words."""
    missing_links_warn: bool = True
    """Whether a link to a file the site does not have is a warning, as MkDocs'
    ``validation.links.not_found`` says."""
    link_warnings: list[Problem] = field(default_factory=list)
    """Links of hand-written pages to files the site does not have, which MkDocs warns of
    itself; ``rubric-guide check`` and the Zensical build report them."""

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> GuideBuild:
        """A build for the project described by ``config_file``, without running MkDocs.
        Raises :class:`ContentError` when MkDocs cannot read the file."""
        config = load_mkdocs_config(config_file)
        return cls.from_config(config, plugin_options(config))

    @classmethod
    def from_config(cls, config: MkDocsConfig, raw_options: Any) -> GuideBuild:
        """A build from MkDocs' configuration and the rubric-guide plugin's options as MkDocs
        read them (see :func:`~generator.mkdocs_config.build_arguments`)."""
        return cls(**build_arguments(config, raw_options))

    def prepare(self, render_pdfs: bool = True, *,
                preview_of: dict[str, bool] | None = None) -> None:
        """Load, validate and render. Raises :class:`ContentError` with every problem.

        With ``render_pdfs=False`` the sheet documents are still rendered, so their templates
        are checked, but WeasyPrint is not run. A preview (``mkdocs serve``) passes the pages
        its last build had as ``preview_of`` (empty before the first): problems then do not
        raise, and every one of those pages lists them instead (:attr:`problems`), so the
        browser always gets an answer.
        """
        self.preview = preview_of is not None
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
        self._produce(render_pdfs)

    def _produce(self, render_pdfs: bool) -> None:
        """Render the loaded guide: exports, pages and PDFs."""
        # The rubrics in the formats other systems read, by a copy of the process if it may;
        # a preview takes those of unchanged rubrics from its earlier builds instead.
        if self.reuse is not None:
            self.reuse.begin()
        with _collector_paused(), Job(partial(site_files, self.guide, self.case_settings()),
                                      fork=self.shares_work and self.reuse is None) as exports:
            documents = self._render(self.shares_work)
            assert self.renderer is not None
            self.exports = exports.result() if self.reuse is None else site_files(
                self.guide, self.case_settings(), self.renderer.reused)
        if self.reuse is not None:
            self.reuse.end()
            log.info("Rendered again what the change touched: %d of %d rubric outputs",
                     self.reuse.rendered, self.reuse.rendered + self.reuse.reused)
        self.pdf_paths = list(documents)
        # Render the PDFs here too, so a missing library also stops before site/ is cleaned.
        if documents and render_pdfs:
            self.pdfs = self.render_pdfs(documents)

    @property
    def sheet_settings(self) -> SheetSettings:
        """What every sheet shares: :attr:`sheet`, or the guide's name alone."""
        return self.sheet or SheetSettings(guide=self.site_name)

    @property
    def shares_work(self) -> bool:
        """Whether copies share the work of this guide, once loaded: :attr:`parallel`, for at
        least :data:`FORK_MIN_RUBRICS` rubrics."""
        return self.parallel and len(self.guide.rubrics) >= FORK_MIN_RUBRICS

    def _render(self, fork: bool) -> dict[str, str]:
        """Render the generated pages, reading hand-written ones for their citations; returns
        the sheet documents to make PDFs of, keyed by their path in the site."""
        self.renderer = Renderer(self.guide, self.overrides_dir, self.site_name,
                                 self.sheet_settings,
                                 self.messages, self.branding, self.directory_urls,
                                 book=not self.preview)
        if self.reuse is not None:
            self.renderer.reusing(self.reuse, self.overrides_dir)
        if self.preview and self.renderer.sheet.pdf:
            log.info("The preview leaves out the whole guide as one PDF (%s) and the home "
                     "page's link to it, so that an edit shows at once; `rubric-guide build` "
                     "makes it", kinds.BOOK_PDF)
        try:
            handwritten = {path: text for path, text in self.guide.pages.items()
                           if not self.switches.is_hidden(path)}
            self.pages = [page for page in self.renderer.pages(handwritten, fork=fork)
                          if not self.switches.is_hidden(page.src_uri)]
            self._pages_by_uri = {page.src_uri: page for page in self.pages}
            self._published, self.hidden_links = None, {}
            self._filled = {uri: self.transform(text, uri) for uri, text in handwritten.items()}
            self._check_links()
            if not self.renderer.sheet.pdf:
                return {}
            renderer = self.renderer
            rubrics = list(self.guide.rubrics.values())
            made = renderer.reused("document", rubrics,
                                   lambda items: [renderer.sheet_document(r) for r in items])
            documents = {rubric.paths.pdf: made for rubric, made in zip(rubrics, made,
                                                                         strict=True)}
            if renderer.book_pdf:
                documents[kinds.BOOK_PDF] = book_document(renderer,
                                                          handwritten.get(book.HOME_PAGE))
            return documents
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem("template", exc)]) from exc

    def load(self) -> None:
        """Read the district's options, then load and validate every data file, relabel levels
        and leave out hidden content. All problems are reported together."""
        reader = OptionsReader(self.source, self.project)
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
        problems += collisions(self.project, self.guide, self.directory_urls)
        if not self.guide.rubrics:
            self.guide.warnings.append(self._no_rubrics())
        self.switches = reader.switches(self.options, self.guide, list(self.guide.pages))
        self.own_pages = reader.own_pages(self.own_pages, self.guide, self.nav)
        self.guide.warnings += self.untranslated_titles()
        if not problems and not reader.problems:
            for entry, message in apply_switches(self.guide, self.switches):
                reader.problem(("hide", self.switches.hide.index(entry)), message)
        problems += reader.problems
        if problems:
            raise ContentError(problems)
        self.sheet = replace(self.sheet_settings,
                             organization=self.branding.organization,
                             logo=self.branding.logo_data_uri)
        self.guide.warnings += self.translation_warnings()

    # -- translations --------------------------------------------------------------------------

    def navigation_texts(self) -> Navigation:
        """The navigation's titles as this build shows them, by page path (or a section's
        title in the settings), for translators."""
        pruned = prune_nav(self.nav, self.switches.hidden_pages())
        shown = retitle_nav(pruned, nav_titles(self))
        titles: dict[str, str] = {}

        def walk(before: Any, after: Any) -> None:
            for old, new in zip(before or [], after or [], strict=True):
                if isinstance(old, Mapping) and isinstance(new, Mapping):
                    (title, target), = old.items()
                    (shown_title, children), = new.items()
                    key = target if isinstance(target, str) else str(title)
                    titles[key] = html.unescape(str(shown_title))
                    if isinstance(target, list):
                        walk(target, children)
        walk(pruned, shown)
        return Navigation(titles, self.source_file)

    @property
    def source_file(self) -> str:
        """The settings file, as messages name it."""
        return self.project.display(self.project.root / "mkdocs.yml")

    def translation_warnings(self) -> list[Problem]:
        """What each translation still lacks; a PO file that cannot be read is a problem."""
        if not self.translations or self.translated_into:
            return []
        units = extract(self.guide, self.project, self.navigation_texts())
        warnings: list[Problem] = []
        problems: list[Problem] = []
        for language in self.translations:
            try:
                warnings += Translation.read(self.project, language,
                                             self.content_language).warnings(units)
            except TranslationError as exc:
                problems += exc.problems
        if problems:
            raise ContentError(problems)
        return warnings

    def translation(self, language: str, render_pdfs: bool = True) -> GuideBuild:
        """This guide in ``language``, rendered: its texts as ``translations/<language>.po``
        gives them (the source text, marked with its language, where it gives none), its
        interface in ``language``, published at ``/<language>/``. :meth:`prepare` runs
        first."""
        translation = Translation.read(self.project, language, self.content_language)
        navigation = self.navigation_texts()
        titles = {target: translation.lookup(navigation.context(target), title)
                  for target, title in navigation.titles.items()}
        other = replace(
            self, guide=translated_guide(self.guide, self.project, translation),
            language=language, translated_into=language,
            messages=load_messages(language, self.overrides_dir,
                                   self.options.messages if language == self.language else {}),
            navigation={**self.navigation, **{target: title for target, title in titles.items()
                                              if not isinstance(title, Fallback)}},
            sheet=replace(self.sheet_settings, language=language, content_language=language,
                          site_url=self.translation_url(language)),
            site_url=self.translation_url(language), pages=[], pdfs={}, exports={},
            pdf_paths=[], renderer=None, reuse=None, _pages_by_uri={}, _filled={},
            _data_uris=None)
        other._produce(render_pdfs)
        return other

    def translation_url(self, language: str) -> str:
        """The address the translation into ``language`` is published at, if the guide's is
        known."""
        return f"{self.site_url.rstrip('/')}/{language}/" if self.site_url else ""

    def alternates(self) -> list[dict[str, str]]:
        """The languages of the guide for the theme's language switcher, each linked from the
        root of this build's site (empty, ``es/``, ``../``)."""
        if not self.translations:
            return []
        up = "../" if self.translated_into else ""
        return [{"name": language_name(code), "lang": code,
                 "link": up if code == self.content_language else f"{up}{code}/"}
                for code in (self.content_language, *self.translations)]

    def _no_rubrics(self) -> Problem:
        """The warning of a rubrics folder without a rubric, at the setting naming it."""
        folder = self.project.display(self.project.rubrics_dir) + "/"
        example = self.project.display(self.project.file_of(kinds.RUBRIC, "<id>"))
        problem = self.source.problem(("rubrics_dir",), (
            f"the rubrics folder {folder} holds no rubric file ({example}), so the guide "
            "would publish no rubric; put the rubrics there, or set rubrics_dir to the folder "
            "that holds them"))
        return replace(problem, warning=True)

    def untranslated_titles(self) -> list[Problem]:
        """A warning for each title of mkdocs.yml's navigation left in English in a guide in
        another language, at its line."""
        warnings = []
        for path, title in untranslated_titles(self, self.nav):
            message = (f"the navigation title '{title}' has no translation into "
                       f"'{self.language}', so readers see it in English; give it one in "
                       f"district.yml: navigation: {{{title}: ...}}")
            problem = (self.nav_at.problem(path, message, of_key=True) if self.nav_at
                       else Problem("mkdocs.yml", 0, 0, format_key_path(path), message))
            warnings.append(replace(problem, warning=True))
        return warnings

    def interface_messages(self) -> Messages:
        """The guide's words in its language with the district's changes, for commands that
        write files for editors; the shipped catalogue when the changes have a mistake, which
        ``check`` reports."""
        try:
            return load_messages(self.language, self.overrides_dir, self.options.messages)
        except ContentError:
            return load_messages(self.language)

    def site_settings(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """The site's settings for an engine (see :mod:`.site_settings`)."""
        return site_settings_for(self, base)

    def case_settings(self) -> CaseSettings:
        """What the guide's CASE packages say about it: its name, edition and address."""
        sheet = self.sheet_settings
        return CaseSettings.for_edition(
            sheet.guide, sheet.edition, sheet.site_url, sheet.content_language,
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
        if missing:  # a missing library stops the build here, not in a copy
            renderer.weasyprint  # noqa: B018 - imported for its check
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
        if not self.preview:  # which would drop the book it leaves out from the cache
            renderer.prune()
        for warning in dict.fromkeys(renderer.warnings):
            log.warning(warning)
        damaged = f", {renderer.damaged} damaged in the cache rendered again" if (
            renderer.damaged) else ""
        sheets = [path for path in documents if path != kinds.BOOK_PDF]
        rendered = sum(path in missing for path in sheets)
        log.info("PDF sheets: %d rendered, %d reused from cache%s",
                 rendered, len(sheets) - rendered, damaged)
        if kinds.BOOK_PDF in documents:
            log.info("The whole guide as one PDF, %s: %s", kinds.BOOK_PDF,
                     "rendered" if kinds.BOOK_PDF in missing else "reused from cache")
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
        for files in (self.pdfs, self.exports, asset_files(self.branding, self.offline),
                      schema_site_files()):
            for path, content in files.items():
                yield path, content, None

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
        return self.project.pages()

    def problem_pages(self, problems: list[Problem], pages: dict[str, bool]) -> list[Page]:
        """``pages`` (as :meth:`known_pages` gives them) each showing ``problems``, for a
        preview that answers every request while the content cannot be built."""
        renderer = Renderer(Guide(), self.overrides_dir, self.site_name, self.sheet,
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
        if src_uri == book.HOME_PAGE and self.renderer.book_pdf:
            markdown = book.with_link(markdown)
        try:
            filled = self.renderer.transform_handwritten(markdown, src_uri)
        except ContentError as exc:  # named by the page's path in the content folder
            shown = self.project.display(self.project.content_dir / src_uri)
            raise ContentError([replace(p, file=shown) for p in exc.problems]) from None
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem(src_uri, exc)]) from exc
        text, hidden = unlink_hidden(filled, src_uri, self.switches.is_hidden,
                                     self.published_files())
        for target in hidden:
            self.hidden_links.setdefault(target, {})[src_uri] = None
        return text

    def published_files(self) -> set[str]:
        """Every page and file the site publishes, by its path in the content folder (a
        page) or the site (any other file): hand-written and generated. :meth:`prepare`
        runs first."""
        if self._published is None:
            visible = [uri for uri in (*self.guide.pages, *content_files(self.project,
                                                                         self.guide))
                       if not self.switches.is_hidden(uri)]
            no_pdfs = set() if self.renderer is None or self.renderer.sheet.pdf else {
                rubric.paths.pdf for rubric in self.guide.rubrics.values()}
            self._published = {*visible, *generated_paths(self.project, self.guide),
                               *asset_files(self.branding, self.offline)} - no_pdfs
        return self._published

    def _check_links(self) -> None:
        """Log, once per hidden page, the pages whose links to it are published as their
        words; and find the links of hand-written pages that lead nowhere
        (:attr:`link_warnings`)."""
        for target, pages in sorted(self.hidden_links.items()):
            log.info("Links to %s, which is hidden, are shown as text in: %s", target,
                     ", ".join(pages))
        published = self.published_files()
        folder = self.project.display(self.project.content_dir)
        self.link_warnings = [
            Problem(self.project.display(self.project.content_dir / uri), line, column, "",
                    f"the link '{link.href}' leads to no page or file of the guide: no "
                    f"{folder}/{link.target}; correct the link, or add the file", warning=True)
            for uri, text in self._filled.items() if self.missing_links_warn
            for line, column, link in missing_targets(text, uri, published)]

    def data_file_uris(self) -> set[str]:
        """Data files inside the content folder, as MkDocs names them, to keep out of site/."""
        if self._data_uris is None:
            self._data_uris = data_file_uris(self.project, self.guide)
        return self._data_uris

    def watch_paths(self) -> list[Path]:
        """Folders (and district.yml) whose changes should rebuild a preview."""
        paths = [self.project.rubrics_dir, TEMPLATES_DIR, ASSETS_DIR, THEME_DIR,
                 self.project.file_of(kinds.DISTRICT)]
        if self.overrides_dir is not None:
            paths.append(self.overrides_dir)
        return [p for p in paths if p.exists()]



def language_name(code: str) -> str:
    """A language's name in itself (``español``), as language switchers show it."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code
    return name or code


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


