"""The MkDocs plugin: glue between MkDocs' events and :class:`~generator.build.GuideBuild`."""

from __future__ import annotations

from typing import Any

import click
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .build import ASSETS, GuideBuild
from .sheets import DEFAULT_CACHE_DIR, PAPER_SIZES


class RubricGuideConfig(Config):  # type: ignore[no-untyped-call]
    rubrics_dir = c.Type(str, default="rubrics")
    """Folder of rubric YAML files, relative to mkdocs.yml."""
    overrides_dir = c.Type(str, default="overrides")
    """Folder searched first for generator templates, relative to mkdocs.yml."""
    pdf = c.Type(bool, default=True)
    """Render each rubric's blank sheet as a PDF (needs WeasyPrint's Pango library)."""
    paper_size = c.Choice(PAPER_SIZES, default="letter")
    """Paper of the PDFs: `letter` or `a4`, always landscape."""
    edition = c.Optional(c.Type(str))
    """Edition printed in sheet footers; the build date when not set."""
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)
    """Where PDFs are kept between builds, relative to mkdocs.yml."""


class RubricGuidePlugin(BasePlugin[RubricGuideConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.build: GuideBuild | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.build = GuideBuild.from_config(config, self.config)
        try:
            self.build.prepare()
        except click.ClickException as exc:
            raise PluginError(exc.format_message()) from exc
        config.extra_css.extend(a for a in ASSETS if a.endswith(".css"))
        config.extra_javascript.extend(a for a in ASSETS if a.endswith(".js"))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        data_uris = self.build.data_file_uris()
        for file in list(files):
            if file.src_uri in data_uris or file.src_uri.endswith(".j2"):
                files.remove(file)
        for page in self.build.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.text,
                                        inclusion=inclusion))
        for path, pdf in self.build.pdfs.items():
            files.append(File.generated(config, path, content=pdf))
        for asset in ASSETS:
            files.append(File.generated(config, asset, content=self.build.asset(asset)))
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

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.build is not None
        for path in self.build.watch_paths():
            server.watch(str(path))
        return server
