"""Translations of the guide's content, in gettext's PO files (``translations/<lang>.po``).

Three jobs, one walk over the guide:

- *extract*: every text a reader sees that the content writes, as :class:`Unit` s: every field
  the model types as text or Markdown (its ``x-kind``), in every kind the registry lists as
  translatable; the hand-written pages in blocks (headings, paragraphs, list items, table
  cells; their front matter's ``title``, as Sphinx's gettext builder splits documents); and the
  navigation titles ``mkdocs.yml`` and district.yml give;
- *merge*: the units into the language's PO file, keyed by a context that names each text's
  file and key path (``rubrics/teamwork.yml criteria[roles].levels.advanced``): new texts are
  added, removed ones made obsolete (``#~``), and a text whose source changed keeps its old
  translation, marked fuzzy, with the previous source as ``#| msgid``;
- *apply*: the guide in another language (:func:`translated_guide`, a function of the guide, the
  catalogue and the language), where a text that is untranslated or fuzzy stays in the source
  language as a :class:`Fallback`, which the templates mark with its own ``lang``.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, normalize, read_po, unescape, write_po
from markdown.extensions.toc import slugify
from pydantic import BaseModel, Field

from . import kinds
from .errors import Problem, Repeated, counted, file_problem, shown
from .guide import Entry, Guide
from .load import Document, LoadError, conflict_problem, load_document
from .project import TRANSLATIONS_DIR, Project
from .safety import site_name_problem, title_problem, translation_markup_problem
from .urls import DEFAULT_HEADING_IDS, HeadingIds

TRANSLATABLE = ("text", "markdown")
"""The model's kinds of field (``x-kind``) that hold words a reader sees."""

MISSING = Repeated("untranslated text", "translate them in a PO editor (Poedit, Weblate) or "
                   "write msgstr, then run `rubric-guide check` again")
FUZZY = Repeated("fuzzy translation", "their source text changed: check each translation, "
                 "correct it and remove the fuzzy flag (Poedit: Needs work off)")


class Fallback(str):
    """A text left in the content's language in a translated guide (untranslated or fuzzy):
    the templates give what shows it ``lang`` (WCAG 3.1.2), so screen readers read it in the
    right voice."""

    lang: str = "en"

    def __new__(cls, text: str, lang: str) -> Fallback:
        made = super().__new__(cls, text)
        made.lang = lang
        return made


@dataclass(frozen=True)
class Unit:
    """One translatable text: what it is (its context), its source text and where it is."""

    context: str
    text: str
    file: str
    line: int = 0
    page: bool = False
    """Whether the text is a hand-written page's Markdown, whose HTML is published as
    written (a field's Markdown is sanitized, a title escaped)."""


# -- the model's texts ---------------------------------------------------------------------------

Visit = Callable[[str, str], str]
"""Called with each text's key path and text; returns the text to put in its place."""


def _x_kind(annotation: Any) -> str:
    """The ``x-kind`` of an annotated type (``Text`` is ``text``, and so is ``Text | None``),
    or empty."""
    if _annotated(annotation):
        for meta in typing.get_args(annotation)[1:]:
            extra = getattr(meta, "json_schema_extra", None)
            if isinstance(extra, dict) and isinstance(extra.get("x-kind"), str):
                return str(extra["x-kind"])
        return _x_kind(typing.get_args(annotation)[0])
    for member in typing.get_args(annotation) if _is_union(annotation) else ():
        if kind := _x_kind(member):
            return kind
    return ""


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _annotated(annotation: Any) -> bool:
    return typing.get_origin(annotation) is typing.Annotated


def _field_annotation(model: type[BaseModel], name: str) -> Any:
    """A field's type with its metadata, as the model declares it (``Text | None``...)."""
    info = model.model_fields[name]
    extra = info.json_schema_extra
    if isinstance(extra, dict) and "x-kind" in extra:  # pydantic keeps Field()'s apart
        return typing.Annotated[info.annotation, Field(json_schema_extra=extra)]
    return info.annotation


def _walk(value: Any, annotation: Any, path: str, visit: Visit) -> Any:
    """``value`` with each translatable text replaced by ``visit``'s answer; the same object
    when nothing changed."""
    if value is None:
        return None
    if isinstance(value, str):
        kind = _x_kind(annotation)
        return visit(path, value) if kind in TRANSLATABLE else value
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _walk(old, _field_annotation(type(value), name), _join(path, name), visit)
            if new is not old:
                changes[name] = new
        return value.model_copy(update=changes) if changes else value
    inner = _inner(annotation, value)
    if isinstance(value, list):
        items = [_walk(item, inner, f"{path}[{_item_key(item, i)}]", visit)
                 for i, item in enumerate(value)]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        mapped = {key: _walk(item, inner, _join(path, str(key)), visit)
                  for key, item in value.items()}
        changed = any(mapped[key] is not value[key] for key in value)
        return mapped if changed else value
    return value


def _inner(annotation: Any, value: Any) -> Any:
    """The type of a list's items or a dict's values, through ``Optional`` and ``Annotated``."""
    while True:
        if _annotated(annotation):
            annotation = typing.get_args(annotation)[0]
            continue
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (list, tuple, dict, Mapping) or (isinstance(origin, type) and issubclass(
                origin, (list, dict))):
            return args[-1] if args else Any
        if len(args) == 1:
            annotation = args[0]
            continue
        for arg in args:  # a union: the member that matches the value's shape
            origin = typing.get_origin(_plain_type(arg))
            if origin is not None and isinstance(value, origin):
                return _inner(arg, value)
        return Any


def _plain_type(annotation: Any) -> Any:
    return typing.get_args(annotation)[0] if _annotated(annotation) else annotation


def _item_key(item: Any, index: int) -> str:
    """How a list item is named in a context: its id when it has one, else its position."""
    ident = getattr(item, "id", None)
    return ident if isinstance(ident, str) and ident else str(index)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# -- what the guide holds, kind by kind ----------------------------------------------------------


@dataclass(frozen=True)
class _Held:
    """A model the guide holds and the file and key path it is at."""

    file: str
    prefix: str
    value: Any
    annotation: Any
    put: Callable[[Any], None]


def _held(guide: Guide, project: Project) -> Iterator[_Held]:
    """Every model of the guide's translatable kinds, with how to put a translated copy back."""
    for kind in kinds.KINDS:
        if not kind.translatable:
            continue
        held = guide.of(kind)
        if kind.many:
            for ident, entry in held.items():
                yield _Held(entry.location, "", entry.value, type(entry.value),
                            _putter(held, ident, entry))
        elif isinstance(held, dict):  # the items of one file, by id (scales)
            file = project.display(project.file_of(kind))
            prefix = kind.ids.removesuffix("[*].id")
            for ident, item in held.items():
                yield _Held(file, f"{prefix}[{ident}]", item, type(item),
                            _putter(held, ident, None))
        elif held is not None:
            yield _Held(project.display(project.file_of(kind)), "", held, type(held),
                        _setter(guide, kind.attribute))


def _setter(guide: Guide, attribute: str) -> Callable[[Any], None]:
    def put(value: Any) -> None:
        setattr(guide, attribute, value)
    return put


def _putter(held: dict[str, Any], ident: str, entry: Entry[Any] | None
            ) -> Callable[[Any], None]:
    def put(value: Any) -> None:
        held[ident] = replace(entry, value=value) if entry is not None else value
    return put


def _model_units(guide: Guide, project: Project) -> Iterator[Unit]:
    for item in _held(guide, project):
        found: list[Unit] = []

        def keep(path: str, text: str, file: str = item.file, found: list[Unit] = found
                 ) -> str:
            found.append(Unit(f"{file} {path}", text, file))
            return text
        _walk(item.value, item.annotation, item.prefix, keep)
        yield from found


# -- hand-written pages --------------------------------------------------------------------------

_HEADING = re.compile(r"^(?P<lead>#{1,6}\s+)(?P<text>.*?)(?P<attrs>\s*\{[^}]*\})?\s*#*\s*$")
_ITEM = re.compile(r"^(?P<lead>\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)(?P<text>\S.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TITLE = re.compile(r"^title:\s*(?P<text>.+?)\s*$")


@dataclass
class _Block:
    """Lines ``start``..``end`` of a page: the texts they hold and how to write them again."""

    start: int
    end: int
    texts: list[str]
    write: Callable[[list[str], list[bool]], list[str]]
    """The block's lines for new texts, each marked whether it is a :class:`Fallback`."""
    anchor: str | None = None
    """A heading's anchor, which names the texts of its section."""
    front: bool = False
    """Whether it is the front matter's title."""


def _mark(text: str, fallback: bool, lang: str) -> str:
    return f'<span lang="{lang}">{text}</span>' if fallback else text


def page_blocks(markdown: str, lang: str = "en",
                ids: HeadingIds = DEFAULT_HEADING_IDS) -> list[_Block]:
    """The translatable blocks of a page: its front matter's title, headings, paragraphs, list
    items and table cells; code, HTML and the generator's markers are left as they are. A
    translated heading keeps the id the site gives the source's (``ids``)."""
    lines = markdown.split("\n")
    blocks: list[_Block] = []
    i = 0
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), 0)
        for j in range(1, end):
            if match := _TITLE.match(lines[j]):
                blocks.append(_front_title(j, match.group("text")))
        i = end + 1 if end else 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif _FENCE.match(line):
            fence = _FENCE.match(line).group(1)  # type: ignore[union-attr]
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                i += 1
            i += 1
        elif line.lstrip().startswith(("<", "!!!", "???", "{%", "{{", "{#")) or (
                line.startswith("    ") and (not blocks or blocks[-1].end < i - 1)
                and not _ITEM.match(line)):
            i = _skip_paragraph(lines, i)
        elif match := _HEADING.match(line):
            blocks.append(_heading(i, match, ids))
            i += 1
        elif line.lstrip().startswith("|"):
            if not _TABLE_RULE.match(line):
                blocks.append(_table_row(i, line))
            i += 1
        elif match := _ITEM.match(line):
            end = _continuation(lines, i + 1)
            blocks.append(_paragraph(i, end, match.group("lead"),
                                     [match.group("text"), *lines[i + 1:end]]))
            i = end
        else:
            end = _continuation(lines, i + 1)
            indent = line[: len(line) - len(line.lstrip())]
            blocks.append(_paragraph(i, end, indent, lines[i:end]))
            i = end
    return blocks


def _skip_paragraph(lines: list[str], i: int) -> int:
    while i < len(lines) and lines[i].strip():
        i += 1
    return i


def _continuation(lines: list[str], i: int) -> int:
    """The end of a paragraph or list item: a blank line, or a line that starts something
    else."""
    while i < len(lines) and lines[i].strip() and not (
            _ITEM.match(lines[i]) or _HEADING.match(lines[i]) or _FENCE.match(lines[i])
            or lines[i].lstrip().startswith(("|", "<", "{:"))):
        i += 1
    return i


def _one_line(lines: list[str]) -> str:
    return " ".join(part.strip() for part in lines)


def _front_title(index: int, text: str) -> _Block:
    quoted = len(text) > 1 and text[0] == text[-1] and text[0] in "'\""
    plain = text[1:-1] if quoted else text
    return _Block(index, index + 1, [plain], lambda new, fallback: [
        "title: " + '"' + new[0].replace("\\", "\\\\").replace('"', '\\"') + '"'],
        front=True)


def _heading(index: int, match: re.Match[str], ids: HeadingIds) -> _Block:
    lead, text, attrs = match.group("lead"), match.group("text"), match.group("attrs") or ""
    # A translated heading keeps the source's anchor, so links to it still lead there. Its
    # texts are named by the anchor Python-Markdown would give it, whatever the site's ids, so
    # that the translations' names stay as they were.
    explicit = re.search(r"#([\w-]+)", attrs)
    ident = explicit.group(1) if explicit else slugify(text, "-")
    anchor = attrs or f" {{ #{explicit.group(1) if explicit else ids(text)} }}"

    def write(new: list[str], fallback: list[bool]) -> list[str]:
        return [f"{lead}{_mark(new[0], fallback[0], _lang_of(new[0]))}{anchor}"]
    return _Block(index, index + 1, [text], write, anchor=ident)


def _paragraph(start: int, end: int, lead: str, lines: list[str]) -> _Block:
    def write(new: list[str], fallback: list[bool]) -> list[str]:
        return [lead + _mark(new[0], fallback[0], _lang_of(new[0]))]
    return _Block(start, end, [_one_line(lines)], write)


def _table_row(index: int, line: str) -> _Block:
    cells = line.strip().strip("|").split("|")
    texts = [cell.strip() for cell in cells]

    def write(new: list[str], fallback: list[bool]) -> list[str]:
        shown = [_mark(text, marked, _lang_of(text)) if text else ""
                 for text, marked in zip(new, fallback, strict=True)]
        return ["| " + " | ".join(shown) + " |"]
    return _Block(index, index + 1, texts, write)


def _lang_of(text: str) -> str:
    return text.lang if isinstance(text, Fallback) else ""


def _page_units(guide: Guide, project: Project) -> Iterator[Unit]:
    for uri, markdown in guide.pages.items():
        file = project.display(project.content_dir / uri)
        for block, _, context in _page_texts(markdown, file):
            yield Unit(context, block.texts[_], file, block.start + 1, page=True)


def _page_texts(markdown: str, file: str,
                ids: HeadingIds = DEFAULT_HEADING_IDS) -> Iterator[tuple[_Block, int, str]]:
    """Each text of a page worth translating: its block, its place in the block and its
    context. A page's text is named by its section's anchor and its place in the section: an
    edit elsewhere on the page leaves the name as it was, and a reworded text is matched to
    its old one."""
    section, count = "", 0
    for block in page_blocks(markdown, ids=ids):
        if block.anchor:
            section, count = block.anchor, 0
        for index, text in enumerate(block.texts):
            if text and _has_words(text):
                where = "title" if block.front else (
                    f"#{section}[{count}]" if section else f"[{count}]")
                count += 1
                yield block, index, f"{file} {where}"


def _has_words(text: str) -> bool:
    return bool(re.search(r"\w", re.sub(r"\[@[^\]]*\]|\{[^}]*\}|<[^>]*>|\([^)]*\)", "", text)))


def page_title(markdown: str, file: str, lookup: Lookup) -> str | None:
    """The title the engines give the page ``file`` when its navigation entry has none (its
    front matter's title, or its first level-1 heading), as ``lookup`` gives it."""
    lines = markdown.split("\n")
    found = [(block, index, context) for block, index, context in _page_texts(markdown, file)
             if block.front or lines[block.start].startswith("# ")]
    if not found:
        return None
    block, index, context = next((f for f in found if f[0].front), found[0])
    return lookup(context, block.texts[index])


def translated_page(markdown: str, file: str, lookup: Lookup,
                    ids: HeadingIds = DEFAULT_HEADING_IDS) -> str:
    """``markdown`` (the page ``file``) with each text as ``lookup`` gives it; a
    :class:`Fallback` is marked with its ``lang``; each heading with the id the site gives
    the source's (``ids``)."""
    lines = markdown.split("\n")
    new_texts: dict[int, list[str]] = {}
    blocks: dict[int, _Block] = {}
    for block, index, context in _page_texts(markdown, file, ids):
        blocks[block.start] = block
        new_texts.setdefault(block.start, list(block.texts))[index] = lookup(
            context, block.texts[index])
    out: list[str] = []
    at = 0
    for start, block in sorted(blocks.items()):
        new = new_texts[start]
        out += lines[at:start]
        out += block.write(new, [isinstance(t, Fallback) for t in new])
        at = block.end
    out += lines[at:]
    return "\n".join(out)


Lookup = Callable[[str, str], str]
"""The text to show for a context and its source text."""


# -- the whole guide -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownTitle:
    """A title of the navigation as the build shows it, and the file and line that give it."""

    text: str
    file: str = "mkdocs.yml"
    line: int = 0


@dataclass(frozen=True)
class Navigation:
    """The navigation's titles, by the page path (or, for a section, the title) that
    ``mkdocs.yml`` or district.yml's ``pages`` give them; and the words of the settings
    every page shows (the header, the footer, the page's <title>), by setting."""

    titles: Mapping[str, ShownTitle] = field(default_factory=dict)
    settings: Mapping[str, ShownTitle] = field(default_factory=dict)

    def context(self, target: str) -> str:
        """The context of the title of ``target``."""
        return f"{self.titles[target].file} nav[{target}]"

    def setting_context(self, key: str) -> str:
        """The context of the setting ``key``'s words."""
        return f"{self.settings[key].file} {key}"

    def units(self) -> Iterator[Unit]:
        """Each title and each setting's words, to translate."""
        for target, title in self.titles.items():
            yield Unit(self.context(target), title.text, title.file, title.line)
        for key, text in self.settings.items():
            yield Unit(self.setting_context(key), text.text, text.file, text.line)


def is_navigation(unit: Unit) -> bool:
    """Whether ``unit`` is a title of the navigation."""
    return unit.context.partition(" ")[2].startswith("nav[")


def extract(guide: Guide, project: Project, navigation: Navigation = Navigation()
            ) -> list[Unit]:
    """Every translatable text of ``guide`` as it is built, in the order of its files, with
    its line; and the navigation's titles."""
    found = [*_model_units(guide, project), *_page_units(guide, project),
             *navigation.units()]
    return _located(_unique(found), project)


def _unique(units: list[Unit]) -> list[Unit]:
    """One unit per context and text: a page that says the same thing twice is translated
    once (as gettext does), its lines listed together."""
    seen: dict[tuple[str, str], Unit] = {}
    for unit in units:
        seen.setdefault((unit.context, unit.text), unit)
    return list(seen.values())


def _located(units: list[Unit], project: Project) -> list[Unit]:
    """``units`` with the line each is written at."""
    documents: dict[str, Document | None] = {}
    located = []
    for unit in units:
        if unit.line or not unit.file.endswith(kinds.DATA_SUFFIXES):
            located.append(unit)
            continue
        if unit.file not in documents:
            try:
                documents[unit.file] = load_document(project.root / unit.file, project.root)[0]
            except LoadError:
                documents[unit.file] = None
        document = documents[unit.file]
        path = unit.context.partition(" ")[2]
        line = _line_of(document, path) if document is not None else 0
        located.append(replace(unit, line=line))
    return located


_PART = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def _line_of(document: Document, path: str) -> int:
    """The line of the value a context's key path names, its items named by id."""
    data, keys = document.data, []
    for name, item in _PART.findall(path):
        if name:
            keys.append(name)
            data = data.get(name) if isinstance(data, dict) else None
        elif isinstance(data, list):
            index = next((i for i, x in enumerate(data)
                          if isinstance(x, dict) and x.get("id") == item), None)
            if index is None and item.isdigit():
                index = int(item)
            keys.append(index if index is not None else 0)
            data = data[index] if index is not None and index < len(data) else None
    return document.position(tuple(keys)).line


# -- PO files ------------------------------------------------------------------------------------


def po_path(project: Project, language: str) -> Path:
    """Where the translation into ``language`` is kept."""
    return project.root / TRANSLATIONS_DIR / f"{language}.po"


@dataclass
class MergeReport:
    """What a merge changed: counts of texts added, marked fuzzy and made obsolete."""

    added: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    total: int = 0


def merge(units: list[Unit], old: Catalog | None, language: str, project_name: str,
          suggested: Mapping[str, str] | None = None) -> tuple[Catalog, MergeReport]:
    """The catalogue for ``units``: each keeps the translation ``old`` has for its words in
    its context, or for the same words elsewhere in its file or at the same place of another
    settings file (a navigation title moved from mkdocs.yml to district.yml); one whose
    source text changed keeps its old translation marked fuzzy, with the previous source, as
    msgmerge does; what ``old`` has that ``units`` no longer hold becomes obsolete. A new
    navigation title starts with the translation ``suggested`` gives its words (the guide's
    own).

    A field's context names its place in the data (``criteria[roles].levels.advanced``), so
    a changed text there is the old one reworded. A page's context counts its place in its
    section, which a paragraph inserted above shifts: a page's changed text takes the
    translation of the most similar old text of its page that no text kept, only if they are
    alike enough to be one text reworded."""
    catalog = Catalog(locale=language, project=project_name, fuzzy=False,
                      header_comment=_HEADER.format(language=language))
    report = MergeReport(total=len(units))
    before = {_key(m): m for m in old if m.id} if old is not None else {}
    if old is not None:
        catalog.creation_date = old.creation_date
        catalog.last_translator = old.last_translator
        catalog.language_team = old.language_team
    kept = _kept(units, before)
    used = {_key(message) for message in kept.values()}
    fuzzy = _reworded(units, before, kept, used)
    for index, unit in enumerate(units):
        location = [(unit.file, unit.line)] if unit.line else [(unit.file, 0)]
        if (same := kept.get(index)) is not None:
            catalog.add(unit.text, same.string, location, same.flags,
                        user_comments=same.user_comments, previous_id=same.previous_id,
                        context=unit.context)
        elif (reworded := fuzzy.get(index)) is not None:
            report.fuzzy += 1
            catalog.add(unit.text, reworded.string, location, {"fuzzy"},
                        user_comments=reworded.user_comments, previous_id=reworded.id,
                        context=unit.context)
        else:
            report.added += 1
            string = (suggested or {}).get(unit.text, "") if is_navigation(unit) else ""
            catalog.add(unit.text, string, location, context=unit.context)
    for key, message in before.items():
        if key not in used and message.string:
            report.obsolete += 1
            catalog.obsolete[(key[0], key[1] or "")] = message
    return catalog, report


def _kept(units: list[Unit], before: Mapping[tuple[str, str | None], Message]
          ) -> dict[int, Message]:
    """The old message each unit keeps as it is, by the unit's index: the same words in the
    same context first, then the same words elsewhere in the same file, then at the same
    place of another file."""
    by_file: dict[tuple[str, str], list[Message]] = {}
    by_place: dict[tuple[str, str], list[Message]] = {}
    for message in before.values():
        by_file.setdefault((_file_of(message.context), str(message.id)), []).append(message)
        by_place.setdefault((_place_of(message.context), str(message.id)), []).append(message)
    kept: dict[int, Message] = {}
    used: set[tuple[str, str | None]] = set()
    for index, unit in enumerate(units):
        if (same := before.get((unit.text, unit.context))) is not None:
            kept[index] = same
            used.add(_key(same))
    for candidates, where in ((by_file, lambda unit: unit.file),
                              (by_place, lambda unit: _place_of(unit.context))):
        for index, unit in enumerate(units):
            if index in kept:
                continue
            found = next((m for m in candidates.get((where(unit), unit.text), [])
                          if _key(m) not in used), None)
            if found is not None:
                kept[index] = found
                used.add(_key(found))
    return kept


REWORDED = 0.6
"""How alike (difflib's ratio) a page's changed text and an old one must be to take its
translation, marked fuzzy; msgmerge's fuzzy matching asks about as much."""


def _reworded(units: list[Unit], before: Mapping[tuple[str, str | None], Message],
              kept: Mapping[int, Message], used: set[tuple[str, str | None]]
              ) -> dict[int, Message]:
    """The old message whose translation each changed unit takes, marked fuzzy, by the
    unit's index (see :func:`merge`); ``used`` gains what is taken."""
    by_context = {message.context: message for message in before.values()}
    of_file: dict[str, list[Message]] = {}
    for message in before.values():
        if message.string:
            of_file.setdefault(_file_of(message.context), []).append(message)
    fuzzy: dict[int, Message] = {}
    for index, unit in enumerate(units):
        if index in kept:
            continue
        moved = by_context.get(unit.context)
        if not unit.page:
            if moved is not None and moved.string and _key(moved) not in used:
                fuzzy[index] = moved
                used.add(_key(moved))
            continue
        alike = [(_alike(unit.text, str(m.id)), m is moved, m)
                 for m in of_file.get(unit.file, []) if _key(m) not in used]
        best = max(alike, key=lambda a: a[:2], default=None)
        if best is not None and best[0] >= REWORDED:
            fuzzy[index] = best[2]
            used.add(_key(best[2]))
    return fuzzy


def _alike(text: str, other: str) -> float:
    """How alike two texts are, from 0 to 1 (difflib's ratio, its quicker bounds first)."""
    matcher = difflib.SequenceMatcher(None, text, other, autojunk=False)
    if matcher.real_quick_ratio() < REWORDED or matcher.quick_ratio() < REWORDED:
        return 0.0
    return matcher.ratio()


def _place_of(context: str | None) -> str:
    """A context's place in its file (``nav[customize.md]``), without the file."""
    return (context or "").partition(" ")[2]


def _file_of(context: str | None) -> str:
    return (context or "").partition(" ")[0]


def _key(message: Message) -> tuple[str, str | None]:
    return (str(message.id), message.context)


_HEADER = ("# Translation of the guide's content into {language}.\n"
           "# Written by `rubric-guide translate {language}`: edit msgstr with a PO editor\n"
           "# (Poedit, Weblate, Crowdin), then run the command again after each upstream\n"
           "# release to bring in new texts and mark changed ones fuzzy.\n#")


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` as a PO file, each fuzzy entry with its previous source text as
    gettext writes it (``#| msgid "..."``). Babel writes that comment wrapped at 76 columns
    inside its quotes, which PO editors and ``msgfmt`` refuse, so it is written here."""
    buffer = BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False, omit_header=False)
    previous = {f"msgctxt {normalize(str(m.context), width=0)}": _previous_lines(m)
                for m in catalog if m.id and m.previous_id and m.context}
    lines = buffer.getvalue().decode("utf-8").split("\n")
    text = "\n".join(f"{previous[line]}\n{line}" if line in previous else line
                     for line in lines)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise TranslationError([file_problem(shown(path), exc, writing=True)]) from None


def _previous_lines(message: Message) -> str:
    """The ``#| msgid`` comment of ``message``'s previous source text, a line per line of
    the text."""
    return "#| msgid " + normalize(str(message.previous_id[0]), prefix="#| ", width=0)


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
"""A quoted text of a PO file."""
_STRINGS = re.compile(rf"{_STRING.pattern}(?:\s*{_STRING.pattern})+")
_PREVIOUS = re.compile(rf"msgid\s+((?:{_STRING.pattern}\s*)+)")


def _read_previous(catalog: Catalog) -> None:
    """Give each message of ``catalog`` (as Babel read it) the previous source text of its
    ``#|`` comment, which Babel reads as a translator's comment. A comment an earlier version
    wrapped inside its quotes is read too: its lines are joined where they were wrapped."""
    for message in catalog:
        lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if not lines:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        found = _PREVIOUS.fullmatch(" ".join(lines))
        if found:
            message.previous_id = ["".join(unescape(part)
                                           for part in _STRING.findall(found.group(1)))]


def read_catalog(path: Path, display: str, language: str) -> Catalog:
    """The PO file at ``path``; raises :class:`TranslationError` at the line of a syntax
    error or of a header naming another language."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranslationError([file_problem(display, exc)]) from None
    charset = _CHARSET.search(data[:4096])
    encoding = charset.group(1).decode("ascii") if charset else "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError:  # a charset Python does not know: Babel reads it as UTF-8
        encoding, text = "utf-8", data.decode("utf-8", "replace")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode(encoding, "replace")) + 1
        said = f"{encoding} text, as its header says" if charset else "UTF-8 text"
        raise TranslationError([Problem(
            display, line, column, "", f"the file is not {said} (byte 0x{data[exc.start]:02x} "
            "here); save it as UTF-8 (Poedit and other PO editors do)")]) from None
    if conflict := conflict_problem(display, text):
        raise TranslationError([conflict])
    if problems := _syntax_problems(text, display):
        raise TranslationError(problems)
    try:
        catalog = read_po(BytesIO(data), abort_invalid=True)
        _read_previous(catalog)
    except PoFileError as exc:
        raise TranslationError([Problem(
            display, exc.lineno + 1, 1, "", f"{str(exc).rpartition(' on ')[0].lower()}: "
            f"{exc.line.strip()!r}; a PO entry is msgctxt, msgid and msgstr, each a quoted "
            "string (a PO editor such as Poedit writes them)")]) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise TranslationError([Problem(display, 1, 1, "", f"is not a PO file ({exc}); "
                                        f"write it with `rubric-guide translate "
                                        f"{language}`")]) from None
    header = str(catalog.locale) if catalog.locale is not None else ""
    if header.replace("_", "-").lower() != language.lower():
        line = _header_line(data, b"Language:")
        raise TranslationError([Problem(
            display, line, 1, "Language",
            f"the header says the language is '{header or 'unset'}', and the file is the "
            f"translation into '{language}'; set \"Language: {language}\\n\" in the header "
            f"(Poedit: Translation > Properties)")])
    return catalog


_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_KEYWORD = re.compile(r"(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(?P<rest>.*)")


def _syntax_problems(text: str, display: str) -> list[Problem]:
    """What Babel would read wrongly without a word: a string not closed on its line (Babel
    drops its last character instead), and a text given twice (Babel keeps the first)."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    entry: dict[str, list[str]] = {}
    lines: dict[str, int] = {}  # the line of each keyword of the entry
    keyword, started = "", 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if line.startswith("#~"):
            line, keyword = line[2:].strip(), ""  # obsolete: checked, never counted
        elif line.startswith("#") or not line:
            continue
        found = _KEYWORD.fullmatch(line)
        string = found.group("rest").strip() if found else line
        if not (found or line.startswith('"')):
            continue  # Babel names an unknown keyword at its line
        if _STRINGS.fullmatch(string):
            problems.append(Problem(display, number, 1, "", (
                f"this line holds several quoted texts: {line!r}; put each on a line of its "
                "own, as PO editors write them")))
            continue
        if not _STRING.fullmatch(string):
            body = string[1:-1]
            inside = (len(string) > 1 and string.startswith('"') and string.endswith('"')
                      and (len(body) - len(body.rstrip("\\"))) % 2 == 0)  # not \" at its end
            problems.append(Problem(display, number, 1, "", (
                f"the text on this line holds a double quote inside it: {line!r}; write a "
                'quote inside the text as \\"' if inside else
                f"the text on this line does not end with a closing double quote: {line!r}; "
                'end it with " (write \\" for a quote inside the text)')))
            continue
        if found:
            name = found.group("keyword")
            if name in ("msgctxt", "msgid") and ("msgstr" in entry or name in lines):
                entry, lines = {}, {}  # the next entry
            if name in lines:
                problems.append(Problem(display, number, 1, "", (
                    f"this entry has {name} twice (also at line {lines[name]}), and only one "
                    f"can be used; keep one of the two {name} lines")))
                continue
            lines[name] = number
            if name == "msgctxt" or (name == "msgid" and "msgctxt" not in entry):
                started = number  # where the entry starts
            keyword = name.partition("[")[0]
            entry.setdefault(keyword, []).append(string)
            if keyword == "msgstr" and len(entry["msgstr"]) == 1 and raw.startswith("msgstr"):
                key = ("".join(map(unescape, entry.get("msgctxt", []))),
                       "".join(map(unescape, entry.get("msgid", []))))
                if key[1] and key in seen:
                    problems.append(Problem(display, started, 1, "", (
                        f"this text is in the file twice (also at line {seen[key]}), and only "
                        "one translation can be used; keep one of the two entries")))
                seen.setdefault(key, started)
        elif keyword:
            entry[keyword].append(string)
    return problems


def _header_line(data: bytes, field_name: bytes) -> int:
    for number, line in enumerate(data.split(b"\n"), 1):
        if field_name in line:
            return number
    return 1


class TranslationError(Exception):
    """A PO file that cannot be used, with its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def translate(guide: Guide, project: Project, language: str, project_name: str,
              navigation: Navigation = Navigation(), titles: Mapping[str, str] | None = None
              ) -> tuple[Path, MergeReport]:
    """Extract ``guide``'s texts and merge them into ``translations/<language>.po``; new
    navigation titles start with the translations ``titles`` gives."""
    path = po_path(project, language)
    old = read_catalog(path, project.display(path), language) if path.exists() else None
    catalog, report = merge(extract(guide, project, navigation), old, language, project_name,
                            titles)
    catalog.revision_date = datetime.now(UTC)
    write_catalog(catalog, path)
    return path, report


def summary(report: MergeReport) -> str:
    """What a merge did, in a sentence."""
    return (f"{counted(report.total, 'text')}: {report.added} new, {report.fuzzy} fuzzy "
            f"(source changed), {report.obsolete} obsolete")


# -- a translated guide --------------------------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    """One language's PO file, read: what it says for each context and source text."""

    language: str
    source_language: str
    file: str
    """The PO file, as messages name it."""
    catalog: Catalog
    written: bool = True
    """Whether the PO file exists (``rubric-guide translate`` has written it)."""

    @classmethod
    def read(cls, project: Project, language: str, source_language: str) -> Translation:
        """``translations/<language>.po``, or an empty translation when there is none yet."""
        path = po_path(project, language)
        shown = project.display(path)
        written = path.exists() or path.is_symlink()
        catalog = read_catalog(path, shown, language) if written else Catalog(locale=language)
        return cls(language, source_language, shown, catalog, written)

    def message(self, context: str, text: str) -> Message | None:
        found = self.catalog.get(text, context=context)
        return found if isinstance(found, Message) else None

    def lookup(self, context: str, text: str) -> str:
        """The translation of ``text``, or ``text`` as a :class:`Fallback` when there is none
        or it is fuzzy."""
        message = self.message(context, text)
        if message is None or message.fuzzy or not message.string:
            return Fallback(text, self.source_language)
        return str(message.string)

    def warnings(self, units: list[Unit]) -> list[Problem]:
        """What is left to translate: each text without a translation, and each fuzzy one,
        at its line of the PO file (texts the file lacks, at their own file's line)."""
        if not self.written:
            return [Problem(self.file, 0, 0, "", (
                f"no translation into '{self.language}' yet, so /{self.language}/ shows the "
                f"guide in '{self.source_language}'; run `rubric-guide translate "
                f"{self.language}` to write {self.file}, then translate it"), warning=True)]
        found = []
        for unit in units:
            message = self.message(unit.context, unit.text)
            if is_navigation(unit) and (message is None or message.fuzzy
                                        or not message.string):
                found.append(self._untranslated_title(unit, message))
            elif message is None:
                found.append(Problem(unit.file, unit.line, 1, unit.context.partition(" ")[2],
                                     f"not in {self.file}", warning=True,
                                     repeated=self._absent))
            elif message.fuzzy:
                found.append(Problem(self.file, message.lineno or 0, 1, "",
                                     f"fuzzy: {_shortened(unit.text)}", warning=True,
                                     repeated=FUZZY))
            elif not message.string:
                found.append(Problem(self.file, message.lineno or 0, 1, "",
                                     f"untranslated: {_shortened(unit.text)}", warning=True,
                                     repeated=MISSING))
        return found

    def problems(self, units: list[Unit]) -> list[Problem]:
        """The translations that cannot be published, at their line of the PO file: a
        navigation title that would end the page's ``<title>``, and a page's text bringing
        in markup its source text does not have (see
        :func:`.safety.translation_markup_problem`)."""
        found = []
        for unit in units:
            message = self.message(unit.context, unit.text)
            if message is None or message.fuzzy or not message.string:
                continue  # the source text is shown
            string = str(message.string)
            if is_navigation(unit):
                reason = title_problem(string)
            elif _place_of(unit.context) == "site_name":  # no content has the key
                reason = site_name_problem(string)
            elif unit.page and (markup := translation_markup_problem(unit.text, string)):
                reason = (f"the translation of {_shortened(unit.text)} brings in {markup}, "
                          f"which its text in {unit.file} does not have; a translation of a "
                          "page may use Markdown's formatting, links that are http(s), mailto "
                          "or relative, and the HTML of the text it translates as it is "
                          f"written there: write it without, or ask the guide's editors to "
                          f"add it to {unit.file}")
            else:
                continue
            if reason:
                found.append(Problem(self.file, message.lineno or 0, 1, "", reason))
        return found

    def _untranslated_title(self, unit: Unit, message: Message | None) -> Problem:
        """The warning of a navigation title without a translation, naming it: at its line
        of the PO file, or where it is written when the PO file lacks it."""
        shows = f"so /{self.language}/ shows it in '{self.source_language}'"
        title = f"the navigation title '{unit.text}'"
        if message is None:
            return Problem(unit.file, unit.line, 1, "", (
                f"{title} is not in {self.file}, {shows}; run `rubric-guide translate "
                f"{self.language}`, then translate it"), warning=True)
        text = (f"{title} changed since it was translated (fuzzy), {shows}; check the "
                "translation and remove the fuzzy flag" if message.fuzzy else
                f"{title} has no translation into '{self.language}', {shows}; translate it "
                "here")
        return Problem(self.file, message.lineno or 0, 1, "", text, warning=True)

    @property
    def _absent(self) -> Repeated:
        return Repeated(f"text not in {self.file}",
                        f"run `rubric-guide translate {self.language}` to add the new texts "
                        f"to {self.file}, then translate them",
                        plural=f"texts not in {self.file}")


def _shortened(text: str, length: int = 60) -> str:
    return repr(text if len(text) <= length else text[: length - 1] + "…")


def translated_guide(guide: Guide, project: Project, translation: Translation,
                     ids: HeadingIds = DEFAULT_HEADING_IDS) -> Guide:
    """``guide`` in ``translation``'s language: each text as the translation gives it, a
    missing or fuzzy one as a :class:`Fallback` in the source language. ``guide`` is left as
    it is."""
    copy = replace(guide, pages=dict(guide.pages), warnings=list(guide.warnings))
    for kind in kinds.KINDS:
        held = guide.of(kind)
        if isinstance(held, dict):
            setattr(copy, kind.attribute, dict(held))
    moved: dict[int, Any] = {}
    for item in _held(copy, project):
        def lookup(path: str, text: str, file: str = item.file) -> str:
            return translation.lookup(f"{file} {path}", text)
        translated = _walk(item.value, item.annotation, item.prefix, lookup)
        if translated is not item.value:
            moved[id(item.value)] = translated
            item.put(translated)
    for kind in kinds.KINDS:  # what entries refer to (a rubric's scale), translated too
        held = copy.of(kind)
        for ident, entry in list(held.items()) if kind.many else ():
            refs = {key: moved.get(id(value), value) for key, value in entry.refs.items()}
            if any(refs[key] is not entry.refs[key] for key in refs):
                held[ident] = replace(entry, refs=refs)
    for uri, markdown in guide.pages.items():
        file = project.display(project.content_dir / uri)
        copy.pages[uri] = translated_page(markdown, file, translation.lookup, ids)
    return copy
