"""The registry of kinds: every fact about each kind of file a guide holds, in one place.

A :class:`Kind` names where its files live, the model that describes them, the checks
``rubric-guide check`` runs beyond one file's shape (as data that :mod:`.validate` executes), the
pages and files it publishes (one address pattern each, resolved by :func:`.urls.url_for`), their
templates, the statements a checklist can ``include`` from it, and whether ``hide:`` can leave it
out. Loading, validation, rendering, hiding, the exports, the JSON Schemas, the format reference
and every message ask the registry, so:

- *Where does a rubric's sheet address come from?* ``RUBRIC``'s ``sheet`` output below,
  ``rubrics/<id>/sheet.md``: ``entry.paths.sheet`` in Python and templates, turned into a link
  by the templates' ``url()``.
- *How do I add a kind?* One :class:`Kind` in :data:`KINDS`, its model in ``model.py`` and its
  page template in ``templates/``.
"""

from __future__ import annotations

import posixpath
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import checklists
from . import model as m
from .checks import (
    Check,
    Elsewhere,
    NotSection,
    Refers,
    Unique,
    checklist_has_items,
    checklist_items,
    exemplars_match_rubric,
    levels_match_scale,
    no_placeholders,
)
from .options import DISTRICT_FILE, District
from .urls import dest_path, is_page

DATA_SUFFIXES = (".yml", ".yaml")
"""Endings of a YAML data file; ``x.yaml`` is read like ``x.yml``."""

ID = "<id>"
"""What stands for an item's id in the patterns of a kind of many files."""

FOLDERS = {"content": "docs_dir", "rubrics": "rubrics_dir"}
"""The project's folders that a kind's :attr:`Kind.location` starts with, by the setting that
moves them: ``docs_dir`` (MkDocs') and the plugin's ``rubrics_dir``; any other location is at the
project's root."""

SCHEMA_DIR = "schema"
"""Where the site publishes the kinds' JSON Schemas: ``/schema/<kind>.schema.json``."""

REFERENCE_PAGE = "reference/format.md"
"""The generated format reference, which documents every kind."""

SECTION_IDS = {
    "scoring": "score-this-rubric", "answers": "rg-your-answers",
    "calibration": "team-calibration", "members": "team-members",
    "agreement": "how-agreement-is-counted", "exemplars": "exemplars",
    "progress": "your-progress",
}
"""The ids the page templates give sections of their own, by name (a template writes
``section_ids.scoring``). A criterion or checklist item with one of them would share it with
the section, so the kinds whose pages have them refuse them (:data:`RUBRIC_SECTIONS`,
:data:`CHECKLIST_SECTIONS`)."""
TOOL_SECTIONS = ("answers", "calibration", "members", "agreement")
"""The sections of the scoring and answering tools, on rubric and checklist pages alike."""
RUBRIC_SECTIONS = tuple(SECTION_IDS[name] for name in ("scoring", *TOOL_SECTIONS, "exemplars"))
CHECKLIST_SECTIONS = tuple(SECTION_IDS[name] for name in ("progress", *TOOL_SECTIONS))

BOOK_PDF = "guide.pdf"
"""The whole guide as one PDF (see :mod:`generator.book`), by its path in the site."""


@dataclass(frozen=True)
class Output:
    """A page or file a kind publishes: its address pattern and, for a page, its template."""

    pattern: str
    """A page by its path in the content folder (``rubrics/<id>/index.md``), any other file by
    its path in the site (``rubrics/<id>/<id>.pdf``)."""
    template: str = ""
    """The page's template in ``generator/templates/``."""


@dataclass(frozen=True)
class Kind:
    """One kind of file: where it lives, its model, checks, outputs and what a district may do
    with it."""

    name: str
    """Its name: the section in ``hide:`` (of a kind of one file), its schema file
    (``<name>.schema.json``), and what a checklist ``include``s (``standard/<id>``)."""
    location: str
    """Where its files are in a project as upstream lays it out, with ``<id>`` for kinds of many
    files; ``content/`` and ``rubrics/`` stand for the folders the settings name (see
    :data:`FOLDERS`)."""
    model: Any
    """The model class of one file, or a type such as ``list[Source]``."""
    attribute: str = ""
    """The attribute of :class:`~generator.guide.Guide` holding it: entries by id for kinds of
    many files, the model (or None) for single files; empty for a file outside the guide."""
    checks: tuple[Check, ...] = ()
    """What ``rubric-guide check`` verifies beyond one file's shape; their descriptions are
    the schemas'."""
    ids: str = ""
    """Where the ids other files refer to are, in a single file (``principles[*].id``); the file
    names are the ids of a kind of many."""
    outputs: Mapping[str, Output] = field(default_factory=dict)
    """The pages and files it publishes by name (``page``, ``sheet``, ``pdf``...)."""
    index: Output | None = None
    """The page listing every item of a kind of many, if it has one; its title is the
    message ``<section>.title``."""
    renders: str = ""
    """The renderer's method for pages that need more than the model (a rubric's and a
    checklist's tools); every other kind's pages are rendered alike."""
    context: str = ""
    """The name its page's template knows the content by."""
    hideable: bool = False
    """Whether ``hide:`` can leave the whole section out of the site."""
    translatable: bool = True
    """Whether ``rubric-guide translate`` extracts its texts; a source is cited under its own
    title, in its own language."""
    include: checklists.Extractor | None = None
    """How a checklist that ``include``s it gets its statements, if it can."""
    doc_model: type | None = None
    """The class whose docstring describes the file, when :attr:`model` is not a class."""
    suffixes: tuple[str, ...] = DATA_SUFFIXES
    """Endings its files may have."""

    @property
    def schema_file(self) -> str:
        """The name of its JSON Schema file, for editors."""
        return f"{self.name}.schema.json"

    @property
    def schema_path(self) -> str:
        """Its JSON Schema's path in the site."""
        return f"{SCHEMA_DIR}/{self.schema_file}"

    @property
    def entry_model(self) -> type[BaseModel]:
        """The model of one file, or of one entry of a file that is a list (a source)."""
        args = typing.get_args(self.model)
        model: type[BaseModel] = args[0] if args else self.model
        return model

    @property
    def many(self) -> bool:
        """Whether the kind has one file per item (``<id>`` in :attr:`location`)."""
        return ID in self.location

    @property
    def folder(self) -> str:
        """The setting naming the folder its files are in (a key of :data:`FOLDERS`'s values),
        or empty for the project's root."""
        return FOLDERS.get(self.location.partition("/")[0], "") if "/" in self.location else ""

    @property
    def file(self) -> str:
        """Its file's path inside :attr:`folder` (``scales.yml``, ``standards/<id>.yml``)."""
        return self.location.partition("/")[2] if self.folder else self.location

    @property
    def stem(self) -> str:
        """The file name without ending of a single-file kind (``principles``)."""
        return Path(self.location).stem

    @property
    def section(self) -> str:
        """Its name in ``hide:``: its pages' folder for kinds of many (``standards``,
        ``rubrics``), its name otherwise."""
        page = self.outputs.get("page")
        if self.many and page is not None:
            return page.pattern.partition("/")[0]
        return self.name

    @property
    def section_pages(self) -> list[str]:
        """The pages (or a folder prefix ending in ``/``) that hiding the section leaves out."""
        if self.many:
            return [f"{self.section}/"]
        return [o.pattern for o in self.outputs.values() if is_page(o.pattern)]

    def id_at(self, site_path: str, output: str = "page") -> str | None:
        """The id of the item whose ``output`` the site holds at ``site_path``
        (``rubrics/x/index.html`` is rubric ``x``'s page), or None."""
        pattern = dest_path(self.outputs[output].pattern)
        before, _, after = pattern.partition(ID)
        ident = site_path.removeprefix(before).removesuffix(after)
        found = site_path.startswith(before) and site_path.endswith(after) and "/" not in ident
        return ident if found and ident and pattern.replace(ID, ident) == site_path else None

    def paths(self, ident: str = "") -> Paths:
        """The addresses of item ``ident`` (or of the single file's pages)."""
        return Paths(self, ident)

    def describe(self) -> str:
        """What ``rubric-guide check`` verifies of its files, in a sentence, for the schemas."""
        named = ["the file name is an id"] if self.many else []
        return "; ".join([*named, *(check.describe(by_name) for check in self.checks)]) + "."


@dataclass(frozen=True)
class Paths:
    """The pages and files of one item, by the names of its kind's outputs: ``paths.page``,
    ``paths.sheet``, ``paths.pdf``, as Python and the templates read them."""

    kind: Kind
    id: str

    def of(self, name: str) -> str:
        """The output ``name`` of this item; raises KeyError if its kind has none."""
        return self.kind.outputs[name].pattern.replace(ID, self.id)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or "kind" not in self.__dict__:
            raise AttributeError(name)
        try:
            return self.of(name)
        except KeyError:
            raise AttributeError(f"{self.kind.name} has no output called {name!r}") from None

    @property
    def pages(self) -> tuple[str, ...]:
        """Every page of the item (its sheet too)."""
        return tuple(p for name in self.kind.outputs if is_page(p := self.of(name)))

    def folder(self) -> str:
        """The folder of the item's page in the site's sources."""
        return posixpath.dirname(self.of("page"))


RUBRIC = Kind(
    "rubric", f"rubrics/{ID}.yml", m.Rubric, "rubrics",
    checks=(
        Refers("scale", "scales", "scale", scalar=True, keep=True),
        levels_match_scale,
        Refers("principles[*]", "principles", "principle"),
        Unique("principles[*]", "principle", listed=True),
        Refers("sources[*]", "sources", "source"),
        Unique("sources[*]", "source", listed=True),
        Unique("criteria[*].id", "criterion id"),
        NotSection("criteria[*].id", "criterion id", RUBRIC_SECTIONS, "rubric"),
        Refers("criteria[*].principles[*]", "principles", "principle"),
        Unique("criteria[*].principles[*]", "principle", within="criteria[*]", listed=True),
        Refers("criteria[*].sources[*]", "sources", "source"),
        Unique("criteria[*].sources[*]", "source", within="criteria[*]", listed=True),
        Unique("exemplars[*].id", "exemplar id"),
        exemplars_match_rubric,
        no_placeholders,
    ),
    outputs={
        "page": Output(f"rubrics/{ID}/index.md", "rubric.md.j2"),
        "sheet": Output(f"rubrics/{ID}/sheet.md", "sheet_page.md.j2"),
        "pdf": Output(f"rubrics/{ID}/{ID}.pdf"),
        "canvas": Output(f"rubrics/{ID}/{ID}.canvas.csv"),
        "case": Output(f"rubrics/{ID}/{ID}.case.json"),
        "json": Output(f"rubrics/{ID}/{ID}.json"),
    },
    index=Output("rubrics/index.md", "rubric_index.md.j2"), context="rubric",
    renders="rubric_pages")
SCALES = Kind(
    "scales", "content/scales.yml", m.ScalesFile, "scales",
    checks=(Unique("scales[*].id", "scale id"),
            Unique("scales[*].levels[*].id", "level id", within="scales[*]"),
            Unique("scales[*].levels[*].label", "level label", within="scales[*]", fold=True)),
    ids="scales[*].id")
PRINCIPLES = Kind(
    "principles", "content/principles.yml", m.PrinciplesFile, "principles",
    checks=(Unique("principles[*].id", "principle id"),), ids="principles[*].id",
    outputs={"page": Output("principles.md", "principles.md.j2")}, context="principles",
    hideable=True)
FRAMEWORK = Kind(
    "framework", "content/framework.yml", m.Framework, "framework",
    checks=(Unique("phases[*].id", "phase id"),),
    outputs={"page": Output("framework.md", "framework.md.j2")}, context="framework",
    hideable=True)
STRATEGIES = Kind(
    "strategies", "content/strategies.yml", m.Strategies, "strategies",
    checks=(Unique("strategies[*].id", "strategy id"),
            Refers("sources[*]", "sources", "source"),
            Unique("sources[*]", "source", listed=True)),
    outputs={"page": Output("strategies.md", "strategies.md.j2")}, context="strategies",
    hideable=True, include=checklists.strategies)
KEY_SYSTEM_FEATURES = Kind(
    "key-system-features", "content/key-system-features.yml", m.KeySystemFeatures,
    "key_system_features",
    checks=(Unique("indicators.groups[*].items[*].id", "indicator id"),),
    outputs={"page": Output("key-system-features.md", "key_system_features.md.j2")},
    context="features", hideable=True, include=checklists.key_system_features)
EVIDENCE_OF_PRACTICE = Kind(
    "evidence-of-practice", "content/evidence-of-practice.yml", m.EvidenceOfPractice,
    "evidence_of_practice",
    checks=(Unique("items[*].id", "item id"),
            Refers("research[*].source", "sources", "source", scalar=True)),
    outputs={"page": Output("evidence-of-practice.md", "evidence_of_practice.md.j2")},
    context="evidence", hideable=True, include=checklists.evidence_of_practice)
STANDARD = Kind(
    "standard", f"content/standards/{ID}.yml", m.Standard, "standards",
    checks=(Unique("elements[*].id", "element id"), Refers("sources[*]", "sources", "source"),
            Unique("sources[*]", "source", listed=True)),
    outputs={"page": Output(f"standards/{ID}.md", "standard.md.j2")},
    index=Output("standards/index.md", "standard_index.md.j2"), context="standard",
    hideable=True, include=checklists.standard)
CHECKLIST = Kind(
    "checklist", f"content/checklists/{ID}.yml", m.Checklist, "checklists",
    checks=(checklist_has_items, checklist_items(CHECKLIST_SECTIONS),
            Unique("responses[*]", "response", fold=True)),
    outputs={"page": Output(f"checklists/{ID}.md", "checklist.md.j2"),
             "sheet": Output(f"checklists/{ID}/sheet.md", "checklist_sheet.md.j2")},
    index=Output("checklists/index.md", "checklist_index.md.j2"), context="checklist",
    renders="checklist_pages", hideable=True)
SOURCES = Kind(
    "sources", "content/sources.yml", list[m.Source], "sources",
    checks=(Unique("[*].id", "source id"),), ids="[*].id",
    outputs={"page": Output("sources.md", "sources.md.j2")}, doc_model=m.SourcesFile,
    translatable=False,
    suffixes=(*DATA_SUFFIXES, ".json"))
DISTRICT = Kind(
    "district", DISTRICT_FILE, District,
    checks=(Elsewhere(
        "`language` is one the guide has messages in; `levels`, `hide` and `logo` name what "
        "the guide holds; `pages` are pages of the content folder that neither the navigation "
        "of mkdocs.yml nor the guide's generated pages hold, and `after` names an entry of "
        "the navigation; colours pass WCAG AA contrast; the same checks as the plugin's "
        "options in mkdocs.yml"),))
"""district.yml: a file of settings, not of content; it has its JSON Schema and its section of
the format reference, and is checked with the plugin's options (see :mod:`.options`)."""

KINDS: tuple[Kind, ...] = (RUBRIC, SCALES, PRINCIPLES, FRAMEWORK, STRATEGIES,
                           KEY_SYSTEM_FEATURES, EVIDENCE_OF_PRACTICE, STANDARD, CHECKLIST, SOURCES)
"""Every kind of content, in the order the guide's pages, the format reference and the schemas
present them. Every stage reads it when it runs (``kinds.KINDS``), so a kind added here is
loaded, checked, rendered, hidden and documented."""

REFERENCE_SECTION = "reference"
"""The generated reference pages, which ``hide:`` can leave out like a kind's section."""


def file_kinds() -> tuple[Kind, ...]:
    """Every kind of YAML file with a schema and a section of the format reference: the
    content's, and district.yml."""
    return (*KINDS, DISTRICT)


def by_name(name: str) -> Kind | None:
    """The kind called ``name``, if there is one."""
    return next((kind for kind in file_kinds() if kind.name == name), None)


def page_of(name: str, ident: str = "") -> str:
    """The page of the kind called ``name`` (of its item ``ident``), for templates:
    ``url(page_of('principles'), 'trust')``."""
    kind = by_name(name)
    if kind is None:
        raise KeyError(f"no kind of content is called {name!r}")
    return kind.paths(ident).page


def sections() -> tuple[str, ...]:
    """Sections of the guide that ``hide:`` can leave out as a whole."""
    return (*(k.section for k in KINDS if k.hideable), REFERENCE_SECTION)


def items_by_section() -> dict[str, Kind]:
    """Kinds of many files by the name ``hide:`` gives one of them: ``rubrics/<id>``..."""
    return {kind.section: kind for kind in KINDS if kind.many and kind.outputs}


def section_pages(section: str) -> list[str]:
    """The pages (or folder prefixes ending in ``/``) of a section named in ``hide:``."""
    if section == REFERENCE_SECTION:
        return [posixpath.dirname(REFERENCE_PAGE) + "/"]
    for kind in KINDS:
        if kind.hideable and kind.section == section:
            return kind.section_pages
    return []


def known_file_names() -> list[str]:
    """The names a single-file kind's file can have in the content folder, for hints."""
    return [f"{k.stem}{suffix}" for k in KINDS if not k.many and k.folder == "docs_dir"
            for suffix in k.suffixes]


def addresses(kind: Kind, ids: Iterable[str] | None) -> Iterator[tuple[str, str, str]]:
    """Every page and file ``kind`` publishes: its path, what it is (``the sheet of rubric 'x'``)
    and the id of its item (empty for an index or a single file's page). For a kind of many,
    its index and the outputs of each of ``ids`` when there are any; for a single file, its
    outputs, unless ``ids`` is None (the guide has no such file)."""
    if not kind.many:
        if ids is not None:
            yield from ((output.pattern, f"the {kind.name} {name}", "")
                        for name, output in kind.outputs.items())
        return
    idents = list(ids or ())
    if idents and kind.index is not None:
        yield kind.index.pattern, f"the {kind.section} index", ""
    for ident in idents:
        paths = kind.paths(ident)
        yield from ((paths.of(name), f"the {name} of {kind.name} '{ident}'", ident)
                    for name in kind.outputs)


def guide_addresses() -> Iterator[tuple[str, str]]:
    """The pages and files every guide publishes besides its kinds': the format reference and
    the JSON Schemas."""
    yield REFERENCE_PAGE, "the format reference"
    yield from ((kind.schema_path, f"the JSON Schema of {kind.name}") for kind in file_kinds())
