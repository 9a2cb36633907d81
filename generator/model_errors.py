"""pydantic's validation errors in an editor's words: what was expected, what was found, and
the fix, at the line of the key path (for content, mkdocs.yml and district.yml alike)."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

from pydantic import BaseModel

from .errors import KeyPath, Located, Problem, did_you_mean, join_choices
from .load import Document

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
}
_NUMBERS = {"int_type", "int_parsing", "float_type", "float_parsing"}


def describe(value: Any) -> str:
    """``value``, as YAML read it, in words: "the number 5", "a list"."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the true/false value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys to values"
    if isinstance(value, datetime.datetime):
        return f"the date and time {value.isoformat(' ')}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, bytes):
        return "binary data (!!binary)"
    if isinstance(value, set | frozenset):
        return "a set (!!set)"
    if isinstance(value, tuple):
        return "a pair (!!omap or !!pairs)"
    return type(value).__name__


def _fields_of(model_class: type[BaseModel], loc: KeyPath) -> list[str]:
    """The YAML keys allowed at ``loc`` inside ``model_class``."""
    current: Any = model_class
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


UNION = "union_members"
"""The type of the error :func:`union_merged` makes of a value that is none of a union's
members."""


def union_merged(errors: list[Any], data: Any) -> list[Any]:
    """pydantic's ``errors`` about ``data`` with those of one value against each member of a
    union (``Text | list[Text]``: an error for each member, the member's name in the key path)
    made one, at the value: it is none of them."""
    merged: list[Any] = []
    unions: dict[KeyPath, dict[str, Any]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        path, value = _deepest(data, loc)
        member = loc[len(path)] if len(path) < len(loc) else None
        if not isinstance(member, str) or ("str" not in member and "[" not in member):
            merged.append(error)
            continue
        if path not in unions:
            unions[path] = {"type": UNION, "loc": path, "input": value, "ctx": {"members": []}}
            merged.append(unions[path])
        members = unions[path]["ctx"]["members"]
        if member not in members:
            members.append(member)
    return merged


def _deepest(data: Any, loc: KeyPath) -> tuple[KeyPath, Any]:
    """The longest start of ``loc`` that names a value in ``data``, and that value."""
    node = data
    for index, part in enumerate(loc):
        held = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node))
        if not held:
            return loc[:index], node
        node = node[part]
    return loc, node


def _member_words(member: str) -> str:
    """A member of a union, as pydantic names it (``list[constrained-str]``), in words."""
    if member.startswith("list["):
        return "a list of " + ("texts" if "str" in member else "values")
    return {"str": "text", "int": "a whole number", "bool": "true or false"}.get(
        next((kind for kind in ("str", "int", "bool") if kind in member), ""), member)


def _union_problem(document: Located, path: KeyPath, value: Any, members: list[str]
                   ) -> Problem:
    words = [_member_words(member) for member in members]
    found = describe(value)
    if isinstance(value, list) and any(w.startswith("a list of texts") for w in words):
        found = next((f"a list holding {describe(item)}" for item in value
                      if not isinstance(item, str)), found)
    message = f"expected {' or '.join(words)}, found {found}"
    if "text" in words and isinstance(value, bool | int | float):
        message += "; YAML reads yes/no/on/off and numbers as values: put the text in quotes"
    return document.problem(path, message)


def pydantic_problem(
    document: Located, prefix: KeyPath, error: Any, model_class: type[BaseModel]
) -> Problem:
    """One of pydantic's validation errors in an editor's words, at its line."""
    loc: KeyPath = tuple(error["loc"])
    path = (*prefix, *loc)
    kind = error["type"]
    value = error.get("input")
    if kind == UNION:
        return _union_problem(document, path, value, error["ctx"]["members"])
    if kind == "missing":
        key = loc[-1]
        return document.problem(path[:-1], f"missing required key '{key}'; add '{key}: ...'")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = [f for f in _fields_of(model_class, loc[:-1]) if f != key]
        hint = did_you_mean(key, allowed)
        message = f"unknown key '{key}'; " + (
            hint if hint else f"expected one of: {join_choices(allowed)}")
        return document.problem(path, message, of_key=True)
    if kind == "int_type" and isinstance(value, float) and not math.isfinite(value):
        kind = "finite_number"  # a whole number is strict: .inf is no number to write
    if kind in _NUMBERS and isinstance(value, bool):
        spelled = document.spelled.get(path) if isinstance(document, Document) else None
        return document.problem(path, f"expected a number, found the boolean "
                                f"{spelled or str(value).lower()}; write {int(value)} or "
                                "quote it")
    if kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, found {describe(value)}"
        if kind == "string_type" and isinstance(value, bool | int | float):
            message += "; YAML reads yes/no/on/off and numbers as values: put the text in quotes"
        elif kind == "string_type" and isinstance(value, datetime.date):
            key = next((str(p) for p in reversed(loc) if isinstance(p, str)), "edition")
            example = value.isoformat(" ") if isinstance(value, datetime.datetime) else (
                value.isoformat())
            message += (f"; YAML reads a date as a date, not as text: put it in quotes, as in "
                        f'{key}: "{example}"')
        return document.problem(path, message)
    if kind == "string_unicode":
        return document.problem(path, f"expected text, found {describe(value)} that is "
                                "not UTF-8 text; write the text itself, without !!binary")
    if kind == "finite_number":
        return document.problem(path, f"expected a whole number, found {describe(value)}; "
                                "write a number such as 3")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(value), re.findall(r"'([^']*)'", expected))
        return document.problem(path, f"expected {expected}, found {describe(value)}"
                                + (f"; {hint}" if hint else ""))
    if kind == "string_pattern_mismatch":
        return document.problem(path, f"'{value}' is not a valid id; use lowercase letters, "
                                "digits and hyphens, e.g. 'shared-goals'")
    if kind == "string_too_short":
        return document.problem(path, "expected text, found an empty text")
    if kind == "too_short":
        ctx = error.get("ctx", {})
        return document.problem(path, f"expected at least {ctx.get('min_length')} "
                                f"entries, found {ctx.get('actual_length')}")
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return document.problem(path, f"text of {len(value):,} characters is longer than the "
                                f"{limit:,} allowed; shorten it or split it up")
    if kind == "csl_unknown":
        return document.problem(path, str(error["msg"]), of_key=True)
    if kind == "csl_value":
        return document.problem(path, f"{error['msg']}, found {describe(value)}")
    return document.problem(path, str(error["msg"]))
