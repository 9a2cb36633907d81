"""Problems found in content, reported the way an editor can act on them.

Every problem carries the file, line, column and key path it concerns, so the output reads
``rubrics/x.yml:12:5: criteria[2].levels.advanced: message`` and an editor can jump to it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import click

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


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at one place."""

    file: str
    line: int
    column: int
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.key_path}: {self.message}" if self.key_path else (
            f"{where}: {self.message}"
        )
        # Keys and values quoted from the content may hold line breaks or terminal escape
        # codes; shown as \n or \x1b, each problem stays on one line and the terminal safe.
        return text.translate(_VISIBLE)


class ContentError(click.ClickException):
    """The content has problems; carries all of them so they are reported at once.

    ``where`` names what was read, such as a spreadsheet being imported.
    """

    exit_code = 1

    def __init__(self, problems: Sequence[Problem], where: str = "the guide's content") -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"found {count} {noun} in {where}:"]
        lines += [str(p) for p in self.problems]
        super().__init__("\n".join(lines))


class SetupError(click.ClickException):
    """Something the machine lacks, such as a system library; says how to fix it."""

    exit_code = 1
