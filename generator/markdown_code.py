"""Where a Markdown text is code: inline code spans (`` `x` ``, ``<code>x</code>``), fenced
code blocks (```` ``` ```` or ``~~~``) and indented ones. There, what looks like the generator's
syntax (``[@id]``, ``# heading``) is an example written for readers, so it is neither
replaced nor checked."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}(?=[^`\n]*$)|~{3,})")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]")
_BACKTICKS = re.compile(r"(?<!\\)`+")
_HTML_CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MAYBE_CODE = re.compile(r"`|~~~|<code|<pre|^(?: {4}|\t)", re.M | re.I)
"""What every kind of code starts with: a text without it has none, and is not read line by
line."""


class Code:
    """The parts of a Markdown text that are code, by their offsets in it."""

    def __init__(self, markdown: str) -> None:
        spans: list[tuple[int, int]] = []
        if _MAYBE_CODE.search(markdown):
            spans = _blocks(markdown)
            spans += _inline(markdown, spans)
            spans.sort()
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]

    def __contains__(self, offset: int) -> bool:
        at = bisect_right(self._starts, offset) - 1
        return at >= 0 and offset < self._ends[at]


def outside_code(pattern: re.Pattern[str], markdown: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``markdown`` that do not start in code."""
    code: Code | None = None
    for match in pattern.finditer(markdown):
        if code is None:  # most texts match nowhere: they are not read for code
            code = Code(markdown)
        if match.start() not in code:
            yield match


def replaced(text: str, matches: Iterable[re.Match[str]],
             by: Callable[[re.Match[str]], str]) -> str:
    """``text`` with each of ``matches`` (matches in it, in order) replaced by ``by(match)``."""
    parts: list[str] = []
    done = 0
    for match in matches:
        parts += [text[done:match.start()], by(match)]
        done = match.end()
    return "".join([*parts, text[done:]]) if parts else text


def _blocks(markdown: str) -> list[tuple[int, int]]:
    """Fenced and indented code blocks. A fence's code runs to its closing fence, or to the
    end. Indented code follows a blank line, four spaces in (eight in a list, where four
    continue the item)."""
    spans: list[tuple[int, int]] = []
    fence: tuple[str, int] | None = None
    opened = 0
    after_blank, in_list, in_indented = True, False, False
    offset = 0
    for line in markdown.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if fence is not None:
            if _closes(line, fence):
                spans.append((opened, offset))
                fence = None
            continue
        blank = not line.strip()
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if not blank and indent >= (8 if in_list else 4) and (after_blank or in_indented):
            spans.append((start, offset))
            in_indented = True
        elif opening := _FENCE.match(line):
            fence, opened = (opening.group("fence")[0], len(opening.group("fence"))), start
        elif not blank:
            in_indented = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif after_blank and indent == 0:
                in_list = False
        after_blank = blank
    if fence is not None:
        spans.append((opened, len(markdown)))
    return spans


def _closes(line: str, opening: tuple[str, int]) -> bool:
    """Whether ``line`` closes the fence opened with ``opening`` (its character and length):
    the same character, at least as many times, and nothing after it."""
    closing = _FENCE.match(line)
    return bool(closing and closing.group("fence")[0] == opening[0]
                and len(closing.group("fence")) >= opening[1]
                and not line[closing.end():].strip())


def _inline(markdown: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code spans outside ``blocks``: a run of backticks to the next run of as many, within
    one paragraph; ``<code>`` and ``<pre>`` elements."""
    spans = [match.span() for match in _HTML_CODE.finditer(markdown)]
    code_blocks = sorted(blocks)
    at = 0
    while opening := _BACKTICKS.search(markdown, at):
        at = opening.end()
        if any(start <= opening.start() < end for start, end in code_blocks):
            continue
        paragraph = _BLANK_LINE.search(markdown, at)
        limit = paragraph.start() if paragraph else len(markdown)
        run = len(opening.group())
        for closing in _BACKTICKS.finditer(markdown, at, limit):
            if len(closing.group()) == run:
                spans.append((opening.start(), closing.end()))
                at = closing.end()
                break
    return spans
