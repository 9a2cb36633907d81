"""Stage 2: the data classes of a rubric guide.

These classes are the single description of the YAML format: validation, the format reference
page and the JSON Schemas editors use (generator/schema.py) are all derived from them. Each
field's docstring is its documentation, so write it for a district editor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import csl
from .errors import KeyPath
from .safety import link_problem, markdown_problems

MAX_TEXT = 10_000
"""The longest text or Markdown field, in characters: far above any real descriptor or
paragraph, and short enough that rendering stays quick whatever the text holds."""


def _refuse(kind: str, check: Callable[[str], list[str]]) -> Callable[[str], str]:
    """A validator that raises the first of ``check``'s reasons as a ``kind`` error."""

    def validate(value: str) -> str:
        reasons = check(value)
        if reasons:
            more = f" (and {len(reasons) - 1} more in this text)" if len(reasons) > 1 else ""
            # The reason goes in the context: a brace in the user's text is not a placeholder.
            raise PydanticCustomError(kind, "{reason}", {"reason": reasons[0] + more})
        return value

    return validate


def _link_reasons(url: str) -> list[str]:
    if any(ch.isspace() or ch in '<>"' or ord(ch) < 32 for ch in url):
        return ["an address cannot contain spaces, quotes, < or >: percent-encode them "
                "(%20, %22, %3C, %3E)"]
    problem = link_problem(url)
    return [problem] if problem else []


ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
"""What an id is: lowercase letters and digits, in words joined by single hyphens. Ids name
pages and anchors, and files (a rubric's file name is its id), so the model, the validator, the
scaffold and the in-page tools all use this one rule."""

Slug = Annotated[
    str,
    StringConstraints(pattern=f"^{ID_PATTERN}$"),
    Field(json_schema_extra={"x-kind": "id"}),
]
"""An identifier used in page addresses: lowercase letters, digits and hyphens."""

Text = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TEXT),
    Field(json_schema_extra={"x-kind": "text"}),
]
"""Plain text, published exactly as written."""

SourceId = Annotated[str, Field(json_schema_extra={"x-kind": "source id"})]
"""The id of an entry in `content/sources.yml`."""

Number = Annotated[int, Strict()]
"""A whole number, written as one: ``yes`` or ``"3"`` is refused rather than read as 1 or 3."""

Markdown = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_refuse("unsafe_markdown", markdown_problems)),
    Field(json_schema_extra={"x-kind": "markdown"}),
]
"""Text that may use Markdown: **bold**, *italic*, links and [@source] citations (or
[@source, p. 12], saying where in the source). Its HTML is sanitized, and links must be
http(s), mailto or relative."""

Link = Annotated[
    str, StringConstraints(min_length=1),
    AfterValidator(_refuse("unsafe_link", _link_reasons)),
    Field(json_schema_extra={"x-kind": "link"}),
]
"""A web address (http or https), a mailto: address, or a page of the guide such as
`principles.md#trust`."""


class Model(BaseModel):
    """Base for every YAML shape: unknown keys are errors, docstrings document fields."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


# --- Scales and rubrics ---------------------------------------------------------------------


class Level(Model):
    """One performance level of a scale."""

    id: Slug = Field(examples=["proficient"])
    """Identifier the criteria use for their descriptor at this level."""
    label: Text = Field(examples=["Proficient"])
    """Name shown in column headings, sheets and exports."""
    score: Number | None = Field(default=None, examples=[3])
    """Points for this level, used for totals and exports. Leave out if the scale has no scores."""


class Scale(Model):
    """An ordered set of performance levels, lowest first, shared by any number of rubrics."""

    id: Slug = Field(examples=["four-level"])
    """Identifier rubrics use in their `scale` key."""
    title: Text = Field(examples=["Four levels"])
    """Name of the scale, for editors."""
    levels: list[Level] = Field(min_length=2)
    """The levels from lowest to highest."""

    @property
    def scored(self) -> bool:
        """Whether every level carries a score, so answers add up to a total."""
        return all(level.score is not None for level in self.levels)

    def max_score(self, criteria: int) -> int | None:
        """The highest total of ``criteria`` criteria: each at the best-scored level; None when
        the scale has no scores. Sheets print it and the scoring tool is given it."""
        scores = [level.score for level in self.levels]
        if None in scores:
            return None
        return criteria * max(score for score in scores if score is not None)


class ScalesFile(Model):
    """`content/scales.yml`: the named scales of the guide."""

    scales: list[Scale] = Field(min_length=1)
    """Every scale rubrics may refer to by id."""


class Criterion(Model):
    """One row of a rubric: what is assessed, with a descriptor for each level."""

    id: Slug = Field(examples=["roles-and-responsibilities"])
    """Identifier, unique within the rubric; becomes the criterion's anchor (`#id`)."""
    title: Text = Field(examples=["Clarity of Roles & Responsibilities"])
    """Name of the criterion."""
    description: Markdown | None = None
    """Optional explanation shown under the title."""
    levels: dict[str, Text] = Field(
        examples=[{"emerging": "Roles and responsibilities are unclear, leading to confusion "
                   "and inefficiencies."}]
    )
    """Exactly one descriptor per level of the rubric's scale, keyed by level id."""
    evidence_prompts: list[Text] = Field(default_factory=list)
    """Optional questions or examples that help a team decide what counts as evidence."""
    principles: list[Slug] = Field(default_factory=list, examples=[["clear-expectations"]])
    """Ids of the foundational principles this criterion serves."""
    sources: list[SourceId] = Field(default_factory=list)
    """Ids of research sources supporting this criterion."""


class Exemplar(Model):
    """A piece of work the guide's editors scored with the rubric, for a team to score on its
    own and then compare with: its master scores and why each was given."""

    id: Slug = Field(examples=["team-a-minutes"])
    """Identifier, unique within the rubric; the exemplar's anchor (`#exemplar-<id>`)."""
    title: Text = Field(examples=["Team A: a term of meeting minutes"])
    """Name of the exemplar."""
    description: Markdown | None = None
    """What the work is, and what to look at while scoring it."""
    link: Link | None = Field(default=None, examples=["exemplars/team-a-minutes.pdf"])
    """Where to read or watch the work: a web address, or a file or page of the guide by its
    path in `content/`, such as `exemplars/team-a-minutes.pdf`."""
    scores: dict[str, str] = Field(default_factory=dict,
                                   examples=[{"roles-and-responsibilities": "proficient"}])
    """The master scores: a level id for each criterion id the editors scored."""
    rationale: dict[str, Markdown] = Field(
        default_factory=dict,
        examples=[{"roles-and-responsibilities": "Every meeting names who leads each task."}])
    """Why each master score was given, by criterion id. The rubric page keeps it folded, so
    that a team can score first."""


class Rubric(Model):
    """`rubrics/<id>.yml`: one rubric. The file name (without `.yml`) is its id and address."""

    title: Text = Field(examples=["Strengthening Collaboration Structures"])
    """Name of the rubric."""
    summary: Markdown | None = None
    """Optional introduction shown above the matrix."""
    scale: Slug = Field(examples=["four-level"])
    """The id of a scale in `content/scales.yml`; rubrics sharing a scale share its labels."""
    evidence_column: bool = True
    """Show an Evidence column for notes beside the levels."""
    principles: list[Slug] = Field(default_factory=list)
    """Ids of principles the rubric as a whole serves."""
    sources: list[SourceId] = Field(default_factory=list)
    """Ids of research sources behind the rubric."""
    criteria: list[Criterion] = Field(min_length=1)
    """The rows of the rubric, in the order they are shown."""
    exemplars: list[Exemplar] = Field(default_factory=list)
    """Works the guide's editors scored with this rubric (anchors), shown on the rubric page:
    a team scores one, then takes its master scores as the key in team calibration."""


# --- Principles and framework ---------------------------------------------------------------


class Principle(Model):
    """A foundational principle that criteria serve."""

    id: Slug = Field(examples=["shared-responsibility"])
    """Identifier criteria use in their `principles` list; the principle's anchor."""
    title: Text = Field(examples=["Shared Responsibility"])
    """Name of the principle."""
    description: Text
    """What the principle means."""


class PrinciplesFile(Model):
    """`content/principles.yml`: the foundational principles."""

    title: Text = Field(examples=["Foundational Principles"])
    """Heading of the principles page."""
    intro: Markdown | None = None
    """Optional introduction."""
    principles: list[Principle] = Field(min_length=1)
    """The principles, in order."""


class Step(Model):
    """One step of a framework phase."""

    title: Text = Field(examples=["Assess Current Structures"])
    """Short name of the step."""
    description: Text
    """What the step involves."""


class Phase(Model):
    """A phase of the framework."""

    id: Slug = Field(examples=["sustaining"])
    """Identifier; the phase's anchor on the framework page."""
    title: Text
    """Name of the phase."""
    steps: list[Step] = Field(default_factory=list)
    """The steps of the phase, in order."""
    link: Link | None = Field(default=None, examples=["principles.md"])
    """A page of the guide that describes this phase, such as `principles.md`."""


class Framework(Model):
    """`content/framework.yml`: the phases of the framework."""

    title: Text
    """Heading of the framework page."""
    intro: Markdown | None = None
    """Optional introduction."""
    phases: list[Phase] = Field(min_length=1)
    """The phases, in order."""


# --- Strategies, key system features, evidence of practice ----------------------------------


class Strategy(Model):
    """One strategy."""

    id: Slug
    """Identifier; the strategy's anchor."""
    title: Text
    """Name of the strategy."""
    description: Text
    """What the strategy involves."""


class Strategies(Model):
    """`content/strategies.yml`: strategies for building the culture."""

    title: Text
    """Heading of the strategies page."""
    attribution: Text | None = None
    """Who wrote the original text, when it has no entry in the sources."""
    sources: list[SourceId] = Field(default_factory=list)
    """Ids of the sources the strategies are quoted from; shown above them with a link to
    each full reference."""
    intro: list[Markdown] = Field(default_factory=list)
    """Paragraphs before the strategies."""
    strategies: list[Strategy] = Field(min_length=1)
    """The strategies, in order."""
    conclusion: list[Markdown] = Field(default_factory=list)
    """Paragraphs after the strategies."""


class Item(Model):
    """A statement that can be checked off, with a stable id."""

    id: Slug
    """Identifier, unique within its list; the item's anchor."""
    text: Text
    """The statement."""


class FeatureSection(Model):
    """A section of the key system features page."""

    id: Slug
    """Identifier; the section's anchor."""
    title: Text
    """Heading of the section."""
    paragraphs: list[Markdown] = Field(default_factory=list)
    """Paragraphs of the section."""
    items: list[Text] = Field(default_factory=list)
    """Bulleted points that follow the paragraphs."""


class IndicatorGroup(Model):
    """A group of indicators under an optional lead-in."""

    title: Text | None = None
    """Lead-in shown above the group, if any."""
    items: list[Item] = Field(min_length=1)
    """The indicators."""


class IndicatorList(Model):
    """A titled list of indicators, in groups."""

    title: Text
    """Heading of the list."""
    groups: list[IndicatorGroup] = Field(min_length=1)
    """The groups of indicators."""


class KeySystemFeatures(Model):
    """`content/key-system-features.yml`: the key system features."""

    title: Text
    """Heading of the page."""
    summary: Text | None = None
    """Opening statement."""
    sections: list[FeatureSection] = Field(default_factory=list)
    """Sections of the page."""
    indicators: IndicatorList | None = None
    """Indicators that tell whether the system has the feature."""


class Quote(Model):
    """A quotation from a research source."""

    text: Text
    """The quoted words, without surrounding quotation marks."""
    source: SourceId
    """Id of the source quoted; the citation is generated from it."""


class EvidenceOfPractice(Model):
    """`content/evidence-of-practice.yml`: evidence of practice with the research behind it."""

    title: Text
    """Heading of the page."""
    intro: Text | None = None
    """Opening statement."""
    culture: Text | None = None
    """The culture the evidence describes."""
    items: list[Item] = Field(min_length=1)
    """The evidence-of-practice statements, in order."""
    research: list[Quote] = Field(default_factory=list)
    """Quotations summarizing the research."""


# --- Standards ------------------------------------------------------------------------------


class Element(Model):
    """An element of a standard, with numbered indicators."""

    id: Slug = Field(examples=["a"])
    """Identifier; indicators are addressed as `<element id>.<number>`, e.g. `a.1`."""
    letter: Text = Field(examples=["A"])
    """Letter shown before the title."""
    title: Text = Field(examples=["Collaborative Culture"])
    """Name of the element."""
    description: Text
    """What the element asks for."""
    indicators_lead: Text | None = Field(default=None, examples=["Quality professional learning:"])
    """Words that lead into every indicator."""
    indicators: list[Text] = Field(min_length=1)
    """The indicators, numbered in this order."""

    def indicator_id(self, number: int) -> str:
        """The anchor of indicator ``number`` (from 1), where the standard's page shows it and
        checklists that include it link to: ``a-1``."""
        return f"{self.id}-{number}"


class Standard(Model):
    """`content/standards/<id>.yml`: a standard. The file name is its id and address."""

    title: Text
    """Name of the standard."""
    collection: Text | None = None
    """The set of standards it belongs to."""
    statement: Text
    """The standard statement."""
    intro: list[Markdown] = Field(default_factory=list)
    """Paragraphs that explain the standard."""
    sources: list[SourceId] = Field(default_factory=list)
    """Ids of the sources the standard is published in."""
    elements: list[Element] = Field(min_length=1)
    """The elements of the standard."""


# --- Self-assessment checklists -------------------------------------------------------------

class Checklist(Model):
    """`content/checklists/<id>.yml`: a self-assessment checklist. The file name is its id.

    Items are written here, or taken from elsewhere in the guide with `include`, so that no
    statement is written twice.
    """

    title: Text = Field(examples=["Collaboration and Shared Accountability indicators"])
    """Name of the checklist."""
    intro: Markdown | None = None
    """Optional introduction shown above the items."""
    responses: list[Text] | None = Field(default=None, min_length=2,
                                         examples=[["Not yet", "In progress", "In place"]])
    """The answers a person can give each item, from least to most in place. Leave out for
    the interface language's own: Not yet / In progress / In place."""
    include: list[str] = Field(
        default_factory=list, examples=[["standard/collaboration-and-shared-accountability"]])
    """Items taken from the guide: `standard/<id>` (its indicators), `evidence-of-practice`,
    `key-system-features` (its indicators) or `strategies`."""
    items: list[Item] = Field(default_factory=list)
    """Items written for this checklist, after any included ones."""


# --- Sources (CSL-JSON) ---------------------------------------------------------------------

class Source(BaseModel):
    """A research source as a CSL-JSON entry (what Zotero's `Export → CSL JSON` writes).

    Common keys are `id`, `type`, `title`, `author`, `issued`, `publisher`,
    `container-title` and `URL`; every CSL-JSON variable is accepted.
    """

    # Any CSL-JSON variable, and nothing else: the schema names them for editors, as the
    # validator below does for `rubric-guide check`.
    model_config = ConfigDict(
        extra="allow", use_attribute_docstrings=True, frozen=True,
        json_schema_extra={"propertyNames": {"enum": list[JsonValue](sorted(csl.CSL_FIELDS))}},
    )

    id: Slug = Field(examples=["parrett-budge-2012"])
    """Key used to cite the source: `sources: [id]` in YAML, `[@id]` in Markdown (`[@id, p. 12]`
    says where in it)."""
    type: Text = Field(examples=["book"])
    """CSL item type, such as `book`, `report`, `webpage`, `article-journal`."""
    title: Text | None = None
    """Title of the work."""
    author: list[dict[str, str]] = Field(
        default_factory=list, examples=[[{"family": "Parrett", "given": "William H."}]]
    )
    """Authors as `{family, given}` or `{literal}` for organizations."""
    URL: Link | None = Field(default=None, title="URL")
    """Address of the work online, without tracking parameters."""

    @model_validator(mode="wrap")
    @classmethod
    def _csl_shapes(cls, data: Any, handler: Callable[[Any], Source]) -> Source:
        """Report every key that is not CSL-JSON or not shaped like its variable, together
        with the field errors pydantic finds, so one run lists them all."""
        found = list(csl.problems(data)) if isinstance(data, dict) else []
        errors = [
            InitErrorDetails(type=PydanticCustomError(kind, "{reason}", {"reason": message}),
                             loc=loc, input=_at(data, loc))
            for loc, kind, message in found
        ]
        try:
            source = handler(data)
        except ValidationError as exc:
            # Raised again as custom errors of the same type, message and context, since
            # pydantic rebuilds only its own error types from their names.
            errors = [
                InitErrorDetails(type=PydanticCustomError(
                    error["type"], "{reason}", {**error.get("ctx", {}), "reason": error["msg"]}),
                    loc=error["loc"], input=error["input"])
                for error in exc.errors()
            ] + errors
            raise ValidationError.from_exception_data(cls.__name__, errors) from None
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return source

    def csl(self) -> dict[str, Any]:
        """The entry as CSL-JSON, ready for a citation processor."""
        return self.model_dump(mode="json", exclude_none=True, by_alias=True)


def _at(data: Any, loc: KeyPath) -> Any:
    for part in loc:
        data = data[part]
    return data


class SourcesFile(BaseModel):
    """`content/sources.yml` (or `sources.json`): a list of CSL-JSON entries."""

    model_config = ConfigDict(frozen=True)

    entries: list[Source]
