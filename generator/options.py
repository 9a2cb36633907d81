"""The settings of a guide: the ``rubric-guide`` plugin's options in ``mkdocs.yml``, read with
the line of every value and checked against one model.

MkDocs reads ``mkdocs.yml``, and any file it ``INHERIT``s, into values. This module reads the
same files again with the position of every key (:func:`~generator.load.load_document`), so a
mistake in an option is reported as ``mkdocs.yml:LINE:COL: key path: message``, every mistake
at once, with "did you mean" where a key is misspelt. :class:`Options` is the one description
of the options and their defaults: the plugin, the CLI, the JSON Schema and the format
reference all read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, Field, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from .errors import ContentError, KeyPath, Located, Problem, format_key_path
from .i18n import LANGUAGE_CODE
from .load import Document, LoadError, Position, load_document
from .model import Model, Text
from .model_errors import pydantic_problem, union_merged
from .safety import title_problem, web_address_problem
from .sheets import DEFAULT_CACHE_DIR, PAPER_SIZES

PLUGIN = "rubric-guide"
"""The plugin's name in ``mkdocs.yml``."""

HEX_COLOR = r"^#(?:[0-9a-fA-F]{3}){1,2}$"


def _hex(value: str) -> str:
    if re.fullmatch(HEX_COLOR, value):  # "$" alone would let a final newline through
        return value
    if value.startswith("#"):  # quoted already, or YAML would have read a comment
        fix = ("a # and 6 (or 3) digits from 0-9 and a-f" if value.strip() == value
               else "it without spaces inside the quotes")
    else:
        fix = "its hex code, in quotes, as '#' starts a comment in YAML"
    raise PydanticCustomError(
        "hex_color", "{reason}",
        {"reason": f"expected a hex colour like '#1f4e79', found '{value}'; write {fix}"})


HexColor = Annotated[str, AfterValidator(_hex), Field(json_schema_extra={"x-kind": "colour"})]
"""A colour as ``"#rrggbb"`` or ``"#rgb"``, in quotes."""


def _refused_by(kind: str, problem: Callable[[str], str | None]) -> AfterValidator:
    """A validator that refuses a value with ``problem``'s reason, as a ``kind`` error."""

    def validate(value: str) -> str:
        reason = problem(value)
        if reason is not None:
            # The reason goes in the context: a brace in the value is not a placeholder.
            raise PydanticCustomError(kind, "{reason}", {"reason": reason})
        return value

    return AfterValidator(validate)


WebAddress = Annotated[str, StringConstraints(min_length=1),
                       _refused_by("web_address", web_address_problem),
                       Field(json_schema_extra={"x-kind": "web address"})]
"""An address on the web, starting with https:// or http://."""

NavigationTitle = Annotated[Text, _refused_by("title", title_problem)]
"""A page's title in the navigation: text, shown as written, without ``</title``."""


class Colors(Model):
    """The district's colours. Each is refused, with a shade that passes suggested, where text
    in it would fail WCAG AA contrast."""

    primary: HexColor | None = Field(default=None, examples=["#1f4e79"])
    """The header, headings' links and the rubric matrix."""
    accent: HexColor | None = Field(default=None, examples=["#b5121b"])
    """Hovered and focused links and buttons."""


class Contact(Model):
    """Who readers can write to, shown in every page's footer."""

    name: Text | None = Field(default=None, examples=["Office of Teaching and Learning"])
    """A person or office."""
    email: Text | None = Field(default=None, examples=["learning@lakeside.example"])
    """An email address."""
    url: WebAddress | None = Field(default=None,
                                   examples=["https://www.lakeside.example/contact"])
    """A web address, starting with https:// or http://."""
    phone: Text | None = None
    """A telephone number."""


class Options(Model):
    """The `rubric-guide` plugin's options in `mkdocs.yml`: how a district makes the guide its
    own. Every option may be left out."""

    organization: Text | None = Field(default=None,
                                      examples=["Lakeside Unified School District"])
    """The district or school publishing the guide: the footer, printed sheets and PDFs."""
    logo: Text | None = Field(default=None, examples=["assets/lakeside.svg"])
    """An image file, as a path inside the content folder: the header, sheets and PDFs."""
    colors: Colors = Field(default_factory=Colors)
    """Hex colours for the theme and the rubric matrix."""
    contact: Contact = Field(default_factory=Contact)
    """Shown in every page's footer."""
    footer: Text | None = None
    """A line of text at the foot of every page."""
    levels: dict[str, Text] = Field(default_factory=dict,
                                    examples=[{"four-level/emerging": "Beginning"}])
    """New level labels, by level id (every scale) or `scale-id/level-id` (one scale): pages,
    sheets, PDFs, the scoring tools and the exports follow."""
    hide: list[Text] = Field(default_factory=list, examples=[["strategies", "rubrics/old"]])
    """Content left out of the site without deleting it: a section, `rubrics/<id>`,
    `standards/<id>`, `checklists/<id>` or the path of a page in the content folder."""
    messages: dict[str, Text | list[Text]] = Field(
        default_factory=dict, examples=[{"rubrics.evidence": "Proof"}])
    """Single interface strings replaced, by their key in `generator/messages/en.yml`."""
    pdf: bool = True
    """Render each rubric's blank sheet as a PDF (needs WeasyPrint's Pango library)."""
    paper_size: Literal[PAPER_SIZES] = "letter"  # type: ignore[valid-type]
    """The PDFs' paper, always landscape."""
    edition: Text | None = Field(default=None, examples=["2026-27"])
    """Printed in sheet footers; the build date when left out."""
    rubrics_dir: Text = "rubrics"
    """The folder of rubric files, relative to `mkdocs.yml`."""
    overrides_dir: Text = "overrides"
    """The folder searched first for templates and message catalogues."""
    cache_dir: Text = DEFAULT_CACHE_DIR
    """Where PDFs are kept between builds, relative to `mkdocs.yml`: not inside the output
    folder, nor the content, rubrics or overrides folders. Builds remove only the PDFs they
    wrote there."""


OptionsT = TypeVar("OptionsT", bound=Options)


# --- where each setting is written -----------------------------------------------------------


@dataclass(frozen=True)
class ConfigFiles:
    """A settings file and the files it inherits (``INHERIT:``), read with positions; the file
    given comes first, as its values win."""

    documents: tuple[Document, ...]

    @classmethod
    def read(cls, path: Path, root: Path) -> ConfigFiles:
        """Read ``path`` and what it inherits. Raises :class:`ContentError` when one of them
        cannot be read as YAML."""
        documents: list[Document] = []
        seen: set[Path] = set()
        current: Path | None = path
        while current is not None:
            try:
                document, problems = load_document(current, root, settings=True)
            except LoadError as exc:
                raise ContentError([exc.problem]) from None
            if problems:
                raise ContentError(problems)
            documents.append(document)
            seen.add(current.resolve())
            parent = document.data.get("INHERIT") if isinstance(document.data, dict) else None
            current = (current.parent / str(parent)) if parent else None
            if current is not None and current.resolve() in seen:
                raise ContentError([document.problem(("INHERIT",), "the files inherit one "
                                                     "another in a circle; remove one INHERIT")])
        return cls(tuple(documents))

    def value(self, path: KeyPath, default: Any = None) -> Any:
        """The value at ``path`` as MkDocs merges the files: the first file that has it."""
        for document in self.documents:
            found, value = _lookup(document.data, self._real(document, path))
            if found:
                return value
        return default

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem:
        """A problem with the setting at ``path``, placed where that setting is written (or
        its nearest written parent) in the file that sets it."""
        document, real = self.locate(path)
        position = document.position(real, of_key=of_key) if real is not None else Position(
            1, 1)
        return Problem(document.display_path, position.line, position.column,
                       format_key_path(real if real is not None else path), message)

    def locate(self, path: KeyPath) -> tuple[Document, KeyPath | None]:
        """The file that writes ``path`` (or most of it) and the path there."""
        best: tuple[int, Document, KeyPath | None] = (-1, self.documents[0], None)
        for document in self.documents:
            real = self._real(document, path)
            if real is None:
                continue
            depth = max((n for n in range(len(real) + 1) if real[:n] in document.values),
                        default=0)
            if depth == len(real):
                return document, real
            if depth > best[0]:
                best = (depth, document, real)
        return best[1], best[2]

    @staticmethod
    def _real(document: Document, path: KeyPath) -> KeyPath | None:
        """``path`` as written in ``document``: the plugin's options sit at
        ``plugins[i].rubric-guide`` in a list of plugins, ``plugins.rubric-guide`` in a
        mapping. None when the file does not name the plugin."""
        if path[:2] != ("plugins", PLUGIN):
            return path
        plugins = document.data.get("plugins") if isinstance(document.data, dict) else None
        if isinstance(plugins, Mapping):
            return path if PLUGIN in plugins else None
        for index, entry in enumerate(plugins if isinstance(plugins, list) else []):
            if entry == PLUGIN:
                return ("plugins", index) if len(path) == 2 else ("plugins", index, *path[1:])
            if isinstance(entry, Mapping) and PLUGIN in entry:
                return ("plugins", index, *path[1:])
        return None


def _lookup(data: Any, path: KeyPath | None) -> tuple[bool, Any]:
    if path is None:
        return False, None
    for part in path:
        present = (part < len(data) if isinstance(data, list) and isinstance(part, int)
                   else isinstance(data, Mapping) and part in data)
        if not present:
            return False, None
        data = data[part]
    return True, data


@dataclass(frozen=True)
class OptionsSource:
    """Where the plugin's options are written: problems with an option point there."""

    files: ConfigFiles
    prefix: KeyPath = ("plugins", PLUGIN)

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem:
        return self.files.problem((*self.prefix, *path), message, of_key=of_key)



@dataclass(frozen=True)
class DefaultOptions:
    """Options that are not written anywhere, as for a build made in code: a problem with one
    names the option, without a line."""

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem:
        return Problem("mkdocs.yml", 0, 0, format_key_path(("plugins", PLUGIN, *path)),
                       message)


def check_options(raw: Any, source: Located, model: type[OptionsT] = Options,  # type: ignore[assignment]
                  ) -> tuple[OptionsT, list[Problem]]:
    """``raw`` (the plugin's options as MkDocs read them, or a district file's data) as
    ``model``, with a problem for each mistake. Settings with a mistake are left at their
    default, so the others can still be checked against the content."""
    data = dict(raw) if isinstance(raw, Mapping) else {}
    problems: list[Problem] = []
    if raw is not None and not isinstance(raw, Mapping):
        problems.append(source.problem((), "the settings are a mapping of names to values, "
                                           "like `pdf: false`"))
    problems += _empty_colors(data, source)
    for _ in range(100):  # each round leaves out at least one mistaken value
        try:
            return model.model_validate(data), problems
        except ValidationError as exc:
            errors = union_merged(exc.errors(), data)
        problems += [pydantic_problem(source, (), error, model) for error in errors]
        for error in errors:
            data = _without(data, tuple(error["loc"]))
    return model(), problems


# --- district.yml --------------------------------------------------------------------------

DISTRICT_FILE = "district.yml"
"""A district's one settings file, at the project's root. Upstream never ships one."""


def _published_at(value: str) -> str:
    """The address the guide is published at, ending in ``/`` as a folder's does."""
    return value if value.endswith("/") else value + "/"


PublishedAt = Annotated[str, _refused_by("web_address", partial(web_address_problem, base=True)),
                        AfterValidator(_published_at),
                        Field(json_schema_extra={"x-kind": "web address"})]
"""The address a guide is published at: an http(s) address without query or fragment."""


class OwnPage(Model):
    """A page the district wrote, in the content folder, added to the navigation."""

    path: Text = Field(examples=["calendar.md"])
    """The page's path in the content folder, ending in `.md`; not a page `mkdocs.yml`'s
    navigation lists already, nor one the guide generates."""
    title: NavigationTitle | None = Field(default=None, examples=["Our calendar"])
    """Its title in the navigation; the page's first heading when left out."""
    after: Text | None = Field(default=None, examples=["principles.md"])
    """The entry of the navigation it follows: the path of a page (`principles.md`), the title
    `mkdocs.yml` gives an entry or section (`For editors`), or a page listed above it in
    `pages`. At the end of the navigation when left out."""


def _language_code_problem(value: str) -> str | None:
    if LANGUAGE_CODE.fullmatch(value):
        return None
    return f"'{value}' is not a language code; write one like en, es or pt-BR"


ContentLanguage = Annotated[Text, _refused_by("language", _language_code_problem)]
"""A language code such as ``en``, ``es`` or ``pt-BR``."""


class District(Options):
    """`district.yml`, at the project's root: every setting a district makes, in one file of
    its own, so that `mkdocs.yml` stays as upstream ships it and every later upstream change
    merges cleanly. Each setting may be left out; what is set here wins over the same option
    in `mkdocs.yml`."""

    site_name: Text | None = Field(default=None, examples=["Lakeside Collaboration Guide"])
    """The guide's name: the header, page titles, sheets and PDFs."""
    site_url: PublishedAt | None = Field(
        default=None, examples=["https://guide.lakeside.example/"])
    """The address the guide is published at: printed sheets show it, and instant navigation
    needs it."""
    site_description: Text | None = None
    """A sentence about the guide, for search engines."""
    language: Text | None = Field(default=None, examples=["es"])
    """The interface language (`en` or `es` ship; `overrides/messages/<language>.yml` adds
    one): the generator's words, the theme's, search, citations."""
    content_language: ContentLanguage | None = Field(default=None, examples=["en"])
    """The language the guide's content (rubrics, principles, standards, pages) is written in:
    `en`, upstream's, when left out. Where it differs from `language`, pages, PDFs and the CASE
    package mark the content with it, so screen readers speak it as written."""
    navigation: dict[str, NavigationTitle] = Field(
        default_factory=dict, examples=[{"customize.md": "Our district's guide"}])
    """New titles in the navigation, by the page's path in the content folder or by the
    title `mkdocs.yml` gives it (`Reference: Help`)."""
    pages: list[OwnPage] = Field(
        default_factory=list, examples=[[{"path": "calendar.md", "after": "principles.md"}]])
    """The district's own pages, added to the navigation in the order listed, so that
    `mkdocs.yml` stays as upstream ships it."""
    translations: list[Text] = Field(default_factory=list, examples=[["es"]])
    """Languages the guide is also published in, each at `/<language>/`, from
    `translations/<language>.po` (`rubric-guide translate <language>` writes it)."""


@dataclass(frozen=True)
class LayeredSource:
    """Places a problem with a setting where it is written: in district.yml when the district
    sets it there, in mkdocs.yml otherwise."""

    district: Located
    written: frozenset[str]
    """The settings district.yml writes."""
    base: Located

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem:
        source = self.district if path and str(path[0]) in self.written else self.base
        return source.problem(path, message, of_key=of_key)


def read_district(root: Path) -> tuple[District | None, Document | None, list[Problem]]:
    """The project's district.yml, checked, with where it is written; None when there is
    none. Problems are returned, not raised, to be reported with the content's."""
    path = root / DISTRICT_FILE
    if not path.exists() and not path.is_symlink():
        return None, None, []
    try:
        document, problems = load_document(path, root)
    except LoadError as exc:
        return None, None, [exc.problem]
    district, more = check_options(document.data, document, District)
    return district, document, [*problems, *more]


def _without(data: Mapping[str, Any], loc: KeyPath) -> dict[str, Any]:
    """``data`` without the key that holds the value at ``loc`` (a whole list, for a mistake
    in one of its entries), so that its default applies."""
    keys = [part for part in loc[: next((i for i, p in enumerate(loc) if isinstance(p, int)),
                                        len(loc))]]
    copy = dict(data)
    if not keys:
        return copy
    node: dict[str, Any] = copy
    for key in keys[:-1]:
        child = node.get(str(key))
        if not isinstance(child, Mapping):
            return copy
        node[str(key)] = node = dict(child)
    node.pop(str(keys[-1]), None)
    return copy


def _empty_colors(data: Mapping[str, Any], source: Located) -> Iterator[Problem]:
    """Colours left empty: ``primary: #1f4e79`` without quotes is a key and a comment."""
    colors = data.get("colors")
    for name, value in (colors.items() if isinstance(colors, Mapping) else ()):
        if value is None:
            yield source.problem(
                ("colors", name), "no colour given: YAML reads a '#' after a space as the "
                f"start of a comment; quote the colour, as in {name}: \"#1f4e79\"")
