"""The staged site source: the whole guide as a folder that any engine builds without plugins.

:func:`stage` reads a project as ``mkdocs build`` would (its settings file, what that file
inherits, ``!ENV``), checks and renders the guide, and writes into one folder everything the
site is made of (see :meth:`~generator.build.GuideBuild.stage`): the pages as complete
Markdown, the guide's own files, PDFs, exports, schemas and assets, the theme's templates, and
a ``mkdocs.yml`` with every setting resolved (no ``INHERIT``, no ``!ENV``, no rubric-guide
plugin). Zensical builds that folder; so does plain MkDocs, which is the benchmark's baseline
and the proof that the folder holds the whole guide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .build import GuideBuild, load_mkdocs_config, plugin_options, settings_of


@dataclass(frozen=True)
class StagedSite:
    """A staged site source and the build that wrote it."""

    folder: Path
    config_file: Path
    """The staged settings file, ``folder/mkdocs.yml``."""
    build: GuideBuild
    settings: dict[str, Any]

    @property
    def site_dir(self) -> Path:
        """Where an engine building :attr:`config_file` writes the site."""
        return self.folder / str(self.settings.get("site_dir", "site"))


def stage(config_file: Path, folder: Path, *, preview_of: dict[str, bool] | None = None,
          engine_settings: dict[str, Any] | None = None) -> StagedSite:
    """Check and render the project of ``config_file`` and write its site source into
    ``folder``. Raises :class:`~generator.errors.ContentError` with every problem; with
    ``preview_of`` (a preview, see :meth:`GuideBuild.prepare`), writes the problems' pages
    instead. ``engine_settings`` are settings the engine that builds it needs besides."""
    config = load_mkdocs_config(config_file)
    build = GuideBuild.from_config(config, plugin_options(config))
    offline = config.plugins.get("material/offline")
    build.offline = offline is not None and bool(offline.config.enabled)
    # An engine's offline copy links to files, not folders, as MkDocs' offline plugin does.
    build.directory_urls = config.use_directory_urls and not build.offline
    build.parallel = True
    build.prepare(preview_of=preview_of)
    settings = build.site_settings(settings_of(config))
    for key, value in (engine_settings or {}).items():
        settings[key] = {**settings.get(key, {}), **value} if isinstance(value, dict) else value
    staged_config = build.stage(folder, settings)
    return StagedSite(folder, staged_config, build, settings)
