"""What the in-page tools (scoring, checklists, calibration) are told about a page's content.

Each criterion and checklist item carries a short content version, a hash of the words a
person answered. Saved answers keep the version they were given under, so when a rubric is
edited the page can say exactly which criteria changed instead of dropping the answers.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from . import model as m
from .checklists import ChecklistGroup

MESSAGES = {
    "changed": "This content changed since you answered. Your answers are kept; "
               "check these again: {items}.",
    "removed": "No longer part of this page (answers kept in your exports): {items}.",
    "imported": "Imported answers from {file}.",
    "refused": "Could not import {file}: {reason}",
    "confirmClear": "Clear all your answers on this page? This cannot be undone.",
    "cleared": "Your answers were cleared.",
    "summaryRubric": "{answered} of {total} criteria scored.",
    "total": "Total score: {score} of {max}.",
    "summaryChecklist": "{answered} of {total} items answered.",
    "notes": "Notes",
    "notesFor": "Evidence notes for {title}",
    "notChosen": "Not scored yet",
    "otherRubric": "it was exported from another rubric ({id})",
    "olderVersion": "it was made with an earlier version of this rubric; changed since: {items}",
    "notAnExport": "it is not a file exported from Rubric Guide",
    "tooBig": "it is larger than {size}",
    "badJson": "it is not valid JSON",
    "members": "{count} member files loaded.",
    "spread": "Spread",
    "agreement": "all agree",
    "levelApart": "1 level apart",
    "levelsApart": "{n} levels apart",
    "nobody": "No answers",
    "member": "Member {n}",
}


def version(*parts: Any) -> str:
    """A short, stable hash of ``parts``."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def rubric_data(rubric: m.Rubric) -> dict[str, Any]:
    scale = rubric.resolved_scale
    criteria = [
        {"id": c.id, "title": c.title,
         "version": version(c.title, [[lv.id, c.levels[lv.id]] for lv in scale.levels])}
        for c in rubric.criteria
    ]
    levels = [{"id": lv.id, "label": lv.label, "score": lv.score} for lv in scale.levels]
    return {
        "kind": "rubric", "id": rubric.id, "title": rubric.title,
        "version": version(levels, criteria), "levels": levels, "criteria": criteria,
        "messages": MESSAGES,
    }


def checklist_data(checklist: m.Checklist, groups: list[ChecklistGroup]) -> dict[str, Any]:
    items = [
        {"id": item.id, "title": f"{item.label} {item.text}".strip(),
         "version": version(item.text, checklist.responses)}
        for group in groups for item in group.items
    ]
    return {
        "kind": "checklist", "id": checklist.id, "title": checklist.title,
        "version": version(checklist.responses, items), "responses": checklist.responses,
        "items": items, "messages": MESSAGES,
    }
