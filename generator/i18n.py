"""The message catalogue: every word the generator writes, in the guide's language.

Catalogues are YAML files named by language (``en.yml``, ``es.yml``) in ``generator/messages/``.
A fork adds a language, or replaces some strings of a shipped one, with a file of the same name
in ``overrides/messages/``; single strings can also be set with the plugin's ``messages:``
option. The language is MkDocs' ``theme.language``, so Material's own interface and search
follow the same setting.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem, SetupError, did_you_mean
from .load import LoadError, load_document
from .safety import title_problem

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


PLACEHOLDER = re.compile(r"\{(\w+)\}")
"""A placeholder in a message: a name in braces. Any other brace is text and shown as written,
as the in-page tools read messages too (``format`` in ``rubric-guide.js``)."""


def placeholders(message: Message) -> set[str]:
    """The ``{names}`` a message expects."""
    texts = message if isinstance(message, list) else [message]
    return {match.group(1) for text in texts for match in PLACEHOLDER.finditer(text)}


def fill(message: str, params: Mapping[str, Any]) -> str:
    """``message`` with each of its placeholders that ``params`` names replaced by its value;
    everything else, braces included, stays as written."""
    return PLACEHOLDER.sub(
        lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(), message)


def read_catalogue(path: Path) -> dict[str, Message]:
    """One of the generator's own catalogue files, flattened."""
    try:
        return dict(_catalogue(path, path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SetupError(f"{path}: cannot read this message catalogue: {exc}") from exc


@functools.lru_cache(maxsize=16)
def _catalogue(path: Path, text: str) -> dict[str, Message]:
    """A catalogue's ``text`` flattened, read once however often a preview rebuilds."""
    tree = yaml.safe_load(text) or {}
    if not isinstance(tree, Mapping):
        raise SetupError(f"{path}: a message catalogue is a mapping of keys to messages")
    return flatten(tree)


Placed = Callable[[str, str], Problem]
"""Places a problem with the message ``key`` where that key is written."""


def read_fork_catalogue(path: Path, root: Path) -> tuple[dict[str, Message], Placed]:
    """A fork's catalogue in ``overrides/messages/``, flattened, and where its keys are written.
    Raises :class:`ContentError` if it cannot be read as YAML."""
    try:
        document, problems = load_document(path, root)
    except LoadError as exc:
        raise ContentError([exc.problem]) from None
    if problems:
        raise ContentError(problems)
    if not isinstance(document.data, Mapping):
        raise ContentError([document.problem((), "a message catalogue is a mapping of keys "
                                             "to messages, like `rubrics: {evidence: Proof}`")])

    def placed(key: str, message: str) -> Problem:
        return document.problem(tuple(key.split(".")), message, of_key=True)

    return flatten(document.data), placed


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
"""A language as the theme names its interfaces: ``en``, ``es``, ``pt-BR``, ``zh-Hant``."""


def unsupported_language(language: str, overrides_dir: Path | None = None) -> str | None:
    """Why the guide cannot be written in ``language``, or None if it can."""
    if not LANGUAGE_CODE.fullmatch(language):
        return (f"'{language}' is not a language code; write one like en, es or pt-BR "
                f"(the guide ships {', '.join(shipped_languages())})")
    fork = overrides_dir / "messages" / f"{language}.yml" if overrides_dir else None
    if (MESSAGES_DIR / f"{language}.yml").is_file() or (fork is not None and fork.is_file()):
        return None
    return (f"the guide has no messages in '{language}' (it ships "
            f"{', '.join(shipped_languages())}); copy generator/messages/en.yml to "
            f"overrides/messages/{language}.yml and translate it, or choose one of those")


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
        return fill(message, params) if params else message

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
                  changes: Mapping[str, Message] | None = None,
                  changes_at: Placed | None = None) -> Messages:
    """The catalogue for ``language``: English, then the shipped language, then the fork's file
    in ``overrides/messages/``, then single ``changes`` (the plugin's ``messages`` option,
    whose keys ``changes_at`` places). A language the guide has no messages in is read as
    English (:func:`unsupported_language` says why). Raises :class:`ContentError` with every
    unknown key and every message that lost a placeholder."""
    base = read_catalogue(MESSAGES_DIR / f"{DEFAULT_LANGUAGE}.yml")
    catalogue = dict(base)
    problems: list[Problem] = []
    shipped = MESSAGES_DIR / f"{language}.yml"
    if language != DEFAULT_LANGUAGE and shipped.is_file():
        catalogue.update(read_catalogue(shipped))
    fork = overrides_dir / "messages" / f"{language}.yml" if overrides_dir else None
    if fork is not None and fork.is_file() and overrides_dir is not None:
        found, placed = read_fork_catalogue(fork, overrides_dir.parent)
        problems += checked(found, base, placed)
        catalogue.update(found)
    if changes:
        problems += checked(changes, base, changes_at or _unplaced)
        catalogue.update(changes)
    if problems:
        raise ContentError(problems)
    model_docs: dict[str, str] = {}
    for folder in (MESSAGES_DIR, overrides_dir / "messages" if overrides_dir else None):
        path = folder / "model" / f"{language}.yml" if folder else None
        if language != DEFAULT_LANGUAGE and path is not None and path.is_file():
            model_docs.update({k: str(v) for k, v in read_catalogue(path).items()})
    return Messages(language, catalogue, model_docs)


def _unplaced(key: str, message: str) -> Problem:
    return Problem("messages", 0, 0, key, message)


def checked(found: Mapping[str, Message], base: Mapping[str, Message],
            placed: Placed) -> list[Problem]:
    """A problem for each key of ``found`` that English does not have, or whose message is
    not of the English one's shape or lost one of its placeholders."""
    problems = []
    for key, message in found.items():
        group = [name for name in base if name.startswith(key + ".")]
        if key not in base and group:
            names = ", ".join(name.removeprefix(key + ".") for name in group)
            problems.append(placed(key, f"'{key}' is a group of messages, one for each of: "
                                   f"{names}; give each by its key, as in "
                                   f"'{group[0]}: ...', not a list"))
        elif key not in base:
            hint = did_you_mean(key, base)
            problems.append(placed(key, f"unknown message '{key}'"
                                   + (f"; {hint}" if hint else "")))
        elif not isinstance(message, str | list):
            problems.append(placed(key, f"message '{key}' must be text, found "
                                   f"{type(message).__name__}"))
        elif isinstance(base[key], list) != isinstance(message, list):
            kind = "a list of texts" if isinstance(base[key], list) else "one text"
            problems.append(placed(key, f"message '{key}' must be {kind}, like the English one"))
        elif placeholders(message) != placeholders(base[key]):
            expected = ", ".join(f"{{{n}}}" for n in sorted(placeholders(base[key]))) or "none"
            problems.append(placed(key, f"message '{key}' must use the placeholders {expected}"))
        elif key.startswith("navigation.") and (reason := title_problem(str(message))):
            problems.append(placed(key, reason))  # it titles a page in the navigation
        elif key == "language.citation_locale" and not LANGUAGE_CODE.fullmatch(str(message)):
            problems.append(placed(key, f"message '{key}' is the language citations are "
                                   "written in, a code like en-US or es-ES"))
    return problems
