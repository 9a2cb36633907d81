"""Where a rubric's (or a checklist's) pages and files are: one object per rubric that Python
and the templates both read, so no address is spelt out twice.

Pages are named by their path in the content folder (``rubrics/<id>/index.md``), as MkDocs
names them and the templates' ``url()`` takes them; files by their path in the site
(``rubrics/<id>/<id>.pdf``), as ``file_url()`` takes them.
"""

from __future__ import annotations

from dataclasses import dataclass

EXPORT_ENDINGS = {"canvas": ".canvas.csv", "case": ".case.json", "json": ".json"}
"""Each export format and the ending of its file name, ``<rubric id><ending>``."""


@dataclass(frozen=True)
class RubricPaths:
    """The addresses of one rubric."""

    id: str

    @property
    def folder(self) -> str:
        """The folder of everything the rubric publishes."""
        return f"rubrics/{self.id}/"

    @property
    def page(self) -> str:
        """The rubric's page, with its scoring tools."""
        return f"{self.folder}index.md"

    @property
    def sheet(self) -> str:
        """The printable blank scoring sheet."""
        return f"{self.folder}sheet.md"

    @property
    def pdf(self) -> str:
        """The sheet as a PDF."""
        return f"{self.folder}{self.id}.pdf"

    def export(self, fmt: str) -> str:
        """The rubric as a file in ``fmt``, a key of :data:`EXPORT_ENDINGS`."""
        return f"{self.folder}{self.export_name(fmt)}"

    def export_name(self, fmt: str) -> str:
        """The file name of the rubric in ``fmt``: ``<id>.canvas.csv``..."""
        return self.id + EXPORT_ENDINGS[fmt]

    @property
    def canvas(self) -> str:
        return self.export("canvas")

    @property
    def case(self) -> str:
        return self.export("case")

    @property
    def json(self) -> str:
        return self.export("json")

    @property
    def pages(self) -> tuple[str, ...]:
        """Every page the rubric has."""
        return (self.page, self.sheet)


@dataclass(frozen=True)
class ChecklistPaths:
    """The addresses of one checklist."""

    id: str

    @property
    def page(self) -> str:
        """The checklist's page, with its answers."""
        return f"checklists/{self.id}.md"

    @property
    def sheet(self) -> str:
        """Its answer sheet, printed blank or filled in."""
        return f"checklists/{self.id}/sheet.md"

    @property
    def pages(self) -> tuple[str, ...]:
        return (self.page, self.sheet)
