"""The checks a kind declares beyond one file's shape, as data :mod:`.validate` runs.

:class:`Unique` (ids unique in a file) and :class:`Refers` (values that are ids of another kind)
cover most kinds; a :class:`Rule` is a check of its own, such as a rubric's levels matching its
scale. Each check reads a file's data as YAML gave it, at key paths written like the messages
write them (``criteria[*].principles[*]``), so every problem is placed at its line. Each also
describes itself, in the words of the JSON Schemas' descriptions.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from . import scaffold
from .checklists import ChecklistGroup
from .errors import KeyPath, Problem, did_you_mean, join_choices
from .load import Document

if TYPE_CHECKING:
    from .guide import Guide
    from .kinds import Kind
    from .model import Scale


class Context(Protocol):
    """What a check may ask of the validation that runs it."""

    @property
    def guide(self) -> Guide: ...

    def ids_of(self, kind: str) -> list[str] | None:
        """The ids of ``kind`` in the guide; None when its file could not be read, so that
        references into it are not reported again."""

    def home_of(self, kind: str) -> str:
        """Where the project defines ``kind``, as the project names it: the fix to suggest."""

    def include(self, ref: str) -> list[ChecklistGroup] | None:
        """The statements a checklist's ``include`` names; None when it names nothing."""

    def includable(self) -> list[str]:
        """Every ``include`` the guide can satisfy, for hints."""

    def missing_file(self, link: str) -> str | None:
        """Why ``link``, a file of the guide by its path in the content folder, leads
        nowhere; None for a web address, an anchor or a file that exists."""


class Check(Protocol):
    """A check of one file, run on its data, with a description for the schemas."""

    def run(self, context: Context, document: Document, data: Any) -> Iterator[Problem]: ...

    def describe(self, kinds: Callable[[str], Kind | None]) -> str: ...


def what_it_reads(check: Check, context: Context, data: Any) -> Hashable | None:
    """What ``check`` reads of the guide besides the file's own ``data``, as a value that is
    equal while what it reads is unchanged: ``()`` for a check that reads the file alone, None
    when the check cannot say. A file read again unchanged, with an equal value, has the same
    problems."""
    if getattr(check, "alone", False):
        return ()
    reads = getattr(check, "reads", None)
    return None if reads is None else reads(context, data)


def parse(path: str) -> tuple[str, ...]:
    """``criteria[*].levels`` as ``("criteria", "*", "levels")``; ``[*].id`` as ``("*", "id")``."""
    parts: list[str] = []
    for word in path.split(".") if path else []:
        name, *stars = word.split("[")
        parts += ([name] if name else []) + ["*" for _ in stars]
    return tuple(parts)


def walk(data: Any, parts: Sequence[str], at: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every value at the key path ``parts`` (``*`` for each entry of a list or mapping) in
    ``data``, with
    its key path; what is missing or not of the expected shape is passed over."""
    if not parts:
        yield at, data
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        items = data.items() if isinstance(data, dict) else enumerate(
            data if isinstance(data, list) else [])
        for key, item in items:
            yield from walk(item, rest, (*at, key))
    elif isinstance(data, dict) and head in data:
        yield from walk(data[head], rest, (*at, head))


def unknown(noun: str, value: str, known: Iterable[str], fix: str) -> str:
    """The message for a reference to ``value``, which is not one of ``known``."""
    known = sorted(known)
    hint = did_you_mean(value, known)
    if hint:
        return f"unknown {noun} '{value}'; {hint}"
    if known:
        return f"unknown {noun} '{value}'; expected one of: {join_choices(known)}, or {fix}"
    return f"unknown {noun} '{value}'; {fix}"


def look_alike(text: str) -> str:
    """``text`` as a reader sees it: Unicode's compatible form, case and runs of spaces
    folded, so ``In place``, ``in  place`` and ``In place`` with a decomposed letter match."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def duplicates(document: Document, found: Iterable[tuple[KeyPath, Any]], noun: str, *,
               fold: bool = False, listed: bool = False) -> Iterator[Problem]:
    """A problem at each value in ``found`` given before, naming the line of the first:
    ``fold`` for texts that look the same (:func:`look_alike`), ``listed`` for a list of
    references that names one twice."""
    first: dict[str, tuple[KeyPath, str]] = {}
    for path, value in found:
        if not isinstance(value, str):
            continue
        key = look_alike(value) if fold else value
        if key not in first:
            first[key] = (path, value)
            continue
        earlier, text = first[key]
        line = document.position(earlier).line
        if listed:
            message = f"{noun} '{value}' is listed twice (first on line {line}); list it once"
        elif text == value:
            message = (f"duplicate {noun} '{value}' (already used on line {line}); each {noun} "
                       "must be unique")
        else:
            message = (f"{noun} '{value}' looks the same as '{text}' on line {line}: they "
                       "differ only in case, spacing or how a letter is encoded; each "
                       f"{noun} must be unique, so remove one or tell them apart")
        yield document.problem(path, message)


@dataclass(frozen=True)
class Unique:
    """The values at ``ids`` are unique in the file, or within each ``within``: ``fold`` for
    texts a reader tells apart (responses, labels), ``listed`` for references (each id named
    once)."""

    ids: str
    noun: str
    within: str = ""
    fold: bool = False
    listed: bool = False
    alone: ClassVar[bool] = True

    def run(self, context: Context, document: Document, data: Any) -> Iterator[Problem]:
        scope = len(parse(self.within))
        groups: dict[KeyPath, list[tuple[KeyPath, Any]]] = {}
        for path, value in walk(data, parse(self.ids)):
            groups.setdefault(path[:scope], []).append((path, value))
        for found in groups.values():
            yield from duplicates(document, found, self.noun, fold=self.fold,
                                  listed=self.listed)

    def describe(self, kinds: Callable[[str], Kind | None]) -> str:
        if self.listed:
            what = f"`{self.ids.replace('[*]', '')}` name each {self.noun} once"
        else:
            what = f"{self.noun}s are unique" + (", also in case and spacing" if self.fold
                                                 else "")
        return what + (" within each " + _singular(self.within.split("[")[0])
                       if self.within else "")


def _singular(word: str) -> str:
    """``criterion`` of ``criteria``, ``scale`` of ``scales``."""
    return {"criteria": "criterion"}.get(word, word.removesuffix("s"))


@dataclass(frozen=True)
class Refers:
    """Each value at ``at`` is an id of the kind named ``to``; ``scalar`` when ``at`` holds
    one id rather than a list of them."""

    at: str
    to: str
    noun: str
    scalar: bool = False
    keep: bool = False
    """Whether the entry keeps the item it names, as ``entry.refs[at]`` (a rubric's scale)."""

    def reads(self, context: Context, data: Any) -> Hashable:
        """The ids it checks against and the fix it suggests (see :func:`what_it_reads`)."""
        known = context.ids_of(self.to)
        return None if known is None else tuple(known), context.home_of(self.to)

    def run(self, context: Context, document: Document, data: Any) -> Iterator[Problem]:
        known = context.ids_of(self.to)
        if known is None:
            return
        known_ids = set(known)
        for path, value in walk(data, parse(self.at)):
            if isinstance(value, str) and value not in known_ids:
                fix = f"define it in {context.home_of(self.to)}"
                yield document.problem(path, unknown(self.noun, value, known, fix))

    def describe(self, kinds: Callable[[str], Kind | None]) -> str:
        key = self.at.replace("[*]", "")
        target = kinds(self.to)
        home = target.location if target else self.to
        if self.scalar:
            return f"`{key}` names a {self.noun} of {home}"
        return f"`{key}` are ids in {home}"


@dataclass(frozen=True)
class Rule:
    """A check of its own: ``check`` yields the problems of a file's data."""

    check: Callable[[Context, Document, Any], Iterator[Problem]]
    description: str
    alone: bool = False
    """Whether it reads the file's own data alone (see :func:`what_it_reads`)."""
    reads: Callable[[Context, Any], Hashable | None] | None = None
    """What else it reads of the guide, when it can say (see :func:`what_it_reads`)."""

    def run(self, context: Context, document: Document, data: Any) -> Iterator[Problem]:
        return self.check(context, document, data)

    def describe(self, kinds: Callable[[str], Kind | None]) -> str:
        return self.description


@dataclass(frozen=True)
class Elsewhere:
    """A check made where the file is read (district.yml's, with the plugin's options), named
    here for the schemas."""

    description: str

    def run(self, context: Context, document: Document, data: Any) -> Iterator[Problem]:
        return iter(())

    def describe(self, kinds: Callable[[str], Kind | None]) -> str:
        return self.description


# -- rubrics -----------------------------------------------------------------------------------


def _scale(context: Context, data: Any) -> Scale | None:
    """The scale a rubric's data names, when the guide has it."""
    scale_id = data.get("scale") if isinstance(data, dict) else None
    return context.guide.scales.get(scale_id) if isinstance(scale_id, str) else None


def _levels_match_scale(context: Context, document: Document, data: Any) -> Iterator[Problem]:
    scale = _scale(context, data)
    if scale is None:
        return
    level_ids = [level.id for level in scale.levels]
    for path, criterion in walk(data, ("criteria", "*")):
        levels = criterion.get("levels") if isinstance(criterion, dict) else None
        if not isinstance(levels, dict):
            continue
        missing = [lv for lv in level_ids if lv not in levels]
        for level in missing:
            yield document.problem(
                (*path, "levels"),
                f"criterion '{criterion.get('id')}' has no descriptor for level '{level}'; "
                f"scale '{scale.id}' expects one for each of: {join_choices(level_ids)}")
        for level in (lv for lv in levels if lv not in level_ids):
            hint = did_you_mean(level, missing) or did_you_mean(level, level_ids)
            yield document.problem(
                (*path, "levels", level), f"'{level}' is not a level of scale '{scale.id}'"
                + (f"; {hint}" if hint else f"; expected one of: {join_choices(level_ids)}"),
                of_key=True)


def _scale_levels(context: Context, data: Any) -> Hashable | None:
    """The id and level ids of the scale a rubric's data names, when the guide has it."""
    scale = _scale(context, data)
    return None if scale is None else (scale.id, *(level.id for level in scale.levels))


levels_match_scale = Rule(_levels_match_scale, "every criterion has exactly one descriptor "
                          "per level of its scale", reads=_scale_levels)


def _exemplars_match_rubric(context: Context, document: Document,
                            data: Any) -> Iterator[Problem]:
    """Each exemplar's master scores and rationale name the rubric's criteria and its scale's
    levels; a link to a file of the guide names one that exists."""
    criteria = [c for _, c in walk(data, ("criteria", "*", "id")) if isinstance(c, str)]
    scale = _scale(context, data)
    level_ids = [level.id for level in scale.levels] if scale else []
    for field in ("scores", "rationale"):
        for path, _ in walk(data, ("exemplars", "*", field, "*")):
            key = str(path[-1])
            if key not in criteria:
                yield document.problem(path, unknown("criterion", key, criteria,
                                                     "use a criterion id of this rubric"),
                                       of_key=True)
    for path, level in walk(data, ("exemplars", "*", "scores", "*")):
        if scale and isinstance(level, str) and level not in level_ids:
            hint = did_you_mean(level, level_ids)
            yield document.problem(path, f"'{level}' is not a level of scale '{scale.id}'; "
                                   + (hint if hint else
                                      f"expected one of: {join_choices(level_ids)}"))
    for path, link in walk(data, ("exemplars", "*", "link")):
        if isinstance(link, str) and (missing := context.missing_file(link)):
            yield document.problem(path, missing)


def _exemplars_read(context: Context, data: Any) -> Hashable | None:
    """What :func:`_exemplars_match_rubric` reads of the guide: the rubric's scale; None when
    an exemplar links to a file, which it looks for every time."""
    if any(True for _ in walk(data, ("exemplars", "*", "link"))):
        return None
    return _scale_levels(context, data)


exemplars_match_rubric = Rule(_exemplars_match_rubric, "each exemplar's `scores` and "
                              "`rationale` name criteria of the rubric, its scores are levels "
                              "of the rubric's scale, and a `link` to a file names one in "
                              "`content/`", reads=_exemplars_read)


def _placeholders(context: Context, document: Document, data: Any) -> Iterator[Problem]:
    """Warn of what `rubric-guide new rubric` wrote that no one has replaced yet."""
    texts = [*walk(data, ("summary",)), *walk(data, ("criteria", "*", "levels", "*"))]
    for path, text in texts:
        if isinstance(text, str) and scaffold.placeholder(text):
            problem = document.problem(path, f"'{text}' is a placeholder")
            yield dataclasses.replace(problem, warning=True, repeated=scaffold.PLACEHOLDER)


no_placeholders = Rule(_placeholders, "no placeholder of `rubric-guide new rubric` is left "
                       "(a warning, refused by --strict)", alone=True)


# -- checklists --------------------------------------------------------------------------------


def _has_items(context: Context, document: Document, data: Any) -> Iterator[Problem]:
    if isinstance(data, dict) and not data.get("include") and not data.get("items"):
        yield document.problem(
            (), "a checklist needs items: list them under 'items', or take them from the "
            "guide with 'include', e.g. include: [evidence-of-practice]")


checklist_has_items = Rule(_has_items, "the checklist has `items` or `include`")


def _checklist_items(context: Context, document: Document, data: Any, *,
                     sections: tuple[str, ...]) -> Iterator[Problem]:
    if not isinstance(data, dict) or not (data.get("include") or data.get("items")):
        return
    ids: list[tuple[KeyPath, Any]] = []
    for path, ref in walk(data, ("include", "*")):
        groups = context.include(ref) if isinstance(ref, str) else None
        if groups is None:
            known = context.includable()
            hint = did_you_mean(str(ref), known)
            yield document.problem(path, f"nothing to include called '{ref}'; "
                                   + (hint if hint else f"expected one of: {join_choices(known)}"))
            continue
        ids += [(path, item.id) for group in groups for item in group.items]
    ids += list(walk(data, ("items", "*", "id")))
    yield from duplicates(document, ids, "checklist item id")
    yield from taken(document, ids, "checklist item id", sections, "checklist")


def checklist_items(sections: tuple[str, ...]) -> Rule:
    """The check of a checklist's items, its own and those it includes, on a page whose own
    sections have the ids ``sections``."""
    return Rule(functools.partial(_checklist_items, sections=sections),
                "each `include` names a part of the guide; item ids, included ones too, are "
                "unique and none of the ids of the checklist page's own sections "
                f"({_ids(sections)})")


def taken(document: Document, found: Iterable[tuple[KeyPath, Any]], noun: str,
          sections: tuple[str, ...], page: str) -> Iterator[Problem]:
    """A problem at each value in ``found`` that is one of ``sections``, the ids a ``page``
    page gives sections of its own: the item would share its id with one of them, and a link
    to it could land on the section instead."""
    for path, value in found:
        if isinstance(value, str) and value in sections:
            where = " in the file it comes from" if path[:1] == ("include",) else ""
            yield document.problem(
                path, f"{noun} '{value}' is the id of a section every {page} page has of its "
                f"own, so a link to it could land there; give it another id{where}, such as "
                f"'{value}-1'")


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(f"`{value}`" for value in ids)


@dataclass(frozen=True)
class NotSection:
    """The values at ``ids`` are none of ``sections``, the ids a ``page`` page gives sections
    of its own (see :func:`taken`)."""

    ids: str
    noun: str
    sections: tuple[str, ...]
    page: str
    alone: ClassVar[bool] = True

    def run(self, context: Context, document: Document, data: Any) -> Iterator[Problem]:
        return taken(document, walk(data, parse(self.ids)), self.noun, self.sections,
                     self.page)

    def describe(self, kinds: Callable[[str], Kind | None]) -> str:
        return (f"{self.noun}s are none of the ids of the {self.page} page's own sections "
                f"({_ids(self.sections)})")
