"""Site addresses: where a page or file of the site is, by the rule MkDocs' ``File`` follows.

A page is named by its path in the content folder (``rubrics/x/index.md``), as MkDocs names it;
any other file by its path in the site (``rubrics/x/x.pdf``). :func:`url_for` gives the address
MkDocs gives it (``File.url``), for either ``use_directory_urls``; :func:`link` a link from one
page to another that works on any host and from disk. Every address the generator writes comes
from here; the patterns they are made from are the kinds' (:mod:`.kinds`).
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markdown.extensions.toc import slugify as markdown_slugify
from mkdocs.utils import get_relative_url

PAGE_ENDING = ".md"


def is_page(path: str) -> bool:
    """Whether ``path`` names a page (Markdown in the content folder) rather than a file."""
    return path.endswith(PAGE_ENDING)


def dest_path(path: str, directory_urls: bool = True) -> str:
    """Where ``path`` is written in the site: ``x.md`` as ``x/index.html`` (``x.html`` with
    ``directory_urls`` off), ``index.md`` and ``README.md`` as ``index.html``; a file as is."""
    if not is_page(path):
        return path
    parent, filename = posixpath.split(path)
    stem = filename[: -len(PAGE_ENDING)]
    stem = "index" if stem == "README" else stem
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


@functools.lru_cache(maxsize=65536)
def url_for(path: str, directory_urls: bool = True) -> str:
    """The address of ``path`` relative to the site's root, as MkDocs' ``File.url``: a folder
    (``x/``, the home page ``./``) for a page when ``directory_urls``, else the file."""
    url = dest_path(path, directory_urls)
    folder, filename = posixpath.split(url)
    if directory_urls and filename == "index.html":
        url = (folder or ".") + "/"
    return quote(url)


def link(from_page: str, to: str, anchor: str | None = None,
         directory_urls: bool = True, *, from_source: bool = False) -> str:
    """A relative link from page ``from_page`` to the page or file ``to`` (and ``anchor`` in
    it), as MkDocs writes links between its files; with ``from_source``, relative to the
    folder of ``from_page`` itself rather than to its address, for an engine that reads
    every relative link so (Zensical, which then makes it relative to the address)."""
    base = quote(posixpath.dirname(from_page) or ".") + "/" if from_source else url_for(
        from_page, directory_urls)
    relative = get_relative_url(url_for(to, directory_urls), base)
    return f"{relative}#{anchor}" if anchor else relative


@dataclass(frozen=True)
class HeadingIds:
    """The ids MkDocs' table of contents gives headings, by the ``slugify`` and ``separator``
    of the settings' ``toc`` extension (Python-Markdown's own unless they give others)."""

    slugify: Callable[[str, str], str] = markdown_slugify
    separator: str = "-"

    @classmethod
    def of_toc(cls, options: Mapping[str, Any] | None) -> HeadingIds:
        """The ids the ``toc`` extension with ``options`` gives."""
        options = options or {}
        return cls(options.get("slugify") or markdown_slugify,
                   str(options.get("separator") or "-"))

    def __call__(self, text: str) -> str:
        """The id of a heading whose text is ``text``."""
        return self.slugify(text, self.separator)


DEFAULT_HEADING_IDS = HeadingIds()
