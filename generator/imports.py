"""Rubrics from spreadsheets: a Canvas rubric CSV, or a plain table of criteria and levels,
becomes a rubric file that passes ``rubric-guide check``.

The plain table has one row per criterion and one column per level::

    Criterion,Emerging,Developing,Proficient,Advanced,Description,Evidence

The first row names the columns. Its first cell heads the criteria's names (any heading); a
column headed with a level's label (or id) holds that level's descriptors, in any order; the
optional ``Description`` and ``Evidence`` columns hold a criterion's description and its
evidence prompts, one per line of the cell. A Canvas CSV is recognised by its header,
``Rubric Name,Criteria Name,...``.

Every problem in the file is reported at once, each with its row (and column) as a
spreadsheet numbers them, so nothing is written until the whole file is right.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import model as m
from .errors import ContentError, Problem, did_you_mean, file_problem, join_choices
from .exports import restore_cell
from .load import MAX_FILE_BYTES
from .scaffold import choose_scale, rubric_yaml, slug

CANVAS_START = ("rubric name", "criteria name")
DESCRIPTION_HEADINGS = ("description", "criteria description", "criterion description")
EVIDENCE_HEADINGS = ("evidence", "evidence prompts")


@dataclass(frozen=True)
class Cell:
    """The text of one cell and where it is: row and column numbered from 1."""

    row: int
    column: int
    text: str


@dataclass
class Rating:
    """A descriptor with the level it is for, as the file names the level."""

    label: Cell
    text: Cell
    points: float | None = None


@dataclass
class Row:
    """One criterion as read, before its levels are matched to a scale."""

    number: int
    title: Cell
    description: str = ""
    evidence: list[str] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    description_cell: Cell | None = None
    evidence_cell: Cell | None = None


@dataclass(frozen=True)
class ImportedRubric:
    """A rubric read from a spreadsheet, ready to be written as ``<id>.yml``."""

    id: str
    text: str
    scale: str
    criteria: int


def column_letter(number: int) -> str:
    """A spreadsheet's name for column ``number``: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _Reader:
    """Reads one CSV file, collecting every problem with its row and column."""

    def __init__(self, path: Path, display: str, scales: dict[str, m.Scale],
                 defined_in: str) -> None:
        self.path = path
        self.display = display
        self.scales = scales
        self.defined_in = defined_in
        """The project's scales file, as messages name it."""
        self.problems: list[Problem] = []
        self.header_row = 1
        self.cells: dict[str, Cell] = {}
        """The cell each text of the rubric comes from, by its key path in the rubric file."""

    def problem(self, row: int, column: int, message: str) -> None:
        where = f"row {row}" + (f", column {column_letter(column)}" if column else "")
        self.problems.append(Problem(self.display, row, column or 1, where, message))

    def refused(self, problem: Problem) -> None:
        """A problem ``rubric-guide check`` would find in the rubric file, at the cell its text
        comes from (the first row when it comes from no cell, such as the title)."""
        cell = self.cells.get(problem.key_path)
        at = f"{problem.key_path}: " if problem.key_path and cell is None else ""
        row, column = (cell.row, cell.column) if cell else (self.header_row, 0)
        self.problem(row, column, f"{at}{problem.message}")

    def stop_if_problems(self) -> None:
        if self.problems:
            # A header cell can be found wanting once per row: report it once.
            raise ContentError(list(dict.fromkeys(self.problems)), where=self.display)

    # -- cells ---------------------------------------------------------------------------------

    def rows(self) -> list[tuple[int, list[str]]]:
        """The non-blank rows with their numbers, cells as exported (formula guards removed)."""
        try:
            with self.path.open("rb") as file:  # at most one byte more than the limit
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ContentError([file_problem(self.display, exc)]) from None
        if len(data) > MAX_FILE_BYTES:
            size = max(self.path.stat().st_size, len(data))
            self.problem(1, 0, f"the file is {_megabytes(size)}, more than the "
                         f"{MAX_FILE_BYTES // 1024 // 1024} MB a rubric's file may be (a CSV "
                         "of a rubric is a few kilobytes); check that this is the rubric's "
                         "file, or split it into one file per rubric")
            self.stop_if_problems()
        if b"\0" in data:
            self.problem(1, 0, "the file is not CSV text but binary data (a spreadsheet "
                         "workbook?); in the spreadsheet choose Save As → CSV UTF-8 and "
                         "import that file")
            self.stop_if_problems()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            row = data[: exc.start].count(b"\n") + 1
            self.problem(row, 0, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                         "save it from the spreadsheet as CSV UTF-8")
            self.stop_if_problems()
        rows: list[tuple[int, list[str]]] = []
        reader = csv.reader(io.StringIO(text, newline=""), strict=True,
                            delimiter=_delimiter(text))
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                if any(cell.strip() for cell in cells):
                    rows.append((number, [restore_cell(cell) for cell in cells]))
        except csv.Error as exc:
            self.problem(number + 1, 0, f"not valid CSV: {exc}; a cell holding quotes must "
                         "be wholly in double quotes, with each quote inside it doubled")
            self.stop_if_problems()
        if not rows:
            self.problem(1, 0, "the file is empty; export the spreadsheet with its header row "
                         "and one row per criterion")
            self.stop_if_problems()
        self.header_row = rows[0][0]
        return rows

    def cells_of(self, number: int, cells: list[str], width: int) -> list[str]:
        """``cells`` padded to the header's ``width``; extra non-empty cells are a problem."""
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            self.problem(number, 0, f"the row has {len(cells)} cells but the header (row "
                         f"{self.header_row}) has {width}; put any cell that holds a comma in "
                         "double quotes")
        return cells[:width] + [""] * (width - len(cells))

    # -- the two layouts -----------------------------------------------------------------------

    def canvas(self, rows: list[tuple[int, list[str]]]) -> tuple[str, list[Row]]:
        """The rubric name and criteria of a Canvas rubric CSV."""
        (_, header), body = rows[0], rows[1:]
        names = [i for i, h in enumerate(header) if "rating name" in h.casefold()]
        result: list[Row] = []
        title = ""
        first_row = 0
        for number, raw in body:
            cells = self.cells_of(number, raw, len(header))
            name = cells[0]
            if name.strip() and not title:
                title, first_row = name, number
            elif name.strip() and name != title:
                self.problem(number, 1, f"a second rubric, '{name}' (row {first_row} is "
                             f"'{title}'); import one rubric per file")
                continue
            row = Row(number, Cell(number, 2, cells[1]), description=cells[2],
                      description_cell=Cell(number, 3, cells[2]))
            for index in names:
                label, text = cells[index], cells[index + 1] if index + 1 < len(cells) else ""
                points_text = cells[index + 2] if index + 2 < len(cells) else ""
                if not (label.strip() or text.strip()):
                    continue
                row.ratings.append(Rating(Cell(number, index + 1, label),
                                          Cell(number, index + 2, text),
                                          self.points(number, index + 3, points_text)))
            result.append(row)
        return title, result

    def points(self, row: int, column: int, text: str) -> float | None:
        if not text.strip():
            return None
        try:
            # Canvas reads a decimal comma too ("1,5").
            return float(text.replace(",", "."))
        except ValueError:
            self.problem(row, column, f"'{text}' is not a number of points; write a number "
                         "such as 3, or leave the cell empty")
            return None

    def plain(self, rows: list[tuple[int, list[str]]], known: set[str]) -> list[Row]:
        """The criteria of a plain table; ``known`` are the level names any scale accepts."""
        (header_row, header), body = rows[0], rows[1:]
        levels: list[Cell] = []
        heading_points: dict[int, float | None] = {}
        description = evidence = None
        for index, heading in enumerate(header[1:], start=1):
            key = heading.strip().casefold()
            if key in DESCRIPTION_HEADINGS:
                description = index
            elif key in EVIDENCE_HEADINGS:
                evidence = index
            elif key:
                label, points = split_heading(heading)
                levels.append(Cell(header_row, index + 1, label))
                heading_points[index + 1] = points
        if not any(cell.text.casefold() in known for cell in levels):
            shown = ", ".join(f"'{c}'" for c in header[:4])
            example = ",".join(["Criterion", *self.example_labels()])
            self.problem(header_row, 0, "the first row must name the columns: the criteria's "
                         f"column, then one column per level label, e.g. '{example}' (or "
                         f"Canvas's 'Rubric Name,Criteria Name,...'); found {shown}")
            self.stop_if_problems()
        result = []
        for number, raw in body:
            cells = self.cells_of(number, raw, len(header))
            row = Row(number, Cell(number, 1, cells[0]))
            if description is not None:
                row.description = cells[description]
                row.description_cell = Cell(number, description + 1, cells[description])
            if evidence is not None:
                row.evidence = [line.strip() for line in cells[evidence].splitlines()
                                if line.strip()]
                row.evidence_cell = Cell(number, evidence + 1, cells[evidence])
            row.ratings = [Rating(level, Cell(number, level.column, cells[level.column - 1]),
                                  heading_points[level.column])
                           for level in levels]
            result.append(row)
        return result

    def example_labels(self) -> list[str]:
        return [lv.label for lv in next(iter(self.scales.values())).levels]

    # -- matching a scale ----------------------------------------------------------------------

    def scale_for(self, rows: list[Row], scale_id: str | None) -> m.Scale | None:
        """The scale named ``scale_id``, else the one whose levels the file names."""
        if scale_id is not None:
            return choose_scale(self.scales, scale_id, self.defined_in)
        labels: dict[str, Rating] = {}
        for row in rows:
            for rating in row.ratings:
                labels.setdefault(rating.label.text.strip().casefold(), rating)
        if not labels:
            if rows:
                self.problem(rows[0].number, 0, "no ratings: give each criterion a Rating "
                             "Name, Rating Description and Rating Points for every level")
            else:
                self.problem(self.header_row, 0, "no criteria: below the header, give one row "
                             "per criterion")
            return None
        exact, partial = [], []
        for scale in self.scales.values():
            matched = sum(1 for key in labels if _level_named(scale, key))
            if matched == len(labels) == len(scale.levels):
                exact.append(scale)
            elif matched:
                partial.append((matched, scale))
        if len(exact) > 1:
            scored = [s for s in exact if _points_agree(s, labels.values())]
            exact = scored if scored else exact
        if len(exact) == 1:
            return exact[0]
        first = min((r.label for r in labels.values()), key=lambda c: (c.row, c.column))
        if exact:
            self.problem(first.row, 0, "the levels match more than one scale: "
                         f"{join_choices([s.id for s in exact])}; choose one with --scale")
            return None
        if partial:
            # The closest scale: each label it lacks is reported as not one of its levels.
            return max(partial, key=lambda pair: pair[0])[1]
        names = join_choices([r.label.text.strip() for r in labels.values()])
        choices = "; ".join(f"'{s.id}' ({', '.join(lv.label for lv in s.levels)})"
                            for s in self.scales.values())
        self.problem(first.row, 0, f"no scale in {self.defined_in} has the levels {names}; "
                     f"scales: {choices}; add the scale there, or choose one with --scale")
        return None

    def levels_of(self, row: Row, scale: m.Scale) -> dict[str, str]:
        """The row's descriptors keyed by level id, reporting unknown, repeated, empty and
        missing levels."""
        found: dict[str, Rating] = {}
        for rating in row.ratings:
            label = rating.label.text.strip()
            level = _level_named(scale, label.casefold())
            if level is None:
                labels = [lv.label for lv in scale.levels]
                hint = did_you_mean(label, labels)
                self.problem(rating.label.row, rating.label.column,
                             f"'{label}' is not a level of scale '{scale.id}'; "
                             + (hint if hint else f"expected one of: {join_choices(labels)}"))
            elif level.id in found:
                self.problem(rating.label.row, rating.label.column,
                             f"level '{level.label}' is given twice (also column "
                             f"{column_letter(found[level.id].label.column)}); keep one")
            else:
                found[level.id] = rating
                if rating.points is not None and level.score is not None and (
                        rating.points != level.score):
                    given = f"{rating.points:g}"
                    self.problem(rating.label.row, rating.label.column,
                                 f"the file gives level '{level.label}' {given} points, and "
                                 f"scale '{scale.id}' gives it {level.score}; correct the "
                                 "file, or choose the scale with --scale")
                if not rating.text.text.strip():
                    self.problem(rating.text.row, rating.text.column,
                                 f"the descriptor for level '{level.label}' is empty; "
                                 "write one")
        missing = join_choices([lv.label for lv in scale.levels if lv.id not in found])
        expected = (f"scale '{scale.id}' expects one for each of: "
                    f"{join_choices([lv.label for lv in scale.levels])}")
        header = {r.label.row for r in row.ratings} - {row.number}
        if missing and header:
            # A plain table's levels are its header's columns.
            self.problem(min(header), 0, f"no column for level {missing}; {expected}")
        elif missing and row.title.text.strip():
            self.problem(row.number, 0, f"criterion '{row.title.text.strip()}' has no "
                         f"descriptor for level {missing}; {expected}")
        return {lv.id: found[lv.id].text.text for lv in scale.levels if lv.id in found}

    def criteria(self, rows: list[Row], scale: m.Scale) -> list[dict[str, Any]]:
        """The criteria in the YAML format, with ids made from their titles."""
        result: list[dict[str, Any]] = []
        ids: dict[str, int] = {}
        for position, row in enumerate(rows, start=1):
            title = row.title.text.strip()
            if not title:
                self.problem(row.number, row.title.column, "the criterion has no name; give "
                             "it one, or delete the row")
            criterion_id = slug(title) or f"criterion-{position}"
            if title and criterion_id in ids:
                self.problem(row.number, row.title.column, f"criterion '{title}' would get "
                             f"the id '{criterion_id}', like the criterion on row "
                             f"{ids[criterion_id]}; rename one of them")
            ids.setdefault(criterion_id, row.number)
            entry: dict[str, Any] = {"id": criterion_id, "title": title}
            if row.description.strip():
                entry["description"] = row.description
            entry["levels"] = self.levels_of(row, scale)
            if row.evidence:
                entry["evidence_prompts"] = row.evidence
            at = f"criteria[{len(result)}]"
            self.cells.update({f"{at}.id": row.title, f"{at}.title": row.title,
                               f"{at}.description": row.description_cell or row.title})
            self.cells.update((f"{at}.levels.{level}", rating.text) for rating in row.ratings
                              if (level := _level_id(scale, rating)) is not None)
            self.cells.update((f"{at}.evidence_prompts[{i}]", row.evidence_cell or row.title)
                              for i in range(len(row.evidence)))
            result.append(entry)
        return result


_SCORED_HEADING = (
    re.compile(r"^(?P<label>.+?)\s*[(\[]\s*(?P<points>\d+(?:[.,]\d+)?)\s*(?:pts?\.?|points?)?"
               r"\s*[)\]]$", re.I),
    re.compile(r"^(?P<points>\d+(?:[.,]\d+)?)\s*(?:[-\u2013\u2014:.)=]\s*)(?P<label>\D.*)$"),
    re.compile(r"^(?P<label>.*\D)\s*[-\u2013\u2014:=]\s*(?P<points>\d+(?:[.,]\d+)?)$"),
)
"""A level's heading with its points, as spreadsheets are often made: ``Emerging (1)``,
``1 - Emerging``, ``1. Emerging``, ``Emerging - 1``."""


def split_heading(heading: str) -> tuple[str, float | None]:
    """A column heading as a level's label and the points it gives, if it gives any."""
    text = heading.strip()
    for pattern in _SCORED_HEADING:
        found = pattern.match(text)
        if found and found["label"].strip():
            return found["label"].strip(), float(found["points"].replace(",", "."))
    return text, None


def _delimiter(text: str) -> str:
    """The separator of the file's cells: a comma, or the semicolon that spreadsheet programs
    set to a comma as the decimal sign write (and a tab), judged from the first line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _title_from_name(stem: str) -> str:
    words = stem.replace("-", " ").replace("_", " ").strip() or "Imported rubric"
    return words[0].upper() + words[1:]


def _level_id(scale: m.Scale, rating: Rating) -> str | None:
    level = _level_named(scale, rating.label.text.strip().casefold())
    return level.id if level else None


def _level_named(scale: m.Scale, key: str) -> m.Level | None:
    return next((lv for lv in scale.levels if key in (lv.label.casefold(), lv.id)), None)


def _points_agree(scale: m.Scale, ratings: Any) -> bool:
    for rating in ratings:
        level = _level_named(scale, rating.label.text.strip().casefold())
        if rating.points is not None and level is not None and level.score != rating.points:
            return False
    return True


def read_rubric(
    path: Path, scales: dict[str, m.Scale], *, defined_in: str, display: str | None = None,
    scale_id: str | None = None, title: str | None = None, rubric_id: str | None = None,
    check: Callable[[str, str], list[Problem]] | None = None,
) -> ImportedRubric:
    """The rubric in the CSV file at ``path``, as the text of a rubric file.

    Raises :class:`~generator.errors.ContentError` naming the file, row and column of every
    problem found; ``defined_in`` is the project's scales file, as messages name it. ``check``
    gives what ``rubric-guide check`` would refuse in a rubric file, by the rubric's id and
    text: each is reported at the cell its text comes from.
    """
    if not scales:
        raise click.ClickException(f"{defined_in} defines no scales; add the scale the "
                                   "rubric uses there, then import it")
    display = display or str(path)
    reader = _Reader(path, display, scales, defined_in)
    rows = reader.rows()
    header = [cell.strip().casefold() for cell in rows[0][1]]
    if tuple(header[:2]) == CANVAS_START:
        found_title, criteria_rows = reader.canvas(rows)
    else:
        known = {key for s in scales.values() for lv in s.levels
                 for key in (lv.label.casefold(), lv.id)}
        if scale_id in scales:
            known = {key for lv in scales[scale_id].levels
                     for key in (lv.label.casefold(), lv.id)}
        found_title, criteria_rows = "", reader.plain(rows, known)
    scale = reader.scale_for(criteria_rows, scale_id)
    criteria = reader.criteria(criteria_rows, scale) if scale else []
    title = title or found_title.strip() or _title_from_name(path.stem)
    reader.stop_if_problems()
    assert scale is not None
    rubric_id = rubric_id or slug(title) or "imported-rubric"
    data = {"title": title, "scale": scale.id, "criteria": criteria}
    text = rubric_yaml(data, [
        f"Imported from {path.name} by `rubric-guide import`.",
        "A CSV carries no principles or sources: add them here if the rubric has any,",
        "then run `rubric-guide check`.",
    ])
    if check is not None:
        for problem in check(rubric_id, text):
            reader.refused(problem)
        reader.stop_if_problems()
    return ImportedRubric(rubric_id, text, scale.id, len(criteria))
