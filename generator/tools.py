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
from .guide import Checklist, Rubric
from .i18n import Messages

ID_RULE = f"^{m.ID_PATTERN}$"
"""The id rule, for the tools to check the answers they import against."""


def version(*parts: Any) -> str:
    """A short, stable hash of ``parts``."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def rubric_data(rubric: Rubric, scale: m.Scale, messages: Messages) -> dict[str, Any]:
    criteria = [
        {"id": c.id, "title": c.title,
         "version": version(c.title, [[lv.id, c.levels[lv.id]] for lv in scale.levels])}
        for c in rubric.value.criteria
    ]
    levels = [{"id": lv.id, "label": lv.label, "score": lv.score} for lv in scale.levels]
    data: dict[str, Any] = {
        "kind": "rubric", "id": rubric.id, "title": rubric.value.title,
        "version": version(levels, criteria), "levels": levels, "criteria": criteria,
        "maxScore": scale.max_score(len(rubric.value.criteria)), "idPattern": ID_RULE,
        "messages": messages.script(),
    }
    if rubric.value.exemplars:  # their master scores, which team calibration takes as its key
        data["exemplars"] = [{"id": e.id, "title": e.title, "scores": e.scores}
                             for e in rubric.value.exemplars]
    return data


def checklist_data(checklist: Checklist, groups: list[ChecklistGroup], responses: list[str],
                   messages: Messages) -> dict[str, Any]:
    items = [
        {"id": item.id, "title": f"{item.label} {item.text}".strip(),
         "version": version(item.text, responses)}
        for group in groups for item in group.items
    ]
    return {
        "kind": "checklist", "id": checklist.id, "title": checklist.value.title,
        "version": version(responses, items), "responses": responses,
        "items": items, "idPattern": ID_RULE, "messages": messages.script(),
    }
