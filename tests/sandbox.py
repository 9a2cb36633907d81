"""Helpers for tests that prove what a build leaves alone: a guide written anywhere, and a
record of a whole folder to compare before and after."""

from __future__ import annotations

import hashlib
import os
import textwrap
from pathlib import Path

Tree = dict[str, str]


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``folder``; returns the folder."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def tree(folder: Path, *, leave_out: tuple[str, ...] = ()) -> Tree:
    """Every file, folder and link under ``folder``: a hash of each file's bytes, each link's
    target. Paths starting with one of ``leave_out`` are not listed."""
    found: Tree = {}
    for parent, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(parent, name)
            relative = path.relative_to(folder).as_posix()
            if relative.startswith(leave_out):
                continue
            if path.is_symlink():
                found[relative] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[relative] = "folder"
            else:
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
