"""Files a build makes long before it writes them to the site, kept on disk meanwhile.

A guide of a thousand rubrics has some 60 MB of exports and 35 MB of generated HTML blocks,
made before the engine starts and written to the site (or, for Zensical, to the staged site
source) at the very end. Held in memory, they stay there for the whole build, in the build and
in every copy it forks; spooled, each is written
once to a folder of the build's own cache, ``.cache/rubric-guide/spool-<process>-<n>/``, and read
back (or copied into the site) when it is wanted. The folder is removed when the build ends;
one a killed build left behind is removed by the next build, once its process is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

SPOOL_PREFIX = "spool-"
PROCESS = r"\d+(?:\.\d+)?"
"""A process as :func:`this_process` names it in the files it leaves (or, as builds before
named theirs, by its number alone)."""

_SPOOL_NAME = re.compile(rf"{SPOOL_PREFIX}({PROCESS})-\d+")
_COUNT = itertools.count()


class Spool:
    """A folder of the build's cache ``cache`` holding files by their path, until
    :meth:`close`. Forked copies of the build write into it too, each file by its own path.
    Raises :class:`OSError` when the folder cannot be made (a project that cannot be
    written)."""

    def __init__(self, cache: Path) -> None:
        remove_stale(cache)
        self.folder = cache / f"{SPOOL_PREFIX}{this_process()}-{next(_COUNT)}"
        self._owner = os.getpid()
        # The cache's folders this spool makes (.cache, .cache/rubric-guide), removed with it
        # when nothing else has come to them: a build that keeps nothing leaves nothing.
        self._made = [folder for folder in (cache, *cache.parents) if not folder.exists()]
        self.folder.mkdir(parents=True)  # an OSError here: the caller keeps files in memory

    def path(self, path: str) -> Path:
        """Where the file ``path`` (a relative, '/'-separated path) is kept, its folder made."""
        target = self.folder.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, path: str, content: str | bytes) -> Path:
        """Keep ``content`` as the file ``path`` (a relative, '/'-separated path); returns
        where it is kept. Text is written as UTF-8, without translating line ends."""
        target = self.path(path)
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(target, "wb") as file:
            file.write(data)
        return target

    def close(self) -> None:
        """Remove the folder and what it holds; only the process that made the spool does."""
        if os.getpid() != self._owner:
            return
        shutil.rmtree(self.folder, ignore_errors=True)
        for folder in self._made:  # innermost first; one that holds anything stays
            try:
                folder.rmdir()
            except OSError:
                return


def spool_in(cache: Path) -> Spool | None:
    """A :class:`Spool` in the build's cache ``cache``; None where it cannot be made (a
    project that cannot be written), and the build keeps its files in memory."""
    try:
        return Spool(cache)
    except OSError:
        return None


def remove_stale(cache: Path) -> None:
    """Remove the spools in ``cache`` of builds whose process is gone (killed, say)."""
    try:
        names = os.listdir(cache)
    except OSError:
        return
    for name in names:
        found = _SPOOL_NAME.fullmatch(name)
        if found is None or not ended(found.group(1)):
            continue
        path = cache / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def this_process() -> str:
    """This process as the files it leaves behind name it: its number and, where the system
    tells, when it started (``1234.5678``), so that a later process given the same number (as
    the first processes of each container are) is not taken for it."""
    pid = os.getpid()
    started = _started(pid)
    return str(pid) if started is None else f"{pid}.{started}"


def ended(process: str) -> bool:
    """Whether the process that :func:`this_process` named ``process`` has ended; a bare
    number (as builds before named theirs) is the number's process, if one runs."""
    pid, _, started = process.partition(".")
    if not running(int(pid)):
        return True
    return bool(started) and _started(int(pid)) not in (None, started)


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` as the file ``path``: first under a name of this process, then renamed,
    so that copies of the process writing at once, or a process that is stopped, leave no
    half-written ``path`` (see :func:`half_written`). Raises :class:`OSError`, having removed
    what it wrote."""
    partial = path.with_name(f".{path.name}.{this_process()}.tmp")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def half_written(folder: Path, names: str) -> list[str]:
    """The files of ``folder`` that :func:`write_whole` began for a file whose name matches
    the pattern ``names`` and that no other process is still writing: what a stopped build
    left half-written, or this process did."""
    partial = re.compile(rf"\.(?:{names})\.({PROCESS})\.tmp")
    try:
        found_names = os.listdir(folder)
    except OSError:
        return []
    return [name for name in found_names if (found := partial.fullmatch(name)) is not None
            and (found[1] == this_process() or ended(found[1]))]


def _started(pid: int) -> str | None:
    """When the process ``pid`` started, in the system's clock ticks since it booted (Linux's
    /proc); None where that cannot be read."""
    fields = _stat(pid)
    return fields[19] if fields is not None and len(fields) > 19 else None


def _stat(pid: int) -> list[str] | None:
    """The fields of Linux's /proc/<pid>/stat after the process's name (its state first);
    None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].decode("ascii").split()
    except (OSError, IndexError, UnicodeDecodeError):
        return None


def running(pid: int) -> bool:
    """Whether the process ``pid`` runs, this one and other users' included. A process that
    has exited but that its parent has not reaped yet (a zombie: a build killed in a container
    whose first process reaps no children) runs nothing."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        pass
    fields = _stat(pid)
    return fields is None or fields[0] not in ("Z", "X")


def release_freed_memory() -> None:
    """Hand back to the system the memory the C library keeps of what Python freed (glibc's
    ``malloc_trim``): rendering a large guide frees more than it keeps, and without this the
    build would stay as large as it was at its busiest. Nothing where there is no glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # a C library other than glibc (musl)
        return None
    return function
