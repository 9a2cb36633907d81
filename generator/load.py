"""Stage 1: read YAML files into plain data, remembering where every value came from.

PyYAML's composer gives nodes with marks; we build Python values from those nodes ourselves so
that each key path keeps its line and column, duplicate keys are refused (PyYAML silently keeps
the last one), and no file can make the loader run out of memory, time or stack: files are
capped in size, values in number and nesting in depth, and aliases are refused.

The events the composer reads come from libyaml when PyYAML has it (its wheels do), which makes
reading about three times faster; a file libyaml refuses is read again by PyYAML's own parser,
so that every syntax error is reported in the same words whichever parser is installed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import KeyPath, Problem, file_problem, format_key_path, shown
from .safety import control_character_problem

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest data file read: a guide's biggest, a Zotero export of sources, is far smaller."""
MAX_VALUES_PER_FILE = 50_000
"""Values (mappings, lists and scalars) in one file; the shipped guide's largest has 300, and a
Zotero export of 1,000 sources some 30,000."""
MAX_DEPTH = 50
"""Mappings and lists nested in one another; the guide's own formats nest at most 7 deep."""

_STR_TAG = "tag:yaml.org,2002:str"
_BOOL_TAG = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Document:
    """One YAML file's data, with the position of every key and value in it."""

    path: Path
    display_path: str
    data: Any
    values: dict[KeyPath, int] = field(default_factory=dict)
    """Where each value starts, packed by :func:`_pos` (a guide of a thousand rubrics has
    some 150,000 of them: as one int each they take half the memory of a pair)."""
    keys: dict[KeyPath, int] = field(default_factory=dict)
    """Where each key of a mapping starts, packed by :func:`_pos`."""
    spelled: dict[KeyPath, str] = field(default_factory=dict)
    """How each true/false value is written (``yes``, ``On``), for messages about it."""

    def position(self, path: KeyPath, *, of_key: bool = False) -> Position:
        """Where ``path`` is in the file, falling back to its nearest parent."""
        table = self.keys if of_key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return _unpacked(table[prefix])
            if prefix in self.values:
                return _unpacked(self.values[prefix])
        return Position(1, 1)

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem:
        pos = self.position(path, of_key=of_key)
        return Problem(self.display_path, pos.line, pos.column, format_key_path(path), message)


class LoadError(Exception):
    """A file could not be read as YAML at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Builder:
    """Turns a composed node tree into Python values, recording positions."""

    def __init__(self, document: Document, *, settings: bool = False) -> None:
        self.document = document
        self.constructor = yaml.constructor.SafeConstructor()
        self.problems: list[Problem] = []
        self.settings = settings
        """Whether this is a settings file such as mkdocs.yml, whose tags (``!ENV``,
        ``!relative``, ``!!python/name:``) belong to MkDocs and its extensions."""

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.document.values[path] = _pos(node)
        if self.settings and _foreign_tag(node.tag):
            return self._tagged(node, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _tagged(self, node: yaml.Node, path: KeyPath) -> Any:
        """A value MkDocs reads with a tag of its own: ``!ENV`` as MkDocs resolves it (the
        first variable set, else the default that ends a list), anything else as written."""
        if node.tag == "!ENV":
            names = node.value if isinstance(node, yaml.SequenceNode) else [node]
            default = None
            if isinstance(node, yaml.SequenceNode) and len(names) > 1:
                default = self.build(names[-1], (*path, len(names) - 1))
                names = names[:-1]
            for name in names:
                value = os.environ.get(str(name.value)) if isinstance(
                    name, yaml.ScalarNode) else None
                if value is not None:
                    return _typed(value)
            return default
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return {str(k.value): self.build(v, (*path, str(k.value))) for k, v in node.value}
        return node.value

    def _scalar(self, node: yaml.Node, path: KeyPath, *, key: bool = False) -> Any:
        """A scalar's value. Text holding a control character is a problem; in a ``key`` it
        names nothing the guide knows, and is refused as an unknown key."""
        if node.tag == _STR_TAG:
            if not key and (reason := control_character_problem(node.value)):
                self.problems.append(self._problem(node, path, reason))
            return node.value  # what the constructor returns for text, without its bookkeeping
        if node.tag == _BOOL_TAG and not key:
            self.document.spelled[path] = str(node.value)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise LoadError(self._problem(
                node, path, f"unsupported YAML value: {exc.problem}")) from exc
        except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError) as exc:
            # A tag such as `!!int abc`, `!!int` alone or `!!timestamp soon`, or a number of
            # 5,000 digits: PyYAML's constructors fail on these with any of these errors.
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise LoadError(self._problem(
                node, path, f"'{_shorten(str(node.value))}' cannot be read as {tag}; remove "
                "the tag, correct the value or put it in quotes")) from exc

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        self.constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self._problem(
                    key_node, path, "a key must be a word or a text, not a list or mapping "
                    "(a line starting with '?' makes one); write the key as plain text"))
                continue
            key = self._scalar(key_node, path, key=True)
            if not isinstance(key, str):
                # Keys like `1:` or `yes:` are read by YAML as numbers and booleans.
                key = str(key).lower() if isinstance(key, bool) else str(key)
            child = (*path, key)
            if key in result:
                first = _unpacked(self.document.keys[child])
                self.problems.append(self._problem(
                    key_node, child,
                    f"duplicate key '{key}' (first defined on line {first.line}); "
                    "YAML keeps only one of them: remove or rename one",
                ))
                continue
            self.document.keys[child] = _pos(key_node)
            result[key] = self.build(value_node, child)
        return result

    def _problem(self, node: yaml.Node, path: KeyPath, message: str) -> Problem:
        pos = _unpacked(_pos(node))
        return Problem(self.document.display_path, pos.line, pos.column,
                       format_key_path(path), message)


def _typed(value: str) -> Any:
    """An environment variable's value as YAML types it when written plainly, as MkDocs
    reads it: ``true`` is true, ``8000`` a number, anything else text."""
    resolver = yaml.resolver.Resolver()
    tag = resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    constructor = yaml.constructor.SafeConstructor()
    try:
        return constructor.construct_object(yaml.ScalarNode(tag, value))
    except (yaml.YAMLError, ValueError):
        return value


def _foreign_tag(tag: str | None) -> bool:
    """Whether ``tag`` is not one of YAML's own, which the safe constructor reads."""
    name = str(tag or "")
    return bool(name) and (not name.startswith("tag:yaml.org,2002:")
                           or name.startswith("tag:yaml.org,2002:python/"))


_COLUMN_BITS = 32


def _pos(node: yaml.Node) -> int:
    """Where ``node`` starts, its line and column (from 1) packed into one int."""
    return (node.start_mark.line + 1) << _COLUMN_BITS | (node.start_mark.column + 1)


def _unpacked(packed: int) -> Position:
    return Position(packed >> _COLUMN_BITS, packed & ((1 << _COLUMN_BITS) - 1))


def load_document(path: Path, root: Path, *, settings: bool = False, text: str | None = None
                  ) -> tuple[Document, list[Problem]]:
    """Read one YAML file. Returns the document and any problems found while reading it.

    A file that is not YAML at all raises :class:`LoadError`. A ``settings`` file (such as
    mkdocs.yml) may hold the tags MkDocs reads, as :meth:`_Builder._tagged` says. ``text`` is
    the file's text when it is not written yet (a rubric ``rubric-guide import`` would write),
    read within the same limits.
    """
    display = shown(path, root)
    if text is None:
        text = read_text(path, display)
    elif problem := size_problem(display, len(text.encode("utf-8"))):
        raise LoadError(problem)
    key = (path, display, settings)
    remembered = _READ.get(key)
    if remembered is None or remembered[0] != text:
        try:
            remembered = (text, _read(path, display, text, settings))
        except LoadError as exc:
            remembered = (text, exc)
        _READ[key] = remembered
    if isinstance(remembered[1], LoadError):
        raise remembered[1]
    document, problems = remembered[1]
    return document, [*problems]


_READ: dict[tuple[Path, str, bool], tuple[str, tuple[Document, list[Problem]] | LoadError]] = {}
"""Each file's last text and what reading it gave. A preview reads every file again after each
edit, so that its problems are complete; composing YAML is most of that time, and an unchanged
text reads the same (nothing changes a document once read)."""


def forget_what_was_read() -> None:
    """Let go of the files :func:`load_document` keeps for reading them again: a build reads
    each once, and a large guide's texts are megabytes."""
    _READ.clear()


def _read(path: Path, display: str, text: str, settings: bool
          ) -> tuple[Document, list[Problem]]:
    document = Document(path=path, display_path=display, data=None)
    try:
        node = _compose(text, settings=settings)
    except _Refused as exc:
        raise LoadError(Problem(display, exc.mark.line + 1, exc.mark.column + 1, "",
                                exc.message)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        opening = exc.context_mark
        if exc.context == "while scanning a quoted scalar" and opening is not None and (
                "end of stream" in str(exc.problem)):  # YAML says where the file ends
            quote = text[opening.index] if opening.index < len(text) else '"'
            raise LoadError(Problem(display, opening.line + 1, opening.column + 1, "", (
                f"YAML syntax error: the quote {quote} here is never closed; end the text "
                f"with {quote}"))) from exc
        # YAML meets the end of the file inside {...} or [...]: say where it was left open.
        if mark is not None and mark.index >= len(text.rstrip()) and (
                opened := _left_open(text, line)):
            number, column, bracket, comment = opened
            if comment is not None:
                raise LoadError(Problem(display, comment[0], comment[1], "", (
                    "YAML syntax error: a # after a space starts a comment, which cuts this "
                    f"{bracket}...{_CLOSING[bracket]} short; put the value in quotes, as in "
                    f"\"{comment[2]}\""))) from exc
            raise LoadError(Problem(display, number, column, "", (
                f"YAML syntax error: the {bracket} here is never closed; close it with "
                f"{_CLOSING[bracket]}"))) from exc
        reason = exc.problem or "invalid YAML"
        if indented := _indent_problem(text, line, column, reason):
            column, message = indented
            raise LoadError(Problem(display, line, column, "",
                                    f"YAML syntax error: {message}")) from exc
        hint = _syntax_hint(reason)
        raise LoadError(Problem(display, line, column, "",
                                f"YAML syntax error: {reason}{hint}")) from exc
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        raise LoadError(Problem(
            display, line, column, "",
            f"the file contains the control character U+{exc.character:04X}, which YAML does "
            "not allow; delete it (it is often invisible: retype the text around it)")) from exc
    except yaml.YAMLError as exc:
        raise LoadError(Problem(display, 1, 1, "", f"YAML syntax error: {exc}")) from exc
    if node is None:
        return document, []
    builder = _Builder(document, settings=settings)
    try:
        document.data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadError(Problem(display, line, column, "",
                                f"unsupported YAML value: {exc.problem}")) from exc
    return document, builder.problems


def read_text(path: Path, display: str) -> str:
    """A content file's text, decoded strictly as UTF-8 (a byte-order mark is allowed).

    Raises :class:`LoadError` naming the file as ``display`` when it is too large or not UTF-8.
    """
    try:
        size = path.stat().st_size
        data = b"" if size > MAX_FILE_BYTES else path.read_bytes()
    except OSError as exc:
        raise LoadError(file_problem(display, exc)) from None
    if problem := size_problem(display, size):
        raise LoadError(problem)
    for bom, encoding in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                          (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            raise LoadError(Problem(display, 1, 1, "", f"the file is {encoding} text; save it "
                                    "as UTF-8 (in most editors: Save As, Encoding: UTF-8)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", errors="replace")) + 1
        raise LoadError(Problem(
            display, line, column, "", f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} "
            f"(at byte offset {exc.start:,}) is not valid UTF-8, as happens when a "
            "file is saved as Latin-1 or Windows-1252; save it as UTF-8")) from exc
    if problem := conflict_problem(display, text):
        raise LoadError(problem)
    return text


_CONFLICT = re.compile(r"^<<<<<<<(?: .*)?$(?:.*\n)*?^>>>>>>>(?: .*)?$", re.M)
"""A conflict git left in a file it could not merge: its lines between ``<<<<<<<`` and
``>>>>>>>``."""


def conflict_problem(display: str, text: str) -> Problem | None:
    """The problem of a file that still holds a conflict a merge left, at its first line."""
    found = _CONFLICT.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return Problem(display, line, 1, "", "a merge left a conflict here: git's markers "
                   "(<<<<<<<, =======, >>>>>>>) are still in the file; keep the lines you "
                   "want from each side, delete the three markers, then run `rubric-guide "
                   "check` again")


def hidden(path: Path, folder: Path) -> bool:
    """Whether ``path`` is hidden in ``folder``: a name of its path there starts with a dot
    (``.draft.md``, ``.git/``), which the engines never publish."""
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


EDITORS_FILES = re.compile(r"4913|#.*#|.*~|.*___jb_(?:tmp|old)___")
"""Files editors write beside the file being edited: vim's test of the folder (``4913``),
Emacs's auto-save (``#name#``), backups (``name~``), JetBrains' copies while saving. A
build publishes none, and a preview is not rebuilt for them."""


def left_by_an_editor(name: str) -> bool:
    """Whether the file ``name`` (its name or its path) is one of :data:`EDITORS_FILES`."""
    return bool(EDITORS_FILES.fullmatch(name.rpartition("/")[2]))


def passed_over(path: Path, folder: Path) -> bool:
    """Whether ``path`` in ``folder`` is no file of the guide: hidden, or left by an editor."""
    return hidden(path, folder) or left_by_an_editor(path.name)


def template_conflicts(folder: Path | None, display: Callable[[Path], str]) -> list[Problem]:
    """A problem for each file of the templates' folder ``folder`` (overrides/) that still
    holds a conflict a merge left, named by ``display``; its YAML files are read, and
    checked, as content."""
    if folder is None or not folder.is_dir():
        return []
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".yml", ".yaml") or not path.is_file() or hidden(path, folder):
            continue
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if path.stat().st_size <= MAX_FILE_BYTES and (problem := conflict_problem(
                    display(path), path.read_text(encoding="utf-8"))):
                problems.append(problem)
    return problems


def size_problem(display: str, size: int) -> Problem | None:
    """The problem of a data file of ``size`` bytes, if it is larger than a data file may be."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(display, 1, 1, "", f"the file is {size / 1024 / 1024:.1f} MB, more than the "
                   f"{MAX_FILE_BYTES // 1024 // 1024} MB a data file may be; split it into "
                   "smaller files or remove what does not belong in the guide")


def _line_column(text: str, index: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


class _Refused(Exception):
    """YAML that is valid but not accepted in a guide, at ``mark``."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _Limits:
    """Composes nodes within the limits above and refuses aliases, over any event parser.

    Aliases (``*name``) are refused outright: a few lines of them can stand for billions of
    values or for a list that contains itself, and a guide has no need of them.
    """

    depth = 0
    count = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                f"YAML aliases (*{event.anchor}) are not accepted in a guide; write the value "
                "out in full where it is needed", event.start_mark)
        self.count += 1
        if self.count > MAX_VALUES_PER_FILE:
            raise _Refused(
                f"the file holds more than {MAX_VALUES_PER_FILE:,} values; a guide's data file "
                "holds far fewer: split it into smaller files", event.start_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(
                f"lists and mappings are nested more than {MAX_DEPTH} deep here; the guide's "
                "formats nest a few levels: check the indentation and brackets", event.start_mark)
        try:
            node: yaml.Node | None = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1
        assert node is not None, "a node follows every event but the end of the stream"
        return node


class _Composer(_Limits, yaml.SafeLoader):
    """PyYAML's own reader, scanner and parser: the reference for what is valid YAML."""


_LibyamlComposer: type | None
try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # PyYAML built without libyaml
    _LibyamlComposer = None
else:
    class _LibyamlComposer(  # type: ignore[no-redef]
            _Limits, yaml.composer.Composer, CParser, yaml.resolver.Resolver):
        """The same composer reading libyaml's events, which carry the same marks.

        The two parsers disagree on a few rarities, such as the tag ``!`` alone, so a file
        with an explicit tag (which guides never need) is left to PyYAML's parser.
        """

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
            if getattr(self.peek_event(), "tag", None) is not None:
                raise _Unusual
            return super().compose_node(parent, index)


class _Unusual(yaml.YAMLError):
    """Valid YAML that only PyYAML's own parser is trusted to read."""


def _compose(text: str, *, settings: bool = False) -> yaml.Node | None:
    """The file's node tree, or None for an empty file. Aliases are refused in content; in
    a settings file they are left to the tool that reads it."""
    if settings:
        return yaml.SafeLoader(text).get_single_node()
    if _LibyamlComposer is not None:
        try:
            return _LibyamlComposer(text).get_single_node()  # type: ignore[no-any-return]
        except yaml.YAMLError:
            pass  # reported below, in PyYAML's words
    return _Composer(text).get_single_node()


_CLOSING = {"{": "}", "[": "]"}
_BLOCK_SCALAR = re.compile(r"(\s*)(?:- )?[^#'\"]*:\s*[|>][-+0-9]*\s*(?:#.*)?")
"""A line whose value is a block of text (``key: |``) on the lines indented below it."""


def _left_open(text: str, last: int
               ) -> tuple[int, int, str, tuple[int, int, str] | None] | None:
    """The line, column and bracket of the last ``{`` or ``[`` that opens a collection at or
    before line ``last`` and is never closed, what YAML meets the end of the file inside, with
    the first comment that began inside it (its line, column and the value it starts): an
    unquoted ``#1f4e79`` there makes the rest of its line a comment. Quoted text, comments and
    blocks of text are passed over; a bracket inside plain text is text. One pass, so a file
    of long lines costs no more than reading it."""
    opened: list[tuple[int, int, str, tuple[int, int, str] | None]] = []
    block = -1  # the indent of the key whose block of text the lines below belong to
    for number, line in enumerate(text.split("\n")[:last], 1):
        indent = len(line) - len(line.lstrip())
        if block >= 0 and (not line.strip() or indent > block):
            continue
        block = -1
        if not opened and (found := _BLOCK_SCALAR.fullmatch(line)):
            block = len(found.group(1))
            continue
        quote, before = "", ""  # the last character before this one that is not a space
        for column, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char == "#" and (column == 0 or line[column - 1] in " \t"):
                if opened and opened[-1][3] is None:
                    value = re.match(r"[^,}\]\s]*", line[column:])
                    opened[-1] = (*opened[-1][:3], (number, column + 1,
                                                    value.group() if value else "#"))
                break
            elif char in "'\"" and (opened or before in ("", ":", "-")):
                quote = char
            elif char in "[{" and (opened or before in ("", ":", "-")):
                opened.append((number, column + 1, char, None))
            elif char in "]}" and opened:
                opened.pop()
            if not char.isspace():
                before = char
    return opened[-1] if opened else None


def _indent_problem(text: str, line: int, column: int, reason: str
                    ) -> tuple[int, str] | None:
    """The column and the message for a line indented as it should not be, where YAML's own
    words would send a person elsewhere: a key indented further than a ``key: text`` line
    above it (YAML reads it as more of that text, then refuses its colon), or a line indented
    as no line above it is (YAML expected the block to end)."""
    lines = text.split("\n")
    this = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = _indent(this)
    if "mapping values are not allowed" in reason:
        key = this[indent:column - 1]
        if this[column - 1:column] != ":" or not _PLAIN_KEY.fullmatch(key):
            return None
        above = _lines_above(lines, line)[:1]
        if not above or _key_start(above[0][1]) >= indent or not _HOLDS_TEXT.match(above[0][1]):
            return None
        number, text_above = above[0]
        return indent + 1, (
            f"this line is indented further than line {number} above it, so YAML reads it as "
            f"more of that line's text; indent it {_spaces(_key_start(text_above))}, as line "
            f"{number}")
    if not reason.startswith(("expected <block end>", "did not find expected key")) or (
            column != indent + 1):
        return None
    levels: dict[int, int] = {}  # the indents a line here could take, each at its nearest line
    for number, text_above in _lines_above(lines, line):
        shallowest = min(levels, default=None)
        for start in (_indent(text_above), _key_start(text_above)):
            if shallowest is None or start < shallowest:
                levels.setdefault(start, number)
    if indent in levels:
        return None
    deeper = min((level for level in levels if level > indent), default=None)
    shallower = max((level for level in levels if level < indent), default=None)
    choices = [f"line {levels[level]} ({_spaces(level)})" for level in (deeper, shallower)
               if level is not None]
    return indent + 1, (f"this line is indented {_spaces(indent)}, which lines it up with no "
                        f"line above it; line it up with {' or '.join(choices)}")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_start(line: str) -> int:
    """Where the key of ``line`` starts: past its indent and the ``- `` of the list items it
    starts."""
    return len(_ITEM.match(line).group())  # type: ignore[union-attr]  # it matches any line


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


def _lines_above(lines: list[str], line: int) -> list[tuple[int, str]]:
    """The lines above ``line`` that hold more than a comment, nearest first, with their
    numbers, up to the first that is not indented."""
    found: list[tuple[int, str]] = []
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            found.append((number, text))
            if not text.startswith(" "):
                break
    return found


_ITEM = re.compile(r" *(?:- +)*")
"""A line's indent, with the ``- `` of the list items it starts."""

_PLAIN_KEY = re.compile(r"[A-Za-z_][\w./-]*")
"""A key as the guide's files write them: one word, without quotes. A line of several words
before its colon is more likely text that holds ": " than a key indented too far."""

_HOLDS_TEXT = re.compile(r" *(?:- +)*[^\s#'\"\[{][^:#]*: +[^\s#|>&*!'\"\[{]")
"""A ``key: text`` line whose text is plain, which YAML goes on reading on a line indented
further."""


def _syntax_hint(reason: str) -> str:
    if "mapping values are not allowed" in reason:
        return "; text containing ': ' must be put in quotes"
    if "found character '\\t'" in reason:
        return "; indent with spaces, not tabs"
    if "found another document" in reason:
        return "; a data file holds one YAML document: remove the '---' line or split the file"
    return ""
