"""The MkDocs plugin: each of MkDocs' events handed to :class:`~generator.mkdocs_site.MkDocsSite`.

No rule of its own lives here; the priorities say when each step must run among the other
plugins'.
"""

from __future__ import annotations

from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .mkdocs_site import MkDocsSite


class RubricGuidePlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def __init__(self) -> None:
        self.site = MkDocsSite()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[list[Any], list[Any]]:
        # Kept as written: the library's model checks them, each mistake at its line.
        self.site.raw_options = options
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.site.startup(command, dirty)

    @event_priority(100)  # before Material's search plugin reads the theme's language
    def _read_settings(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site.read_settings(config)
        return config

    @event_priority(-50)  # after the offline plugin turns `use_directory_urls` off
    def _prepare(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site.prepare(config)
        return config

    on_config = CombinedEvent(_read_settings, _prepare)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        return self.site.files(files, config)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        return self.site.page_markdown(markdown, page)

    @event_priority(100)  # before other plugins read the page's HTML
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        return self.site.page_content(html, page)

    @event_priority(-100)  # after other plugins, which may still change pages here
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        self.site.env(env, config, files)
        return env

    @event_priority(-50)  # after Material's search has seen the page
    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.site.page_context(page, config)
        return context

    @event_priority(-50)  # after Material's search writes its index, before offline copies it
    def _write_search(self, config: MkDocsConfig) -> None:
        self.site.write_search(config)

    @event_priority(-1000)  # once every plugin has written its files
    def _publish(self, config: MkDocsConfig) -> None:
        self.site.publish(config)

    on_post_build = CombinedEvent(_write_search, _publish)

    def on_build_error(self, error: Exception) -> None:
        self.site.build_error(error)

    @event_priority(-100)  # last: a build stopped by a signal ends the process here
    def on_shutdown(self) -> None:
        self.site.shutdown()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        self.site.serve(server, config)
        return server
