"""The MkDocs plugin: glue between MkDocs' events and :class:`~generator.build.GuideBuild`."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import click
import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .build import GuideBuild, build_failure, prepare_offline, strict_warnings
from .errors import SetupError
from .publish import Publication
from .render import CompiledTemplates
from .search import SearchInCopy
from .sheets import load_weasyprint

_THEME_TEMPLATES = CompiledTemplates()
"""Material's templates, compiled once per process rather than at every rebuild of
``mkdocs serve`` (MkDocs makes a new theme environment each time)."""


class RubricGuidePlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self) -> None:
        self.raw_options: Any = {}
        self.build: GuideBuild | None = None
        self.search: SearchInCopy | None = None
        self.whole_builds = True
        """False under ``mkdocs serve`` and ``--dirty``, whose builds may leave pages out."""
        self.command = "build"
        self.dirty = False
        self.publication: Publication | None = None
        self.previewed: dict[str, bool] = {}
        """The pages of the last build ``mkdocs serve`` could make, to show problems on."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        self.whole_builds = command != "serve" and not dirty

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[list[Any], list[Any]]:
        """Keep the options as written: they are checked in ``on_config`` against the
        library's model, which places every mistake at its line of mkdocs.yml."""
        self.raw_options = options
        return [], []

    # Before Material's search plugin, which reads the theme's language.
    @event_priority(100)
    def _read_settings(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.build = GuideBuild.from_config(config, self.raw_options)
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc
        # A language the guide cannot write is reported with the content's problems; until
        # then the theme is told the one the guide falls back to, so that it can start.
        config.theme["language"] = self.build.language
        return config

    # After other plugins, so the links follow the offline plugin's `use_directory_urls: false`.
    @event_priority(-50)
    def _prepare(self, config: MkDocsConfig) -> MkDocsConfig:
        assert self.build is not None
        self.build.offline = prepare_offline(config)
        self.build.directory_urls = config.use_directory_urls
        self.build.parallel = True
        if self.command != "serve":  # serve writes to a folder of its own, which it serves
            # First, so that this build waits for another of the same site, and what a
            # stopped one left is undone even if this one then stops on a problem.
            output = Path(config.site_dir)
            self.publication = Publication(output, shown=_shown(output))
            staging = self.publication.begin(keep=self.dirty)
        try:
            self.build.prepare(preview_of=self.previewed if self.command == "serve" else None)
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc
        if not self.build.problems:
            self.previewed = self.build.known_pages()
        self.build.configure_mkdocs(config)
        if self.publication is not None:
            config.site_dir = str(staging)
        return config

    on_config = CombinedEvent(_read_settings, _prepare)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for file in list(files):
            if self.build.leaves_out(file.src_uri):
                files.remove(file)
        for path, content, in_nav in self.build.site_files():
            inclusion = InclusionLevel.NOT_IN_NAV if in_nav is False else (
                InclusionLevel.UNDEFINED)
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.build is not None
        if page.file.generated_by:
            return markdown
        try:
            return self.build.transform(markdown, page.file.src_uri)
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc

    @event_priority(100)  # before other plugins read the page's HTML
    def on_page_content(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.build is not None
        generated = self.build.page(page.file.src_uri) if page.file.generated_by else None
        if generated is None:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | generated.anchor_ids()
        return generated.restore(html)

    @event_priority(-100)  # after other plugins, which may still change pages here
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files
               ) -> jinja2.Environment:
        assert self.build is not None
        if env.bytecode_cache is None:
            env.bytecode_cache = _THEME_TEMPLATES
        if self.whole_builds:
            self.search = self.build.index_search(config, files)
        return env

    @event_priority(-50)  # after Material's search has seen the page
    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.search is not None:
            self.search.restore(page)
        return context

    @event_priority(-50)  # after Material's search writes its index, before offline copies it
    def _write_search(self, config: MkDocsConfig) -> None:
        if self.search is not None:
            self.search.write(Path(config.site_dir))
            self.search = None

    @event_priority(-1000)  # once every plugin has written its files
    def _publish(self, config: MkDocsConfig) -> None:
        publication = self.publication
        if publication is None or not publication.pending:
            return
        if config.strict and strict_warnings():
            return  # MkDocs stops the build next, and on_build_error drops the new site
        publication.commit()
        config.site_dir = str(publication.site)

    on_post_build = CombinedEvent(_write_search, _publish)

    def on_build_error(self, error: Exception) -> None:
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

    def on_shutdown(self) -> None:
        if self.publication is not None:
            self.publication.abandon()  # a build stopped by Ctrl+C leaves no staging behind

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.build is not None
        for path in self.build.watch_paths():
            server.watch(str(path))
        if self.build.sheet is not None and self.build.sheet.pdf:
            # A first build that found every PDF in the cache did not import WeasyPrint; do it
            # now, while the server starts, rather than in the first rebuild after an edit.
            with contextlib.suppress(SetupError):  # reported if a rebuild must render a PDF
                load_weasyprint()
        return server


def _shown(path: Path) -> str:
    """``path`` as the person likely typed it: relative to the current folder if inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path)
