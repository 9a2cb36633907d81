"""The library behind the MkDocs plugin and the CLI: one object runs the stages in order.

``GuideBuild.prepare()`` loads, validates and renders everything into memory. It runs in
MkDocs' ``on_config``, before MkDocs cleans ``site/``, so bad content or a broken template
stops the build while the previous site is still intact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import click
import jinja2
from mkdocs.config.defaults import MkDocsConfig

from . import book, kinds, languages, parallel, pdfs
from .compiled import keep_compiled_in
from .errors import ContentError, Located, Problem, file_problem, log
from .exports import CaseSettings
from .exports import site_files as export_files
from .guide import Guide
from .i18n import DEFAULT_LANGUAGE, Messages
from .incremental import Reuse
from .load import forget_what_was_read, template_conflicts
from .mkdocs_config import build_arguments, load_mkdocs_config, plugin_options
from .options import DefaultOptions, Options, OwnPage
from .output import CACHE_ROOT
from .page_links import log_hidden_links, missing_links, unlink_hidden
from .parallel import Job, collector_paused
from .project import Project
from .render import Page, Renderer, render_problem
from .settings import HOME_PAGE, Branding, ContentSwitches, OptionsReader, apply_switches
from .sheets import DEFAULT_CACHE_DIR, SheetSettings
from .site_files import published_files
from .spool import Spool, release_freed_memory
from .urls import DEFAULT_HEADING_IDS, HeadingIds
from .validate import collisions, data_file_uris, load_guide


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
    exports: dict[str, str | Path] = field(default_factory=dict)
    """Each rubric in Canvas CSV, CASE and JSON, keyed by its path in the site: its text, or
    where :attr:`spool` keeps it."""
    spool: Spool | None = None
    """Where the exports and the pages' HTML blocks are kept until MkDocs writes them, instead
    of in memory (see :mod:`.spool`); the MkDocs plugin gives one to a build that is not a
    preview, and closes it when the build ends."""
    heading_ids: HeadingIds = DEFAULT_HEADING_IDS
    """The ids MkDocs gives headings, by the settings' ``toc`` extension."""
    links_from_source: bool = False
    """Whether the links the generated HTML holds are relative to the folder of the page's
    source file, for an engine that reads them so (see :class:`.staged.Engine`), rather
    than to the page's address."""
    keeps_compiled: bool = False
    """Whether the templates it compiles are kept in the project's cache for the next build
    (see :mod:`.compiled`): builds and previews keep them, ``rubric-guide check`` does not."""
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
    """Whether this is a preview (``serve``): it shows the content's language only, leaves out
    the whole guide as one PDF, which takes long to make, and renders again only what an edit
    changed when :attr:`reuse` is given."""
    reuse: Reuse | None = None
    """What earlier builds of the preview rendered, kept across its builds (see
    :mod:`.incremental`)."""
    problems: list[Problem] = field(default_factory=list)
    """What a preview found wrong, shown on its pages instead of the guide (see :meth:`prepare`)."""
    _pages_by_uri: dict[str, Page] = field(default_factory=dict, repr=False)
    filled: dict[str, str] = field(default_factory=dict, repr=False)
    """The hand-written pages it publishes, their generated parts filled in, by their path."""
    data_uris: set[str] = field(default_factory=set)
    """Data files inside the content folder, as MkDocs names them, to keep out of site/."""
    published: set[str] = field(default_factory=set)
    """Every page and file the site publishes (see :func:`.site_files.published_files`)."""
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
        keep_compiled_in(self.project.root / CACHE_ROOT if self.keeps_compiled else None)
        if self.preview:
            languages.log_preview_languages(self)
        try:
            self._prepare(render_pdfs)
        except click.ClickException as exc:
            if preview_of is None:
                raise
            self.problems = exc.problems if isinstance(exc, ContentError) else [
                Problem("", 0, 0, "", exc.format_message())]
            renderer = self._renderer(Guide())
            self.pages = [renderer.problem_page(uri, self.problems, in_nav)
                          for uri, in_nav in (preview_of or self.known_pages()).items()]
            self._pages_by_uri = {page.src_uri: page for page in self.pages}
            self.pdfs, self.exports, self.pdf_paths = {}, {}, []
            for problem in self.problems:
                log.error(str(problem))
            log.error("The preview shows these problems on every page until they are fixed")

    def _prepare(self, render_pdfs: bool) -> None:
        try:
            with collector_paused():
                self.load()
            if self.spool is not None:  # a build, not a preview: nothing is read again
                forget_what_was_read()
            self._produce(render_pdfs)
            if self.spool is not None:  # a build, not a preview: MkDocs takes over next
                release_freed_memory()
        except OSError as exc:  # a template or other file of the project that cannot be read
            name = exc.filename if isinstance(exc.filename, str) else "a file"
            raise ContentError([file_problem(self.project.display(Path(name)), exc)]) from None

    def _produce(self, render_pdfs: bool) -> None:
        """Render the loaded guide: exports, pages and PDFs."""
        # The rubrics in the formats other systems read, by a copy of the process if it may;
        # a preview takes those of unchanged rubrics from its earlier builds instead.
        if self.reuse is not None:
            self.reuse.begin()
        spool = self.spool if self.reuse is None else None
        with collector_paused(), Job(partial(export_files, self.guide, self.case_settings(),
                                             spool=spool),
                                     fork=self.shares_work and self.reuse is None) as exports:
            documents = self._render(self.shares_work)
            assert self.renderer is not None
            self.exports = exports.result() if self.reuse is None else export_files(
                self.guide, self.case_settings(), self.renderer.reused)
        if self.reuse is not None:
            self.reuse.end()
            log.info("Rendered again what the change touched: %d of %d rubric outputs",
                     self.reuse.rendered, self.reuse.rendered + self.reuse.reused)
        self.pdf_paths = list(documents)
        # Render the PDFs here too, so a missing library also stops before site/ is cleaned.
        if documents and render_pdfs:
            cache = self.cache_dir or self.project.root / DEFAULT_CACHE_DIR
            if self.translated_into:  # each language keeps its own PDFs from one build on
                cache = cache / self.translated_into
            # A preview keeps the cache whole: it leaves out the book, which the next build
            # takes from there.
            self.pdfs = pdfs.render(documents, cache, self.parallel, prune=not self.preview)

    @property
    def sheet_settings(self) -> SheetSettings:
        """What every sheet shares: :attr:`sheet`, or the guide's name alone."""
        return self.sheet or SheetSettings(guide=self.site_name)

    @property
    def shares_work(self) -> bool:
        """Whether copies share the work of this guide, once loaded: :attr:`parallel`, for at
        least :data:`.parallel.FORK_MIN_RUBRICS` rubrics."""
        return self.parallel and len(self.guide.rubrics) >= parallel.FORK_MIN_RUBRICS

    def _render(self, fork: bool) -> dict[str, str]:
        """Render the generated pages, reading hand-written ones for their citations; returns
        the sheet documents to make PDFs of, keyed by their path in the site."""
        self.renderer = self._renderer(self.guide, whole_book=not self.preview)
        if self.reuse is not None:
            self.renderer.reusing(self.reuse, self.overrides_dir)
        else:
            self.renderer.spool = self.spool
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
            self.data_uris = data_file_uris(self.project, self.guide)
            self.published, self.hidden_links = published_files(self), {}
            self.filled = {uri: self.transform(text, uri) for uri, text in handwritten.items()}
            log_hidden_links(self.hidden_links)
            self.link_warnings = missing_links(self.project, self.filled, self.published
                                               ) if self.missing_links_warn else []
            return pdfs.documents_to_render(self.renderer, list(self.guide.rubrics.values()),
                                            handwritten.get(HOME_PAGE))
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem("template", exc)]) from exc

    def _renderer(self, guide: Guide, *, whole_book: bool = True) -> Renderer:
        """A renderer of ``guide`` with this build's settings."""
        return Renderer(guide, self.overrides_dir, self.site_name, self.sheet_settings,
                        self.messages, self.branding, self.directory_urls, book=whole_book,
                        links_from_source=self.links_from_source, heading_ids=self.heading_ids)

    def load(self) -> None:
        """Read the district's options, then load and validate every data file, relabel levels
        and leave out hidden content. All problems are reported together."""
        reader = OptionsReader(self.source, self.project)
        self.branding = reader.branding(self.options)
        self.messages, message_problems = languages.interface_messages(self)
        problems = [*self.settings_problems, *message_problems,
                    *template_conflicts(self.overrides_dir, self.project.display)]
        try:
            self.guide = load_guide(self.project)
        except ContentError as exc:
            raise ContentError([*problems, *reader.problems, *exc.problems]) from None
        problems += collisions(self.project, self.guide, self.directory_urls)
        self.guide.warnings += reader.rubrics_warnings(self.guide)
        self.switches = reader.switches(self.options, self.guide, list(self.guide.pages))
        self.own_pages = reader.own_pages(self.own_pages, self.guide, self.nav)
        self.guide.warnings += reader.navigation_warnings(self.navigation, self.guide,
                                                          self.nav, self.nav_at, self.own_pages)
        self.guide.warnings += languages.untranslated_title_warnings(self)
        if not problems and not reader.problems:
            for entry, message in apply_switches(self.guide, self.switches):
                reader.problem(("hide", self.switches.hide.index(entry)), message)
        problems += reader.problems
        if problems:
            raise ContentError(problems)
        self.sheet = replace(self.sheet_settings, organization=self.branding.organization,
                             logo=self.branding.logo_data_uri)
        self.guide.warnings += languages.translation_warnings(self)

    def translation(self, language: str, render_pdfs: bool = True) -> GuideBuild:
        """This guide in ``language``, rendered (see :func:`~generator.languages.translated`),
        to publish at ``/<language>/``. :meth:`prepare` runs first."""
        other = replace(self, **languages.translated(self, language), pages=[], pdfs={}, exports={},
                        pdf_paths=[], renderer=None, reuse=None, spool=None, _pages_by_uri={},
                        filled={})
        other._produce(render_pdfs)
        return other

    def case_settings(self) -> CaseSettings:
        """What the guide's CASE packages say about it: its name, edition and address."""
        sheet = self.sheet_settings
        return CaseSettings.for_edition(
            sheet.guide, sheet.edition, sheet.site_url, sheet.content_language,
            self.messages("rubrics.case_alignment") if self.messages else "")

    def known_pages(self) -> dict[str, bool]:
        """Every page of this build, hand-written and generated, and whether it is in the
        navigation; for a guide that failed to load, the pages its files would make."""
        if self.pages:
            return {**dict.fromkeys(self.guide.pages, True),
                    **{page.src_uri: page.in_nav for page in self.pages}}
        return self.project.pages()

    def page(self, src_uri: str) -> Page | None:
        """The generated page at ``src_uri``, if there is one."""
        return self._pages_by_uri.get(src_uri)

    def transform(self, markdown: str, src_uri: str) -> str:
        """Fill in the generated parts of a hand-written page. :meth:`prepare` fills in every
        page once, so that a broken marker is reported with the content's other problems."""
        assert self.renderer is not None, "prepare() runs first"
        if src_uri in self.filled and self.guide.pages.get(src_uri) == markdown:
            return self.filled[src_uri]
        if src_uri == HOME_PAGE:
            markdown = book.with_home_blocks(markdown, bool(self.renderer.book_pdf))
        try:
            filled = self.renderer.transform_handwritten(markdown, src_uri)
        except ContentError as exc:  # named by the page's path in the content folder
            shown = self.project.display(self.project.content_dir / src_uri)
            raise ContentError([replace(p, file=shown) for p in exc.problems]) from None
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem(src_uri, exc)]) from exc
        text, hidden = unlink_hidden(filled, src_uri, self.switches.is_hidden,
                                     self.published)
        for target in hidden:
            self.hidden_links.setdefault(target, {})[src_uri] = None
        return text
