"""The message catalogue: every word the generator writes, in the guide's language.

Catalogues are YAML files named by language (``en.yml``, ``es.yml``) in ``generator/messages/``.
A fork adds a language, or replaces some strings of a shipped one, with a file of the same name
in ``overrides/messages/``; single strings can also be set with the plugin's ``messages:``
option. The language is MkDocs' ``theme.language``, so Material's own interface and search
follow the same setting.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SetupError, did_you_mean

MESSAGES_DIR = Path(__file__).parent / "messages"
DEFAULT_LANGUAGE = "en"

Message = str | list[str]


def shipped_languages() -> list[str]:
    """Languages the generator ships a catalogue for."""
    return sorted(p.stem for p in MESSAGES_DIR.glob("*.yml"))


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Message]:
    """``{"sheet": {"title": "x"}}`` as ``{"sheet.title": "x"}``."""
    flat: dict[str, Message] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def placeholders(message: Message) -> set[str]:
    """The ``{names}`` a message expects."""
    texts = message if isinstance(message, list) else [message]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def read_catalogue(path: Path) -> dict[str, Message]:
    """One catalogue file, flattened."""
    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SetupError(f"{path}: cannot read this message catalogue: {exc}") from exc
    if not isinstance(tree, Mapping):
        raise SetupError(f"{path}: a message catalogue is a mapping of keys to messages")
    return flatten(tree)


@dataclass(frozen=True)
class Messages:
    """The catalogue of one language, ready to use: ``messages("sheet.title", title=...)``."""

    language: str
    catalogue: Mapping[str, Message]
    model_docs: Mapping[str, str] = field(default_factory=dict)
    """Translations of the data model's docstrings, for the YAML format reference."""

    def __call__(self, key: str, **params: Any) -> str:
        message = self.catalogue[key]
        assert isinstance(message, str), f"{key} is a list; use .list()"
        return message.format(**params) if params else message

    def list(self, key: str) -> list[str]:
        message = self.catalogue[key]
        return list(message) if isinstance(message, list) else [message]

    def script(self) -> dict[str, Message]:
        """The strings of the in-page tools, keyed as the script names them."""
        return {key.removeprefix("script."): value for key, value in self.catalogue.items()
                if key.startswith("script.")}

    def type_names(self) -> dict[str, str]:
        """How the format reference names field types."""
        prefix = "reference.types."
        return {key.removeprefix(prefix): str(value) for key, value in self.catalogue.items()
                if key.startswith(prefix)}

    @property
    def citation_locale(self) -> str:
        return self("language.citation_locale")


def load_messages(language: str, overrides_dir: Path | None = None,
                  changes: Mapping[str, Message] | None = None) -> Messages:
    """The catalogue for ``language``: English, then the shipped language, then the fork's file
    in ``overrides/messages/``, then single ``changes`` from the plugin's options."""
    base = read_catalogue(MESSAGES_DIR / f"{DEFAULT_LANGUAGE}.yml")
    catalogue = dict(base)
    shipped = MESSAGES_DIR / f"{language}.yml"
    fork = overrides_dir / "messages" / f"{language}.yml" if overrides_dir else None
    if language != DEFAULT_LANGUAGE and not shipped.is_file() and not (fork and fork.is_file()):
        raise SetupError(
            f"theme.language is '{language}', and the guide has no messages in that language "
            f"(it ships {', '.join(shipped_languages())}). Copy generator/messages/en.yml to "
            f"overrides/messages/{language}.yml and translate it, or set theme.language to "
            "one of those."
        )
    for path in (shipped, fork):
        if path is not None and path.is_file() and path != MESSAGES_DIR / "en.yml":
            catalogue.update(_checked(read_catalogue(path), base, str(path)))
    if changes:
        catalogue.update(_checked(dict(changes), base, "the rubric-guide plugin's messages"))
    model_docs: dict[str, str] = {}
    for folder in (MESSAGES_DIR, overrides_dir / "messages" if overrides_dir else None):
        path = folder / "model" / f"{language}.yml" if folder else None
        if language != DEFAULT_LANGUAGE and path is not None and path.is_file():
            model_docs.update({k: str(v) for k, v in read_catalogue(path).items()})
    return Messages(language, catalogue, model_docs)


def _checked(found: Mapping[str, Message], base: Mapping[str, Message],
             where: str) -> dict[str, Message]:
    """``found`` if every key is known and keeps the English placeholders."""
    problems = []
    for key, message in found.items():
        if key not in base:
            hint = did_you_mean(key, base)
            problems.append(f"unknown message '{key}'" + (f"; {hint}" if hint else ""))
        elif not isinstance(message, str | list):
            problems.append(f"message '{key}' must be text, found {type(message).__name__}")
        elif isinstance(base[key], list) != isinstance(message, list):
            kind = "a list of texts" if isinstance(base[key], list) else "one text"
            problems.append(f"message '{key}' must be {kind}, like the English one")
        elif placeholders(message) != placeholders(base[key]):
            expected = ", ".join(f"{{{n}}}" for n in sorted(placeholders(base[key]))) or "none"
            problems.append(f"message '{key}' must use the placeholders {expected}")
    if problems:
        raise SetupError(f"{where}: " + "; ".join(problems))
    return dict(found)
