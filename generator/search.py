"""The search index of a large guide, made by a forked copy of the build.

Material's search plugin reads every page's HTML again, with Python's HTML parser, as the page
is rendered: a quarter of the time of a guide of a thousand rubrics. Once MkDocs has turned every
page into HTML (its ``env`` event), a copy of the process (see :mod:`.parallel`) reads them all
with Material's own indexer while this process renders the pages. Each page is marked
``search: exclude`` until Material's search has passed it over, so that Material does not read
it a second time, and once Material has written ``search/search_index.json`` its entries are
replaced by the copy's: the same entries in the same order, so the index is the one Material
would have written.

The copy is forked early, before the guide is loaded, while the process is small, and waits:
forked at ``env``, it would start as large as the build is then (every page's Markdown and HTML
held by MkDocs), and so would the sum of the processes' memory. At ``env`` the pages are written
to the build's spool (:mod:`.spool`) one by one, the copy reads them one by one, and writes
their entries there as JSON, which goes into the index without being read into memory again.

The copy reads the pages as they are at the ``env`` event, which is what Material reads when no
plugin changes a page's HTML before it: where one does, the index is left to Material.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import shutil
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from .parallel import Job
from .spool import Spool

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
    """Material's search entries for the pages :meth:`index` is given, made by a copy of this
    process forked now, which waits for them; the files go in ``spool``.

    If the copy cannot be made (see :func:`.parallel.can_fork`) nothing changes: Material
    indexes the pages itself and :meth:`write` leaves its index alone.
    """

    def __init__(self, spool: Spool) -> None:
        self._pages_file = spool.path("search/pages.pickle")
        self._entries_file = spool.path("search/entries.json")
        self._owner = os.getpid()
        self._meta: dict[str, MutableMapping[str, Any]] = {}
        self._asked = False
        receiver, self._requests = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._job = Job(partial(self._index_when_asked, receiver), fork=True)
        receiver.close()

    def index(self, pages: Sequence[Page]) -> None:
        """Have the copy index ``pages``, as they are now, and keep Material from reading
        them; if they cannot be written for the copy, Material reads them as usual."""
        if not self._job.forked:
            return
        try:
            with open(self._pages_file, "wb") as out:
                for page in pages:
                    pickle.dump(IndexedPage(page.url, page.title, page.meta,
                                            page.content or "", page.toc),
                                out, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            self.close()
            return
        self._requests.send(True)
        self._asked = True
        for page in pages:
            self._meta[page.file.src_uri] = page.meta
            search = {**(page.meta.get("search") or {}), "exclude": True}
            page.meta = {**page.meta, "search": search}

    def _index_when_asked(self, requests: Connection) -> bool:
        """In the copy: wait for the pages, then index them. Here, when the copy failed:
        index them."""
        if os.getpid() != self._owner:
            self._requests.close()  # so that the build closing its end ends the wait
            try:
                requests.recv()
            except (EOFError, OSError):
                return False  # the build no longer wants an index
        index_pages(self._pages_file, self._entries_file)
        return True

    def restore(self, page: Page) -> None:
        """Give ``page`` back its own metadata, once Material's search has passed it over:
        the templates then render it exactly as they would have."""
        meta = self._meta.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = meta

    def write(self, site_dir: Path) -> None:
        """Put the copy's entries into the index Material has written to ``site_dir``.

        Written as Material writes it, so the file is the same byte for byte."""
        if not self._asked:
            return
        self._job.result()
        path = site_dir / INDEX_PATH
        index = json.loads(path.read_text(encoding="utf-8"))
        # Material's own entries, if any, are of pages added after the copy was made.
        own = index["docs"]
        index["docs"] = [_ENTRIES]
        head, tail = _json(index).split(_json(_ENTRIES), 1)
        with open(path, "w", encoding="utf-8") as out, open(
                self._entries_file, encoding="utf-8") as entries:
            out.write(head)
            shutil.copyfileobj(entries, out)
            if own:
                wrote = self._entries_file.stat().st_size > 0
                out.write(("," if wrote else "") + _json(own)[1:-1])
            out.write(tail)

    def close(self) -> None:
        """Stop the copy, if its entries are not wanted (the build failed)."""
        self._requests.close()
        self._job.close()


_ENTRIES = "\0rubric-guide: the copy's entries\0"
"""What stands for the copy's entries in the index, until they are written in its place."""


def _json(data: Any) -> str:
    """``data`` as Material's search plugin writes its index."""
    return json.dumps(data, separators=(",", ":"), default=str)


def index_pages(pages_file: Path, entries_file: Path) -> None:
    """Index the pages pickled one after the other in ``pages_file``, one at a time, and
    write their entries to ``entries_file``, separated by commas."""
    with open(pages_file, "rb") as pages, open(entries_file, "w", encoding="utf-8") as out:
        separator = ""
        while True:
            try:
                page = pickle.load(pages)
            except EOFError:
                break
            for entry in index_entries([page]):
                out.write(separator + _json(entry))
                separator = ","
