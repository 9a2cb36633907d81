"""Putting a built site in place: the published site is replaced only by a complete new one.

A build writes into a staging folder beside the output (``.site.staging-<pid>`` next to
``site/``) and, once every file is written, the staging folder and the output swap places in
one step (Linux's ``renameat2`` with ``RENAME_EXCHANGE``; elsewhere two renames, undone by the
next build if it is stopped between them). Killed at any moment, out of disk space or failing
on a write, a build leaves the previous site as it was. A lock file beside the output makes a
second build of the same output wait for the first, and a build that finds staging folders
left by a stopped one removes them.

What the new site holds besides the build's files (the marker of :mod:`.output`, and what it
carries over from the previous site: ``.git``, ``.nojekyll``, ``CNAME``...) is added to the
staging folder before the swap, as hard links where the file system allows, so the previous
site is whole until the moment it is replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from .errors import counted, log, os_reason
from .interrupt import signals_held
from .output import MARKER, carried, display, files_of, kept, marker_text, published_in

if TYPE_CHECKING:
    from .build import GuideBuild

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; builds are not locked there
    fcntl = None  # type: ignore[assignment]


LOCK_WAIT = 600.0
"""Seconds a build waits for another build of the same output before it gives up."""


class PublishError(click.ClickException):
    """The new site could not be written or put in place; the previous one is unchanged."""

    exit_code = 1


@dataclass(frozen=True)
class Summary:
    """What a build publishes, counted once for the line the build ends with and the line
    `rubric-guide check` ends with, so that both say the same."""

    rubrics: int
    standards: int
    checklists: int
    sources: int
    pages: int
    pdfs: int

    @classmethod
    def of(cls, build: GuideBuild) -> Summary:
        """What ``build`` publishes, once it is prepared: hidden content is not counted, and
        every page is, hand-written or generated. The sources are those the sources page
        lists."""
        guide = build.guide
        return cls(len(guide.rubrics), len(guide.standards), len(guide.checklists),
                   len(guide.sources), len(build.filled) + len(build.pages),
                   len(build.pdf_paths))

    def __str__(self) -> str:
        return ", ".join([counted(self.rubrics, "rubric"), counted(self.standards, "standard"),
                          counted(self.checklists, "checklist"),
                          counted(self.sources, "source"), counted(self.pages, "page"),
                          counted(self.pdfs, "PDF")])


class Publication:
    """One build's way to ``site_dir``: :meth:`begin` gives the folder to build into,
    :meth:`commit` puts it in place, :meth:`abandon` drops it."""

    def __init__(self, site_dir: Path, shown: str | None = None) -> None:
        # The folder itself, when the output is a link to it: the link stays a link.
        self.site = Path(os.path.realpath(site_dir))
        self.shown = shown or str(site_dir)
        """How messages name the output, as the person gave it."""
        name = self.site.name
        self.parent = self.site.parent
        self._staging_prefix = f".{name}.staging-"
        self._old_prefix = f".{name}.old-"
        self.staging = self.parent / f"{self._staging_prefix}{os.getpid()}"
        self.lock_path = self.parent / f".{name}.lock"
        self._lock: IO[str] | None = None
        self.published = False
        """Whether the new site is in place."""

    @property
    def outcome(self) -> str:
        """What became of the site, for a build that ends now."""
        return (f"{self.shown} holds the new site" if self.published
                else f"{self.shown} is unchanged")

    @property
    def pending(self) -> bool:
        """Whether a staging folder is being written and not yet put in place or dropped."""
        return self._lock is not None

    def begin(self, *, keep: bool = False) -> Path:
        """Lock the output, clear what stopped builds left, and return an empty staging folder
        (a copy of the current site with ``keep``, for a build that only adds to it)."""
        if os.path.lexists(self.site) and not self.site.is_dir():
            raise PublishError(f"{self.shown} is a file, not a folder; move the file away or "
                               "choose another folder; nothing was changed")
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            self._lock = self._acquire()
            with signals_held():
                self._recover()
            if keep and self.site.is_dir():
                shutil.copytree(self.site, self.staging, symlinks=True)
            else:
                self.staging.mkdir()
        except OSError as exc:
            self.abandon()
            raise PublishError(self._failure("prepare the new site in", exc)) from None
        return self.staging

    def commit(self, summary: Summary) -> Summary:
        """Put the complete staging folder in place of the site, in one step, and remove the
        previous site. ``summary`` is what the new site holds, which the log then says, with
        what the previous site held when that differs."""
        before = published_in(self.site)
        try:
            written = sorted(path for path in files_of(self.staging)
                             if not kept(path.partition("/")[0]))
            (self.staging / MARKER).write_text(marker_text(str(summary), written),
                                               encoding="utf-8", newline="\n")
            if self.site.is_dir():
                for name in carried(self.site, self.staging):
                    _link_copy(self.site / name, self.staging / name)
            # A signal that arrives now is handled once the new site is in place.
            with signals_held():
                if os.path.lexists(self.site):
                    self._swap()
                else:
                    os.rename(self.staging, self.site)
                self.published = True
        except OSError as exc:
            self.abandon()
            raise PublishError(self._failure("put the new site in place of", exc)) from None
        with signals_held():
            self._remove(self.staging)  # now the previous site
            self._release()
        change = "" if before in (None, str(summary)) else f" (before: {before})"
        log.info("Published %s to %s%s", summary, self.shown, change)
        return summary

    def abandon(self) -> None:
        """Drop the staging folder; the site stays as it was."""
        with signals_held():
            self._remove(self.staging)
            self._release()

    # -- the steps -----------------------------------------------------------------------------

    def _acquire(self) -> IO[str]:
        """Lock the output against other builds. The lock is a POSIX record lock: the system
        ends it with the process that holds it, however that process ends, and forked copies
        of the process never hold it. The file names the build that holds it, and is emptied
        when that build is done, so a name found there is a build that was stopped."""
        lock = self.lock_path.open("a+", encoding="utf-8")
        if fcntl is None:
            return lock
        deadline = time.monotonic() + LOCK_WAIT
        waited = False
        while True:
            try:
                fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    lock.close()
                    raise
                if not waited:
                    holder = _holder(lock)
                    log.info("Waiting for another build of %s to finish (%s)", self.shown,
                             f"process {holder}" if holder else "another process")
                    waited = True
                if time.monotonic() > deadline:
                    lock.close()
                    raise PublishError(
                        f"another build of {self.shown} is still running after "
                        f"{LOCK_WAIT:.0f} s; let it finish or stop it, then build again; the "
                        "site is unchanged") from None
                time.sleep(0.2)
        stopped = _holder(lock)
        if stopped and stopped != str(os.getpid()):
            log.info("Taking over from build process %s of %s, which was stopped before it "
                     "finished", stopped, self.shown)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        return lock

    def _recover(self) -> None:
        """Undo what a stopped build left: a previous site moved aside but not replaced goes
        back, and staging folders are removed."""
        leftovers = sorted(p for p in self.parent.iterdir()
                           if p.name.startswith((self._staging_prefix, self._old_prefix)))
        for path in leftovers:
            if path.name.startswith(self._old_prefix) and not self.site.exists():
                os.rename(path, self.site)
                log.info("Restored %s, which a stopped build had moved aside", self.shown)
            else:
                self._remove(path)

    def _swap(self) -> None:
        try:
            _exchange(self.staging, self.site)
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
                raise
            # No atomic exchange here: move the site aside, then the new one in. A build
            # stopped between the two puts the previous site back (see _recover).
            aside = self.parent / f"{self._old_prefix}{os.getpid()}"
            os.rename(self.site, aside)
            os.rename(self.staging, self.site)
            os.rename(aside, self.staging)

    def _remove(self, path: Path) -> None:
        def unlocked(function: Callable[..., object], name: str, _info: object) -> None:
            # A read-only folder in the old site: its files can go once it is writable.
            with contextlib.suppress(OSError):
                os.chmod(os.path.dirname(name), 0o700)
                function(name)

        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, onerror=unlocked)

    def _release(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):  # no build holds it any more
                self._lock.seek(0)
                self._lock.truncate()
            self._lock.close()  # closing the file releases the lock
            self._lock = None

    def _failure(self, doing: str, exc: OSError) -> str:
        where = exc.filename if isinstance(exc.filename, str) else str(self.parent)
        if not os.path.lexists(where):  # a file that could not be made: its folder is at fault
            where = os.path.dirname(where) or "."
        shown = display(Path(where)) if os.path.isabs(where) else where
        return (f"could not {doing} {self.shown}: {shown}: "
                f"{os_reason(exc, shown, writing=True)}; the site is unchanged")


def _holder(lock: IO[str]) -> str:
    """The process named in the lock file, if any."""
    lock.seek(0)
    holder = lock.read().strip()
    return holder if holder.isdigit() else ""


def _link_copy(source: Path, target: Path) -> None:
    """A copy of ``source`` (a file, link or whole folder) at ``target``, made of hard links
    where the file system allows, so that even a large ``.git`` is copied at once."""
    if source.is_symlink() or not source.is_dir():
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            _link_file(str(source), str(target))
        return
    shutil.copytree(source, target, symlinks=True, copy_function=_link_file)


def _link_file(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step (Linux 3.15 and newer); raises ENOSYS where it is not
    available and EINVAL where the file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        raise OSError(errno.ENOSYS, "renameat2 is not available") from None
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a))
