"""What content may put on a published page: the link rule and the HTML of Markdown fields.

A guide is edited by many hands and published on a public site, so nothing written in its YAML
may run script in a reader's browser:

- plain-text fields are escaped wherever a template places them;
- Markdown fields are rendered by python-markdown and then cleaned by nh3 (the Ammonia
  sanitizer) down to the elements Markdown itself produces (:data:`ALLOWED_TAGS`);
- every link, in Markdown or in a link field, must be http(s), mailto or relative. Validation
  refuses other targets with the file and line (:func:`link_problem`), and the sanitizer drops
  them regardless.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3
from markupsafe import Markup, escape

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_RULE = "links must be http(s), mailto or relative (like page.md#anchor)"

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
"""Everything python-markdown writes for Markdown's own syntax, and nothing else."""

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}

MAX_OPEN_BRACKETS = 100
"""python-markdown takes time that grows with the square of the number of `[` left open (a
text of a few thousand takes minutes), and no real text opens more than a handful."""

_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster",
                             "data", "background", "cite"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop these from a URL before reading its scheme, so "java\tscript:" is javascript.
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
# Markdown punctuation that means something inside a line; whitespace is collapsed, so the text
# never starts a line where "#", "-" or "1." would.
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]()!]")


def link_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (lowercase), or None for a relative link."""
    cleaned = _IGNORED_IN_URL.sub("", url).strip("".join(chr(c) for c in range(33)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_allowed_link(url: str) -> bool:
    """Whether ``url`` is http(s), mailto or relative."""
    scheme = link_scheme(url)
    return scheme is None or scheme in LINK_SCHEMES


def link_problem(url: str) -> str | None:
    """Why ``url`` may not be a link target, or None when it may."""
    if is_allowed_link(url):
        return None
    shown = url if len(url) <= 60 else url[:57] + "..."
    return f"link '{shown}' is refused: {LINK_RULE}"


def site_name_problem(site_name: str) -> str | None:
    """Why ``site_name`` cannot be published, or None. Material places the site name in its
    pages unescaped (it is configuration, like a template), so it must hold no markup."""
    if not any(ch in site_name for ch in '<>"'):
        return None
    return ("the site name may not contain <, > or \" because the theme places it in every "
            "page as HTML; write it without them")


_MARKDOWN = markdown_lib.Markdown(extensions=["attr_list"])
"""One converter for every field: setting one up costs far more than converting a summary."""


def markdown_to_html(text: str) -> str:
    """Markdown as python-markdown renders it, before sanitizing."""
    return _MARKDOWN.reset().convert(text)


def sanitize(html: str) -> Markup:
    """``html`` reduced to :data:`ALLOWED_TAGS` with safe attributes and allowed links only."""
    return Markup(nh3.clean(
        html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=True,
        attribute_filter=_allowed_links_only,
    ))


def _allowed_links_only(tag: str, attribute: str, value: str) -> str | None:
    # Ammonia already drops other schemes; this applies the validator's own reading as well,
    # so what is published can never be looser than what is checked.
    if attribute in _URL_ATTRIBUTES and not is_allowed_link(value):
        return None
    return value


def markdown_problems(text: str) -> list[str]:
    """Why the Markdown ``text`` may not be published, one reason per problem."""
    depth = deepest = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]" and depth:
            depth -= 1
    if deepest > MAX_OPEN_BRACKETS:
        # Rendering it would take minutes; the links inside cannot be checked either.
        return [f"{deepest:,} '[' are open at once (at most {MAX_OPEN_BRACKETS}); Markdown "
                "reads '[' as the start of a link: write \\[ for a bracket that is only text"]
    finder = _LinkFinder()
    finder.feed(markdown_to_html(text))
    finder.close()
    return [p for url in finder.urls if (p := link_problem(url)) is not None]


def markdown_inert(text: str) -> Markup:
    """Plain text that stays text both in HTML and inside Markdown: HTML is escaped and
    Markdown's punctuation written as character references, so ``[x](javascript:...)`` in a
    source's title never becomes a link when a citation lands in a Markdown paragraph."""
    escaped = str(escape(" ".join(text.split())))
    return Markup(_MARKDOWN_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", escaped))


class _LinkFinder(HTMLParser):
    """Collects every URL-valued attribute of an HTML fragment, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in _URL_ATTRIBUTES and value]
