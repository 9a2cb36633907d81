"""Stage 3: turn loaded YAML into a checked :class:`~generator.model.Guide`.

Every problem in every file is collected (shape errors from the model, then cross-references
between files) and raised together as one :class:`~generator.errors.ContentError`.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ValidationError

from . import checklists, scaffold
from . import model as m
from .errors import ContentError, KeyPath, Problem, did_you_mean, file_problem, join_choices
from .kinds import (
    CHECKLIST,
    EVIDENCE_OF_PRACTICE,
    KEY_SYSTEM_FEATURES,
    KINDS,
    PRINCIPLES,
    RUBRIC,
    SCALES,
    SOURCES,
    STANDARD,
    STRATEGIES,
    Kind,
    known_file_names,
)
from .load import Document, LoadError, load_document, read_text

ModelT = TypeVar("ModelT", bound=BaseModel)

CITATION = re.compile(r"\[@([A-Za-z0-9][\w.:-]*)\]")
"""A Markdown citation: ``[@parrett-budge-2012]``."""


@dataclass(frozen=True)
class Project:
    """Where a guide's files live."""

    root: Path
    content_dir: Path
    rubrics_dir: Path

    @classmethod
    def at(cls, root: Path, content: str = "content", rubrics: str = "rubrics") -> Project:
        root = root.resolve()
        return cls(root, root / content, root / rubrics)

    def folder_of(self, kind: Kind) -> Path:
        """The folder holding the files of ``kind``."""
        if kind is RUBRIC:
            return self.rubrics_dir
        return self.content_dir / kind.folder.removeprefix("content").strip("/")

    def kind_of(self, path: Path) -> Kind | None:
        """The kind of the data file at ``path`` in this project, or None if it is not one."""
        parent = path.parent.resolve()
        for kind in KINDS:
            if path.suffix not in kind.suffixes or parent != _real(self.folder_of(kind)):
                continue
            if kind.many or kind.stem == path.stem:
                return kind
        return None

    def display(self, path: Path) -> str:
        """``path`` as the project's messages name it: relative to its root."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else (
            str(path))


@functools.lru_cache(maxsize=64)
def _real(folder: Path) -> Path:
    """``folder`` with its links followed (a content folder may be a link to another)."""
    return folder.resolve()


def load_guide(project: Project) -> m.Guide:
    """Load, validate and cross-check every data file of ``project``.

    Raises :class:`ContentError` listing every problem found.
    """
    checker = _Checker(project)
    guide = checker.run()
    if checker.problems:
        raise ContentError(checker.problems)
    return guide


def load_scales(project: Project) -> dict[str, m.Scale]:
    """The scales of ``content/scales.yml`` alone, for tools that need nothing else.

    Raises :class:`ContentError` listing the file's problems.
    """
    checker = _Checker(project)
    guide = m.Guide()
    path = project.content_dir / "scales.yml"
    if path.is_file():
        checker._read(path, guide)
    if checker.problems:
        raise ContentError(checker.problems)
    return guide.scales


def data_files(project: Project, problems: list[Problem] | None = None) -> list[Path]:
    """Every data file the guide is made from: what the content folder holds with a data
    file's ending, and the files of each kind of many in its folder. Links that lead nowhere
    and folders named like data files are listed too, so that reading them reports them; a
    folder that cannot be listed is added to ``problems``."""
    endings = {suffix for kind in KINDS for suffix in kind.suffixes}
    folders = {project.content_dir: endings}
    folders |= {project.folder_of(k): set(k.suffixes) for k in KINDS if k.many}
    files = []
    for folder, suffixes in folders.items():
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            continue  # a kind with no folder has no files
        except OSError as exc:
            if problems is not None:
                problems.append(file_problem(project.display(folder) + "/", exc))
            continue
        files += sorted(folder / n for n in names if Path(n).suffix in suffixes
                        and not n.startswith("."))
    return files


class _Checker:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.problems: list[Problem] = []
        self.documents: dict[tuple[str, str], Document] = {}
        """Each file read, by its kind's name and its id (empty for single files)."""
        self._partial_rubrics: list[tuple[Document, m.Rubric, list[int]]] = []
        # Kinds of single files that failed to load: references into them are not checked,
        # so one mistake is reported once rather than at every place that refers to the file.
        self._broken: set[str] = set()

    # -- the recipe ----------------------------------------------------------------------------

    def run(self) -> m.Guide:
        guide = m.Guide()
        for path in data_files(self.project, self.problems):
            self._read(path, guide)
        self._check_references(guide)
        self._read_pages(guide)
        return guide

    # -- reading each file ---------------------------------------------------------------------

    def _read(self, path: Path, guide: m.Guide) -> None:
        before = len(self.problems)
        kind = self.project.kind_of(path)
        self._read_file(path, kind, guide)
        if len(self.problems) > before and kind is not None and not kind.many:
            self._broken.add(kind.name)

    def _read_file(self, path: Path, kind: Kind | None, guide: m.Guide) -> None:
        try:
            document, problems = load_document(path, self.project.root)
        except LoadError as exc:
            self.problems.append(exc.problem)
            return
        self.problems += problems
        guide.data_files.append(document.display_path)
        if kind is None:
            known = known_file_names()
            hint = did_you_mean(path.name, known)
            self.problems.append(document.problem(
                (), f"unknown data file '{path.name}'; "
                + (hint if hint else f"expected one of: {join_choices(known)}")
                + " (rubrics go in rubrics/, standards in content/standards/, checklists in "
                "content/checklists/)"))
            return
        ident = path.stem if kind.many else ""
        first = self.documents.get((kind.name, ident))
        if first is not None:
            self.problems.append(document.problem(
                (), f"{first.display_path} holds this {kind.name} too; keep one of the two "
                "files"))
            return
        self.documents[(kind.name, ident)] = document
        if document.data is None:
            self.problems.append(document.problem((), "the file is empty; add its content "
                                                  "or delete the file"))
            return
        if kind.many and not re.fullmatch(m.ID_PATTERN, ident):
            self.problems.append(document.problem(
                (), f"{kind.name} file name '{path.name}' is used as its web address; "
                "use lowercase letters, digits and hyphens, e.g. 'team-collaboration.yml'"))
        if kind is RUBRIC:
            self._read_rubric(document, guide)
        elif kind is SOURCES:
            self._read_sources(document, guide)
        elif kind.many:
            value = self._validate(document, kind.model)
            if value is not None:
                value._id = ident
                getattr(guide, kind.attribute)[ident] = value
        else:
            self._read_content_file(document, kind, guide)

    def _read_rubric(self, document: Document, guide: m.Guide) -> None:
        rubric_id = document.path.stem
        rubric = self._validate(document, m.Rubric)
        if rubric is not None:
            rubric._id = rubric_id
            guide.rubrics[rubric_id] = rubric
        elif isinstance(document.data, dict):
            # Shape errors are already reported; check the references of the criteria that
            # are well formed too, so one run reports everything.
            self._partial_rubrics.append(_salvage_rubric(document, document.data))

    def _read_sources(self, document: Document, guide: m.Guide) -> None:
        data = document.data
        if not isinstance(data, list):
            self.problems.append(document.problem(
                (), f"expected a list of CSL-JSON entries, found {describe_value(data)}"))
            return
        sources: list[m.Source] = []
        for index, entry in enumerate(data):
            source = self._validate(document, m.Source, entry, prefix=(index,))
            if source is not None:
                sources.append(source)
        self._unique(document, [s.id for s in sources], lambda i: (i, "id"), "source id")
        for source in sources:
            guide.sources.setdefault(source.id, source)

    def _read_content_file(self, document: Document, kind: Kind, guide: m.Guide) -> None:
        value = self._validate(document, kind.model)
        if value is None:
            return
        match value:
            case m.ScalesFile():
                self._unique(document, [s.id for s in value.scales],
                             lambda i: ("scales", i, "id"), "scale id")
                for i, scale in enumerate(value.scales):
                    self._unique(document, [lv.id for lv in scale.levels],
                                 functools.partial(_level_path, i), "level id")
                    guide.scales.setdefault(scale.id, scale)
            case m.PrinciplesFile():
                self._unique(document, [p.id for p in value.principles],
                             lambda i: ("principles", i, "id"), "principle id")
                guide.principles = value
            case m.Framework():
                self._unique(document, [p.id for p in value.phases],
                             lambda i: ("phases", i, "id"), "phase id")
                guide.framework = value
            case m.Strategies():
                self._unique(document, [s.id for s in value.strategies],
                             lambda i: ("strategies", i, "id"), "strategy id")
                guide.strategies = value
            case m.KeySystemFeatures():
                guide.key_system_features = value
            case m.EvidenceOfPractice():
                self._unique(document, [it.id for it in value.items],
                             lambda i: ("items", i, "id"), "item id")
                guide.evidence_of_practice = value

    def _validate(
        self, document: Document, model_class: type[ModelT], data: Any = None,
        prefix: KeyPath = (),
    ) -> ModelT | None:
        data = document.data if data is None else data
        try:
            return model_class.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                self.problems.append(pydantic_problem(document, prefix, error, model_class))
            return None

    # -- cross-references ----------------------------------------------------------------------

    def _check_references(self, guide: m.Guide) -> None:
        principles = [p.id for p in guide.principles.principles] if guide.principles else []
        for rubric_id, rubric in guide.rubrics.items():
            document = self.documents[(RUBRIC.name, rubric_id)]
            self._check_rubric(document, rubric, guide, principles)
        for document, partial, indices in self._partial_rubrics:
            self._check_rubric(document, partial, guide, principles, indices)
        for standard_id, standard in guide.standards.items():
            document = self.documents[(STANDARD.name, standard_id)]
            self._refs(document, ("sources",), standard.sources, guide.sources, "source")
            self._unique(document, [e.id for e in standard.elements],
                         lambda i: ("elements", i, "id"), "element id")
        if guide.strategies:
            document = self.documents[(STRATEGIES.name, "")]
            self._refs(document, ("sources",), guide.strategies.sources, guide.sources,
                       "source")
        if guide.evidence_of_practice:
            document = self.documents[(EVIDENCE_OF_PRACTICE.name, "")]
            for i, quote in enumerate(guide.evidence_of_practice.research):
                self._refs(document, ("research", i, "source"), [quote.source],
                           guide.sources, "source", single=True)
        for checklist_id, checklist in guide.checklists.items():
            document = self.documents[(CHECKLIST.name, checklist_id)]
            self._check_checklist(document, checklist, guide)
        if guide.key_system_features and guide.key_system_features.indicators:
            document = self.documents[(KEY_SYSTEM_FEATURES.name, "")]
            items = guide.key_system_features.indicators.groups
            ids = [(g, i, it.id) for g, grp in enumerate(items) for i, it in enumerate(grp.items)]
            self._unique(document, [t[2] for t in ids],
                         lambda k: ("indicators", "groups", ids[k][0], "items", ids[k][1], "id"),
                         "indicator id")

    def _check_rubric(
        self, document: Document, rubric: m.Rubric, guide: m.Guide, principles: list[str],
        indices: list[int] | None = None,
    ) -> None:
        """Check a rubric's references; ``indices`` are the criteria's positions in the file
        when only some of them were well formed."""
        scale = guide.scales.get(rubric.scale)
        if scale is None and rubric.scale and SCALES.name not in self._broken:
            self.problems.append(document.problem(
                ("scale",), _unknown("scale", rubric.scale, guide.scales,
                                     "define it in content/scales.yml")))
        else:
            rubric._scale = scale
        self._warn_of_placeholders(document, rubric, guide, indices)
        self._refs(document, ("principles",), rubric.principles, principles, "principle")
        self._refs(document, ("sources",), rubric.sources, guide.sources, "source")
        self._unique(document, [c.id for c in rubric.criteria],
                     lambda i: ("criteria", i, "id"), "criterion id")
        level_ids = [level.id for level in scale.levels] if scale else []
        self._check_exemplars(document, rubric, level_ids)
        for i, criterion in enumerate(rubric.criteria):
            path: KeyPath = ("criteria", indices[i] if indices else i)
            self._refs(document, (*path, "principles"), criterion.principles, principles,
                       "principle")
            self._refs(document, (*path, "sources"), criterion.sources, guide.sources, "source")
            if scale is None:
                continue
            missing = [lv for lv in level_ids if lv not in criterion.levels]
            extra = [lv for lv in criterion.levels if lv not in level_ids]
            for level in missing:
                self.problems.append(document.problem(
                    (*path, "levels"),
                    f"criterion '{criterion.id}' has no descriptor for level '{level}'; scale "
                    f"'{scale.id}' expects one for each of: {join_choices(level_ids)}"))
            for level in extra:
                hint = did_you_mean(level, missing) or did_you_mean(level, level_ids)
                self.problems.append(document.problem(
                    (*path, "levels", level),
                    f"'{level}' is not a level of scale '{scale.id}'"
                    + (f"; {hint}" if hint else f"; expected one of: {join_choices(level_ids)}"),
                    of_key=True))

    def _check_exemplars(self, document: Document, rubric: m.Rubric,
                         level_ids: list[str]) -> None:
        """Each exemplar's master scores and rationale name the rubric's criteria and its
        scale's levels; a link to a file of the guide names one that exists."""
        self._unique(document, [e.id for e in rubric.exemplars],
                     lambda i: ("exemplars", i, "id"), "exemplar id")
        criteria = [c.id for c in rubric.criteria]
        for i, exemplar in enumerate(rubric.exemplars):
            path: KeyPath = ("exemplars", i)
            for field in ("scores", "rationale"):
                for key in getattr(exemplar, field):
                    if key not in criteria:
                        self.problems.append(document.problem(
                            (*path, field, key), _unknown("criterion", key, criteria,
                                                          "use a criterion id of this rubric"),
                            of_key=True))
            for key, level in exemplar.scores.items():
                if level_ids and level not in level_ids:
                    hint = did_you_mean(level, level_ids)
                    self.problems.append(document.problem(
                        (*path, "scores", key), f"'{level}' is not a level of scale "
                        f"'{rubric.scale}'; "
                        + (hint if hint else f"expected one of: {join_choices(level_ids)}")))
            missing = _missing_file(self.project, exemplar.link)
            if missing:
                self.problems.append(document.problem((*path, "link"), missing))

    def _warn_of_placeholders(self, document: Document, rubric: m.Rubric, guide: m.Guide,
                              indices: list[int] | None) -> None:
        """Warn of what `rubric-guide new rubric` wrote that no one has replaced yet."""
        def warn(path: KeyPath, text: str) -> None:
            problem = document.problem(path, f"'{text}' is a placeholder; write what it should "
                                       "say, or the guide publishes the placeholder")
            guide.warnings.append(dataclasses.replace(problem, warning=True))

        if scaffold.placeholder(rubric.summary):
            warn(("summary",), str(rubric.summary))
        for i, criterion in enumerate(rubric.criteria):
            for level, text in criterion.levels.items():
                if scaffold.placeholder(text):
                    warn(("criteria", indices[i] if indices else i, "levels", level), text)

    def _check_checklist(self, document: Document, checklist: m.Checklist,
                         guide: m.Guide) -> None:
        if not checklist.include and not checklist.items:
            self.problems.append(document.problem(
                (), "a checklist needs items: list them under 'items', or take them from the "
                "guide with 'include', e.g. include: [evidence-of-practice]"))
            return
        known = checklists.available(guide)
        ids: list[tuple[KeyPath, str]] = []
        for index, ref in enumerate(checklist.include):
            try:
                groups = checklists.include(guide, ref)
            except checklists.UnknownInclude:
                hint = did_you_mean(ref, known)
                self.problems.append(document.problem(
                    ("include", index),
                    f"nothing to include called '{ref}'; "
                    + (hint if hint else f"expected one of: {join_choices(known)}")))
                continue
            ids += [(("include", index), item.id) for g in groups for item in g.items]
        ids += [(("items", i, "id"), item.id) for i, item in enumerate(checklist.items)]
        self._unique(document, [i for _, i in ids], lambda k: ids[k][0], "checklist item id")

    def _read_pages(self, guide: m.Guide) -> None:
        """Read the hand-written pages into the guide, checking their citations."""
        content = self.project.content_dir
        for page in sorted(content.rglob("*.md")):
            if page.is_dir():  # a folder named like a page is a folder, as MkDocs reads it
                continue
            display = self.project.display(page)
            try:
                text = read_text(page, display)
            except LoadError as exc:
                self.problems.append(exc.problem)
                continue
            guide.pages[page.relative_to(content).as_posix()] = text
            if SOURCES.name in self._broken:
                continue
            for match in CITATION.finditer(text):
                key = match.group(1)
                if key in guide.sources:
                    continue
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                self.problems.append(Problem(
                    display, line, column, "",
                    _unknown("source", key, guide.sources, "add it to content/sources.yml")))

    # -- helpers -------------------------------------------------------------------------------

    def _refs(
        self, document: Document, path: KeyPath, ids: Sequence[str], known: Iterable[str],
        kind: str, *, single: bool = False,
    ) -> None:
        known = list(known)
        home_kind = {"source": SOURCES, "principle": PRINCIPLES}[kind]
        home = home_kind.location
        if home_kind.name in self._broken:
            return
        for index, ref in enumerate(ids):
            if ref not in known:
                where = path if single else (*path, index)
                self.problems.append(document.problem(
                    where, _unknown(kind, ref, known, f"define it in {home}")))

    def _unique(
        self, document: Document, ids: Sequence[str], path_of: Callable[[int], KeyPath],
        kind: str,
    ) -> None:
        first: dict[str, int] = {}
        for index, value in enumerate(ids):
            if value in first:
                line = document.position(path_of(first[value])).line
                self.problems.append(document.problem(
                    path_of(index),
                    f"duplicate {kind} '{value}' (already used on line {line}); "
                    f"each {kind} must be unique"))
            else:
                first[value] = index

def _level_path(scale_index: int, level_index: int) -> KeyPath:
    return ("scales", scale_index, "levels", level_index, "id")


def _salvage_rubric(
    document: Document, data: dict[str, Any]
) -> tuple[Document, m.Rubric, list[int]]:
    """The checkable parts of a rubric that failed validation: its well-formed criteria (each
    remembering its position in the file) and its reference lists, where they are lists of text.
    """
    criteria, indices = [], []
    raw_criteria = data.get("criteria")
    for index, raw in enumerate(raw_criteria if isinstance(raw_criteria, list) else []):
        try:
            criterion = m.Criterion.model_validate(raw)
        except ValidationError:
            continue
        criteria.append(criterion)
        indices.append(index)

    def ids(key: str) -> list[str]:
        value = data.get(key)
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return value if ok else []  # type: ignore[return-value]

    scale = data["scale"] if isinstance(data.get("scale"), str) else ""
    rubric = m.Rubric.model_construct(
        title="", scale=scale, principles=ids("principles"), sources=ids("sources"),
        criteria=criteria,
    )
    return document, rubric, indices


def _unknown(kind: str, value: str, known: Iterable[str], fix: str) -> str:
    known = sorted(known)
    hint = did_you_mean(value, known)
    if hint:
        return f"unknown {kind} '{value}'; {hint}"
    if known:
        return f"unknown {kind} '{value}'; expected one of: {join_choices(known)}, or {fix}"
    return f"unknown {kind} '{value}'; {fix}"


def _missing_file(project: Project, link: str | None) -> str | None:
    """Why ``link``, a file or page of the guide by its path in the content folder, leads
    nowhere; None for a web address, an anchor or a file that exists."""
    parts = urlsplit(link or "")
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


# --- pydantic errors in an editor's words ---------------------------------------------------

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


def describe_value(value: Any) -> str:
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


class Located(Protocol):
    """A file, or a part of one, that places a problem at the line of a key path."""

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem: ...


def pydantic_problem(
    document: Located, prefix: KeyPath, error: Any, model_class: type[BaseModel]
) -> Problem:
    """One of pydantic's validation errors in an editor's words, at its line."""
    loc: KeyPath = tuple(error["loc"])
    path = (*prefix, *loc)
    kind = error["type"]
    value = error.get("input")
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
    if kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, found {describe_value(value)}"
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
        return document.problem(path, f"expected text, found {describe_value(value)} that is "
                                "not UTF-8 text; write the text itself, without !!binary")
    if kind == "finite_number":
        return document.problem(path, f"expected a whole number, found {describe_value(value)}; "
                                "write a number such as 3")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(value), re.findall(r"'([^']*)'", expected))
        return document.problem(path, f"expected {expected}, found {describe_value(value)}"
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
        return document.problem(path, f"{error['msg']}, found {describe_value(value)}")
    return document.problem(path, str(error["msg"]))
