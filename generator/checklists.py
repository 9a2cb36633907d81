"""Checklist items resolved from their sources: a checklist names parts of the guide with
``include`` and gets their statements, grouped, each linking back to where it is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import model as m


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
    refs = [f"standard/{sid}" for sid in guide.standards]
    if guide.evidence_of_practice:
        refs.append("evidence-of-practice")
    if guide.key_system_features and guide.key_system_features.indicators:
        refs.append("key-system-features")
    if guide.strategies:
        refs.append("strategies")
    return refs


def include(guide: m.Guide, ref: str,
            element_heading: ElementHeading = _plain_heading) -> list[ChecklistGroup]:
    """The groups of items that ``ref`` names; raises :class:`UnknownInclude` if none."""
    kind, _, name = ref.partition("/")
    if kind == "standard" and name in guide.standards:
        standard = guide.standards[name]
        page = f"standards/{standard.id}.md"
        return [
            ChecklistGroup(
                element_heading(element.letter, element.title), element.indicators_lead,
                [ChecklistItem(f"{element.id}-{n}", text, page, f"{element.id}-{n}",
                               f"{element.letter}.{n}")
                 for n, text in enumerate(element.indicators, start=1)])
            for element in standard.elements
        ]
    if ref == "evidence-of-practice" and guide.evidence_of_practice:
        page = "evidence-of-practice.md"
        return [ChecklistGroup(None, None, [
            ChecklistItem(item.id, item.text, page, item.id, f"{n}.")
            for n, item in enumerate(guide.evidence_of_practice.items, start=1)])]
    features = guide.key_system_features
    if ref == "key-system-features" and features and features.indicators:
        page = "key-system-features.md"
        return [ChecklistGroup(group.title, None, [
            ChecklistItem(item.id, item.text, page, item.id) for item in group.items])
            for group in features.indicators.groups]
    if ref == "strategies" and guide.strategies:
        page = "strategies.md"
        return [ChecklistGroup(None, None, [
            ChecklistItem(s.id, s.description, page, s.id, f"{n}. {s.title}")
            for n, s in enumerate(guide.strategies.strategies, start=1)])]
    raise UnknownInclude(ref)
