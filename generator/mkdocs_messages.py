"""MkDocs' own messages about ``mkdocs.yml``, in the guide's words: what was expected, what
was found, and the fix, instead of Python's names for types (``<class 'int'>``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .model_errors import describe as describe_value

_TYPES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
          "list": "a list", "dict": "a mapping of keys to values", "tuple": "a list"}

_QUOTE = "; YAML reads yes/no/on/off and numbers as values: put the text in quotes"


def _expected(kind: str, value: Any) -> str:
    message = f"expected {_TYPES.get(kind, kind)}, found {describe_value(value)}"
    if kind == "str" and isinstance(value, bool | int | float):
        message += _QUOTE
    return message


_TRANSLATIONS: list[tuple[re.Pattern[str], Callable[[re.Match[str], Any], str]]] = [
    (re.compile(r"Expected type: <class '(\w+)'> but received: <class '\w+'>"),
     lambda found, value: _expected(found[1], value)),
    (re.compile(r"Expected a string, got <class '\w+'>"),
     lambda found, value: _expected("str", value)),
    (re.compile(r"Expected a multiline string, but a <class '\w+'> was given\."),
     lambda found, value: _expected("str", value) + " (one pattern per line)"),
    (re.compile(r"Expected nav to be a list, got .*", re.S),
     lambda found, value: f"expected a list of pages, found {describe_value(value)}"),
    (re.compile(r"The path '(.*)' isn't an existing directory\."),
     lambda found, value: f"there is no folder {found[1]}; create it, or correct the path"),
    (re.compile(r"The path '(.*)' isn't an existing file\."),
     lambda found, value: f"there is no file {found[1]}; create it, or correct the path"),
    (re.compile(r"The path set in custom_dir \('(.*)'\) does not exist\."),
     lambda found, value: f"custom_dir: there is no folder {found[1]}; create it, or "
                          "correct custom_dir"),
    (re.compile(r"Failed to load extension '(.*?)'\..*", re.S),
     lambda found, value: f"there is no Markdown extension '{found[1]}'; correct its name, "
                          "or install the package that provides it"),
    (re.compile(r'The "(.*)" plugin is not installed'),
     lambda found, value: f"there is no plugin '{found[1]}'; correct its name, or install "
                          "the package that provides it"),
]


def mkdocs_message(message: str, value: Any) -> str:
    """MkDocs' ``message`` about a setting whose value is ``value``, in the guide's words
    where MkDocs' words are Python's; other messages as MkDocs writes them."""
    for pattern, translate in _TRANSLATIONS:
        found = pattern.fullmatch(message.strip())
        if found is not None:
            return translate(found, value)
    return message
