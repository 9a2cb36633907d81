"""The links of hand-written pages, as MkDocs reads them: which page or file of the guide each
names, links to hidden content turned into their words, and links that lead nowhere found
before any engine runs.

A district hides a rubric or a section that upstream's pages link to (``hide:`` in
district.yml); the link would lead nowhere, and MkDocs' ``--strict`` would refuse the whole
guide for it. Each such link is published as its words alone. Every other relative link to a
file the site does not have is what MkDocs warns of (``validation.links.not_found``), and
``rubric-guide check`` says so too, so that ``check --strict`` refuses what
``mkdocs build --strict`` refuses.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .errors import Problem, log
from .project import Project

LINK = re.compile(r"(?<![!\\])\[(?P<text>[^\[\]\n]*)\]\((?P<target><[^<>\n]*>|[^()\s]+)"
                  r"(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)")
"""An inline Markdown link, not an image: ``[words](target "title")``."""

_CODE = re.compile(r"^(?P<fence>```+|~~~+)[^\n]*\n.*?^(?P=fence)[ \t]*$|(?P<ticks>`+)[^`].*?"
                   r"(?P=ticks)", re.MULTILINE | re.DOTALL)
"""Fenced code blocks and code spans, whose brackets are not links."""


@dataclass(frozen=True)
class PageLink:
    """A link of a page: where it is in the page's Markdown, its words and the path in the
    content folder of what it names."""

    start: int
    end: int
    text: str
    href: str
    target: str
    folder: bool
    """Whether the link names a folder (``rubrics/x/``), which MkDocs does not check."""


def links(markdown: str, src_uri: str) -> list[PageLink]:
    """Every inline link of the page ``src_uri`` to a page or file of the guide; web
    addresses, absolute paths and links within the page are passed over. Found again only
    when the page changed: a preview reads every hand-written page after each edit."""
    last = _LINKS.get(src_uri)
    if last is None or last[0] != markdown:
        last = _LINKS[src_uri] = (markdown, list(_find_links(markdown, src_uri)))
    return last[1]


_LINKS: dict[str, tuple[str, list[PageLink]]] = {}
""":func:`links` of each page as last read, with its Markdown."""


def _find_links(markdown: str, src_uri: str) -> Iterator[PageLink]:
    code = _code_ranges(markdown)
    for match in LINK.finditer(markdown):
        if any(start <= match.start() < end for start, end in code):
            continue
        href = match.group("target").strip("<>")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri),
                                                   unquote(parts.path)))
        if joined.startswith("../") or joined == "..":
            continue  # outside the content folder: MkDocs leaves it alone too
        yield PageLink(match.start(), match.end(), match.group("text"), href,
                       joined.removeprefix("./") if joined != "." else "",
                       parts.path.endswith("/"))


def _code_ranges(markdown: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CODE.finditer(markdown)]


def pages_named(link: PageLink) -> list[str]:
    """The pages (or file) a link can name: ``x.md`` itself; a folder ``x/`` its ``x/index.md``
    or ``x.md`` as MkDocs publishes it at ``x/``."""
    if not link.folder:
        return [link.target]
    folder = link.target.rstrip("/")
    return [posixpath.join(folder, "index.md"), f"{folder}.md"] if folder else ["index.md"]


def unlink_hidden(markdown: str, src_uri: str, hidden: Callable[[str], bool],
                  published: Container[str]) -> tuple[str, list[str]]:
    """``markdown`` with each link to hidden content replaced by its words, and the hidden
    pages it linked to. A link is to hidden content when a page it can name is hidden and
    none it can name is published."""
    found: list[str] = []
    pieces: list[str] = []
    last = 0
    for link in links(markdown, src_uri):
        named = pages_named(link)
        gone = [page for page in named if hidden(page)]
        if not gone or any(page in published for page in named):
            continue
        pieces += [markdown[last:link.start], link.text]
        last = link.end
        found.append(gone[0])
    if not found:
        return markdown, []
    return "".join([*pieces, markdown[last:]]), found


def missing_targets(markdown: str, src_uri: str,
                    exists: Container[str]) -> Iterator[tuple[int, int, PageLink]]:
    """Each link of the page to a file the site does not have (``exists`` holds what it
    has, by path in the content folder), with its line and column, as MkDocs' check of links
    finds them; a link to a folder is not checked, as MkDocs does not check it."""
    for link in links(markdown, src_uri):
        if link.folder or link.target in exists:
            continue
        line = markdown.count("\n", 0, link.start) + 1
        column = link.start - (markdown.rfind("\n", 0, link.start) + 1) + 1
        yield line, column, link


def missing_links(project: Project, pages: Mapping[str, str],
                  exists: Container[str]) -> list[Problem]:
    """A warning for each link of the hand-written ``pages`` (their Markdown by their path in
    the content folder) to a file the site does not have, at its line."""
    folder = project.display(project.content_dir)
    return [
        Problem(project.display(project.content_dir / uri), line, column, "",
                f"the link '{link.href}' leads to no page or file of the guide: no "
                f"{folder}/{link.target}; correct the link, or add the file", warning=True)
        for uri, text in pages.items() for line, column, link in missing_targets(text, uri, exists)]


def log_hidden_links(hidden_links: Mapping[str, Iterable[str]]) -> None:
    """Log, once per hidden page, the pages whose links to it are published as their words."""
    for target, pages in sorted(hidden_links.items()):
        log.info("Links to %s, which is hidden, are shown as text in: %s", target,
                 ", ".join(pages))
