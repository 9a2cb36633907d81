"""The guide built by MkDocs: what the plugin's events ask of the library, and nothing else.

:class:`MkDocsSite` holds one MkDocs run of a guide. Each method answers one of MkDocs'
events, so ``plugin.py`` is glue, as in mkdocs-gen-files. Everything here is about MkDocs: its
configuration object, its files, its pages, its search plugin. What a guide is, and what is
published, the engine-neutral :class:`~generator.build.GuideBuild` decides.

Two speed tricks only MkDocs needs live here: generated HTML reaches MkDocs as placeholders
and is put back after Markdown (:meth:`page_content`), and a large guide's pages are indexed for
Material's search by a forked copy of the process (:mod:`.search`).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import CountHandler

from . import parallel
from .build import GuideBuild
from .compiled import THEME_TEMPLATES
from .errors import Problem, SetupError, log, os_reason, shown, warning_lines
from .incremental import Reuse
from .interrupt import StopSignals
from .kinds import RUBRIC
from .mkdocs_config import load_mkdocs_config, settings_of
from .mkdocs_preview import PartialRebuilds
from .output import CACHE_ROOT, Output, check_guide_output, display
from .project import data_files
from .publish import Publication, Summary
from .render import markdown_title, render_problem
from .search import SearchInCopy, search_first
from .sheets import load_weasyprint
from .site_files import leaves_out, site_files
from .site_settings import THEME_DIR, site_settings
from .spool import spool_in
from .staged import stage_translation, translation_folder
from .watching import keep_watching, kept_paths, only_the_guides_files, watch_paths

_MARKED_HEADING = re.compile(
    r'<h[1-6] id="(?P<id>[^"]+)"[^>]*>\s*<span lang="(?P<lang>[^"]+)">(?:(?!</?span\b).)*'
    r'</span>\s*(?:<a class="headerlink"[^>]*>[^<]*</a>\s*)?</h[1-6]>', re.DOTALL)
"""A heading whose whole text is in another language than the page's, as a translation shows
a text it has no translation for yet."""


def mark_contents_languages(html: str, toc: Iterable[AnchorLink]) -> None:
    """Give the entries of a page's contents ("On this page") the ``lang`` of their heading
    where it is all in another language (WCAG 3.1.2), so a screen reader reads an English
    heading in English in the Spanish guide. MkDocs keeps only a heading's text for its entry;
    Material shows an entry's ``typeset`` title as HTML (Zensical shows every entry so)."""
    marked = {found["id"]: found["lang"] for found in _MARKED_HEADING.finditer(html)}
    links = list(toc)
    while marked and links:
        link = links.pop()
        if lang := marked.get(link.id):
            typeset = {"title": f'<span lang="{lang}">{link.title}</span>'}
            setattr(link, "typeset", typeset)  # noqa: B010 (an attribute Material reads)
        links += link.children


class ContentsLanguages(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """:func:`mark_contents_languages` for a translation, which MkDocs builds from its staged
    source without the guide's plugin."""

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        mark_contents_languages(html, page.toc)
        return html


class MkDocsSite:
    """One MkDocs run of a guide, across the rebuilds of ``mkdocs serve``."""

    def __init__(self) -> None:
        self.raw_options: Any = {}
        """The plugin's options as written in mkdocs.yml, checked by the library's model."""
        self.build: GuideBuild | None = None
        self.search: SearchInCopy | None = None
        self.command = "build"
        self.dirty = False
        self.publication: Publication | None = None
        self.previewed: dict[str, bool] = {}
        """The pages of the last build ``mkdocs serve`` could make, to show problems on."""
        self.signals = StopSignals()
        self.output: Output | None = None
        """The output folder as the command line named it, when it did."""
        self.base_settings: dict[str, Any] = {}
        """The site's settings as the project gives them, before the guide's are added: what
        each translation's site starts from."""
        self.clean: bool | None = None
        """Whether ``rubric-guide build --clean`` allows replacing a folder of files no
        build of ours wrote; None under ``mkdocs build``."""
        self.reuse = Reuse()
        """What the earlier builds of ``mkdocs serve`` rendered (see :mod:`.incremental`)."""
        self.rebuilds: PartialRebuilds | None = None
        """Under ``serve --dirty`` (as ``rubric-guide serve`` runs it): what the last build
        gave MkDocs, so that it builds only the pages that changed."""

    def named(self, output: Output | None, *, clean: bool = False) -> None:
        """What ``rubric-guide build`` was told: the output folder and ``--clean``."""
        self.output, self.clean = output, clean

    def startup(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        self.rebuilds = PartialRebuilds() if self.serving and dirty else None
        self.publication = None  # this run's, once it begins
        self.signals.start()

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def read_settings(self, config: MkDocsConfig) -> None:
        """Read the guide's settings, before other plugins read the theme's language."""
        try:
            self.build = GuideBuild.from_config(config, self.raw_options)
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc
        if self.serving:
            self.build.reuse = self.reuse
        # A language the guide cannot write is reported with the content's problems; until
        # then the theme is told the one the guide falls back to, so that it can start.
        config.theme["language"] = self.build.language

    def prepare(self, config: MkDocsConfig) -> None:
        """Load, check and render the guide, and point MkDocs at a staging folder. Runs after
        other plugins, so links follow the offline plugin's ``use_directory_urls: false``."""
        build = self.build
        assert build is not None
        if not self.serving:  # serve writes to a folder of its own, which it serves
            # Before anything is written; refused, the build stops with one `Error:` line.
            output = check_guide_output(
                config, build, self.output, clean=bool(self.clean),
                **({} if self.clean is None else {"clean_option": "--clean"})).path
            # Then, so that this build waits for another of the same site, and what a
            # stopped one left is undone even if this one then stops on a problem.
            self.publication = Publication(output, shown=shown(output) + "/")
            staging = self.publication.begin(keep=self.dirty)
        if not self.serving:  # a preview keeps what it renders, to render it again faster
            build.spool = spool_in(build.project.root / CACHE_ROOT)
            if build.spool is not None and not self.dirty and self.build_indexes_search(
                    config):
                # Forked now, while the process is small; it waits for the pages.
                self.search = SearchInCopy(build.spool)
        build.keeps_compiled = True
        try:
            build.prepare(preview_of=self.previewed if self.serving else None)
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc
        if not build.problems:
            self.previewed = build.known_pages()
        log_warnings(build.guide.warnings)  # MkDocs' --strict stops on these
        if build.translations and not self.base_settings:
            self.base_settings = settings_of(config)
        configure(config, build, serving=self.serving)
        if self.publication is not None:
            config.site_dir = str(staging)

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        """The project's files without those the library leaves out, and the generated ones."""
        assert self.build is not None
        rebuilds = self.rebuilds
        if rebuilds is not None:
            rebuilds.begin(shown_on_every_page(self.build, config))
        for file in list(files):
            if leaves_out(self.build, file.src_uri):
                files.remove(file)
            elif rebuilds is not None and file.is_documentation_page():
                files.remove(file)
                files.append(rebuilds.handwritten(file))
        for path, content, in_nav in site_files(self.build):
            inclusion = InclusionLevel.NOT_IN_NAV if in_nav is False else (
                InclusionLevel.UNDEFINED)
            if isinstance(content, Path):  # spooled: copied into the site from there
                files.append(File.generated(config, path, abs_src_path=str(content),
                                            inclusion=inclusion))
                continue
            files.append(File.generated(config, path, content=content, inclusion=inclusion)
                         if rebuilds is None else
                         rebuilds.generated(config, path, content, inclusion,
                                            self._whole_page(path)))
        if rebuilds is not None:
            rebuilds.listed(files)
        return files

    def _whole_page(self, path: str) -> str | None:
        """The complete Markdown of the generated page ``path``, HTML blocks included."""
        assert self.build is not None
        page = self.build.page(path)
        return page.markdown if page is not None else None

    def page_markdown(self, markdown: str, page: Page) -> str:
        assert self.build is not None
        if page.file.generated_by:
            return markdown
        try:
            return self.build.transform(markdown, page.file.src_uri)
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc

    def page_content(self, html: str, page: Page) -> str:
        """A generated page's HTML blocks, put back where MkDocs kept their placeholders; the
        page's contents marked with the language of headings in another one."""
        assert self.build is not None
        generated = self.build.page(page.file.src_uri) if page.file.generated_by else None
        if generated is not None:
            page.present_anchor_ids = (page.present_anchor_ids or set()) | generated.anchor_ids()
            html = generated.restore(html)
        mark_contents_languages(html, page.toc)
        return html

    def env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        assert self.build is not None
        if env.bytecode_cache is None:
            env.bytecode_cache = THEME_TEMPLATES
        if self.rebuilds is not None:
            self.rebuilds.carry_titles(files)
        # Builds that may leave pages out (serve, --dirty) keep Material's own indexing.
        if self.search is not None and self.build.shares_work:
            self.search.index([file.page for file in files.documentation_pages()
                               if file.page is not None])
        elif self.search is not None:
            self.search.close()
            self.search = None

    def build_indexes_search(self, config: MkDocsConfig) -> bool:
        """Whether a copy is to index the pages for search (see :mod:`.search`), as far as
        can be told before the guide is loaded: its rubric files are enough to share work."""
        assert self.build is not None
        if not self.build.parallel or not search_first(config):
            return False
        project = self.build.project
        rubrics = sum(project.kind_of(path) is RUBRIC for path in data_files(project))
        return rubrics >= parallel.FORK_MIN_RUBRICS

    def page_context(self, page: Page, config: MkDocsConfig) -> None:
        if self.search is not None:
            self.search.restore(page)
        if self.rebuilds is not None:
            self.rebuilds.built(page, config)

    def write_search(self, config: MkDocsConfig) -> None:
        if self.rebuilds is not None:
            self.rebuilds.end(config)
        if self.search is not None:
            self.search.write(Path(config.site_dir))
            self.search = None

    def publish(self, config: MkDocsConfig) -> None:
        """Put the new site in place, once every plugin has written its files."""
        try:
            self._publish(config)
        finally:
            self._close_spool()

    def _close_spool(self) -> None:
        if self.build is not None and self.build.spool is not None:
            self.build.spool.close()
            self.build.spool = None

    def _publish(self, config: MkDocsConfig) -> None:
        publication = self.publication
        if publication is None or not publication.pending:
            return
        if config.strict and strict_warnings():
            return  # MkDocs stops the build next, and build_error drops the new site
        assert self.build is not None
        for language in self.build.translations:
            build_translation(self.build, self.base_settings, language,
                              translation_folder(self.build.project.root, publication.site,
                                                 language),
                              Path(config.site_dir) / language)
        if config.strict and strict_warnings():
            return
        self.signals.check()
        publication.commit(Summary.of(self.build))
        config.site_dir = str(publication.site)

    def build_error(self, error: Exception) -> None:
        self._close_spool()
        if self.search is not None:
            self.search.close()
            self.search = None
        if self.publication is not None:
            self.publication.abandon()
        # What the operator can mend (a full disk, a folder that cannot be written, a
        # template of the fork's) is one line, not a traceback; the site is unchanged.
        reason = build_failure(error, self.publication)
        if reason is not None:
            raise Abort(f"Error: {reason}") from None

    def shutdown(self) -> None:
        self._close_spool()
        if self.search is not None:
            self.search.close()
            self.search = None
        outcome = "nothing was published"
        if self.publication is not None:
            self.publication.abandon()  # a build stopped by Ctrl+C leaves no staging behind
            outcome = self.publication.outcome
        self.output, self.clean = None, None  # what the command said, for its build only
        # A preview publishes nothing: stopped, it ends as on Ctrl+C, and MkDocs removes the
        # folder it served from.
        self.signals.finish(None if self.serving else outcome)

    def serve(self, server: Any, config: MkDocsConfig) -> None:
        assert self.build is not None
        # MkDocs watches the content folder and mkdocs.yml before it calls this: their
        # watches are set again, passed only the changes of files a build reads.
        only_the_guides_files(server.observer)
        for watched in (config.docs_dir, config.config_file_path):
            _watch_anew(server, Path(watched))
        for path in watch_paths(self.build):
            server.watch(str(path))
        # MkDocs' own watches end with their folders; these are set again when they return.
        kept = [*kept_paths(self.build), Path(config.config_file_path)]
        keep_watching(server.observer, kept, functools.partial(_watch_again, server))
        if self.build.sheet is not None and self.build.sheet.pdf:
            # A first build that found every PDF in the cache did not import WeasyPrint; do it
            # now, while the server starts, rather than in the first rebuild after an edit.
            with contextlib.suppress(SetupError):  # reported if a rebuild must render a PDF
                load_weasyprint()


def shown_on_every_page(build: GuideBuild, config: MkDocsConfig) -> list[Any]:
    """What every page of the site shows besides its own content: the site's settings (the
    navigation among them), the titles of the pages, the templates and messages."""
    return [settings_of(config), [(page.src_uri, page.title, page.in_nav) for page in build.pages],
            {uri: markdown_title(text) for uri, text in build.guide.pages.items()},
            build.renderer.inputs.shared if build.renderer and build.renderer.inputs else "",
            bool(build.problems)]


def build_translation(build: GuideBuild, base: dict[str, Any], language: str, folder: Path,
                      site_dir: Path) -> None:
    """Build ``build``'s translation into ``language`` with MkDocs into ``site_dir``, from its
    staged source in ``folder``."""
    from mkdocs.commands.build import build as mkdocs_build

    staged = stage_translation(build, base, language, folder)
    config = load_mkdocs_config(staged.config_file)
    config["site_dir"] = str(site_dir)
    config.plugins["rubric-guide/contents-languages"] = ContentsLanguages()
    log.info("Building the translation into '%s' at %s/", language, language)
    mkdocs_build(config)


def _watch_again(server: Any, path: Path) -> None:
    """``path``, watched by ``mkdocs serve``'s ``server``, was deleted or is back: watch it
    anew if it is a folder, and rebuild the preview."""
    if path.is_dir():
        _watch_anew(server, path)
    rebuild = getattr(server, "_rebuild_cond", None)  # MkDocs 1.6's LiveReloadServer
    if rebuild is not None:
        with rebuild:
            server._want_rebuild = True
            rebuild.notify_all()


def _watch_anew(server: Any, path: Path) -> None:
    """End ``mkdocs serve``'s watches of ``path`` and set them again, as many as there were
    (MkDocs counts them), or one."""
    count = 0
    with contextlib.suppress(KeyError):
        while True:
            server.unwatch(str(path))
            count += 1
    for _ in range(max(count, 1)):
        server.watch(str(path))


def configure(config: MkDocsConfig, build: GuideBuild, *, serving: bool = False) -> None:
    """Carry the guide's site settings (:func:`~generator.site_settings.site_settings`) into
    MkDocs' configuration, and put the generator's theme additions under the project's
    overrides. A preview keeps the address ``mkdocs serve`` gives it."""
    before = settings_of(config)
    settings = site_settings(build, before)
    config.site_name = settings["site_name"]
    config.site_description = settings.get("site_description")
    if not serving and settings.get("site_url"):
        config.site_url = settings["site_url"]
    for key, value in settings["theme"].items():
        config.theme[key] = value
    config.extra.update(settings["extra"])
    config.nav = settings["nav"]
    for name, options in settings["markdown_extensions"].items():
        if options:
            config.mdx_configs[name] = options
    config.extra_css.extend(a for a in settings["extra_css"] if a not in before["extra_css"])
    config.extra_javascript.extend(
        a for a in settings["extra_javascript"] if a not in before["extra_javascript"])
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))


def strict_warnings() -> bool:
    """Whether MkDocs has counted warnings that, in strict mode, will stop this build."""
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def log_warnings(warnings: list[Problem]) -> None:
    """The guide's warnings in the build's log, as `rubric-guide check` shows them; MkDocs'
    --strict counts each line logged as a warning."""
    lines, advice = warning_lines(warnings)
    for line in lines:
        log.warning(line)
    for line in advice:
        log.info(line)


def build_failure(error: Exception, publication: Publication | None) -> str | None:
    """A build's error in one line, when it is one an operator or a fork's author can mend
    (a file that cannot be read or written, a broken theme template); None for MkDocs' own
    errors, reported as MkDocs reports them, and for faults in the generator itself."""
    if isinstance(error, click.ClickException) and not isinstance(error, BuildError):
        return error.format_message()
    unchanged = f"; {publication.shown} is unchanged" if publication else ""
    if isinstance(error, OSError):
        where = error.filename if isinstance(error.filename, str) else ""
        staged = bool(publication and where and Path(where).is_relative_to(publication.staging))
        if publication and staged:
            where = str(publication.site / Path(where).relative_to(publication.staging))
        writing = staged or error.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT)
        shown_where = display(Path(where)) if where and os.path.isabs(where) else where
        verb = "write" if writing else "read"
        return (f"could not {verb} {shown_where or 'a file'}: "
                f"{os_reason(error, shown_where or 'it', writing=writing)}{unchanged}")
    if isinstance(error, jinja2.TemplateError):
        return f"{render_problem('a theme template', error)}{unchanged}"
    return None

