"""Folders the build keeps files in between builds (the PDF cache, the staged source Zensical
builds) may hold other files too: a ``cache_dir`` can be set to ``..`` or to a folder outside
the project. So the build records, in a manifest, every file it wrote there, and removes only
files it recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

MANIFEST_HEADER = "# Files written here by Rubric Guide builds; they remove only these.\n"
"""The first line of a manifest, by which a build knows the manifest is its own."""


class Owned:
    """The files of ``folder`` a build wrote, recorded in the file ``manifest``."""

    def __init__(self, folder: Path, manifest: Path) -> None:
        self.folder = folder
        self.manifest = manifest

    def recorded(self) -> set[str] | None:
        """The recorded files, by their path in the folder; None when a file of that name is
        there that is not a manifest of ours, which the build then leaves alone."""
        try:
            text = self.manifest.read_text(encoding="utf-8")
        except FileNotFoundError:
            return set()
        except (OSError, UnicodeDecodeError):
            return None
        if not text.startswith(MANIFEST_HEADER):
            return None
        return {line for line in text.splitlines()[1:] if line}

    def keep_only(self, wanted: Iterable[str], *, written: Iterable[str] = ()) -> None:
        """Record ``wanted`` (and ``written``, what this build wrote), and remove the files
        recorded earlier that are no longer wanted, with the folders they leave empty."""
        recorded = self.recorded()
        if recorded is None:
            return  # not ours to write: nothing is removed, nothing recorded
        wanted = set(wanted)
        if wanted == recorded and set(written) <= recorded and self.manifest.exists():
            return  # recorded as it is
        for name in sorted(recorded - wanted):
            self._remove(name)
        self._write(wanted | (set(written) - (recorded - wanted)))

    def _remove(self, name: str) -> None:
        path = self.folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts or (
                path.is_dir() and not path.is_symlink()):
            return  # a manifest line that names no file of ours
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        parent = path.parent
        while parent != self.folder and parent.is_relative_to(self.folder):
            try:
                parent.rmdir()  # only once empty
            except OSError:
                break
            parent = parent.parent

    def _write(self, names: set[str]) -> None:
        base = os.fspath(self.folder)
        present = sorted(n for n in names if os.path.lexists(os.path.join(base, n)))
        partial = self.manifest.with_name(f"{self.manifest.name}.{os.getpid()}.tmp")
        try:
            partial.write_text(MANIFEST_HEADER + "".join(f"{n}\n" for n in present),
                               encoding="utf-8")
            partial.replace(self.manifest)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink()


def sync(folder: Path, files: Mapping[str, str | bytes | Path], *, prune: bool = True,
         remember: bool = True) -> None:
    """Make ``folder`` hold ``files`` (by path: their text, bytes, or the file holding them):
    write what differs and, with ``prune``, remove the files an earlier sync wrote there that
    are no longer among them (recorded in ``.<folder>.rubric-guide-files`` beside it). Files
    it did not write stay. ``files`` is read one file at a time, so a mapping that makes each
    file's content as it is asked for never holds them all.

    A file this process synced before, unchanged since (its size and time) and to hold the
    same bytes, is not read again: a preview syncs thousands of files after each edit. With
    ``remember``, the text or bytes given are kept until the next sync of the folder, so that
    the very same text given again is not even compared (what a preview gives, once per
    edit); a build syncs once, and keeps nothing."""
    base = os.fspath(folder)
    known = _SYNCED.setdefault(base, {})
    for uri, content in files.items():
        path = os.path.join(base, uri)
        synced = known.get(uri)
        if synced is not None and synced[3] is content and synced[:2] == _stamp(path):
            continue  # the very text written last time, and the file as it was left
        data = (content.read_bytes() if isinstance(content, Path)
                else content.encode("utf-8") if isinstance(content, str) else content)
        kept = content if remember and not isinstance(content, Path) else None
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if synced is not None and synced[:3] == (*_stamp(path), digest):
            known[uri] = (*synced[:3], kept)
            continue
        try:
            with open(path, "rb") as file:
                same = file.read() == data
        except OSError:
            same = False
            os.makedirs(os.path.dirname(path), exist_ok=True)
        if not same:
            with open(path, "wb") as file:
                file.write(data)
        known[uri] = (*_stamp(path), digest, kept)
    if prune:
        Owned(folder, folder.parent / f".{folder.name}.rubric-guide-files").keep_only(files)


_SYNCED: dict[str, dict[str, tuple[int, int, bytes, str | bytes | None]]] = {}
"""What :func:`sync` last made each file of a folder hold: its size, time, digest and, if it
was to remember it, the content it was given."""


def _stamp(path: str) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return -1, -1
    return status.st_size, status.st_mtime_ns
