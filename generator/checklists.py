"""Checklist items resolved from their sources: a checklist names parts of the guide with
``include`` and gets their statements, grouped, each linking back to where it is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import model as m
from .kinds import BY_NAME, EVIDENCE_OF_PRACTICE, KEY_SYSTEM_FEATURES, KINDS, STANDARD, STRATEGIES


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    page: str | None = None
    """The page (content path) where the statement is written, if elsewhere."""
    anchor: str | None = None
    label: str = ""
    """A short name shown before the text, such as "A.1" or a strategy's title."""


@dataclass
class ChecklistGroup:
    title: str | None
    lead: str | None = None
    items: list[ChecklistItem] = field(default_factory=list)


class UnknownInclude(LookupError):
    """An ``include`` names nothing in the guide; the message says what exists."""


ElementHeading = Callable[[str, str], str]
"""Names a standard's element from its letter and title, in the guide's language."""


def _plain_heading(letter: str, title: str) -> str:
    return f"{letter}. {title}"


def resolve(guide: m.Guide, checklist: m.Checklist,
            element_heading: ElementHeading = _plain_heading) -> list[ChecklistGroup]:
    """The groups of items of ``checklist``, included ones first."""
    groups = [group for ref in checklist.include
              for group in include(guide, ref, element_heading)]
    if checklist.items:
        own = [ChecklistItem(item.id, item.text) for item in checklist.items]
        groups.append(ChecklistGroup(None if not groups else checklist.title, items=own))
    return groups


def available(guide: m.Guide) -> list[str]:
    """Every ``include`` value this guide can satisfy."""
    refs = []
    for kind in KINDS:
        value = getattr(guide, kind.attribute) if kind.includable else None
        if kind.many:
            refs += [f"{kind.name}/{ident}" for ident in value or ()]
        elif value is not None and _GROUPS[kind.name](value, kind.page_of(), _plain_heading):
            refs.append(kind.name)
    return refs


def include(guide: m.Guide, ref: str,
            element_heading: ElementHeading = _plain_heading) -> list[ChecklistGroup]:
    """The groups of items that ``ref`` names; raises :class:`UnknownInclude` if none."""
    name, _, ident = ref.partition("/")
    kind = BY_NAME.get(name)
    if kind is None or not kind.includable or kind.many != bool(ident):
        raise UnknownInclude(ref)
    value = getattr(guide, kind.attribute)
    value = value.get(ident) if kind.many else value
    groups = _GROUPS[kind.name](value, kind.page_of(ident), element_heading) if value else []
    if not groups:
        raise UnknownInclude(ref)
    return groups


def _standard(standard: m.Standard, page: str,
              element_heading: ElementHeading) -> list[ChecklistGroup]:
    return [
        ChecklistGroup(
            element_heading(element.letter, element.title), element.indicators_lead,
            [ChecklistItem(f"{element.id}-{n}", text, page, f"{element.id}-{n}",
                           f"{element.letter}.{n}")
             for n, text in enumerate(element.indicators, start=1)])
        for element in standard.elements
    ]


def _evidence_of_practice(evidence: m.EvidenceOfPractice, page: str,
                          element_heading: ElementHeading) -> list[ChecklistGroup]:
    return [ChecklistGroup(None, None, [
        ChecklistItem(item.id, item.text, page, item.id, f"{n}.")
        for n, item in enumerate(evidence.items, start=1)])]


def _key_system_features(features: m.KeySystemFeatures, page: str,
                         element_heading: ElementHeading) -> list[ChecklistGroup]:
    if not features.indicators:
        return []
    return [ChecklistGroup(group.title, None, [
        ChecklistItem(item.id, item.text, page, item.id) for item in group.items])
        for group in features.indicators.groups]


def _strategies(strategies: m.Strategies, page: str,
                element_heading: ElementHeading) -> list[ChecklistGroup]:
    return [ChecklistGroup(None, None, [
        ChecklistItem(s.id, s.description, page, s.id, f"{n}. {s.title}")
        for n, s in enumerate(strategies.strategies, start=1)])]


_GROUPS: dict[str, Callable[[Any, str, ElementHeading], list[ChecklistGroup]]] = {
    STANDARD.name: _standard,
    EVIDENCE_OF_PRACTICE.name: _evidence_of_practice,
    KEY_SYSTEM_FEATURES.name: _key_system_features,
    STRATEGIES.name: _strategies,
}
"""How the statements of each kind a checklist can include become its groups of items."""
