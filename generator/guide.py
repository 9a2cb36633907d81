"""The validated guide: each file's model as an :class:`Entry` of its kind, and what the stages
after validation ask of the whole (a rubric's scale, what a checklist includes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from . import kinds
from . import model as m
from .checklists import ChecklistGroup, ElementHeading, own_items, plain_heading
from .errors import Problem
from .kinds import ID, Kind, Paths

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One validated item of a kind: its id (the file's name for kinds of many files), its
    model, the file it was read from, and its pages and files.

    Templates read an entry as its model (``rubric.title``) with its ``id`` and ``paths``;
    Python reads the model as :attr:`value`, typed.
    """

    kind: Kind
    id: str
    value: T
    location: str
    """Its file, as the project's messages name it (``rubrics/teamwork.yml``)."""
    paths: Paths
    refs: Mapping[str, Any] = field(default_factory=dict)
    """The items its references name that the stages after validation read, by key: a
    rubric's ``scale`` (see :attr:`~generator.checks.Refers.keep`)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or "value" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.value, name)

    def data(self) -> dict[str, Any]:
        """The item as plain data in the key order of its file, its id first."""
        value = self.value
        assert isinstance(value, BaseModel)
        return {"id": self.id, **value.model_dump(mode="json")}


def entry(kind: Kind, ident: str, value: T, location: str) -> Entry[T]:
    """The entry of item ``ident`` of ``kind``."""
    return Entry(kind, ident, value, location, kind.paths(ident))


Rubric = Entry[m.Rubric]
Standard = Entry[m.Standard]
Checklist = Entry[m.Checklist]


@dataclass
class Guide:
    """Everything a guide holds, validated and cross-checked; each attribute is named by its
    kind's :attr:`~generator.kinds.Kind.attribute`."""

    scales: dict[str, m.Scale] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    principles: m.PrinciplesFile | None = None
    framework: m.Framework | None = None
    strategies: m.Strategies | None = None
    key_system_features: m.KeySystemFeatures | None = None
    evidence_of_practice: m.EvidenceOfPractice | None = None
    standards: dict[str, Standard] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    sources: dict[str, m.Source] = field(default_factory=dict)
    data_files: list[str] = field(default_factory=list)
    """Paths of the YAML files read, relative to the project root."""
    pages: dict[str, str] = field(default_factory=dict)
    """The hand-written Markdown pages, by their path in the content folder."""
    warnings: list[Problem] = field(default_factory=list)
    """What is still to finish, such as placeholders: the guide builds, --strict refuses."""

    def of(self, kind: Kind) -> Any:
        """What the guide holds of ``kind``: entries by id, or the single file's model (None
        when there is no file). A kind added to the registry gets its attribute here."""
        if not hasattr(self, kind.attribute):
            setattr(self, kind.attribute, {} if kind.many else None)
        return getattr(self, kind.attribute)

    def scale_of(self, rubric: Rubric) -> m.Scale:
        """The scale of ``rubric``, as validation found it (with the district's labels)."""
        scale: m.Scale = rubric.refs["scale"]
        return scale

    def principle(self, principle_id: str) -> m.Principle:
        """The principle with ``principle_id`` (validation guarantees it exists)."""
        assert self.principles is not None
        return next(p for p in self.principles.principles if p.id == principle_id)

    def rubrics_serving(self) -> dict[str, list[Rubric]]:
        """The rubrics with a criterion that serves each principle (see :meth:`serving`), in
        order, by the principle's id; read in one pass over the rubrics."""
        found: dict[str, list[Rubric]] = {}
        for rubric in self.rubrics.values():
            value = rubric.value
            served = [*value.principles, *(principle_id for criterion in value.criteria
                                           for principle_id in criterion.principles)]
            for principle_id in dict.fromkeys(served if value.criteria else []):
                found.setdefault(principle_id, []).append(rubric)
        return found

    @staticmethod
    def serving(rubric: Rubric, principle_id: str) -> list[m.Criterion]:
        """The criteria of ``rubric`` that serve ``principle_id``: those that list it, or
        every one when the rubric lists it."""
        if principle_id in rubric.value.principles:
            return list(rubric.value.criteria)
        return [criterion for criterion in rubric.value.criteria
                if principle_id in criterion.principles]

    # -- what checklists include ---------------------------------------------------------------

    def include(self, ref: str, heading: ElementHeading = plain_heading
                ) -> list[ChecklistGroup] | None:
        """The groups of statements ``ref`` names (``standard/<id>``, ``strategies``...), or
        None if the guide has none by that name."""
        name, _, ident = ref.partition("/")
        kind = kinds.by_name(name)
        if kind is None or kind.include is None or kind.many != bool(ident):
            return None
        held = self.of(kind)
        value = held.get(ident) if kind.many else held
        if value is None:
            return None
        model = value.value if isinstance(value, Entry) else value
        page = kind.outputs["page"].pattern.replace(ID, ident)
        return kind.include(model, page, heading) or None

    def includable(self) -> list[str]:
        """Every ``include`` value this guide can satisfy."""
        refs = []
        for kind in kinds.KINDS:
            if kind.include is None:
                continue
            if kind.many:
                refs += [f"{kind.name}/{ident}" for ident in self.of(kind)]
            elif self.include(kind.name) is not None:
                refs.append(kind.name)
        return refs

    def checklist_groups(self, checklist: Checklist,
                         heading: ElementHeading = plain_heading) -> list[ChecklistGroup]:
        """The groups of items of ``checklist``, included ones first."""
        included = [group for ref in checklist.value.include
                    for group in self.include(ref, heading) or []]
        return own_items(checklist.value, included)
