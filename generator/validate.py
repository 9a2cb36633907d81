"""Stage 3: turn a project's YAML into a checked :class:`~generator.guide.Guide`.

Each data file is read (:mod:`.load`), validated against its kind's model, and becomes an
:class:`~generator.guide.Entry`; then the checks each kind declares (:mod:`.checks`) run on every
file, and the hand-written pages' citations are checked. Every problem in every file is
collected and raised together as one :class:`~generator.errors.ContentError`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import kinds
from . import model as m
from .checklists import ChecklistGroup
from .checks import Check, Refers, parse, unknown, walk, what_it_reads
from .citations import citations_in, cited
from .errors import ContentError, KeyPath, Problem, did_you_mean, join_choices
from .guide import Entry, Guide, entry
from .kinds import SCALES, SOURCES, Kind, known_file_names
from .load import Document, LoadError, load_document, passed_over, read_text
from .model_errors import pydantic_problem
from .project import Project, data_files
from .urls import dest_path, url_for


def load_guide(project: Project) -> Guide:
    """Load, validate and cross-check every data file of ``project``.

    Raises :class:`ContentError` listing every problem found.
    """
    checker = _Checker(project)
    guide = checker.run()
    if checker.problems:
        raise ContentError(checker.problems)
    return guide


def load_scales(project: Project) -> dict[str, m.Scale]:
    """The scales of the project's scales file alone, for tools that need nothing else.

    Raises :class:`ContentError` listing the file's problems.
    """
    checker = _Checker(project)
    path = project.file_of(SCALES)
    if path.is_file():
        checker.read(path)
        checker.check()
    if checker.problems:
        raise ContentError(checker.problems)
    return checker.guide.scales


def check_new_file(project: Project, kind: Kind, ident: str, text: str) -> list[Problem]:
    """What ``rubric-guide check`` would refuse in item ``ident`` of ``kind`` (a kind of many)
    if ``text`` were written as its file, against the project's scales: the same model, limits
    and checks, so that a tool writing files never writes one that ``check`` refuses."""
    checker = _Checker(project)
    scales = project.file_of(SCALES)
    if scales.is_file():
        checker.read(scales)
    before = len(checker.problems)
    checker._read_file(project.file_of(kind, ident), kind, text)
    checker.check()
    return [*checker.problems[before:], *checker.guide.warnings]


_VALIDATED: dict[tuple[str, str], tuple[Document, Any, list[Problem]]] = {}
"""Each file's document as last validated, with its model (None if invalid) and problems. A
file read again unchanged is the same document (see :func:`~generator.load.load_document`),
and its model is the same: a preview, which checks every file after each edit, validates only
the files that changed. Models are never changed once made (a relabelled scale is a copy)."""


_CHECKED: dict[tuple[str, str, int], tuple[Document, Hashable, list[Problem]]] = {}
"""The problems each file's checks found, by the document they read (see :data:`_VALIDATED`)
and what else they read of the guide (see :func:`~generator.checks.what_it_reads`)."""


_CITED: dict[str, tuple[Document, list[tuple[KeyPath, str]]]] = {}
"""Each file's citations, by the key path of the text they are in, by the document they were
read from (see :data:`_VALIDATED`)."""


@dataclass(frozen=True)
class _Read:
    """A file read and validated: its document, kind, id, the data its checks read (with
    entries that failed their own model left out) and its model, if it is valid."""

    document: Document
    kind: Kind
    id: str
    data: Any
    value: Any


class _Checker:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.guide = Guide()
        self.problems: list[Problem] = []
        self.files: dict[tuple[str, str], _Read] = {}
        """Each file read, by its kind's name and its id (empty for single files)."""
        # Kinds of single files that failed to load: references into them are not checked,
        # so one mistake is reported once rather than at every place that refers to the file.
        self._broken: set[str] = set()
        self._ids: dict[str, list[str] | None] = {}
        self._homes: dict[str, str] = {}

    # -- the recipe ----------------------------------------------------------------------------

    def run(self) -> Guide:
        for path in data_files(self.project, self.problems):
            self.read(path)
        self.check()
        self.keep_references()
        self._data_citations()
        self._read_pages()
        return self.guide

    # -- reading each file ---------------------------------------------------------------------

    def read(self, path: Path) -> None:
        if path.suffix != path.suffix.lower():
            self.problems.append(_capital_ending(self.project, path))
            return
        before = len(self.problems)
        kind = self.project.kind_of(path)
        self._read_file(path, kind)
        if len(self.problems) > before and kind is not None and not kind.many:
            self._broken.add(kind.name)

    def _read_file(self, path: Path, kind: Kind | None, text: str | None = None) -> None:
        try:
            document, problems = load_document(path, self.project.root, text=text)
        except LoadError as exc:
            self.problems.append(exc.problem)
            return
        self.problems += problems
        self.guide.data_files.append(document.display_path)
        if kind is None:
            self.problems.append(self._unknown_file(document, path))
            return
        ident = path.stem if kind.many else ""
        first = self.files.get((kind.name, ident))
        if first is not None:
            self.problems.append(document.problem(
                (), f"{first.document.display_path} holds this {kind.name} too; keep one of "
                "the two files"))
            return
        if document.data is None:
            self.files[(kind.name, ident)] = _Read(document, kind, ident, None, None)
            self.problems.append(document.problem((), "the file is empty; add its content "
                                                  "or delete the file"))
            return
        if kind.many and not re.fullmatch(m.ID_PATTERN, ident):
            self.problems.append(document.problem(
                (), f"{kind.name} file name '{path.name}' is used as its web address; "
                "use lowercase letters, digits and hyphens, e.g. 'team-collaboration.yml'"))
        value = self._validate(document, kind)
        data = document.data if value is not None else _salvaged(kind, document.data)
        self.files[(kind.name, ident)] = _Read(document, kind, ident, data, value)
        if value is not None:
            self._keep(kind, ident, value, document)

    def _unknown_file(self, document: Document, path: Path) -> Problem:
        known = known_file_names()
        hint = did_you_mean(path.name, known)
        homes = ", ".join(f"{kind.attribute.replace('_', ' ')}{' go' if not i else ''} in "
                          f"{self.project.home_of(kind)}"
                          for i, kind in enumerate(k for k in kinds.KINDS if k.many))
        return document.problem(
            (), f"unknown data file '{path.name}'; "
            + (hint if hint else f"expected one of: {join_choices(known)}")
            + f" ({homes})")

    def _validate(self, document: Document, kind: Kind) -> Any:
        key = (document.display_path, kind.name)
        done = _VALIDATED.get(key)
        if done is None or done[0] is not document:
            problems: list[Problem] = []
            try:
                value = _adapter(kind).validate_python(document.data)
            except ValidationError as exc:
                value = None
                problems = [pydantic_problem(document, (), error, kind.entry_model)
                            for error in exc.errors()]
            done = _VALIDATED[key] = (document, value, problems)
        self.problems += done[2]
        return done[1]

    def _keep(self, kind: Kind, ident: str, value: Any, document: Document) -> None:
        """Put a valid file's model into the guide, where its kind's attribute says."""
        held = self.guide.of(kind)
        if kind.many:
            held[ident] = entry(kind, ident, value, document.display_path)
        elif isinstance(held, dict):  # a file of many items with ids: scales, sources
            for path, item_id in walk(document.data, parse(kind.ids)):
                held.setdefault(item_id, _item(value, path[:-1]))
        else:
            setattr(self.guide, kind.attribute, value)

    # -- the kinds' checks ---------------------------------------------------------------------

    def check(self) -> None:
        """Run every file's checks, as its kind declares them."""
        context = _Context(self)
        for read in self.files.values():
            if read.data is None:
                continue
            for index, check in enumerate(read.kind.checks):
                for problem in _found(check, index, context, read):
                    if problem.warning:
                        self.guide.warnings.append(problem)
                    else:
                        self.problems.append(problem)

    def keep_references(self) -> None:
        """Give each valid entry the items its kind's checks say it keeps (a rubric's scale)."""
        for read in self.files.values():
            held = self.guide.of(read.kind) if read.value is not None else None
            if not isinstance(held, dict) or not isinstance(held.get(read.id), Entry):
                continue
            refs = {check.at: target for check in read.kind.checks if isinstance(check, Refers)
                    and check.keep for _, ident in walk(read.data, parse(check.at))
                    if (target := self._item_of(check.to, ident)) is not None}
            if refs:
                held[read.id] = replace(held[read.id], refs=refs)

    def _item_of(self, name: str, ident: Any) -> Any:
        kind = kinds.by_name(name)
        held = self.guide.of(kind) if kind is not None else None
        return held.get(ident) if isinstance(held, dict) and isinstance(ident, str) else None

    def ids_of(self, name: str) -> list[str] | None:
        """The ids of the kind called ``name`` (see :meth:`.checks.Context.ids_of`), read once
        all files are."""
        if name not in self._ids:
            self._ids[name] = self._read_ids(name)
        return self._ids[name]

    def home_of(self, name: str) -> str:
        """Where the project defines the kind called ``name`` (see
        :meth:`.checks.Context.home_of`), worked out once."""
        if name not in self._homes:
            kind = kinds.by_name(name)
            assert kind is not None, name
            self._homes[name] = self.project.home_of(kind)
        return self._homes[name]

    def _read_ids(self, name: str) -> list[str] | None:
        kind = kinds.by_name(name)
        assert kind is not None, name
        if name in self._broken:
            return None
        if kind.many:
            return list(self.guide.of(kind))
        read = self.files.get((name, ""))
        return [] if read is None else [
            value for _, value in walk(read.data, parse(kind.ids)) if isinstance(value, str)]

    def _read_pages(self) -> None:
        """Read the hand-written pages into the guide, checking their citations."""
        content = self.project.content_dir
        for page in self.project.page_files():
            display = self.project.display(page)
            try:
                text = read_text(page, display)
            except LoadError as exc:
                self.problems.append(exc.problem)
                continue
            self.guide.pages[page.relative_to(content).as_posix()] = text
            if SOURCES.name not in self._broken:
                self.problems += self._citations(display, text)

    def _data_citations(self) -> None:
        """Check the ``[@id]`` citations of the data files' texts, each at its key path."""
        if SOURCES.name in self._broken:
            return
        sources = self.guide.sources
        fix = f"add it to {self.project.home_of(SOURCES)}"
        for read in self.files.values():
            self.problems += [read.document.problem(path, unknown("source", key, sources, fix))
                              for path, key in _cited(read.document, read.data)
                              if key not in sources]

    def _citations(self, display: str, text: str) -> Iterator[Problem]:
        sources = self.guide.sources
        fix = f"add it to {self.project.home_of(SOURCES)}"
        for match in citations_in(text):
            key = match.group(1)
            if key in sources:
                continue
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            yield Problem(display, line, column, "", unknown("source", key, sources, fix))


@dataclass(frozen=True)
class _Context:
    """What the checks ask of the validation (:class:`~generator.checks.Context`)."""

    checker: _Checker

    @property
    def guide(self) -> Guide:
        return self.checker.guide

    def ids_of(self, kind: str) -> list[str] | None:
        return self.checker.ids_of(kind)

    def home_of(self, kind: str) -> str:
        return self.checker.home_of(kind)

    def include(self, ref: str) -> list[ChecklistGroup] | None:
        return self.guide.include(ref)

    def includable(self) -> list[str]:
        return self.guide.includable()

    def missing_file(self, link: str) -> str | None:
        return _missing_file(self.checker.project, link)


def _missing_file(project: Project, link: str) -> str | None:
    """Why ``link``, a file or page of the guide by its path in the content folder, leads
    nowhere; None for a web address, an anchor or a file that exists."""
    parts = urlsplit(link)
    if not parts.path or parts.scheme or parts.netloc or parts.path.startswith("/"):
        return None
    content = project.content_dir.resolve()
    target = (content / unquote(parts.path)).resolve()
    folder = project.display(project.content_dir)
    if not target.is_relative_to(content):
        return (f"'{parts.path}' is outside {folder}/; put the file in {folder}/ and give its "
                "path there, or link to the work's web address")
    if target.is_file():
        return None
    return (f"no file '{parts.path}' in {folder}/; put the file there, or link to the work's "
            "web address")


def collisions(project: Project, guide: Guide, directory_urls: bool = True) -> list[Problem]:
    """A problem for each page or file that would be published where the guide publishes
    another, which would be dropped without a word: a hand-written page or a file of the
    content folder at a generated page's address (``principles.md``, ``rubrics/<id>.md``,
    ``rubrics/<id>/<id>.pdf``), or an item whose id makes its page the address of another
    generated page (a standard called ``index``)."""
    owners: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for path, what, source in _generated(project, guide):
        dest = dest_path(path, directory_urls)
        if dest in owners:
            other, _ = owners[dest]
            problems.append(Problem(source, 0, 0, "", (
                f"{what} would be published at /{url_for(path, directory_urls)}, where the "
                f"guide publishes {other}; give it another id (rename the file)")))
        else:
            owners[dest] = (what, source)
    for uri in content_files(project, guide):
        dest = dest_path(uri, directory_urls)
        if dest not in owners:
            continue
        what, source = owners[dest]
        shown = project.display(project.content_dir / uri)
        line = 1 if uri.endswith(".md") else 0
        problems.append(Problem(shown, line, line, "", (
            f"this {'page' if line else 'file'} would be published at "
            f"/{url_for(uri, directory_urls)}, where the guide publishes {what} from {source}, "
            "so one of them would be lost; rename or move it (and the links to it)")))
    return problems


def generated_paths(project: Project, guide: Guide) -> set[str]:
    """The path of every page (in the content folder) and file (in the site) the guide
    generates."""
    return {path for path, _, _ in _generated(project, guide)}


def _generated(project: Project, guide: Guide) -> Iterator[tuple[str, str, str]]:
    """Every page and file the guide generates: its path, what it is, and where it comes from
    as messages name it."""
    for kind in kinds.KINDS:
        held = guide.of(kind)
        ids = held if kind.many else ([] if held else None)
        for path, what, ident in kinds.addresses(kind, ids):
            yield path, what, held[ident].location if ident else project.home_of(kind)
    for path, what in kinds.guide_addresses():
        yield path, what, "the generator"


def content_files(project: Project, guide: Guide) -> Iterator[str]:
    """The paths in the content folder of its hand-written pages and other files that the
    site publishes as they are: not its data files, templates, hidden files or the files
    editors leave beside a page."""
    content = project.content_dir
    data = data_file_uris(project, guide)
    for path in sorted(content.rglob("*")):
        relative = path.relative_to(content).as_posix()
        if relative in data or path.suffix == ".j2" or path.is_dir() or passed_over(path, content):
            continue
        yield relative


def data_file_uris(project: Project, guide: Guide) -> set[str]:
    """The data files read from the content folder, by their path in it."""
    content = project.display(project.content_dir) + "/"
    return {name.removeprefix(content) for name in guide.data_files if name.startswith(content)}


def _capital_ending(project: Project, path: Path) -> Problem:
    """The problem of a data file whose ending is not in lowercase letters."""
    fixed = path.with_suffix(path.suffix.lower()).name
    return Problem(project.display(path), 0, 0, "", (
        f"the ending '{path.suffix}' is not read as a data file: data files end in "
        f"{join_choices(sorted(kinds.DATA_SUFFIXES))} in lowercase; rename it to {fixed}"))


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _found(check: Check, index: int, context: _Context, read: _Read) -> Iterable[Problem]:
    """The problems ``check``, the kind's ``index``-th, finds in the file ``read``: found
    again only when the file or what else the check reads changed (see :data:`_CHECKED`)."""
    reads = what_it_reads(check, context, read.data)
    if reads is None:
        return check.run(context, read.document, read.data)
    key = (read.document.display_path, read.kind.name, index)
    done = _CHECKED.get(key)
    if done is None or done[0] is not read.document or done[1] != reads:
        done = _CHECKED[key] = (read.document, reads,
                                list(check.run(context, read.document, read.data)))
    return done[2]


def _cited(document: Document, data: Any) -> list[tuple[KeyPath, str]]:
    """The sources ``data`` (read from ``document``) cites, each with the key path of its
    text, read again only when the file changed."""
    done = _CITED.get(document.display_path)
    if done is None or done[0] is not document:
        done = _CITED[document.display_path] = (document, list(cited(data)))
    return done[1]


def _adapter(kind: Kind) -> TypeAdapter[Any]:
    """The validator of ``kind``'s model, made once."""
    if kind.name not in _ADAPTERS:
        _ADAPTERS[kind.name] = TypeAdapter(kind.model)
    return _ADAPTERS[kind.name]


def _item(value: Any, path: tuple[Any, ...]) -> Any:
    """The model inside ``value`` at the key path ``path`` (an item of a validated file)."""
    for part in path:
        value = value[part] if isinstance(part, int) else getattr(value, str(part))
    return value


def _salvaged(kind: Kind, data: Any) -> Any:
    """What the checks of a file that failed validation can still read: its data with each
    entry of a top-level list that fails its own model left out (None), so that the well-formed
    entries' references are checked too and one run reports everything."""
    if not isinstance(data, dict) or not (isinstance(kind.model, type)
                                          and issubclass(kind.model, BaseModel)):
        return data
    salvaged = dict(data)
    for key, info in kind.model.model_fields.items():
        item_model = _list_item_model(info.annotation)
        if item_model is not None and isinstance(data.get(key), list):
            salvaged[key] = [item if _valid(item_model, item) else None for item in data[key]]
    return salvaged


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is list and args and isinstance(
            args[0], type) and issubclass(args[0], BaseModel):
        return args[0]
    return None


def _valid(model: type[BaseModel], data: Any) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True

