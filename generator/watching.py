"""A preview keeps watching its folders when they are deleted and restored.

A file-system watch ends with its folder: delete ``rubrics/`` (or move it away) and put it
back, and the watch that was on it reports nothing more. So each preview also watches the
folders that hold the watched paths, without their subfolders, and when a watched path is
deleted, moved, made or restored there it calls ``changed`` with that path, which sets a new
watch on it and rebuilds the preview.

A preview passes over the files no build reads, which editors write beside the file being
edited while a person types (:func:`unread`): otherwise every swap file vim writes would
rebuild the guide and reload the page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from . import kinds
from .load import passed_over
from .options import DISTRICT_FILE
from .render import TEMPLATES_DIR
from .sheets import ASSETS_DIR
from .site_settings import THEME_DIR

if TYPE_CHECKING:
    from .build import GuideBuild

IGNORED_EVENTS = ("opened", "closed_no_write")
"""Events that change nothing."""


def says_nothing(event: FileSystemEvent) -> bool:
    """Whether ``event`` changes nothing, or nothing that another event does not say: a
    folder "modified" is a file made, removed or moved in it, which has its own event."""
    return event.event_type in IGNORED_EVENTS or (
        event.is_directory and event.event_type == "modified")


def unread(path: str, root: str) -> bool:
    """Whether ``path``, under the watched ``root``, is a file no build reads
    (:func:`~generator.load.passed_over`): hidden (vim's swap files, Emacs's locks, ``.git``)
    or left by an editor."""
    return os.path.commonpath([path, root]) == root and passed_over(Path(path), Path(root))


def touches_the_guide(event: FileSystemEvent, root: str) -> bool:
    """Whether ``event``, under the watched ``root``, may change what a build makes: a change
    to a file a build reads, or a file saved by moving another into its place."""
    if says_nothing(event):
        return False
    names = (event.src_path, getattr(event, "dest_path", ""))
    return any(name and not unread(os.path.abspath(os.fsdecode(name)), root) for name in names)


class _GuideEvents(FileSystemEventHandler):
    """A handler's events, those of files a build reads only (see :func:`touches_the_guide`)."""

    def __init__(self, handler: FileSystemEventHandler, root: str) -> None:
        self.handler = handler
        self.root = os.path.abspath(root)

    def dispatch(self, event: FileSystemEvent) -> None:
        if touches_the_guide(event, self.root):
            self.handler.dispatch(event)


def only_the_guides_files(observer: Any) -> None:
    """Have ``observer`` (watchdog's) pass each handler scheduled from now on only the events
    of files a build reads."""
    schedule = observer.schedule

    def schedule_guide_events(handler: FileSystemEventHandler, path: str, *args: Any,
                              **options: Any) -> Any:
        return schedule(_GuideEvents(handler, path), path, *args, **options)

    observer.schedule = schedule_guide_events


class _Reappearing(FileSystemEventHandler):
    """Events in a folder, passed on for the watched paths among its entries."""

    def __init__(self, paths: Iterable[Path], changed: Callable[[Path], None]) -> None:
        self.paths = {os.path.abspath(path) for path in paths}
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if says_nothing(event):
            return
        for name in (event.src_path, getattr(event, "dest_path", "")):
            path = os.path.abspath(os.fsdecode(name)) if name else ""
            if path in self.paths:
                self.changed(Path(path))


def keep_watching(observer: Any, paths: Iterable[Path],
                  changed: Callable[[Path], None]) -> None:
    """Have ``observer`` (watchdog's) call ``changed`` with any of ``paths`` that is deleted,
    moved away, made or put back, by watching the folders that hold them."""
    paths = [Path(os.path.abspath(path)) for path in paths]
    handler = _Reappearing(paths, changed)
    for folder in sorted({path.parent for path in paths}):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=False)


def watch_paths(build: GuideBuild) -> list[Path]:
    """Folders (and district.yml) whose changes should rebuild a preview of ``build``."""
    paths = [build.project.rubrics_dir, TEMPLATES_DIR, ASSETS_DIR, THEME_DIR,
             build.project.file_of(kinds.DISTRICT)]
    if build.overrides_dir is not None:
        paths.append(build.overrides_dir)
    return [p for p in paths if p.exists()]


def kept_paths(build: GuideBuild) -> list[Path]:
    """What a preview of ``build`` watches, whether it is there yet or not: the content,
    rubrics and overrides folders and district.yml, with the folders of
    :func:`watch_paths`."""
    project = build.project
    paths = [project.content_dir, project.rubrics_dir, project.root / DISTRICT_FILE,
             *watch_paths(build)]
    if build.overrides_dir is not None:
        paths.append(build.overrides_dir)
    return list(dict.fromkeys(paths))
