"""Stage 4: render a :class:`~generator.model.Guide` into Markdown pages through Jinja.

Templates are looked up in the project's ``overrides/`` folder first and in
``generator/templates/`` second, so a fork replaces one partial by giving a file the same name;
the override can ``{% extends "rubric-guide/<name>" %}`` and change one block with ``super()``.
Rendering happens before MkDocs touches ``site/``, so a template error never costs a good site.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.meta
import yaml
from markdown.extensions.toc import unique
from markupsafe import Markup, escape

from . import kinds
from .checklists import ChecklistGroup, headed
from .citations import Bibliography, citations_in, cite_each
from .compiled import GENERATOR_TEMPLATES
from .errors import ContentError, Problem, did_you_mean
from .guide import Checklist, Entry, Guide, Rubric
from .i18n import DEFAULT_LANGUAGE, Messages, fill, load_messages
from .incremental import Inputs, Reuse, fingerprint, shared_inputs
from .kinds import REFERENCE_PAGE, SOURCES, Kind
from .markdown_code import Code, outside_code, replaced
from .parallel import Job
from .reference import format_reference
from .safety import markdown_inert, markdown_to_html, sanitize
from .schema import editor_lines
from .settings import HOME_PAGE, Branding
from .sheets import ASSETS_DIR, SheetSettings, read_asset
from .spool import Spool
from .tools import checklist_data, rubric_data
from .translate import Fallback
from .urls import DEFAULT_HEADING_IDS, HeadingIds, link, url_for

E = TypeVar("E", bound=Entry[Any])

TEMPLATES_DIR = Path(__file__).parent / "templates"

MARKER_NAME = re.compile(r"[a-z-]+")
"""A generated block's name, as a marker gives it."""

MARKER = re.compile(rf"<!--\s*rubric-guide:\s*({MARKER_NAME.pattern})\s*-->")
"""Where a hand-written page asks for a generated block, e.g. the framework overview."""


def markers_in(markdown: str) -> Iterator[re.Match[str]]:
    """Each :data:`MARKER` of ``markdown``; one written in code (`` `<!-- rubric-guide: x -->` ``,
    a code block) is an example of the syntax, neither replaced nor checked."""
    if "rubric-guide" not in markdown:
        return iter(())
    return outside_code(MARKER, markdown)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")
_MD_URL_SPECIAL = re.compile(r"[\s()<>\[\]\\`\"']")
HTML_PLACEHOLDER = re.compile(r"<!-- rubric-guide-html (\d+) -->")
_ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')
_MD_HEADING = re.compile(
    r"^(?P<heading>#{1,6}[ \t]+(?P<md>.+?))(?:[ \t]+(?P<attributes>\{[^}\n]*\}))?[ \t]*$", re.M)


CitedSection = tuple[str, str | None, str | None]
"""A citation in a page: the source's id, and the anchor and text of the heading it follows
(see :func:`cited_sections`)."""


@dataclass
class Page:
    """A generated page: where it goes and its Markdown.

    Templates mark blocks of finished HTML with ``{% filter html_block %}``. MkDocs gets
    :attr:`text`, where each such block is a placeholder comment, and the plugin puts the HTML
    back into MkDocs' output with :meth:`restore`: Python-Markdown would otherwise parse every
    tag of a rubric's matrix twice only to pass it through unchanged, which is most of the time
    MkDocs spends on a large guide.
    """

    src_uri: str
    title: str
    text: str = ""
    """The Markdown MkDocs converts, with placeholders for :attr:`html_blocks`."""
    in_nav: bool = True
    """False for the pages of single rubrics, sheets, standards and checklists: readers reach
    them from their section's index page, and leaving them out of the navigation keeps every
    page's sidebar the same size however many rubrics a guide has."""
    _blocks: list[str] = field(default_factory=list, repr=False)
    """The HTML blocks while they are held in memory (see :meth:`spool`)."""
    cites: list[str] = field(default_factory=list)
    """The sources the page cites, in order, for the sources page's "Cited in" lists."""

    _spooled: tuple[Path, list[int]] | None = field(default=None, repr=False, compare=False)
    """Where :meth:`spool` put the HTML blocks, one after the other, and where each ends."""
    _whole: tuple[str, int, str] | None = field(default=None, repr=False, compare=False)
    """:attr:`markdown` as last made, with the text and number of blocks it was made from."""
    _cited: tuple[str, int, HeadingIds, list[CitedSection]] | None = field(
        default=None, repr=False, compare=False)
    """:meth:`cited_sections` as last read, with the text and number of blocks it was read
    from (not the whole Markdown, which would hold a spooled page's blocks again)."""

    @property
    def html_blocks(self) -> list[str]:
        """The finished HTML that :attr:`text` holds placeholders for, in order."""
        if self._spooled is None:
            return self._blocks
        path, ends = self._spooled
        kept = path.read_text(encoding="utf-8")
        return [kept[start:end] for start, end in zip([0, *ends], ends, strict=False)]

    @property
    def markdown(self) -> str:
        """The page's complete Markdown, HTML blocks included; kept for the next time only
        while the blocks are held in memory (in a preview)."""
        if self._spooled is not None:
            return self.restore(self.text)
        made = self._whole
        if made is None or made[0] is not self.text or made[1] != len(self._blocks):
            made = self._whole = (self.text, len(self._blocks), self.restore(self.text))
        return made[2]

    def cited_sections(self, ids: HeadingIds = DEFAULT_HEADING_IDS) -> list[CitedSection]:
        """:func:`cited_sections` of :attr:`markdown`, read again only when it changed: a
        preview takes most of its pages from its earlier builds, as they were."""
        read = self._cited
        if read is None or read[0] is not self.text or read[1] != len(self._blocks) or (
                read[2] != ids):
            read = self._cited = (self.text, len(self._blocks), ids,
                                  cited_sections(self.markdown, ids))
        return read[3]

    def hold(self, fragment: str) -> Markup:
        """A placeholder for the HTML ``fragment``, kept in :attr:`html_blocks`; whitespace
        around it stays in the Markdown, where it separates blocks."""
        body = fragment.strip()
        if not body:
            return Markup(fragment)
        self._blocks.append(body)
        lead = fragment[: len(fragment) - len(fragment.lstrip())]
        trail = fragment[len(fragment.rstrip()):]
        return Markup(f"{lead}{_placeholder(len(self._blocks) - 1)}{trail}")

    def add_part(self, part: Part) -> Markup:
        """``part``, rendered for this page, as a piece of its text: its HTML blocks and
        citations become the page's."""
        if part.cites:
            self.cites += part.cites
        if not part.blocks:
            return part.text
        first = len(self._blocks)
        self._blocks += part.blocks
        return Markup(HTML_PLACEHOLDER.sub(lambda m: _placeholder(first + int(m.group(1))),
                                           part.text))

    def spool(self, spool: Spool) -> None:
        """Keep the page's HTML blocks in ``spool`` instead of in memory, once it is
        rendered: a large guide's blocks would otherwise stay in memory until MkDocs has
        converted every page (see :mod:`.spool`)."""
        if not self._blocks:
            return
        ends = list(itertools.accumulate(len(block) for block in self._blocks))
        self._spooled = (spool.write(f"blocks/{self.src_uri}", "".join(self._blocks)), ends)
        self._blocks = []

    def restore(self, text: str) -> str:
        """``text`` (Markdown or MkDocs' HTML of this page) with the HTML blocks put back."""
        if not self._blocks and self._spooled is None:
            return text
        blocks = self.html_blocks
        return HTML_PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))], text)

    def anchor_ids(self) -> set[str]:
        """The ids of elements in the HTML blocks, which links from other pages may target."""
        return {html.unescape(m.group(1)) for block in self.html_blocks
                for m in _ID_ATTRIBUTE.finditer(block)}

    def headings_yield(self, ids: HeadingIds = DEFAULT_HEADING_IDS) -> None:
        """Give each heading of :attr:`text` that MkDocs would name like an element of the
        page's HTML (a checklist item, a criterion) an id of its own, as MkDocs names the
        second of two headings alike (``general_1``). The element keeps its id: search, sheets
        and exports link to it, while MkDocs' table of contents sees headings only."""
        taken: set[str] | None = None
        code: Code | None = None

        def own_id(match: re.Match[str]) -> str:
            nonlocal taken, code
            attributes = match.group("attributes")
            if attributes is not None and "#" in attributes:
                return match.group()
            anchor = heading_anchor(match.group("md"), ids)
            if taken is None:
                if not self._holds_id(anchor):
                    return match.group()
                taken = {html.unescape(m.group(1)) for m in _ID_ATTRIBUTE.finditer(
                    self.restore(self.text))}
            if anchor not in taken:
                return match.group()
            code = code or Code(self.text)
            if match.start() in code:  # "# x" in a code block is no heading
                return match.group()
            own = unique(anchor, taken)
            if attributes is None:
                return f"{match.group()} {{ #{own} }}"
            return f"{match.group('heading')} {{{attributes.rstrip()[:-1]} #{own} }}"

        self.text = _MD_HEADING.sub(own_id, self.text)

    def _holds_id(self, anchor: str) -> bool:
        needle = f' id="{anchor}"'
        return any(needle in text for text in (self.text, *self.html_blocks))


def _placeholder(index: int) -> str:
    return f"<!-- rubric-guide-html {index} -->"


@dataclass(frozen=True)
class Part:
    """A piece of a page's text rendered on its own (one item's card on an index, see
    :meth:`Renderer.part`), with the HTML blocks it holds and the sources it cites."""

    text: Markup
    blocks: list[str]
    cites: list[str]


@jinja2.pass_context
def html_block(context: jinja2.runtime.Context, fragment: str) -> Markup:
    """Filter: finished HTML that Markdown need not parse (see :class:`Page`)."""
    page = context.get("page")
    return page.hold(fragment) if isinstance(page, Page) else Markup(fragment)


@dataclass(frozen=True)
class CitedAt:
    """Where a source is cited: a page and, when the citation is under one of its headings
    (below the page's title), that heading's anchor and text."""

    src_uri: str
    page: str
    anchor: str | None = None
    section: str | None = None


@dataclass
class Citations:
    """Which pages (and sections) cite which sources, for the "Cited in" lists."""

    by_source: dict[str, dict[tuple[str, str | None], CitedAt]] = field(
        default_factory=lambda: defaultdict(dict))

    def add(self, source_ids: Iterable[str], src_uri: str, title: str,
            sections: list[CitedSection]) -> None:
        """Record the citations of ``source_ids`` in the page ``src_uri`` titled ``title``,
        each under the heading it follows there, as the page's :func:`cited_sections` say."""
        wanted = dict.fromkeys(source_ids)
        if not wanted:
            return
        found = set()
        for cited_id, anchor, section in sections:
            if cited_id in wanted:
                found.add(cited_id)
                self.by_source[cited_id].setdefault(
                    (src_uri, anchor), CitedAt(src_uri, title, anchor, section))
        for source_id in wanted:
            if source_id not in found:
                self.by_source[source_id].setdefault((src_uri, None), CitedAt(src_uri, title))


class Renderer:
    """Renders every generated page of a guide, and the generated parts of hand-written ones."""

    def __init__(self, guide: Guide, overrides_dir: Path | None = None,
                 site_name: str = "", sheet: SheetSettings | None = None,
                 messages: Messages | None = None, branding: Branding | None = None,
                 directory_urls: bool = True, *, book: bool = True,
                 links_from_source: bool = False,
                 heading_ids: HeadingIds = DEFAULT_HEADING_IDS) -> None:
        self.guide = guide
        self.directory_urls = directory_urls
        """Whether links name folders (``x/``) or files (``x/index.html``), as MkDocs writes."""
        self.heading_ids = heading_ids
        """The ids MkDocs gives headings (see :class:`.urls.HeadingIds`)."""
        self.links_from_source = links_from_source
        """Whether links are relative to the folder of the page's source file rather than to
        its address (see :class:`.staged.Engine`)."""
        self.sheet = sheet or SheetSettings(guide=site_name)
        self.t = messages or load_messages(DEFAULT_LANGUAGE)
        self.bibliography = Bibliography(guide.sources, locale=self.t.citation_locale,
                                         retrieved=self.t("language.citation_retrieved"))
        self.site_name = site_name
        self.book_pdf = kinds.BOOK_PDF if self.sheet.pdf and book else ""
        """The whole guide as one PDF, by its path in the site; empty when there is none
        (``pdf: false``, or a preview, which leaves it out)."""
        self.reuse: Reuse | None = None
        """What earlier builds of a preview rendered, taken where its inputs are unchanged
        (see :meth:`reusing`)."""
        self.inputs: Inputs | None = None
        self.spool: Spool | None = None
        """Where each page's HTML blocks are kept once it is rendered, instead of in memory
        (see :meth:`Page.spool`); None keeps them in memory."""
        self._placeable: dict[str, bool] = {}
        """Whether a marker can place each block a page has named (see :meth:`places`)."""
        generator_templates = jinja2.FileSystemLoader(TEMPLATES_DIR)
        loaders: list[jinja2.BaseLoader] = []
        if overrides_dir is not None and overrides_dir.is_dir():
            loaders.append(jinja2.FileSystemLoader(overrides_dir))
        # An override extends the template it replaces as "rubric-guide/<name>", so it can
        # fill one block and call super() instead of copying the whole file.
        loaders += [generator_templates,
                    jinja2.PrefixLoader({"rubric-guide": generator_templates})]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # A renderer lives for one build, so templates need not be re-checked on disk
            # each time a page includes them.
            auto_reload=False,
            bytecode_cache=GENERATOR_TEMPLATES,
        )
        self.env.filters["md_inline"] = md_inline
        self.env.filters["md_url"] = md_url
        self.env.filters["md_prose"] = md_prose
        self.env.filters["md_message"] = md_message
        self.env.filters["yaml_string"] = yaml_string
        self.env.filters["css_string"] = css_string
        self.env.filters["css_counters"] = css_counters
        self.env.globals.update(t=self._message, tl=self.t.list, brand=branding or Branding(),
                                responses=self.responses, page_of=kinds.page_of,
                                section_ids=kinds.SECTION_IDS,
                                content_lang=self.content_lang, home_page=HOME_PAGE,
                                content_language=self.sheet.content_language
                                if self.content_lang else "",
                                book_pdf=self.book_pdf)
        self.env.filters["html_block"] = html_block

    @property
    def content_lang(self) -> Markup:
        """`` lang="en"`` for an element holding the guide's content, where its language is
        not the interface's (WCAG 3.1.2); nothing where they are the same."""
        content = self.sheet.content_language
        return Markup(f' lang="{escape(content)}"') if content != self.t.language else Markup()

    # -- the recipe --------------------------------------------------------------------------

    def pages(self, handwritten: dict[str, str] | None = None, *,
              fork: bool = False) -> list[Page]:
        """Render every generated page, kind by kind as the registry lists them. ``handwritten``
        maps the hand-written pages' src_uri to their Markdown, so the sources page can list
        where they cite; it comes last, as it lists where every other page cites.

        With ``fork``, a copy of the process renders the second half of the rubrics meanwhile
        (see :mod:`.parallel`).
        """
        pages: list[Page] = []
        for kind in kinds.KINDS:
            if kind is not SOURCES:
                pages += self.kind_pages(kind, fork=fork)
        pages.append(self._render(REFERENCE_PAGE, self.t("reference.title"),
                                  "reference_format.md.j2",
                                  reference=format_reference(self.t.model_docs,
                                                             self.t.type_names()),
                                  schemas=editor_lines()))
        citations = Citations()
        for page in pages:
            if page.cites:
                citations.add(page.cites, page.src_uri, page.title,
                              page.cited_sections(self.heading_ids))
        for src_uri, text in (handwritten or {}).items():
            cites = [cite.group(1) for cite in citations_in(text)]
            if cites:
                citations.add(cites, src_uri, markdown_title(text) or src_uri,
                              cited_sections(text, self.heading_ids))
        if self.guide.sources:
            output = SOURCES.outputs["page"]
            pages.append(self._made_from(output.pattern, self.t("sources.title"),
                                         output.template,
                                         references=self.bibliography.references,
                                         cited_in=citations.by_source))
        return pages

    def _made_from(self, src_uri: str, title: str, template: str, **context: Any) -> Page:
        """The page ``src_uri``, whose template reads nothing but ``context`` (plain data,
        made anew by each build) and what every page shares; a preview takes it from its last
        build while both are equal."""
        def make() -> Page:
            return self._render(src_uri, title, template, **context)

        if self.reuse is None or self.inputs is None:
            return make()
        page: Page = self.reuse.part(f"page/{src_uri}",
                                     (self.inputs.shared, title, template, context), make)
        return page

    def reusing(self, reuse: Reuse, overrides_dir: Path | None) -> None:
        """Take from ``reuse`` the outputs of items whose inputs an earlier build of the
        preview rendered them from (see :mod:`.incremental`), and keep the others there."""
        self.reuse = reuse
        shared = shared_inputs(
            [TEMPLATES_DIR, overrides_dir, ASSETS_DIR],
            [self.t.language, self.t.catalogue, self.sheet, self.site_name, self.directory_urls,
             self.env.globals["brand"], self.book_pdf])
        self.inputs = Inputs(self.guide, shared, lambda ident: self.bibliography.references[ident],
                             reuse)

    def reused(self, what: str, items: list[E], make: Callable[[list[E]], list[Any]],
               *more: Any) -> list[Any]:
        """``make(items)``, each item's ``what`` (its pages, its sheet document...) taken from
        earlier builds of a preview where its inputs, and ``more``, are unchanged."""
        if self.reuse is None or self.inputs is None:
            return make(items)
        inputs = self.inputs
        extra = fingerprint(*more) if more else ""
        return self.reuse.each(items, lambda item: f"{what}/{item.kind.name}/{item.id}",
                               lambda item: inputs.of(item) + extra, make)

    def kind_pages(self, kind: Kind, *, fork: bool = False) -> list[Page]:
        """The pages of ``kind``: its single file's page, or its index and each item's pages
        (by the kind's own method, :attr:`~generator.kinds.Kind.renders`, when they need more
        than the model)."""
        held = self.guide.of(kind)
        page = kind.outputs.get("page")
        if not kind.many:
            if held is None or page is None or not page.template:
                return []
            return [self._render(page.pattern, held.title, page.template, **{kind.context: held})]
        entries = list(held.values())
        if not entries or page is None:
            return []
        if kind.renders:
            items: list[Page] = getattr(self, kind.renders)(kind, entries, fork=fork)
            return items
        pages = self._index(kind, entries)
        pages += [self._render(e.paths.page, e.value.title, page.template, in_nav=False,
                               **{kind.context: e}) for e in entries]
        return pages

    def _index(self, kind: Kind, entries: Sequence[Any]) -> list[Page]:
        """The page listing ``entries`` of ``kind``, if the kind has one."""
        if kind.index is None:
            return []
        context: dict[str, Any] = {kind.section: entries}
        return [self._render(kind.index.pattern, self.t(f"{kind.section}.title"),
                             kind.index.template, **context)]

    def rubric_pages(self, kind: Kind, rubrics: list[Rubric], *, fork: bool = False
                     ) -> list[Page]:
        """The rubrics' index and each rubric's page and sheet page; with ``fork`` a copy of
        the process renders the second half meanwhile."""
        def render(rubrics: list[Rubric]) -> list[list[Page]]:
            half = len(rubrics) // 2 if fork else len(rubrics)
            with Job(partial(self.each_rubric, rubrics[half:]), fork=fork) as later:
                return self.each_rubric(rubrics[:half]) + later.result()

        pages = self._index(kind, rubrics)
        for made in self.reused("pages", rubrics, render):
            pages += made
        return pages

    def each_rubric(self, rubrics: list[Rubric]) -> list[list[Page]]:
        """The page and the sheet page of each of ``rubrics``."""
        t = self.t
        made = []
        for rubric in rubrics:
            pages = []
            scale = self.guide.scale_of(rubric)
            tool_data = rubric_data(rubric, scale, t)
            outputs = rubric.kind.outputs
            pages.append(self._render(rubric.paths.page, rubric.value.title,
                                      outputs["page"].template, in_nav=False, rubric=rubric,
                                      scale=scale, sheet=self.sheet, tool_data=tool_data,
                                      sheet_address=self.sheet.absolute(
                                          url_for(rubric.paths.sheet))))
            pages.append(self._render(rubric.paths.sheet,
                                      t("sheet.title", title=rubric.value.title),
                                      outputs["sheet"].template,
                                      in_nav=False, rubric=rubric, scale=scale,
                                      tool_data=tool_data,
                                      sheet=self._sheet_context(rubric.paths.page,
                                                                "landscape", heading="h2")))
            made.append(pages)
        return made

    def checklist_pages(self, kind: Kind, checklists: list[Checklist], *, fork: bool = False
                        ) -> list[Page]:
        """The checklists' index and each checklist's page and answer sheet."""
        resolved = [(c, self.checklist_groups(c)) for c in checklists]
        pages = self._index(kind, resolved)
        for checklist, groups in resolved:
            pages += self.each_checklist(checklist, groups)
        return pages

    def checklist_groups(self, checklist: Checklist) -> list[ChecklistGroup]:
        """The groups of ``checklist``'s statements in the guide's language: a standard's
        elements by their letter and title, and every group under a heading once any is."""
        def heading(letter: str, title: str) -> str:
            return self.t("standards.element", letter=letter, title=title)

        return headed(self.guide.checklist_groups(checklist, heading),
                      self.t("checklists.ungrouped"))

    def written_in(self) -> dict[str, str]:
        """The name of each page a checklist's statements can be written on, by its path: a
        page of one file by its title in the navigation, a standard by its own."""
        names: dict[str, str] = {}
        for kind in kinds.KINDS:
            if kind.include is None:
                continue
            if kind.many:
                names |= {e.paths.page: e.value.title for e in self.guide.of(kind).values()}
            else:
                names[kind.paths().page] = self.t(f"navigation.{kind.attribute}")
        return names

    def each_checklist(self, checklist: Checklist,
                       groups: list[ChecklistGroup]) -> list[Page]:
        """The page of a checklist and its answer sheet, which prints blank or filled in."""
        responses = self.responses(checklist)
        page = checklist.paths.page
        outputs = checklist.kind.outputs
        context = {"checklist": checklist, "groups": groups, "written_in": self.written_in(),
                   "tool_data": checklist_data(checklist, groups, responses, self.t)}
        return [
            self._render(page, checklist.value.title, outputs["page"].template, in_nav=False,
                         **context),
            self._render(checklist.paths.sheet,
                         self.t("checklist_sheet.title", title=checklist.value.title),
                         outputs["sheet"].template, in_nav=False,
                         sheet=self._sheet_context(page, "portrait", heading="h2"), **context),
        ]

    def problem_page(self, src_uri: str, problems: Sequence[Problem], in_nav: bool) -> Page:
        """A page that lists ``problems`` in the guide's look, published at ``src_uri``
        while the content cannot be built (under ``mkdocs serve``)."""
        return self._render(src_uri, self.t("problems.title"), "problems.md.j2",
                            in_nav=in_nav, problems=[str(p) for p in problems])

    def _message(self, key: str, **params: Any) -> str:
        """A message for a template; links passed in as markup stay links."""
        if any(isinstance(value, Markup) for value in params.values()):
            message = escape(self.t.catalogue[key])
            return Markup(fill(message, {name: escape(v) for name, v in params.items()}))
        return self.t(key, **params)

    def responses(self, checklist: Entry[Any]) -> list[str]:
        """The answers a checklist offers: its own, or the interface language's defaults."""
        return list(checklist.value.responses or self.t.list("checklists.responses"))

    def sheet_document(self, rubric: Rubric) -> str:
        """The standalone HTML document of a rubric's sheet, on the guide's paper size."""
        sheet = self._sheet_context(rubric.paths.page,
                                    f"{self.sheet.paper} landscape")
        # Only the standalone document inlines the stylesheet; the site links to it.
        sheet["stylesheet"] = Markup(read_asset("assets/rubric-sheet.css"))
        return self.env.get_template("sheet_document.html.j2").render(
            guide=self.guide, rubric=rubric, scale=self.guide.scale_of(rubric), sheet=sheet,
            **self._helpers(rubric.paths.sheet))

    def _sheet_context(self, page: str, paper: str, heading: str = "h1") -> dict[str, Any]:
        """What a sheet partial is told about the sheet of ``page`` (its rubric's or
        checklist's); ``heading`` is its title's element, an ``h2`` on the site, where the
        sheet page has its own ``h1`` (the skip link's target) above."""
        settings = self.sheet
        return {
            "guide": settings.guide, "edition": settings.edition, "paper": paper,
            "heading": heading,
            "address": settings.address(url_for(page)),
            "pdf": settings.pdf, "language": settings.language,
            "organization": settings.organization, "logo": settings.logo,
        }

    @functools.cached_property
    def page_blocks(self) -> list[str]:
        """The generated blocks a hand-written page can place with a marker (see
        :meth:`places`), for the message that names a marker no block answers."""
        names = {template.removeprefix("partials/").removesuffix(".html.j2")
                 for template in self.env.list_templates(extensions=["j2"])}
        return sorted(name for name in names if self.places(name))

    def places(self, name: str) -> bool:
        """Whether a marker naming ``name`` places a generated block: a partial
        (``partials/name.html.j2``, a district's own included) that needs nothing but the guide
        and what every template has. The other partials are parts of the generated pages (a
        criterion, a sheet) and need what those pages give them. Each partial is read once a
        build, and only when a page names it."""
        if name not in self._placeable:
            self._placeable[name] = self._needs_only_the_guide(name)
        return self._placeable[name]

    def _needs_only_the_guide(self, name: str) -> bool:
        if not MARKER_NAME.fullmatch(name):
            return False
        assert self.env.loader is not None
        try:
            source = self.env.loader.get_source(self.env, f"partials/{name}.html.j2")[0]
        except jinja2.TemplateNotFound:
            return False
        given = {"guide", *self._helpers(HOME_PAGE), *self.env.globals}
        return jinja2.meta.find_undeclared_variables(self.env.parse(source)) <= given

    def transform_handwritten(self, markdown: str, src_uri: str) -> str:
        """Turn ``[@id]`` citations into links and ``<!-- rubric-guide: x -->`` markers into
        the generated block ``partials/x.html.j2``."""
        helpers = self._helpers(src_uri)
        unknown = [m for m in markers_in(markdown) if not self.places(m.group(1))]
        if unknown:
            raise ContentError([_marker_problem(src_uri, markdown, m, self.page_blocks)
                                for m in unknown])

        def block(match: re.Match[str]) -> str:
            template = self.env.get_template(f"partials/{match.group(1)}.html.j2")
            return str(template.render(guide=self.guide, **helpers))

        markdown = replaced(markdown, markers_in(markdown), block)
        markdown = cite_each(markdown, helpers["cite"])
        if self.content_lang:  # the whole page is the guide's content, in its own language
            markdown = f"<div{self.content_lang} markdown>\n\n{markdown}\n\n</div>\n"
        return markdown

    # -- helpers -----------------------------------------------------------------------------

    def _render(self, src_uri: str, title: str, template: str, *, in_nav: bool = True,
                **context: Any) -> Page:
        page = Page(src_uri, title, in_nav=in_nav)
        helpers = self._helpers(src_uri, page)
        page.text = self.env.get_template(template).render(
            guide=self.guide, page=page, site_name=self.site_name, **helpers, **context)
        page.headings_yield(self.heading_ids)
        if self.spool is not None:
            page.spool(self.spool)
        return page

    def _helpers(self, src_uri: str, page: Page | None = None) -> dict[str, Callable[..., Any]]:
        def url(to: str, anchor: str | None = None) -> str:
            """A link from this page to the page or file ``to`` (and ``anchor`` in it)."""
            return link(src_uri, to, anchor, self.directory_urls,
                        from_source=self.links_from_source)

        def address(to: str, anchor: str | None = None) -> str:
            """A link from this page's address to ``to``, for the theme, which writes it as it
            is (the breadcrumb in the page's front matter), whatever the engine."""
            return link(src_uri, to, anchor, self.directory_urls)

        def source(to: str) -> str:
            """A Markdown link's target from this page to the page ``to``, by its source path,
            which MkDocs checks and turns into the page's address."""
            return posixpath.relpath(to, posixpath.dirname(src_uri) or ".")

        def cite(source_id: str, locator: str | None = None) -> Markup:
            """An in-text citation linking to the source's bibliography entry; ``locator``
            says where in the source (``p. 12``)."""
            if page is not None:
                page.cites.append(source_id)
            text = self.bibliography.inline(source_id, locator)
            href = url(SOURCES.paths().page, source_id)
            # Citations land in Markdown paragraphs too, where a title's [x](y) would be a link.
            return Markup(f'<a class="rg-cite" href="{escape(href)}">({markdown_inert(text)})</a>')

        def md(text: str | None) -> Markup:
            """A Markdown field as sanitized HTML; citations become links."""
            if not text:
                return Markup("")
            shown = markdown_html(cite_each(text, cite))
            return in_own_language(text, shown)

        def parts(template: str, items: Iterable[Entry[Any]], **names: str) -> Markup:
            """``template`` rendered for each of ``items``, which this page lists, one after
            the other (see :meth:`Renderer.part`)."""
            made = [self.part(src_uri, page, template, item, names) for item in items]
            if page is None:
                return Markup("".join(part.text for part in made))
            return Markup("".join([page.add_part(part) for part in made]))

        return {"url": url, "file_url": url, "address": address, "source": source,
                "cite": cite, "md": md, "parts": parts}

    def part(self, src_uri: str, page: Page | None, template: str, item: Entry[Any],
             names: dict[str, str]) -> Part:
        """``template`` rendered for ``item`` on the page ``src_uri`` (``page``, when it is a
        generated one), which lists many items: an index's card of a rubric, say. The template
        knows the item by its kind's context name (``rubric``), ``names`` (texts such as a
        principle's id) and what every page knows; it reads nothing else of the guide than
        the item's pages do, so that a preview takes the part from its earlier builds while
        the item's inputs are unchanged (see :mod:`.incremental`)."""
        def make() -> Part:
            own = None if page is None else Page(src_uri, page.title, in_nav=page.in_nav)
            text = self.env.get_template(template).render(
                guide=self.guide, page=own, site_name=self.site_name,
                **self._helpers(src_uri, own), **{item.kind.context: item}, **names)
            return Part(Markup(text), own._blocks if own else [], own.cites if own else [])

        if self.reuse is None or self.inputs is None:
            return make()
        key = f"part/{template}/{src_uri}/{item.kind.name}/{item.id}"
        if names:
            key += "".join(f"/{name}={value}" for name, value in names.items())
        made: Part = self.reuse.part(key, self.inputs.of(item), make)
        return made


@functools.lru_cache(maxsize=1 << 16)
def markdown_html(text: str) -> Markup:
    """A Markdown field as sanitized HTML. The same text always gives the same HTML, and a
    preview renders most fields again after every edit (the indexes' summaries), so each
    text is converted once per process."""
    return sanitize(markdown_to_html(text))


def md_inline(text: str) -> Markup:
    """Plain text made safe to place in Markdown: HTML escaped, Markdown syntax neutralized."""
    return in_own_language(text, Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(text)))))


_BLOCK = re.compile(r"^\s*<(p|ul|ol|div|table|blockquote|h[1-6]|dl|pre)[\s>]")


def in_own_language(text: str, shown: Markup) -> Markup:
    """``shown`` (what ``text`` becomes in HTML), marked with the language ``text`` is in when
    it is a :class:`~generator.translate.Fallback`: a text a translation lacks, shown in the
    content's language (WCAG 3.1.2)."""
    if not isinstance(text, Fallback):
        return shown
    tag = "div" if _BLOCK.match(shown) else "span"
    return Markup(f'<{tag} lang="{escape(text.lang)}">{shown}</{tag}>')


def _finalize(value: Any) -> Any:
    """Each ``{{ ... }}`` of the templates: a text a translation lacks, marked with its
    language."""
    if isinstance(value, Fallback):
        return in_own_language(value, escape(str(value)))
    return value


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def md_prose(text: str) -> Markup:
    """Markdown written by the generator itself (the model's docstrings) for a Markdown page:
    HTML escaped outside code spans only, because Markdown escapes a code span's ``<`` and
    ``&`` itself, and would show an escaped ``&lt;`` there as those four characters."""
    return _outside_code_spans(text, lambda part: str(escape(part)))


_LINK_SYNTAX = re.compile(r"([\[\]{}])")


def md_message(text: str) -> Markup:
    """An interface message that may use Markdown's emphasis and code spans (the format
    reference's introductions), for a Markdown page: as :func:`md_prose`, and with ``[``,
    ``]``, ``{`` and ``}`` outside code spans escaped for Markdown, so that a message, which a
    district may write, shows them and makes no link, image or attribute."""
    return _outside_code_spans(text, lambda part: _LINK_SYNTAX.sub(r"\\\1", str(escape(part))))


def _outside_code_spans(text: str, change: Callable[[str], str]) -> Markup:
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts += [change(text[last:match.start()]), match.group(0)]
        last = match.end()
    parts.append(change(text[last:]))
    return Markup("".join(parts))


def yaml_string(text: str) -> Markup:
    """Text as a double-quoted YAML string, for front matter. Jinja's ``tojson`` writes an
    emoji as two escaped UTF-16 halves, which YAML reads as two invalid characters."""
    dumped = yaml.safe_dump(str(text), default_style='"', allow_unicode=True, width=1_000_000)
    return Markup(dumped.removesuffix("\n...\n").rstrip("\n"))


def md_url(url: str) -> str:
    """An address made safe as the target of a Markdown link: characters that would end the
    target or start new syntax are percent-encoded, which leaves the address the same."""
    return _MD_URL_SPECIAL.sub(lambda m: f"%{ord(m.group()):02X}", url)


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a ``<style>`` element."""
    plain = " .,;:·—–-_()/&'!?"  # noqa: RUF001 - typographic dashes are wanted here
    escaped = "".join(ch if ch.isalnum() or ch in plain else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')


def css_counters(message: str) -> Markup:
    """A message such as ``Page {page} of {pages}`` as CSS ``content``: quoted text around
    ``counter(page)`` and ``counter(pages)``."""
    parts = re.split(r"\{(page|pages)\}", message)
    return Markup(" ").join(
        Markup(f"counter({part})") if index % 2 else css_string(part)
        for index, part in enumerate(parts) if part
    )


_HEADING_OR_CITATION = re.compile(
    r"^(?P<hashes>#{2,6})[ \t]+(?P<md>.+?)[ \t]*(?:\{[ \t]*#(?P<md_id>[^\s}]+)[^}]*\})?[ \t]*$"
    r"|<h[2-6]\b[^>]*\bid=\"(?P<html_id>[^\"]+)\"[^>]*>(?P<html>.*?)</h[2-6]>"
    r"|\[@(?P<key>[A-Za-z0-9][\w.:-]*)(?:,[^\[\]\n]*)?\]"
    r"|<a class=\"rg-cite\" href=\"[^\"]*#(?P<cite>[^\"]+)\"",
    re.M | re.S)


_CITED_SECTIONS: dict[tuple[bytes, HeadingIds], list[CitedSection]] = {}
""":func:`cited_sections` of the pages read so far, by a digest of their Markdown: a preview
reads the same pages after every edit. Keyed by the page itself, it would keep every page's
Markdown in memory for the whole build."""


def cited_sections(markdown: str,
                   ids: HeadingIds = DEFAULT_HEADING_IDS) -> list[CitedSection]:
    """Each citation in a page's Markdown (``[@id]`` or a generated citation link) with the
    anchor and text of the heading it follows, or ``None`` under the page's own title. A
    heading without an explicit ``{ #anchor }`` gets the anchor MkDocs' table of contents
    gives it (``ids``)."""
    key = (hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest(),
           ids)
    found = _CITED_SECTIONS.get(key)
    if found is None:
        if len(_CITED_SECTIONS) >= 1 << 14:
            _CITED_SECTIONS.clear()
        found = _CITED_SECTIONS[key] = _find_cited_sections(markdown, ids)
    return found


def _find_cited_sections(markdown: str, ids: HeadingIds) -> list[CitedSection]:
    found: list[CitedSection] = []
    anchor: str | None = None
    section: str | None = None
    code = Code(markdown)  # where "# x" and "[@x]" are only examples
    for match in _HEADING_OR_CITATION.finditer(markdown):
        if (match.group("hashes") or match.group("key")) and match.start() in code:
            continue
        if match.group("hashes"):
            section = _plain(match.group("md").replace("\\", ""))
            anchor = match.group("md_id") or heading_anchor(match.group("md"), ids)
        elif match.group("html_id"):
            anchor, section = html.unescape(match.group("html_id")), _plain(match.group("html"))
        else:
            found.append((match.group("key") or html.unescape(match.group("cite")), anchor,
                          section))
    return found


def heading_anchor(markdown: str, ids: HeadingIds = DEFAULT_HEADING_IDS) -> str:
    """The id MkDocs' table of contents gives a heading written as ``markdown`` (without an
    attribute list) with the heading ``ids``, unless another heading has it already."""
    return ids(_plain(markdown.replace("\\", "")))


def _plain(fragment: str) -> str:
    """The text of an HTML fragment (a heading's), without its permalink."""
    fragment = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def markdown_title(text: str) -> str | None:
    """The title of a hand-written page: front matter ``title:`` or its first ``# `` heading."""
    front = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if front:
        found = re.search(r"^title:\s*(.+)$", front.group(1), re.M)
        if found:
            return found.group(1).strip().strip("'\"")
    heading = re.search(r"^#\s+(.+?)\s*#*$", text, re.M)
    return heading.group(1) if heading else None


def _marker_problem(src_uri: str, markdown: str, match: re.Match[str],
                    blocks: list[str]) -> Problem:
    line = markdown.count("\n", 0, match.start()) + 1
    column = match.start() - (markdown.rfind("\n", 0, match.start()) + 1) + 1
    name = match.group(1)
    hint = did_you_mean(name, blocks) or f"the generator has: {', '.join(blocks)}"
    return Problem(src_uri, line, column, "",
                   f"no generated block called '{name}'; {hint}")


def render_problem(path: str, exc: jinja2.TemplateError) -> Problem:
    """A template error as a problem pointing at the template line."""
    line = getattr(exc, "lineno", None) or 1
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or path
    return Problem(str(name), line, 1, "", f"template error: {exc}")
