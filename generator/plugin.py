"""The MkDocs plugin: glue between MkDocs' events and :class:`~generator.build.GuideBuild`."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import click
import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .build import OFFLINE_SHIM, GuideBuild, prepare_offline
from .errors import SetupError
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
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
        try:
            self.build.prepare()
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc
        self.build.configure_mkdocs(config)
        return config

    on_config = CombinedEvent(_read_settings, _prepare)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        data_uris = self.build.data_file_uris()
        for file in list(files):
            if (file.src_uri in data_uris or file.src_uri.endswith(".j2")
                    or self.build.switches.is_hidden(file.src_uri)):
                files.remove(file)
        for page in self.build.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.text,
                                        inclusion=inclusion))
        for path, pdf in self.build.pdfs.items():
            files.append(File.generated(config, path, content=pdf))
        for path, text in self.build.exports.items():
            files.append(File.generated(config, path, content=text))
        for asset in self.build.assets():
            files.append(File.generated(config, asset, content=self.build.asset(asset)))
        for path, text in self.build.schemas().items():
            files.append(File.generated(config, path, content=text))
        if self.build.offline:
            files.append(File.generated(config, OFFLINE_SHIM,
                                        content=self.build.asset(OFFLINE_SHIM)))
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
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.search is not None:
            self.search.write(Path(config.site_dir))
            self.search = None

    def on_build_error(self, error: Exception) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

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
