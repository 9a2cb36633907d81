"""Problems found in content, reported the way an editor can act on them.

Every problem carries the file, line, column and key path it concerns, so the output reads
``rubrics/x.yml:12:5: criteria[2].levels.advanced: message`` and an editor can jump to it.
"""

from __future__ import annotations

import difflib
import errno
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Protocol

import click

log = logging.getLogger("mkdocs.plugins.rubric-guide")
"""Where the generator reports what it did and what it found: a logger under MkDocs'
``mkdocs.plugins``, so MkDocs shows its lines as its own and ``--strict`` counts its
warnings; the CLI and the Zensical path show it the same way."""

KeyPath = tuple[str | int, ...]

# Control characters, line separators and the bidirectional overrides that reorder a line.
_INVISIBLE = [*range(32), *range(127, 160), *range(0x2028, 0x202F), *range(0x2066, 0x206A)]
_VISIBLE = {c: repr(chr(c))[1:-1] for c in _INVISIBLE}


def format_key_path(path: KeyPath) -> str:
    """Render ``("criteria", 2, "levels")`` as ``criteria[2].levels``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``did you mean 'x'?`` hint, or an empty string when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def join_choices(choices: Sequence[str]) -> str:
    return ", ".join(f"'{c}'" for c in choices)


def counted(number: int, noun: str, plural: str = "") -> str:
    """``1 standard``, ``2 standards``, ``1,000 rubrics``: a number with its noun, plural
    unless the number is one (``plural`` for a noun that does not just add an s)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


@dataclass(frozen=True)
class Repeated:
    """A kind of warning a file may hold many of, such as the placeholders of a new rubric:
    :func:`warning_lines` shows them one line per file, with their count and lines, and says
    the ``advice`` once."""

    noun: str
    advice: str
    """A sentence: what to do about every warning of the kind."""
    plural: str = ""
    """The plural of ``noun``, when it does not just add an s (see :func:`counted`)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at one place (``line`` 0 when there is no line)."""

    file: str
    line: int
    column: int
    key_path: str
    message: str
    warning: bool = False
    """Something to finish rather than a mistake: the guide builds, `--strict` refuses it."""
    repeated: Repeated | None = field(default=None, compare=False)
    """The kind of a warning that a file may hold many of, shown together (see
    :func:`warning_lines`)."""

    def __str__(self) -> str:
        # A folder, or a setting that is not written in any file, has no line.
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        message = f"warning: {self.message}" if self.warning else self.message
        text = f"{where}: {self.key_path}: {message}" if self.key_path else (
            f"{where}: {message}"
        )
        # Keys and values quoted from the content may hold line breaks or terminal escape
        # codes; shown as \n or \x1b, each problem stays on one line and the terminal safe.
        return text.translate(_VISIBLE)


class Located(Protocol):
    """A file, or a part of one, that places a problem at the line of a key path."""

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem: ...


def shown(path: Path, base: Path | None = None) -> str:
    """``path`` as a person would type it: relative to ``base`` (the current folder when
    None) if inside it, as given otherwise."""
    base = base or Path.cwd()
    key = (os.fspath(path), os.fspath(base))
    if key not in _INSIDE:
        here, start = Path(path), Path(base)
        if not here.is_relative_to(start):
            return _elsewhere(here, start)
        _INSIDE[key] = here.relative_to(start).as_posix()
    return _INSIDE[key]


_INSIDE: dict[tuple[str, str], str] = {}
""":func:`shown` of each path inside its base as given, by the two as texts: it reads only
the texts, and a preview names every file of the guide again after each edit."""


def _elsewhere(path: Path, base: Path) -> str:
    """:func:`shown` of a path not inside ``base`` as given."""
    for way in (Path.absolute, Path.resolve):  # absolute, then real
        here, start = way(path), way(base)
        if here.is_relative_to(start):
            return here.relative_to(start).as_posix()
    return str(path)


def warning_lines(warnings: Sequence[Problem]) -> tuple[list[str], list[str]]:
    """``warnings`` as lines to show, in order: a file's warnings of one :class:`Repeated`
    kind in one line with their count and lines (one alone as itself), every other warning as
    itself; and the advice of each repeated kind, to say once after them."""
    def kind(problem: Problem) -> tuple[str, str]:
        return problem.file, problem.repeated.noun if problem.repeated else ""

    lines: list[str] = []
    advice: dict[str, None] = {}
    for (_, noun), group in groupby(sorted(sorted(warnings), key=kind), key=kind):
        found = list(group)
        first, repeated = found[0], found[0].repeated
        if repeated is None or len(found) == 1:
            lines += [str(p) for p in found]
        else:
            lines.append(f"{first.file}:{first.line}:{first.column}: warning: "
                         f"{counted(len(found), noun, repeated.plural)}, on lines "
                         f"{line_ranges([p.line for p in found])}")
        if repeated is not None:
            advice[repeated.advice] = None
    return lines, list(advice)


def stopped_by_strict(warnings: Sequence[Problem]) -> str:
    """Why a ``--strict`` build or check of a guide with ``warnings`` stops."""
    return f"stopped by --strict: {counted(len(warnings), 'thing')} to finish, listed above"


def line_ranges(numbers: Iterable[int]) -> str:
    """``6, 12-15, 20``: line numbers, runs of consecutive ones as a range."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


class ContentError(click.ClickException):
    """The content has problems; carries all of them so they are reported at once.

    ``where`` names what was read, such as a spreadsheet being imported.
    """

    exit_code = 1

    def __init__(self, problems: Sequence[Problem], where: str = "the guide's content") -> None:
        self.problems = sorted(problems)
        lines = [f"found {counted(len(self.problems), 'problem')} in {where}:"]
        lines += [str(p) for p in self.problems]
        super().__init__("\n".join(lines))


class SetupError(click.ClickException):
    """Something the machine lacks, such as a system library; says how to fix it."""

    exit_code = 1


def os_reason(exc: OSError, named: str, *, writing: bool = False) -> str:
    """What an operating-system error means for the file or folder ``named`` (as the
    message names it), and the fix."""
    target = exc.filename if isinstance(exc.filename, str) else named
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        able, flag, verb = ("writable", "u+w", "write") if writing else ("readable", "a+r", "read")
        return (f"permission denied; make it {able} (for example chmod {flag} {named}) or "
                f"run as a user who may {verb} it")
    if code == errno.ENOENT:
        link = Path(target)
        if link.is_symlink():
            return (f"it is a link to {os.readlink(link)}, which does not exist; fix the link "
                    "or delete it")
        return "it does not exist"
    if code == errno.EISDIR:
        return "it is a folder, not a file; rename or move the folder"
    if code == errno.ENOTDIR:
        return (f"a part of {target} is a file, not a folder; move that file away or "
                "choose another path")
    if code == errno.ENOSPC:
        return "the disk is full; free some space and try again"
    if code == errno.EROFS:
        return "the file system is read-only; choose a folder that can be written"
    if code == errno.ELOOP:
        return "its symbolic links lead round in a circle; fix the links"
    if code == errno.EEXIST and Path(target).is_file():
        return (f"{shown(Path(target))} is a file, where a folder is needed; move the file "
                "away or choose another path")
    if code == errno.EEXIST:
        return f"{shown(Path(target))} is there already; move it away or choose another path"
    if code == errno.ENAMETOOLONG:
        return "the name is longer than the file system allows; choose a shorter one"
    return f"{exc.strerror or exc}"


def file_problem(shown: str, exc: OSError, *, writing: bool = False) -> Problem:
    """A file that could not be read (or written) as a problem at its first line; a folder
    (``shown`` ending in ``/``) has no line."""
    verb = "write" if writing else "read"
    what, line = ("folder", 0) if shown.endswith("/") else ("file", 1)
    reason = os_reason(exc, shown.rstrip("/") or ".", writing=writing)
    return Problem(shown, line, line, "", f"cannot {verb} this {what}: {reason}")
