"""The kinds of content a guide holds, in one table that every stage reads.

A kind names where its YAML files live, the model class that describes them, where the
validated guide keeps them, the page that shows them and its template, and what a district may
do with it (hide the section, include its statements in a checklist). Loading, validation, the
JSON Schemas, the format reference, hiding and rendering all read :data:`KINDS`, so adding a
kind of content is one entry here, its model and its template.

Where does a criterion become HTML? The ``rubric`` kind names its page template,
``rubric.md.j2``, in ``generator/templates/``; its partials (``partials/criterion.html.j2``)
render each criterion.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model as m
from .paths import ChecklistPaths, RubricPaths

DATA_SUFFIXES = (".yml", ".yaml")
"""Endings of a YAML data file; ``x.yaml`` is read like ``x.yml``."""


@dataclass(frozen=True)
class Kind:
    """One kind of content: its files, model, place in the guide and page."""

    name: str
    """Its name: the section in ``hide:``, its schema file (``<name>.schema.json``), and what a
    checklist ``include``s (``standard/<id>`` for kinds of many files)."""
    location: str
    """Where its files are in a project, with ``<id>`` for kinds of many files. Rubrics live in
    the rubrics folder (``rubrics_dir``); everything else in the content folder."""
    model: Any
    """The model class of one file, or a type such as ``list[Source]``."""
    attribute: str
    """The attribute of :class:`~generator.model.Guide` holding it: a dict by id for kinds of
    many files, the model instance (or None) for single files."""
    cross_checks: str
    """What ``rubric-guide check`` verifies beyond one file's shape, for the schemas."""
    page: str = ""
    """Its page in the content folder, with ``<id>`` for kinds of many files; none if empty."""
    template: str = ""
    """The template of :attr:`page`, in ``generator/templates/``."""
    context: str = ""
    """The name the template knows the content by."""
    index_page: str = ""
    """The page listing every file of a kind of many, if it has one."""
    index_template: str = ""
    """The template of :attr:`index_page`."""
    hideable: bool = False
    """Whether ``hide:`` can leave the whole section out of the site."""
    includable: bool = False
    """Whether a checklist can ``include`` its statements."""
    doc_model: type | None = None
    """The class whose docstring describes the file, when :attr:`model` is not a class."""
    suffixes: tuple[str, ...] = DATA_SUFFIXES
    """Endings its files may have."""
    paths: type[RubricPaths] | type[ChecklistPaths] | None = None
    """For an item with pages besides its own (a sheet), the class that names them."""

    @property
    def schema_file(self) -> str:
        """The name of its JSON Schema file, for editors."""
        return f"{self.name}.schema.json"

    @property
    def entry_model(self) -> type[BaseModel]:
        """The model of one file, or of one entry of a file that is a list (a source)."""
        args = typing.get_args(self.model)
        model: type[BaseModel] = args[0] if args else self.model
        return model

    @property
    def many(self) -> bool:
        """Whether the kind has one file per item (``<id>`` in :attr:`location`)."""
        return "<id>" in self.location

    @property
    def folder(self) -> str:
        """The folder of its files, relative to the project (``content/standards``)."""
        return self.location.rsplit("/", 1)[0]

    @property
    def stem(self) -> str:
        """The file name without ending of a single-file kind (``principles``)."""
        return Path(self.location).stem

    def pages_of(self, ident: str) -> tuple[str, ...]:
        """Every page of item ``ident`` of a kind of many."""
        return self.paths(ident).pages if self.paths else (self.page_of(ident),)

    def page_of(self, ident: str = "") -> str:
        """The content path of the page showing item ``ident`` (or the single file)."""
        assert self.page, f"{self.name} has no page"
        return self.page.replace("<id>", ident)


RUBRIC = Kind(
    "rubric", "rubrics/<id>.yml", m.Rubric, "rubrics",
    "the file name is an id; `scale` names a scale of content/scales.yml and every "
    "criterion has exactly one descriptor per level of that scale; `principles` and "
    "`sources` are ids in content/principles.yml and content/sources.yml; criterion ids "
    "are unique.",
    page=RubricPaths("<id>").page, template="rubric.md.j2", context="rubric", paths=RubricPaths,
    index_page="rubrics/index.md", index_template="rubric_index.md.j2")
SCALES = Kind("scales", "content/scales.yml", m.ScalesFile, "scales",
              "scale ids are unique, and level ids are unique within a scale.")
PRINCIPLES = Kind("principles", "content/principles.yml", m.PrinciplesFile, "principles",
                  "principle ids are unique.", page="principles.md",
                  template="principles.md.j2", context="principles", hideable=True)
FRAMEWORK = Kind("framework", "content/framework.yml", m.Framework, "framework",
                 "phase ids are unique.", page="framework.md", template="framework.md.j2",
                 context="framework", hideable=True)
STRATEGIES = Kind("strategies", "content/strategies.yml", m.Strategies, "strategies",
                  "strategy ids are unique.", page="strategies.md",
                  template="strategies.md.j2", context="strategies", hideable=True,
                  includable=True)
KEY_SYSTEM_FEATURES = Kind(
    "key-system-features", "content/key-system-features.yml", m.KeySystemFeatures,
    "key_system_features", "indicator ids are unique.", page="key-system-features.md",
    template="key_system_features.md.j2", context="features", hideable=True, includable=True)
EVIDENCE_OF_PRACTICE = Kind(
    "evidence-of-practice", "content/evidence-of-practice.yml", m.EvidenceOfPractice,
    "evidence_of_practice",
    "item ids are unique; each research quote's `source` is an id in content/sources.yml.",
    page="evidence-of-practice.md", template="evidence_of_practice.md.j2", context="evidence",
    hideable=True, includable=True)
STANDARD = Kind(
    "standard", "content/standards/<id>.yml", m.Standard, "standards",
    "element ids are unique; `sources` are ids in content/sources.yml.",
    page="standards/<id>.md", template="standard.md.j2", context="standard",
    index_page="standards/index.md", index_template="standard_index.md.j2", hideable=True,
    includable=True)
SOURCES = Kind("sources", "content/sources.yml", list[m.Source], "sources",
               "source ids are unique.", doc_model=m.SourcesFile,
               suffixes=(*DATA_SUFFIXES, ".json"))
CHECKLIST = Kind(
    "checklist", "content/checklists/<id>.yml", m.Checklist, "checklists",
    "the checklist has `items` or `include`; each `include` names a part of the guide; "
    "item ids, included ones too, are unique.",
    page=ChecklistPaths("<id>").page, template="checklist.md.j2", context="checklist",
    paths=ChecklistPaths,
    index_page="checklists/index.md", index_template="checklist_index.md.j2", hideable=True)

KINDS: tuple[Kind, ...] = (RUBRIC, SCALES, PRINCIPLES, FRAMEWORK, STRATEGIES,
                           KEY_SYSTEM_FEATURES, EVIDENCE_OF_PRACTICE, STANDARD, CHECKLIST, SOURCES)
"""Every kind, in the order the format reference and the schemas present them."""

BY_NAME = {kind.name: kind for kind in KINDS}

REFERENCE_SECTION = "reference"
"""The generated reference pages, which ``hide:`` can leave out like a kind's section."""
REFERENCE_PAGES = "reference/"


def section_name(kind: Kind) -> str:
    """The name of a kind's section in ``hide:``: the plural for kinds of many files
    (``standards``, ``checklists``), as their folders are named."""
    return kind.attribute.replace("_", "-") if kind.many else kind.name


SECTIONS: tuple[str, ...] = (*(section_name(k) for k in KINDS if k.hideable), REFERENCE_SECTION)
"""Sections of the guide that ``hide:`` can leave out as a whole."""


def section_pages(section: str) -> list[str]:
    """The pages (or folder prefixes ending in ``/``) of a section named in ``hide:``."""
    if section == REFERENCE_SECTION:
        return [REFERENCE_PAGES]
    for kind in KINDS:
        if kind.hideable and section_name(kind) == section:
            return [kind.folder.removeprefix("content/") + "/"] if kind.many else [kind.page_of()]
    return []


def single_file(name: str) -> Kind | None:
    """The single-file kind whose file in the content folder is called ``name`` (with any of
    its endings), if there is one."""
    path = Path(name)
    for kind in KINDS:
        if not kind.many and kind.stem == path.stem and path.suffix in kind.suffixes:
            return kind
    return None


def known_file_names() -> list[str]:
    """The names a single-file kind's file can have in the content folder, for hints."""
    return [f"{k.stem}{suffix}" for k in KINDS if not k.many for suffix in k.suffixes]
