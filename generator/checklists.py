"""The statements a checklist can ``include`` from other parts of the guide, grouped, each
linking back to where it is written. Which kind offers which statements is the registry's word
(:attr:`.kinds.Kind.include` names one of the extractors below)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

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


ElementHeading = Callable[[str, str], str]
"""Names a standard's element from its letter and title, in the guide's language."""


def plain_heading(letter: str, title: str) -> str:
    return f"{letter}. {title}"


Extractor = Callable[[Any, str, ElementHeading], list[ChecklistGroup]]
"""The groups of statements of one part of the guide (its model), written on ``page``."""


def headed(groups: list[ChecklistGroup], untitled: str) -> list[ChecklistGroup]:
    """``groups`` each under a heading once any has one: those without are called
    ``untitled`` (an interface word, such as "General"), so no statements read as part of the
    group above them. A checklist of untitled groups only is left as it is."""
    if not any(group.title for group in groups):
        return groups
    return [group if group.title else replace(group, title=untitled) for group in groups]


def own_items(checklist: m.Checklist, included: list[ChecklistGroup]) -> list[ChecklistGroup]:
    """The groups of ``checklist``: the ``included`` ones, then its own items."""
    groups = list(included)
    if checklist.items:
        own = [ChecklistItem(item.id, item.text) for item in checklist.items]
        groups.append(ChecklistGroup(None if not groups else checklist.title, items=own))
    return groups


def standard(value: m.Standard, page: str, element_heading: ElementHeading
             ) -> list[ChecklistGroup]:
    return [
        ChecklistGroup(
            element_heading(element.letter, element.title), element.indicators_lead,
            [ChecklistItem(element.indicator_id(n), text, page, element.indicator_id(n),
                           f"{element.letter}.{n}")
             for n, text in enumerate(element.indicators, start=1)])
        for element in value.elements
    ]


def evidence_of_practice(value: m.EvidenceOfPractice, page: str,
                         element_heading: ElementHeading) -> list[ChecklistGroup]:
    return [ChecklistGroup(None, None, [
        ChecklistItem(item.id, item.text, page, item.id, f"{n}.")
        for n, item in enumerate(value.items, start=1)])]


def key_system_features(value: m.KeySystemFeatures, page: str,
                        element_heading: ElementHeading) -> list[ChecklistGroup]:
    if not value.indicators:
        return []
    return [ChecklistGroup(group.title, None, [
        ChecklistItem(item.id, item.text, page, item.id) for item in group.items])
        for group in value.indicators.groups]


def strategies(value: m.Strategies, page: str,
               element_heading: ElementHeading) -> list[ChecklistGroup]:
    return [ChecklistGroup(None, None, [
        ChecklistItem(s.id, s.description, page, s.id, f"{n}. {s.title}")
        for n, s in enumerate(value.strategies, start=1)])]
