"""The library behind the MkDocs plugin and the CLI: one object runs the stages in order.

``GuideBuild.prepare()`` loads, validates and renders everything into memory. It runs in
MkDocs' ``on_config``, before MkDocs cleans ``site/``, so bad content or a broken template
stops the build while the previous site is still intact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import load_config

from . import model as m
from .errors import ContentError
from .render import TEMPLATES_DIR, Page, Renderer, render_problem
from .validate import Project, load_guide

ASSETS_DIR = Path(__file__).parent / "assets"
STYLESHEET = "assets/rubric-guide.css"
"""Where the guide's stylesheet is published, relative to the site root."""


@dataclass
class GuideBuild:
    """One build of a guide: the project, its validated content and its rendered pages."""

    project: Project
    overrides_dir: Path | None = None
    site_name: str = ""
    guide: m.Guide = field(default_factory=m.Guide)
    pages: list[Page] = field(default_factory=list)
    renderer: Renderer | None = None

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> GuideBuild:
        """A build for the project described by ``config_file``, without running MkDocs."""
        root = config_file.parent.resolve()
        options: dict[str, Any] = {}
        content = "content"
        if config_file.is_file():
            config = load_config(str(config_file))
            content = Path(config.docs_dir).relative_to(root).as_posix()
            plugin = config.plugins.get("rubric-guide")
            options = dict(plugin.config) if plugin is not None else {}
        return cls(
            Project.at(root, content=content, rubrics=options.get("rubrics_dir", "rubrics")),
            overrides_dir=root / options.get("overrides_dir", "overrides"),
        )

    def prepare(self) -> None:
        """Load, validate and render. Raises :class:`ContentError` with every problem."""
        # Load and validate every data file; all problems are reported together.
        self.guide = load_guide(self.project)
        # Render the generated pages, reading hand-written ones for their citations.
        self.renderer = Renderer(self.guide, self.overrides_dir, self.site_name)
        try:
            self.pages = self.renderer.pages(self.handwritten_pages())
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem("template", exc)]) from exc

    def handwritten_pages(self) -> dict[str, str]:
        """The Markdown of every hand-written page, keyed by its path in the content folder."""
        content = self.project.content_dir
        return {
            path.relative_to(content).as_posix(): path.read_text(encoding="utf-8-sig")
            for path in sorted(content.rglob("*.md"))
        }

    def transform(self, markdown: str, src_uri: str) -> str:
        """Fill in the generated parts of a hand-written page."""
        assert self.renderer is not None, "prepare() runs first"
        try:
            return self.renderer.transform_handwritten(markdown, src_uri)
        except jinja2.TemplateError as exc:
            raise ContentError([render_problem(src_uri, exc)]) from exc

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
        paths = [self.project.rubrics_dir, TEMPLATES_DIR, ASSETS_DIR]
        if self.overrides_dir is not None:
            paths.append(self.overrides_dir)
        return [p for p in paths if p.exists()]

    @staticmethod
    def stylesheet() -> str:
        return (ASSETS_DIR / "rubric-guide.css").read_text(encoding="utf-8")
