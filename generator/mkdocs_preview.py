"""``rubric-guide serve`` with MkDocs: each rebuild hands MkDocs only the pages that changed.

MkDocs' dirty rebuild (``mkdocs serve --dirty``) reads and writes only the files whose
``is_modified()`` says so; it is meant for hand-written sites, where a file's time tells. The
guide's generated files are in memory, so :class:`PartialRebuilds` compares each with what the
last build gave MkDocs and hands over the unchanged ones as unmodified. Three things keep the
preview the site a full build makes:

- every page shows the navigation and the site's settings, so when they change (a title in
  the navigation, mkdocs.yml, district.yml, a template) every page is built again;
- hand-written pages are always built, as their generated blocks may show any change;
- Material's search index, which a dirty rebuild would fill with the built pages alone, is
  the last build's entries for the pages not built again and the new ones for the others;
- the pages MkDocs does not read keep the titles the last build read from them, which the
  navigation of every page built shows; and the files of the last build the site no longer
  has (an item's pages, a hand-written page or file deleted or renamed) leave the served
  folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .errors import log
from .incremental import fingerprint

SEARCH_INDEX = "search/search_index.json"
"""Where Material's search plugin writes its index, in the site."""


class _Unchanged(File):
    """A generated file as the last build gave it to MkDocs, which a dirty build passes over."""

    def is_modified(self) -> bool:
        return False


class _Rebuilt(File):
    """A hand-written page, built at every rebuild: its generated blocks may have changed."""

    def is_modified(self) -> bool:
        return True


@dataclass
class PartialRebuilds:
    """What the last builds of a ``serve`` gave MkDocs, so that the next hands over only what
    changed (see the module's docstring). One instance lives as long as the preview."""

    _given: dict[str, bytes] = field(default_factory=dict)
    """Each generated file of the last build: its digest."""
    _now: dict[str, bytes] = field(default_factory=dict)
    _site: str = ""
    whole: bool = True
    """Whether this build builds every page (the first, or after a change every page shows)."""
    _built: set[str] = field(default_factory=set)
    """The addresses of the pages built in this build."""
    _pages: set[str] = field(default_factory=set)
    """The addresses of every page of this build, built or not."""
    _entries: list[dict[str, Any]] | None = None
    """The search index's entries of this build's pages, as Material's plugin collects them."""
    _index: list[dict[str, Any]] = field(default_factory=list)
    """The search index's entries after the last build."""
    _titles: dict[str, str] = field(default_factory=dict)
    """Each page's title, by its path in the content, as the last build that read it read it."""
    _files: set[str] = field(default_factory=set)
    """Where the last build's files (generated, hand-written, the theme's) were written."""
    _files_now: set[str] = field(default_factory=set)

    def begin(self, site: Any) -> None:
        """Start a build; ``site`` is what every page shows (settings, navigation titles)."""
        key = fingerprint(site)
        self.whole = key != self._site
        self._site, self._now, self._entries = key, {}, None
        self._built, self._pages = set(), set()
        if self.whole and self._given:
            log.info("The navigation or the site's settings changed: every page is built "
                     "again")

    def generated(self, config: MkDocsConfig, path: str, content: str | bytes,
                  inclusion: InclusionLevel, whole: str | None = None) -> File:
        """The generated file ``path`` for MkDocs: unmodified if the last build gave the same
        ``content`` (a page's ``whole`` Markdown, when MkDocs gets it with placeholders)."""
        compared = content if whole is None else whole
        data = compared.encode("utf-8") if isinstance(compared, str) else compared
        digest = hashlib.blake2b(data, digest_size=16).digest()
        unchanged = not self.whole and self._given.get(path) == digest
        kind = _Unchanged if unchanged else File
        file = kind.generated(config, path, content=content, inclusion=inclusion)
        self._now[path] = digest
        return self._page(file)

    def handwritten(self, file: File) -> File:
        """The hand-written page ``file``, built at every rebuild."""
        return self._page(_Rebuilt(file.src_uri, file.src_dir, file.dest_dir,
                                   file.use_directory_urls, dest_uri=file.dest_uri,
                                   inclusion=file.inclusion))

    def _page(self, file: File) -> File:
        if file.is_documentation_page():
            self._pages.add(file.url)
        return file

    def listed(self, files: Files) -> None:
        """``files`` are every file of this build."""
        self._files_now = {file.abs_dest_path for file in files}

    def carry_titles(self, files: Files) -> None:
        """Give each page this build did not read the title the last build read from it."""
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None and file.src_uri in self._titles:
                page.title = self._titles[file.src_uri]

    def built(self, page: Page, config: MkDocsConfig) -> None:
        """``page`` was built; Material's search has indexed it."""
        self._built.add(page.url)
        if page.title is not None:
            self._titles[page.file.src_uri] = page.title
        search = _search_index(config)
        if search is not None:
            self._entries = search.entries  # this build's only, until Material merges them

    def end(self, config: MkDocsConfig) -> None:
        """Once the site is written: remove the generated files no longer made, and write the
        search index of every page."""
        for gone in sorted(self._files - self._files_now):
            with suppress(OSError):
                os.remove(gone)
                os.removedirs(os.path.dirname(gone))  # the folders it leaves empty
        self._files, self._given = self._files_now, self._now
        index = Path(config.site_dir) / SEARCH_INDEX
        search = _search_index(config)
        if search is None or not index.is_file():
            return
        kept = [entry for entry in self._index
                if (page := str(entry.get("location", "")).partition("#")[0]) in self._pages
                and page not in self._built]
        self._index = kept + list(self._entries or [])
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"] = search.entries = self._index
        index.write_text(json.dumps(data, separators=(",", ":"), default=str),
                         encoding="utf-8")


def _search_index(config: MkDocsConfig) -> Any | None:
    """Material's search index of this build, if its search plugin runs."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            return index
    return None


class _DirtyWarning(logging.Filter):
    """MkDocs' warning that a dirty build's navigation may be wrong, which
    :class:`PartialRebuilds` prevents by building every page when the navigation changes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    """Leave out of the preview's log MkDocs' warning about dirty builds (see
    :class:`_DirtyWarning`)."""
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
