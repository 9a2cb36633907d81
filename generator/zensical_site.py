"""The guide built by Zensical, the successor of Material for MkDocs. Zensical reads
``mkdocs.yml`` and Material's templates but runs no MkDocs plugin, so it builds the staged site
source (:mod:`.staged`) of the guide: every page already written out, every setting resolved.

The source is kept in ``.cache/rubric-guide/zensical/`` with Zensical's own cache beside it,
so a rebuild redoes only what changed. Zensical writes into that folder, and the new site is
put in place of the output as every build of ours is (:mod:`.publish`). ``serve`` runs
Zensical's server on the staged source and stages the guide again whenever one of its files
changes; while the content has problems, the staged pages list them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .errors import SetupError, shown
from .mkdocs_config import load_mkdocs_config
from .publish import Publication, PublishError, Summary
from .staged import StagedSite, stage

log = logging.getLogger("mkdocs.plugins.rubric-guide")

ENGINE_SETTINGS: dict[str, Any] = {"theme": {"variant": "classic"}}
"""What Zensical needs besides the guide's settings: Material's look (its ``classic``
variant), which the guide's stylesheets and accessibility fixes are made for."""

SOURCES = ".cache/rubric-guide/zensical"
"""Where staged sources for Zensical are kept, relative to the project."""

DIFFERENCES = (
    "Zensical: no sitemap.xml.gz is written (sitemap.xml is)",
    "Zensical: the search box's own words stay in English in every language",
)
"""What a Zensical build of the guide lacks, said in its log (see the README's table)."""


def zensical_command(*args: str) -> list[str]:
    """The command that runs Zensical with ``args``, from this Python's environment."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise SetupError("Zensical is not installed: pip install -e '.[zensical]' installs "
                         "the version the guide is tested with") from None
    return [sys.executable, "-m", "zensical", *args]


def source_folder(root: Path, output: Path) -> Path:
    """The staged source for building ``output``: one per output, so that builds of two
    outputs of one project never share it."""
    digest = hashlib.sha256(str(output).encode()).hexdigest()[:12]
    return root / SOURCES / digest


def build_site(config_file: Path, site_dir: Path | None = None, *,
               strict: bool = False) -> Summary:
    """Build the project of ``config_file`` with Zensical into ``site_dir`` (the project's
    ``site_dir`` when None), replacing the site there only once the new one is complete."""
    command = zensical_command()
    config = load_mkdocs_config(config_file)
    output = site_dir.resolve() if site_dir else Path(config.site_dir)
    root = config_file.parent.resolve()
    publication = Publication(output, shown=shown(output) + "/")
    staging = publication.begin()
    try:
        staged = stage(config_file, source_folder(root, output),
                       engine_settings=ENGINE_SETTINGS)
        for warning in staged.build.guide.warnings:
            log.warning(str(warning))
        if strict and staged.build.guide.warnings:
            raise PublishError(f"stopped by --strict: {len(staged.build.guide.warnings)} "
                               f"warnings above; {publication.shown} is unchanged")
        for difference in DIFFERENCES:
            log.info(difference)
        result = subprocess.run([*command, "build", "-f", str(staged.config_file),
                                 *(["--strict"] if strict else [])], check=False)
        if result.returncode != 0:
            raise PublishError(f"Zensical could not build the site (exit {result.returncode}; "
                               f"its messages are above); {publication.shown} is unchanged")
        _move_into(staged.site_dir, staging)
        return publication.commit()
    finally:
        publication.abandon()  # nothing left to drop once committed


def _move_into(built: Path, staging: Path) -> None:
    """Make ``staging`` hold the site Zensical built in ``built``."""
    shutil.rmtree(staging)
    try:
        os.rename(built, staging)
    except OSError:  # on another file system: copy
        shutil.copytree(built, staging, symlinks=True)


def serve_site(config_file: Path, address: str) -> None:
    """Preview the project of ``config_file`` with Zensical's server at ``address``, staging
    the guide again whenever one of its files changes."""
    command = zensical_command()
    root = config_file.parent.resolve()
    folder = source_folder(root, root / "zensical-preview")
    previewed: dict[str, bool] = {}

    def restage() -> StagedSite:
        staged = stage(config_file, folder, preview_of=previewed,
                       engine_settings=ENGINE_SETTINGS)
        if not staged.build.problems:
            previewed.clear()
            previewed.update(staged.build.known_pages())
        return staged

    staged = restage()
    watched = [staged.build.project.content_dir, *staged.build.watch_paths(), config_file]
    watcher = _Watcher(watched, restage)
    server = subprocess.Popen([*command, "serve", "-f", str(staged.config_file), "-a", address])

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # stopped by a service manager: stop Zensical too
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
        watcher.stop()


class _Watcher:
    """Calls ``restage`` when files under ``paths`` change, once the changes settle."""

    def __init__(self, paths: list[Path], restage: Callable[[], object]) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.restage = restage
        self.timer: threading.Timer | None = None
        watcher = self

        class Handler(FileSystemEventHandler):
            def __init__(self, path: Path) -> None:
                self.path = path

            def on_any_event(self, event: Any) -> None:
                changed = Path(os.fsdecode(event.src_path))
                if event.event_type in ("opened", "closed_no_write") or not (
                        changed == self.path or changed.is_relative_to(self.path)):
                    return
                watcher.changed()

        self.observer = Observer()
        for path in paths:
            if path.exists():
                target = path if path.is_dir() else path.parent
                self.observer.schedule(Handler(path.resolve()), str(target.resolve()),
                                       recursive=path.is_dir())
        self.observer.start()

    def changed(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(0.3, self._run)
        self.timer.start()

    def _run(self) -> None:
        try:
            self.restage()
        except click.ClickException as exc:  # a problem outside the content, such as setup
            log.error(exc.format_message())

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.observer.stop()
        self.observer.join()
