"""The whole guide as one book: ``guide.pdf``, for boards and staff who read it on paper.

The book is one HTML document, rendered from ``templates/book.html.j2`` (cover and contents)
and one template per section (``templates/book_<section>.html.j2``) with
``assets/rubric-book.css``, which WeasyPrint turns into a tagged PDF (PDF/UA) with the sheets'
renderer and cache (:class:`~generator.sheets.PdfRenderer`): a rebuild renders the book again
only when its document changed. Its render is a function of the guide and the renderer's
language (:func:`book_document`), so each translation of a guide gets its own book.

Every page of the site is an anchor in the book (:func:`book_anchor`), so the links the site's
templates write (a principle, a citation, where a checklist's item is written) are written to
the same places inside the book, and the PDF's contents and citations are links.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown as markdown_lib
from markupsafe import Markup, escape

from . import kinds
from .citations import cite_each
from .guide import Guide
from .kinds import Kind
from .markdown_code import replaced
from .render import Renderer, css_string, markers_in
from .safety import markdown_to_html, sanitize
from .settings import HOME_PAGE
from .sheets import read_asset

LINK_BLOCK = "book-link"
"""The generated block (``partials/book-link.html.j2``) that links to the book; the home page
gets it before its first section, or where its ``<!-- rubric-guide: book-link -->`` marker is."""

TOOLS_BLOCK = "rubrics-and-checklists"
"""The generated block (``partials/rubrics-and-checklists.html.j2``) that lists the rubrics and
checklists; the home page gets it after the link to the book, or where its marker is."""

SITE_ONLY = (LINK_BLOCK, TOOLS_BLOCK)
"""The home page's blocks the book leaves out: it is the book, and has parts of its own for the
rubrics and checklists."""

STYLESHEET = "assets/rubric-book.css"

SECTIONS: tuple[tuple[Kind, str], ...] = (
    (kinds.FRAMEWORK, "book_framework.html.j2"),
    (kinds.PRINCIPLES, "book_principles.html.j2"),
    (kinds.RUBRIC, "book_rubric.html.j2"),
    (kinds.STANDARD, "book_standard.html.j2"),
    (kinds.CHECKLIST, "book_checklist.html.j2"),
    (kinds.STRATEGIES, "book_strategies.html.j2"),
    (kinds.KEY_SYSTEM_FEATURES, "book_key_system_features.html.j2"),
    (kinds.EVIDENCE_OF_PRACTICE, "book_evidence_of_practice.html.j2"),
    (kinds.SOURCES, "book_sources.html.j2"),
)
"""The book's parts after the introduction, in the order of the site's navigation, each with
its template. A kind of many files is a part with a chapter per item."""


def book_anchor(page: str, anchor: str | None = None) -> str:
    """The id in the book of the site's page ``page`` (by its path in the content folder), or
    of ``anchor`` in it: ``rubrics/x/index.md`` is ``rubrics-x``, its criterion ``c``
    ``rubrics-x--c``. Ids repeat across pages of the site (a criterion's id in two rubrics);
    in the book, each is prefixed by its page's."""
    name = page.removesuffix(".md").removesuffix("/index").replace("/", "-") or "index"
    return f"{name}--{anchor}" if anchor else name


@dataclass
class Chapter:
    """One entry of the contents: a title, its anchor, and the entries under it."""

    title: str
    anchor: str
    children: list[Chapter] = field(default_factory=list)


@dataclass
class Part:
    """One part of the book: its entry in the contents and its HTML."""

    chapter: Chapter
    html: Markup
    landscape: bool = False


class Book:
    """Renders the book of one guide in one language, with the templates of ``renderer``."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.guide: Guide = renderer.guide
        self.t = renderer.t

    # -- the recipe --------------------------------------------------------------------------

    def document(self, introduction: str | None = None) -> str:
        """The book's HTML document; ``introduction`` is the home page's Markdown, if the
        site has one, printed after the contents."""
        parts = [self.introduction(introduction)] if introduction else []
        for kind, template in SECTIONS:
            parts += self.parts(kind, template)
        sheet = self.renderer.sheet
        return without_dead_links(self.renderer.env.get_template("book.html.j2").render(
            guide=self.guide, book=sheet, parts=parts, title=sheet.guide,
            stylesheet=Markup(read_asset(STYLESHEET)),
            page_ref=Markup(target_counter(self.t("book.page_ref"))),
            **self.helpers(kinds.REFERENCE_PAGE)))

    def parts(self, kind: Kind, template: str) -> list[Part]:
        """The part of ``kind``, if the guide holds any of it (hidden content is not held)."""
        held = self.guide.of(kind)
        page = kind.paths().page if not kind.many else kind.outputs["page"].pattern
        if not held:
            return []
        if kind is kinds.SOURCES:
            return [self._part(page, self.t("sources.title"), template,
                               references=self.renderer.bibliography.references)]
        if not kind.many:
            return [self._part(page, held.title, template, **{kind.context: held})]
        entries = list(held.values())
        title = self.t(f"{kind.section}.title")
        anchor = book_anchor(kind.section)
        chapters = [Chapter(e.value.title, book_anchor(e.paths.page)) for e in entries]
        body = Markup("").join(self._render(template, e.paths.page, **self._item(kind, e))
                               for e in entries)
        heading = Markup('<h1 class="book-part__title" id="{}">{}</h1>\n').format(anchor, title)
        return [Part(Chapter(title, anchor, chapters), heading + body,
                     landscape=kind is kinds.RUBRIC)]

    def _item(self, kind: Kind, entry: Any) -> dict[str, Any]:
        """What the template of one item of ``kind`` is told about it."""
        context: dict[str, Any] = {kind.context: entry}
        if kind is kinds.RUBRIC:
            context["scale"] = self.guide.scale_of(entry)
        elif kind is kinds.CHECKLIST:
            context["groups"] = self.renderer.checklist_groups(entry)
            context["responses"] = self.renderer.responses(entry)
        return context

    def _part(self, page: str, title: str, template: str, **context: Any) -> Part:
        body = self._render(template, page, **context)
        return Part(Chapter(title, book_anchor(page), self._sections(body, page)), body)

    def _sections(self, body: str, page: str) -> list[Chapter]:
        """The second-level headings of a part, for the contents."""
        prefix = book_anchor(page, "")
        return [Chapter(_text(m.group(2)), m.group(1)) for m in _H2.finditer(body)
                if m.group(1).startswith(prefix)]

    def _render(self, template: str, page: str, **context: Any) -> Markup:
        return Markup(self.renderer.env.get_template(template).render(
            guide=self.guide, page_path=page, **self.helpers(page), **context))

    def introduction(self, markdown: str) -> Part:
        """The home page as the book's introduction: its Markdown with generated blocks and
        citations filled in for the book, its ids and links made the book's."""
        helpers = self.helpers(HOME_PAGE)
        env = self.renderer.env

        def block(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in SITE_ONLY:
                return ""
            return str(env.get_template(f"partials/{name}.html.j2").render(
                guide=self.guide, **helpers))

        held = _Held()
        text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
        text = replaced(text, markers_in(text), lambda m: held.block(block(m)))
        text = cite_each(text, lambda key, at: held.inline(helpers["cite"](key, at)))
        body = held.put_back(bookish(HOME_PAGE, _PAGE_MARKDOWN.reset().convert(text)))
        title = _H1.search(body)
        body = _H1.sub("", body, count=1)
        name = _text(title.group(1)) if title else self.renderer.sheet.guide
        heading = Markup('<h1 id="{}">{}</h1>\n').format(book_anchor(HOME_PAGE), name)
        return Part(Chapter(name, book_anchor(HOME_PAGE), self._sections(body, HOME_PAGE)),
                    heading + Markup(body))

    # -- helpers -----------------------------------------------------------------------------

    def helpers(self, page: str) -> dict[str, Callable[..., Any]]:
        """The templates' ``url``, ``anchor``, ``cite`` and ``md``, writing links inside the
        book, from the part of the book that is the site's page ``page``."""
        bibliography = self.renderer.bibliography

        def anchor(to: str, at: str | None = None) -> str:
            return book_anchor(to, at)

        def url(to: str, at: str | None = None) -> str:
            return "#" + book_anchor(to, at)

        def cite(source_id: str, locator: str | None = None) -> Markup:
            href = url(kinds.SOURCES.paths().page, source_id)
            text = escape(bibliography.inline(source_id, locator))
            return Markup(f'<a class="rg-cite" href="{escape(href)}">({text})</a>')

        def md(text: str | None) -> Markup:
            if not text:
                return Markup("")
            held = _Held()
            text = cite_each(text, lambda key, at: held.inline(cite(key, at)))
            return Markup(held.put_back(bookish(page, str(sanitize(markdown_to_html(text))))))

        return {"url": url, "file_url": url, "anchor": anchor, "cite": cite, "md": md,
                "source": url}


_PAGE_MARKDOWN = markdown_lib.Markdown(extensions=["attr_list", "toc", "tables", "md_in_html"])
"""The home page's Markdown as MkDocs reads it: headings get the ids of the site's."""
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>\n?", re.S)
_H2 = re.compile(r'<h2[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
_PLACE = re.compile(r"(?:<!-- )?rgbookplace(\d+)x(?: -->)?")
_INSIDE_LINK = re.compile(r'<a\b[^>]*\bhref="#([^"]*)"[^>]*>(.*?)</a>', re.S)
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


class _Held:
    """HTML written with the book's links already (citations, generated blocks), held out of
    a page's Markdown while its own links and ids are made the book's (:func:`bookish`, which
    would prefix them again), then put back in."""

    def __init__(self) -> None:
        self.held: list[str] = []

    def inline(self, fragment: str) -> str:
        self.held.append(str(fragment))
        return f"rgbookplace{len(self.held) - 1}x"

    def block(self, fragment: str) -> str:
        return f"<!-- {self.inline(fragment)} -->"  # a comment stays a block of its own

    def put_back(self, html_text: str) -> str:
        return _PLACE.sub(lambda m: self.held[int(m.group(1))], html_text)


def bookish(page: str, fragment: str) -> str:
    """An HTML ``fragment`` of the site's page ``page`` made part of the book: its ids get the
    page's prefix (:func:`book_anchor`), links to pages of the site lead inside the book."""

    def href(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        if _EXTERNAL.match(target) or target.startswith("//"):
            return match.group(0)
        path, _, at = target.partition("#")
        if path and not path.endswith(".md"):
            return match.group(0)  # a file of the site, which the book does not hold
        to = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
        return f'href="#{escape(book_anchor(to, at or None))}"'

    fragment = _ID.sub(lambda m: f'id="{book_anchor(page, html.unescape(m.group(1)))}"',
                       fragment)
    return _HREF.sub(href, fragment)


def without_dead_links(document: str) -> str:
    """``document`` with each link to a place the book does not hold (a page a district hides,
    linked from the home page or the framework) turned into its words, as the site does."""
    ids = set(_ID.findall(document))

    def words(match: re.Match[str]) -> str:
        return match.group(0) if html.unescape(match.group(1)) in ids else match.group(2)

    return _INSIDE_LINK.sub(words, document)


def target_counter(message: str) -> str:
    """A message such as ``p. {page}`` as CSS ``content`` for a link: quoted text around the
    page number of the link's target."""
    parts = re.split(r"\{page\}", message)
    return " target-counter(attr(href), page) ".join(str(css_string(p)) for p in parts)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def book_document(renderer: Renderer, introduction: str | None = None) -> str:
    """The book of ``renderer``'s guide, in its language (see :class:`Book`)."""
    return Book(renderer).document(introduction)


def with_home_blocks(markdown: str, pdf: bool) -> str:
    """The home page's ``markdown`` with the generated blocks it does not place with its own
    markers: the link to the book (when ``pdf``, PDFs are made), then the rubrics and
    checklists, before its first section (a ``## `` heading), or at its end."""
    placed = {m.group(1) for m in markers_in(markdown)}
    missing = "".join(f"<!-- rubric-guide: {name} -->\n\n"
                      for name in SITE_ONLY if name not in placed and (pdf or name != LINK_BLOCK))
    if not missing:
        return markdown
    section = re.search(r"^## ", markdown, re.M)
    if section is None:
        return f"{markdown.rstrip()}\n\n{missing}"
    return f"{markdown[:section.start()]}{missing}{markdown[section.start():]}"
