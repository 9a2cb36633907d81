"""The variables of CSL-JSON 1.0.2 and the shape of each, checked before a citation processor
sees them: citeproc-py fails with a Python error on a date written as ``issued: 2020`` or a name
written as ``editor: Jane Doe``, so those become problems with the file and line instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .errors import KeyPath, did_you_mean

NAME_VARIABLES = frozenset(
    """
    author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director executive-producer guest host illustrator interviewer
    narrator organizer original-author performer producer recipient reviewed-author
    script-writer series-creator translator
    """.split()  # noqa: SIM905
)

DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()  # noqa: SIM905
)

# Variables of CSL-JSON 1.0.2; a Zotero export uses only these.
CSL_FIELDS = NAME_VARIABLES | DATE_VARIABLES | frozenset(
    """
    id type citation-key categories language journalAbbreviation shortTitle abstract
    annote archive archive_collection archive_location archive-place authority call-number
    chapter-number citation-label citation-number collection-number collection-title
    container-title container-title-short dimensions division DOI edition event event-place
    event-title first-reference-note-number genre ISBN ISSN issue jurisdiction keyword locator
    medium note number number-of-pages number-of-volumes original-publisher
    original-publisher-place original-title page page-first part-number part-title PMCID PMID
    printing-number publisher publisher-place references reviewed-genre reviewed-title scale
    section source status supplement-number title title-short URL version volume volume-title
    volume-title-short year-suffix custom
    """.split()  # noqa: SIM905
)

NAME_PARTS = frozenset(
    """
    family given dropping-particle non-dropping-particle suffix comma-suffix static-ordering
    literal parse-names
    """.split()  # noqa: SIM905
)
DATE_PARTS = frozenset({"date-parts", "season", "circa", "literal", "raw"})

NAME_EXAMPLE = "[{family: Doe, given: Jane}] or [{literal: Example Institute}]"
DATE_EXAMPLE = "{date-parts: [[2020, 5, 1]]}, {raw: 2020-05-01} or {literal: n.d.}"
DOI = re.compile(r"^10\.\d{4,9}/\S+$")

CslProblem = tuple[KeyPath, str, str]
"""Where in the entry, the kind of problem and the message. Kinds: ``csl_unknown`` (a key),
``csl_value`` (a value of the wrong shape; the value found is added) or ``csl_rule``."""

# Checked by the model's own field types.
_TYPED_BY_MODEL = frozenset({"id", "type", "title", "URL"})


def problems(entry: dict[str, Any]) -> Iterator[CslProblem]:
    """Every key of ``entry`` that is not a CSL-JSON variable or not shaped like one."""
    for key, value in entry.items():
        if key not in CSL_FIELDS:
            hint = did_you_mean(str(key), CSL_FIELDS)
            yield ((key,), "csl_unknown",
                   f"unknown CSL-JSON key '{key}'" + (f"; {hint}" if hint else ""))
        elif key in NAME_VARIABLES:
            yield from _names(key, value)
        elif key in DATE_VARIABLES:
            yield from _date(key, value)
        elif key == "DOI":
            if not (isinstance(value, str) and DOI.match(value)) or any(c in value for c in '<>"'):
                yield ((key,), "csl_value",
                       "expected a DOI such as 10.1000/xyz123, without https://doi.org/")
        elif key == "categories":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                yield ((key,), "csl_value", "expected a list of texts")
        elif key == "custom":
            if not isinstance(value, dict):
                yield ((key,), "csl_value", "expected a mapping of keys to values")
        elif key not in _TYPED_BY_MODEL and (
                isinstance(value, bool) or not isinstance(value, str | int | float)):
            yield ((key,), "csl_value", "expected text or a number")


def _names(key: str, value: Any) -> Iterator[CslProblem]:
    if not isinstance(value, list):
        yield ((key,), "csl_value", f"expected a list of names such as {NAME_EXAMPLE}")
        return
    for index, name in enumerate(value):
        if not isinstance(name, dict):
            yield ((key, index), "csl_value", f"expected a name such as {NAME_EXAMPLE[1:-1]}")
            continue
        for part, text in name.items():
            if part not in NAME_PARTS:
                hint = did_you_mean(str(part), NAME_PARTS)
                yield ((key, index, part), "csl_unknown",
                       f"unknown part of a name '{part}'; "
                       + (hint if hint else "use family and given, or literal"))
            elif not isinstance(text, str | int | float):
                yield ((key, index, part), "csl_value", "expected text")
        if not {"family", "literal"} & name.keys():
            yield ((key, index), "csl_rule",
                   "a name needs 'family' (with 'given') or 'literal' for an organization")


def _date(key: str, value: Any) -> Iterator[CslProblem]:
    if not isinstance(value, dict) or not value.keys() & {"date-parts", "literal", "raw"}:
        yield ((key,), "csl_value", f"expected a date such as {DATE_EXAMPLE}")
        return
    for part in value:
        if part not in DATE_PARTS:
            yield ((key, part), "csl_unknown",
                   f"unknown part of a date '{part}'; expected one of: date-parts, raw, "
                   "literal, season, circa")
    parts = value.get("date-parts")
    if parts is None:
        return
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
        yield ((key, "date-parts"), "csl_value",
               "expected one [year, month, day] list, or two for a range: [[2019], [2020]]")
        return
    for index, date in enumerate(parts):
        if _date_problem(date):
            yield ((key, "date-parts", index), "csl_value",
                   "expected [year], [year, month] or [year, month, day] in numbers, "
                   "such as [2020, 5, 1]")


def _date_problem(date: Any) -> bool:
    if not isinstance(date, list) or not 1 <= len(date) <= 3:
        return True
    try:
        numbers = [int(p) for p in date if not isinstance(p, bool | float)]
    except (TypeError, ValueError):
        return True
    if len(numbers) != len(date):
        return True
    limits = [(-9999, 9999), (1, 24), (1, 31)]  # CSL writes seasons as months 21-24
    return any(not low <= n <= high for n, (low, high) in zip(numbers, limits, strict=False))
