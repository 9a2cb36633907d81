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

import contextlib
import functools
import hashlib
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
from watchdog.events import FileSystemEventHandler

from .build import GuideBuild
from .errors import SetupError, log, shown, stopped_by_strict
from .incremental import Reuse
from .interrupt import STOP_SIGNALS, StopSignals
from .mkdocs_config import load_mkdocs_config, plugin_options, settings_of
from .mkdocs_site import log_warnings
from .output import CACHE_ROOT, Output, check_guide_output
from .parallel import bound_to_this_process
from .publish import Publication, PublishError, Summary
from .spool import spool_in
from .staged import Engine, StagedSite, stage, stage_translation, translation_folder
from .watching import keep_watching, kept_paths, touches_the_guide, watch_paths

ZENSICAL = Engine(settings={"theme": {"variant": "classic"}}, links_from_source=True)
"""What Zensical needs of the staged source: Material's look (its ``classic`` variant), which
the guide's stylesheets and accessibility fixes are made for, and links in the pages' HTML
relative to their source file, which it rewrites as it rewrites Markdown links."""

SETTLE_S = 0.1
"""How long a preview waits after a change for more before staging the guide again: an
editor's save is a few events within milliseconds, and staging after an edit is quick."""

SOURCES = f"{CACHE_ROOT}/zensical"
"""Where staged sources for Zensical are kept, relative to the project."""

DIFFERENCES = (
    "Zensical: no sitemap.xml.gz is written (sitemap.xml is)",
)
"""What a Zensical build of the guide lacks, said in its log (see the table of the engines in
content/publishing.md)."""


def zensical_command(*args: str) -> list[str]:
    """The command that runs Zensical with ``args``, from this Python's environment."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise SetupError("Zensical is not installed: pip install -e '.[zensical]' installs "
                         "the version the guide is tested with") from None
    return [sys.executable, "-m", "zensical", *args]


SOURCES_LAYOUT = "2"
"""Changed when the staged sources' layout changes, so that a build starts a new folder. In
layout 2 a staged source records the files it wrote (:mod:`.owned`)."""


def source_folder(root: Path, output: Path) -> Path:
    """The staged source for building ``output``: one per output, so that builds of two
    outputs of one project never share it."""
    digest = hashlib.sha256(f"{output}\0{SOURCES_LAYOUT}".encode()).hexdigest()[:12]
    return root / SOURCES / digest


def build_site(config_file: Path, output: Output | None = None, *, strict: bool = False,
               clean: bool = False) -> Summary:
    """Build the project of ``config_file`` with Zensical into ``output`` (the project's
    ``site_dir`` when None), replacing the site there only once the new one is complete.
    ``clean``: replace the output folder even if it holds files no build of ours wrote."""
    command = zensical_command()
    config = load_mkdocs_config(config_file)
    build = GuideBuild.from_config(config, plugin_options(config))
    site = check_guide_output(config, build, output, clean=clean, clean_option="--clean").path
    root = config_file.parent.resolve()
    publication = Publication(site, shown=shown(site) + "/")
    signals = StopSignals()
    signals.start()
    spool = None
    try:
        staging = publication.begin()
        spool = spool_in(root / CACHE_ROOT)
        staged = stage(config_file, source_folder(root, Path(os.path.realpath(site))),
                       engine=ZENSICAL, spool=spool)
        warnings = [*staged.build.guide.warnings, *staged.build.link_warnings]
        log_warnings(warnings)
        if strict and warnings:
            raise PublishError(f"{stopped_by_strict(warnings)}; {publication.shown} is "
                               "unchanged")
        for difference in DIFFERENCES:
            log.info(difference)
        _zensical_build(command, staged, strict, publication)
        _move_into(staged.site_dir, staging)
        for language in staged.build.translations:
            log.info("Building the translation into '%s' at %s/", language, language)
            translated = stage_translation(
                staged.build, settings_of(config), language,
                translation_folder(root, Path(os.path.realpath(site)), language),
                engine=ZENSICAL)
            _zensical_build(command, translated, strict, publication)
            _move_into(translated.site_dir, staging / language, replace=False)
        signals.check()
        return publication.commit(Summary.of(staged.build))
    finally:
        if spool is not None:
            spool.close()
        publication.abandon()  # nothing left to drop once committed
        signals.finish(publication.outcome)


def _zensical_build(command: list[str], staged: StagedSite, strict: bool,
                    publication: Publication) -> None:
    """Run Zensical on the staged source ``staged``."""
    result = subprocess.run([*command, "build", "-f", str(staged.config_file),
                             *(["--strict"] if strict else [])], check=False,
                            preexec_fn=bound_to_this_process())
    if result.returncode != 0:
        raise PublishError(f"Zensical could not build the site (exit {result.returncode}; "
                           f"its messages are above); {publication.shown} is unchanged")


def _move_into(built: Path, staging: Path, *, replace: bool = True) -> None:
    """Make ``staging`` hold the site Zensical built in ``built``."""
    if replace:
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
    _themes_read_once()
    previewed: dict[str, bool] = {}
    reuse = Reuse()

    def restage() -> StagedSite:
        staged = stage(config_file, folder, preview_of=previewed,
                       engine=ZENSICAL, reuse=reuse)
        if not staged.build.problems:
            previewed.clear()
            previewed.update(staged.build.known_pages())
        return staged

    staged = restage()
    watched = [*kept_paths(staged.build), *watch_paths(staged.build), config_file]
    watcher = Watcher(watched, restage)
    server = subprocess.Popen([*command, "serve", "-f", str(staged.config_file), "-a", address],
                              preexec_fn=bound_to_this_process())

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    for signum in STOP_SIGNALS:  # a service manager, a closed terminal, Ctrl+C
        signal.signal(signum, stop)
    try:
        status = server.wait()
    except KeyboardInterrupt:
        status = 0
    finally:
        server.terminate()
        server.wait()
        watcher.stop()
    if status != 0:  # Zensical's own message is above
        raise click.ClickException(f"Zensical's server stopped with exit status {status}")


def _themes_read_once() -> None:
    """Have MkDocs look up the installed themes once in this process rather than each time
    the preview reads the settings again: a scan of every installed package's entry points,
    a fifth of a second, and the packages do not change while the preview runs."""
    import mkdocs.utils

    mkdocs.utils.get_themes = functools.cache(mkdocs.utils.get_themes)


class Watcher:
    """Calls ``restage`` when files under ``paths`` change, once the changes settle; a folder
    deleted and put back is watched again (see :mod:`.watching`)."""

    def __init__(self, paths: list[Path], restage: Callable[[], object]) -> None:
        from watchdog.observers import Observer

        self.restage = restage
        self.timer: threading.Timer | None = None
        self._state = threading.Lock()
        self._running = False
        self._again = False
        """Whether files changed while a restage ran: it runs once more when done."""
        self.observer = Observer()
        self._watches: dict[Path, Any] = {}
        for path in paths:
            if path.is_dir():
                self._watch(path)
            elif path.exists():  # a file: through its folder, for its own events
                self.observer.schedule(_Changes(path.resolve(), self.changed),
                                       str(path.parent.resolve()), recursive=False)
        keep_watching(self.observer, paths, self._reappeared)
        self.observer.start()

    def _watch(self, folder: Path) -> None:
        previous = self._watches.pop(folder, None)
        if previous is not None:
            with contextlib.suppress(KeyError):
                self.observer.unschedule(previous)
        self._watches[folder] = self.observer.schedule(
            _Changes(folder.resolve(), self.changed), str(folder.resolve()), recursive=True)

    def _reappeared(self, path: Path) -> None:
        if path.is_dir():
            self._watch(path)
        self.changed()

    def changed(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(SETTLE_S, self._run)
        self.timer.start()

    def _run(self) -> None:
        """Restage; one restage at a time, the last changes always after the others: changes
        made while one runs (an editor saving again and again) are restaged once it ends."""
        with self._state:
            if self._running:
                self._again = True
                return
            self._running = True
        while True:
            try:
                self.restage()
            except click.ClickException as exc:  # a problem outside the content (setup)
                log.error(exc.format_message())
            except BaseException:
                with self._state:
                    self._running = self._again = False
                raise
            with self._state:
                again, self._again = self._again, False
                self._running = again
            if not again:
                return

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.observer.stop()
        self.observer.join()


class _Changes(FileSystemEventHandler):
    """Events under ``path`` (a folder, or a file among its folder's), passed on."""

    def __init__(self, path: Path, changed: Callable[[], None]) -> None:
        self.path = path
        self.changed = changed

    def on_any_event(self, event: Any) -> None:
        changed = Path(os.fsdecode(event.src_path))
        if not (changed == self.path or changed.is_relative_to(self.path)) or (
                not touches_the_guide(event, str(self.path))):
            return
        self.changed()
