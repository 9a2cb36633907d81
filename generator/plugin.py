"""The MkDocs plugin: glue between MkDocs' events and :class:`~generator.build.GuideBuild`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .build import STYLESHEET, GuideBuild
from .errors import ContentError
from .validate import Project


class RubricGuideConfig(Config):  # type: ignore[no-untyped-call]
    rubrics_dir = c.Type(str, default="rubrics")
    """Folder of rubric YAML files, relative to mkdocs.yml."""
    overrides_dir = c.Type(str, default="overrides")
    """Folder searched first for generator templates, relative to mkdocs.yml."""


class RubricGuidePlugin(BasePlugin[RubricGuideConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.build: GuideBuild | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        content = Path(config.docs_dir).relative_to(root.resolve()).as_posix()
        self.build = GuideBuild(
            Project.at(root, content=content, rubrics=self.config.rubrics_dir),
            overrides_dir=root / self.config.overrides_dir,
            site_name=config.site_name,
        )
        try:
            self.build.prepare()
        except ContentError as exc:
            raise PluginError(exc.format_message()) from exc
        config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        data_uris = self.build.data_file_uris()
        for file in list(files):
            if file.src_uri in data_uris or file.src_uri.endswith(".j2"):
                files.remove(file)
        for page in self.build.pages:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        files.append(File.generated(config, STYLESHEET, content=self.build.stylesheet()))
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.build is not None
        if page.file.generated_by:
            return markdown
        try:
            return self.build.transform(markdown, page.file.src_uri)
        except ContentError as exc:
            raise PluginError(exc.format_message()) from exc

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.build is not None
        for path in self.build.watch_paths():
            server.watch(str(path))
        return server
