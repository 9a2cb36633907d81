"""Stage 1: read YAML files into plain data, remembering where every value came from.

PyYAML's composer gives nodes with marks; we build Python values from those nodes ourselves so
that each key path keeps its line and column, duplicate keys are refused (PyYAML silently keeps
the last one), and alias bombs cannot expand without bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import KeyPath, Problem, format_key_path

# Enough for any real guide, far below what an alias bomb expands to.
MAX_VALUES_PER_FILE = 200_000

# libyaml parses several times faster than PyYAML's pure-Python parser, and reading YAML is
# most of a large guide's loading time. Its nodes carry the same line and column marks.
FAST_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)

_STR_TAG = "tag:yaml.org,2002:str"


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
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)

    def position(self, path: KeyPath, *, of_key: bool = False) -> Position:
        """Where ``path`` is in the file, falling back to its nearest parent."""
        table = self.keys if of_key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
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

    def __init__(self, document: Document) -> None:
        self.document = document
        self.constructor = yaml.constructor.SafeConstructor()
        self.count = 0
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES_PER_FILE:
            raise LoadError(
                self._problem(node, path, f"more than {MAX_VALUES_PER_FILE:,} values "
                              "(often YAML aliases that expand to themselves); "
                              "write the values out instead of using anchors and aliases")
            )
        self.document.values[path] = _pos(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value  # what the constructor returns for text, without its bookkeeping
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        self.constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                # Keys like `1:` or `yes:` are read by YAML as numbers and booleans.
                key = str(key).lower() if isinstance(key, bool) else str(key)
            child = (*path, key)
            if key in result:
                first = self.document.keys[child]
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
        pos = _pos(node)
        return Problem(self.document.display_path, pos.line, pos.column,
                       format_key_path(path), message)


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def load_document(path: Path, root: Path) -> tuple[Document, list[Problem]]:
    """Read one YAML file. Returns the document and any problems found while reading it.

    A file that is not YAML at all raises :class:`LoadError`.
    """
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    document = Document(path=path, display_path=display, data=None)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise LoadError(Problem(display, line, 1, "",
                                "the file is not UTF-8 text; save it as UTF-8")) from exc
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or "invalid YAML"
        hint = _syntax_hint(reason)
        raise LoadError(Problem(display, line, column, "",
                                f"YAML syntax error: {reason}{hint}")) from exc
    except yaml.YAMLError as exc:
        raise LoadError(Problem(display, 1, 1, "", f"YAML syntax error: {exc}")) from exc
    if node is None:
        return document, []
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadError(Problem(display, line, column, "",
                                f"unsupported YAML value: {exc.problem}")) from exc
    return document, builder.problems


def _compose(text: str) -> yaml.Node | None:
    if FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            pass  # PyYAML words errors the way the hints below and editors' docs expect
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _syntax_hint(reason: str) -> str:
    if "mapping values are not allowed" in reason:
        return "; text containing ': ' must be put in quotes"
    if "found character '\\t'" in reason:
        return "; indent with spaces, not tabs"
    if "found undefined alias" in reason:
        return "; define the anchor (&name) before using the alias (*name)"
    return ""
