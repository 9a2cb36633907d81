"""The search index of a large guide, made by a forked copy of the build.

Material's search plugin reads every page's HTML again, with Python's HTML parser, as the page
is rendered: a quarter of the time of a guide of a thousand rubrics. Once MkDocs has turned every
page into HTML (its ``env`` event), a copy of the process (see :mod:`.parallel`) reads them all
with Material's own indexer while this process renders the pages. Each page is marked
``search: exclude`` until Material's search has passed it over, so that Material does not read
it a second time, and once Material has written ``search/search_index.json`` its entries are
replaced by the copy's: the same entries in the same order, so the index is the one Material
would have written.

The copy reads the pages as they are at the ``env`` event, which is what Material reads when no
plugin changes a page's HTML before it: where one does, the index is left to Material.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from .parallel import Job

SEARCH_PLUGIN = "material/search"
INDEX_PATH = "search/search_index.json"


@dataclass(frozen=True)
class IndexedPage:
    """What Material's indexer reads of a page, kept as it was when the copy was made."""

    url: str
    title: str | None
    meta: MutableMapping[str, Any]
    content: str
    toc: TableOfContents


def index_entries(pages: Sequence[IndexedPage]) -> list[dict[str, Any]]:
    """The search entries of ``pages``, in order, as Material's search plugin makes them."""
    index = SearchIndex()
    for page in pages:
        index.add_entry_from_context(page)
    entries: list[dict[str, Any]] = index.entries
    return entries


def search_first(config: MkDocsConfig) -> bool:
    """Whether Material's search plugin is on and reads each page before any other plugin
    sees its template context, where another could still change the page's HTML."""
    search = config.plugins.get(SEARCH_PLUGIN)
    if search is None or not search.config.enabled:
        return False
    handlers = config.plugins.events.get("page_context", [])
    return bool(handlers) and getattr(handlers[0], "__self__", None) is search


class SearchInCopy:
    """Material's search entries for ``pages``, made by a forked copy of this process.

    If the copy cannot be made (see :func:`.parallel.can_fork`) nothing changes: Material
    indexes the pages itself and :meth:`write` leaves its index alone.
    """

    def __init__(self, pages: Sequence[Page]) -> None:
        indexed = [IndexedPage(page.url, page.title, page.meta, page.content or "", page.toc)
                   for page in pages]
        self._job = Job(partial(index_entries, indexed), fork=True)
        self._meta: dict[str, MutableMapping[str, Any]] = {}
        if self._job.forked:
            for page in pages:
                self._meta[page.file.src_uri] = page.meta
                search = {**(page.meta.get("search") or {}), "exclude": True}
                page.meta = {**page.meta, "search": search}

    def restore(self, page: Page) -> None:
        """Give ``page`` back its own metadata, once Material's search has passed it over:
        the templates then render it exactly as they would have."""
        meta = self._meta.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = meta

    def write(self, site_dir: Path) -> None:
        """Put the copy's entries into the index Material has written to ``site_dir``.

        Written as Material writes it, so the file is the same byte for byte."""
        if not self._job.forked:
            return
        path = site_dir / INDEX_PATH
        index = json.loads(path.read_text(encoding="utf-8"))
        # Material's own entries, if any, are of pages added after the copy was made.
        index["docs"] = [*self._job.result(), *index["docs"]]
        path.write_text(json.dumps(index, separators=(",", ":"), default=str),
                        encoding="utf-8")

    def close(self) -> None:
        """Stop the copy, if its entries are not wanted (the build failed)."""
        self._job.close()
