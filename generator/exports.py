"""Rubrics in the formats other systems read: a Canvas rubric CSV, a CASE 1.1 package and JSON.

Every export is made from the validated model. Level labels and scores always come from the
rubric's resolved scale, never from this module, so a district that renames its levels gets
its own labels in every file. Output is deterministic: the same content and settings give the
same bytes, so a rebuild changes a file only when its rubric changed.
"""

from __future__ import annotations

import csv
import io
import os
import posixpath
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
import msgspec

from . import model as m
from .errors import did_you_mean, join_choices
from .guide import Guide, Rubric
from .i18n import DEFAULT_LANGUAGE
from .incremental import Reused
from .sheets import default_edition
from .spool import Spool

FORMATS = ("canvas", "case", "json")
"""The export formats; each is an output of the rubric kind, its file's path in the site
(:mod:`.kinds`)."""

CANVAS_HEADER = ["Rubric Name", "Criteria Name", "Criteria Description", "Criteria Enable Range"]
CANVAS_RATING = ["Rating Name", "Rating Description", "Rating Points"]
"""Canvas's rubric import template: four columns, then these three once per rating."""

CASE_NAMESPACE = uuid.UUID("6f1c3b52-8d0e-5a4b-9c71-2e5d4f8a9b10")
"""Namespace of every CASE identifier this generator makes. Never change it: identifiers are
``uuid5(CASE_NAMESPACE, "rubric-guide:<kind>:<guide>/<id path>")`` so that a rebuild, or
another machine, gives every document, item and rubric the identifier it had before."""

# A spreadsheet runs a cell starting with one of these as a formula. A leading apostrophe
# makes it text; cells that already start with apostrophes before such a character get one
# more, so that removing exactly one on import always gives back the original text.
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")


def neutralize_cell(text: str) -> str:
    """``text`` made safe from spreadsheet formula injection; :func:`restore_cell` undoes it."""
    return "'" + text if _FORMULA_START.match(text) else text


def restore_cell(text: str) -> str:
    """The text :func:`neutralize_cell` was given."""
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text[1:]) else text


# --- Canvas ---------------------------------------------------------------------------------


def canvas_csv(rubric: Rubric) -> str:
    """The rubric in Canvas's rubric import CSV, one row per criterion.

    Canvas lists a criterion's ratings from most to fewest points, so the levels are written
    highest first. A scale without scores gets each level's position (1 = lowest) as points,
    because Canvas needs a number for every rating.
    """
    scale: m.Scale = rubric.refs["scale"]
    levels = list(reversed(scale.levels))
    points = _points(scale)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CANVAS_HEADER + CANVAS_RATING * len(levels))
    for criterion in rubric.value.criteria:
        row = [rubric.value.title, criterion.title, criterion.description or "", "false"]
        for level in levels:
            row += [level.label, criterion.levels[level.id], str(points[level.id])]
        writer.writerow([neutralize_cell(cell) for cell in row])
    return out.getvalue()


def _points(scale: m.Scale) -> dict[str, int]:
    return {
        level.id: level.score if level.score is not None else position
        for position, level in enumerate(scale.levels, start=1)
    }


# --- JSON -----------------------------------------------------------------------------------


def rubric_json(guide: Guide, rubric: Rubric) -> dict[str, Any]:
    """The rubric with everything it refers to, in the key order of the YAML format.

    The rubric's own keys are those of ``rubrics/<id>.yml``; ``definitions`` holds its scale
    and the principles and sources it or its criteria refer to, in the guide's order.
    """
    data = rubric.data()
    if not rubric.value.exemplars:
        del data["exemplars"]  # as a rubric without exemplars is written
    scale = guide.scale_of(rubric)
    levels = scale.levels
    for criterion, entry in zip(rubric.value.criteria, data["criteria"], strict=True):
        entry["levels"] = {level.id: criterion.levels[level.id] for level in levels}
    principle_ids = _referenced(rubric, "principles")
    source_ids = _referenced(rubric, "sources")
    principles = guide.principles.principles if guide.principles else []
    data["definitions"] = {
        "scale": scale.model_dump(mode="json"),
        "principles": {p.id: p.model_dump(mode="json") for p in principles
                       if p.id in principle_ids},
        "sources": {sid: source.csl() for sid, source in guide.sources.items()
                    if sid in source_ids},
    }
    return data


def _referenced(rubric: Rubric, key: str) -> set[str]:
    ids: set[str] = set(getattr(rubric.value, key))
    for criterion in rubric.value.criteria:
        ids.update(getattr(criterion, key))
    return ids


# --- CASE 1.1 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseSettings:
    """What a CASE package says about the guide it comes from."""

    guide: str
    """The guide's name: the package's document title and creator, and part of every
    identifier, so two guides never share one."""
    changed: str
    """``lastChangeDateTime`` of every record, an RFC 3339 date-time."""
    site_url: str = ""
    """The guide's published address, given as the document's official source when set."""
    language: str = DEFAULT_LANGUAGE
    """The language the guide's content is written in, which the package's texts are."""
    alignment: str = ""
    """Whose links from criteria to principles are (the guide editors', as the rubric's page
    says): the document's notes in a package whose criteria link to principles."""

    @classmethod
    def for_edition(cls, guide: str, edition: str, site_url: str = "",
                    language: str = DEFAULT_LANGUAGE, alignment: str = "") -> CaseSettings:
        """Settings whose change time is that of ``edition`` (see :func:`change_time`)."""
        return cls(guide, change_time(edition), site_url, language, alignment)


def change_time(edition: str) -> str:
    """A deterministic ``lastChangeDateTime``: ``SOURCE_DATE_EPOCH`` when set, else midnight
    UTC of ``edition`` when it is a date, else of today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        try:
            day = date.fromisoformat(edition)
        except ValueError:
            day = date.fromisoformat(default_edition())
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Package:
    """Builds one CASE package: every record gets a deterministic identifier and the same
    change time, and ``isChildOf`` associations record the tree of items."""

    def __init__(self, settings: CaseSettings) -> None:
        self.settings = settings
        self.items: list[dict[str, Any]] = []
        self.associations: list[dict[str, Any]] = []
        self.links: dict[str, dict[str, str]] = {}
        self.document = self.record("document", "", title=settings.guide)

    def identifier(self, kind: str, path: str) -> str:
        name = f"rubric-guide:{kind}:{self.settings.guide}/{path}"
        return str(uuid.uuid5(CASE_NAMESPACE, name))

    def record(self, kind: str, path: str, **fields: Any) -> dict[str, Any]:
        identifier = self.identifier(kind, path)
        return {"identifier": identifier, "uri": f"urn:uuid:{identifier}", **fields,
                "lastChangeDateTime": self.settings.changed}

    def link(self, record: dict[str, Any], title: str) -> dict[str, str]:
        return {"title": title, "identifier": record["identifier"], "uri": record["uri"]}

    def item(self, path: str, parent: dict[str, Any], parent_title: str, title: str,
             sequence: int, **fields: Any) -> dict[str, Any]:
        """Add a CFItem that is the ``sequence``-th child of ``parent``."""
        item = self.record("item", path, **fields)
        self.items.append(item)
        self.links[path] = self.link(item, title)
        self.associations.append(self.record(
            "association", f"{path}/isChildOf", associationType="isChildOf",
            sequenceNumber=sequence, originNodeURI=self.link(item, title),
            destinationNodeURI=self.link(parent, parent_title)))
        return item


def case_package(guide: Guide, rubric: Rubric, settings: CaseSettings,
                 framework: _Package | None = None) -> dict[str, Any]:
    """The rubric as a CASE 1.1 package (1EdTech's CFPackage JSON).

    The document is the guide. Its items are the principles and the standards with their
    elements and indicators, each linked to its parent by an ``isChildOf`` association. The
    content states one kind of link from criteria to the framework, the principles a criterion
    serves, so each criterion's ``CFItemURI`` points at its first principle's item (CASE allows
    one); criteria that name none point at nothing.

    ``framework``, from :func:`case_framework`, is shared by every rubric of the guide: pass it
    when writing many packages. The package then holds the framework's records themselves.
    """
    package = framework if framework is not None else case_framework(guide, settings)
    case_rubric = _case_rubric(package, rubric)
    document = package.document
    if settings.alignment and any("CFItemURI" in c for c in case_rubric["CFRubricCriteria"]):
        document = {**document, "notes": settings.alignment}
    return {
        "CFDocument": document,
        "CFItems": package.items,
        "CFAssociations": package.associations,
        "CFRubrics": [case_rubric],
    }


def case_framework(guide: Guide, settings: CaseSettings) -> _Package:
    """The part of a CASE package that is the same for every rubric: the guide as a document,
    its principles and its standards."""
    package = _Package(settings)
    document = package.document
    document["creator"] = settings.guide
    document["caseVersion"] = "1.1"
    document["language"] = settings.language
    if settings.site_url:
        document["officialSourceURL"] = settings.site_url
    _add_principles(package, guide)
    _add_standards(package, guide)
    return package


def _add_principles(package: _Package, guide: Guide) -> None:
    if guide.principles is None:
        return
    for number, principle in enumerate(guide.principles.principles, start=1):
        package.item(f"principle/{principle.id}", package.document, package.settings.guide,
                     principle.title, number, fullStatement=principle.description,
                     abbreviatedStatement=principle.title, CFItemType="Principle",
                     humanCodingScheme=principle.id)


def _add_standards(package: _Package, guide: Guide) -> None:
    first = len(guide.principles.principles) + 1 if guide.principles else 1
    for number, standard in enumerate(guide.standards.values(), start=first):
        path = f"standard/{standard.id}"
        node = package.item(path, package.document, package.settings.guide, standard.title,
                            number, fullStatement=standard.statement,
                            abbreviatedStatement=standard.title, CFItemType="Standard")
        for e_number, element in enumerate(standard.elements, start=1):
            e_path = f"{path}/{element.id}"
            e_node = package.item(e_path, node, standard.title, element.title, e_number,
                                  fullStatement=element.description,
                                  abbreviatedStatement=element.title, CFItemType="Element",
                                  humanCodingScheme=element.letter)
            for i_number, indicator in enumerate(element.indicators, start=1):
                code = f"{element.letter}.{i_number}"
                package.item(f"{e_path}/{i_number}", e_node, element.title, code, i_number,
                             fullStatement=indicator, CFItemType="Indicator",
                             humanCodingScheme=code)


def _case_rubric(package: _Package, rubric: Rubric) -> dict[str, Any]:
    path = f"rubric/{rubric.id}"
    record = package.record("rubric", path, title=rubric.value.title)
    if rubric.value.summary:
        record["description"] = rubric.value.summary
    criteria = []
    for position, criterion in enumerate(rubric.value.criteria, start=1):
        c_path = f"{path}/{criterion.id}"
        description = criterion.title + (f"\n\n{criterion.description}"
                                          if criterion.description else "")
        entry = package.record("criterion", c_path, description=description,
                               position=position, rubricId=record["identifier"])
        aligned = [package.links[f"principle/{p}"] for p in criterion.principles
                   if f"principle/{p}" in package.links]
        if aligned:
            entry["CFItemURI"] = aligned[0]
        entry["CFRubricCriterionLevels"] = list(_case_levels(package, rubric, criterion,
                                                             c_path, entry["identifier"]))
        criteria.append(entry)
    record["CFRubricCriteria"] = criteria
    return record


def _case_levels(package: _Package, rubric: Rubric, criterion: m.Criterion, path: str,
                 criterion_id: str) -> Iterable[dict[str, Any]]:
    for position, level in enumerate(rubric.refs["scale"].levels, start=1):
        entry = package.record("level", f"{path}/{level.id}",
                               description=criterion.levels[level.id], quality=level.label,
                               position=position, rubricCriterionId=criterion_id)
        if level.score is not None:
            entry["score"] = level.score
        yield entry


# --- Files ----------------------------------------------------------------------------------


def export_text(guide: Guide, rubric: Rubric, fmt: str, settings: CaseSettings,
                framework: _Package | None = None) -> str:
    """The file of ``rubric`` in format ``fmt`` (a key of :data:`FORMATS`); ``framework`` as
    for :func:`case_package`."""
    if fmt == "canvas":
        return canvas_csv(rubric)
    if fmt == "case":
        return json_text(case_package(guide, rubric, settings, framework))
    return json_text(rubric_json(guide, rubric))


def json_text(data: Any) -> str:
    """``data`` as UTF-8 JSON indented by two spaces, as ``json.dumps(data, indent=2,
    ensure_ascii=False)`` writes it, but encoded by msgspec in a tenth of the time: a guide's
    exports are thousands of files, and the standard library indents only in Python."""
    return msgspec.json.format(msgspec.json.encode(data, enc_hook=str), indent=2).decode() + "\n"


def site_files(guide: Guide, settings: CaseSettings, reused: Reused | None = None,
               spool: Spool | None = None) -> dict[str, str | Path]:
    """Every export of every rubric, keyed by its path in the site; with ``reused`` (a
    preview's :meth:`~generator.render.Renderer.reused`), those of rubrics whose inputs are
    unchanged are taken from earlier builds. With ``spool``, each is written there as it is
    made and given by where it is kept, so that the exports of a large guide are not held in
    memory until they are published."""
    framework = case_framework(guide, settings)

    def make(rubrics: list[Rubric]) -> list[dict[str, str | Path]]:
        made: list[dict[str, str | Path]] = []
        for rubric in rubrics:
            files: dict[str, str | Path] = {}
            for fmt in FORMATS:
                path = rubric.paths.of(fmt)
                text = export_text(guide, rubric, fmt, settings, framework)
                files[path] = text if spool is None else spool.write(path, text)
            made.append(files)
        return made

    rubrics = list(guide.rubrics.values())
    # The CASE framework's principles and standards are in every rubric's package.
    made = make(rubrics) if reused is None else reused(
        "exports", rubrics, make, settings, guide.principles, guide.standards)
    return {path: text for files in made for path, text in files.items()}


def select_rubrics(guide: Guide, rubric_ids: Sequence[str]) -> list[Rubric]:
    """The rubrics named ``rubric_ids``, or every rubric of the guide when none are named."""
    if not rubric_ids:
        return list(guide.rubrics.values())
    for rubric_id in rubric_ids:
        if rubric_id not in guide.rubrics:
            hint = did_you_mean(rubric_id, guide.rubrics)
            raise click.BadParameter(
                f"unknown rubric '{rubric_id}'; "
                + (hint if hint else f"expected one of: {join_choices(list(guide.rubrics))}"),
                param_hint="'--rubric'")
    return [guide.rubrics[rubric_id] for rubric_id in dict.fromkeys(rubric_ids)]


def write_files(guide: Guide, rubrics: Sequence[Rubric], fmt: str, settings: CaseSettings,
                folder: Path) -> list[Path]:
    """Write each rubric's export in format ``fmt`` into ``folder``; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    framework = case_framework(guide, settings) if fmt == "case" else None
    paths = []
    for rubric in rubrics:
        path = folder / posixpath.basename(rubric.paths.of(fmt))
        # newline="" keeps the CSV's CRLF line ends as Canvas's template has them.
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(export_text(guide, rubric, fmt, settings, framework))
        paths.append(path)
    return paths
