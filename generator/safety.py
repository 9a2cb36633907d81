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

import functools
import re
import unicodedata
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

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


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters no text of a guide holds: C0 and C1 controls other than tab and line break (NUL,
ESC...), which reach pages, sheets and the Canvas CSV unseen, and the bidirectional embeddings,
overrides and isolates, which show a line in another order than it is read. The marks U+200E
and U+200F, which right-to-left text needs, stay allowed."""

_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION",
                  0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE"}
"""Names of the controls that Python's Unicode database leaves unnamed."""


def character_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a character as a message names it."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"


def control_character_problem(text: str) -> str | None:
    """Why ``text``, any text of the guide or its settings, cannot be published, or None:
    it holds a character of :data:`_CONTROL`."""
    found = _CONTROL.findall(text)
    if not found:
        return None
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (f"the text holds {character_name(found[0])}{more}, an invisible control character "
            "that pages, sheets and exports would carry; delete it (in quotes YAML writes it "
            "as an escape such as \\x1b or \\u202e)")


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
    return f"link '{_shown(url)}' is refused: {LINK_RULE}"


def site_name_problem(site_name: str) -> str | None:
    """Why ``site_name`` cannot be published, or None. Material places the site name in its
    pages unescaped (it is configuration, like a template) in some places and escaped in
    others, so no spelling of <, >, " or a character reference shows as written in both: the
    name must hold none of them."""
    if any(ch in site_name for ch in '<>"'):
        return ("the site name may not contain <, > or \" because the theme places it in every "
                "page as HTML; write it without them")
    references = [m.group() for m in _REFERENCE.finditer(site_name)
                  if unescape(m.group()) != m.group()]
    if references:
        return (f"the site name holds a character reference ({references[0]}), which the "
                "theme would show as the character it stands for in some places and as written "
                "in others; write the character itself (a & on its own is fine)")
    return None


_REFERENCE = re.compile(r"&(?:#[xX]?[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def theme_text(text: str) -> str:
    """``text`` for a place where the theme writes a setting as HTML: page titles in the
    navigation, the site's description, the colour switch's name. Material writes those
    unescaped (titles may be HTML, as headings are), in element text and in double-quoted
    attributes, so ``&``, ``<``, ``>`` and ``"`` become character references and the text
    shows exactly as written. ``'`` stays: no such attribute is single-quoted, and the few
    places that escape a title again would show ``&#39;``."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


_TITLE_END = re.compile(r"</title", re.IGNORECASE)


def title_problem(title: str) -> str | None:
    """Why ``title`` cannot be a page's title in the navigation, or None. The theme writes a
    page's title into the page's ``<title>`` after removing tags and decoding character
    references, so ``</title`` there would end that element whatever is done to it."""
    if _TITLE_END.search(title):
        return ("a page title may not contain '</title': the theme writes the title into "
                "the page's <title> element, which that would end; write the title without it")
    return None


PUBLISHED_AT_EXAMPLE = "https://guide.lakeside.example/"
WEB_ADDRESS_EXAMPLE = "https://www.lakeside.example/contact"

_NOT_IN_ADDRESS = frozenset(" \"'<>\\^`{|}")
"""Characters a web address never holds as written (they are percent-encoded), and that could
end the attribute or element an address is written in."""


def web_address_problem(url: str, *, base: bool = False) -> str | None:
    """Why ``url`` is not an http(s) address that a setting may give, or None. ``base`` is
    the address the guide is published at, from which every page's address is made: it has
    no query, fragment or ``&`` either."""
    what, example = (("the address the guide is published at", PUBLISHED_AT_EXAMPLE) if base
                     else ("a web address starting with https:// or http://",
                           WEB_ADDRESS_EXAMPLE))
    expected = f"expected {what}, like '{example}', found '{_shown(url)}'"
    if not re.match(r"https?://", url, re.IGNORECASE):
        return expected
    if any(ch in _NOT_IN_ADDRESS or not ch.isprintable() for ch in url):
        return ("an address cannot contain spaces, quotes, <, >, \\ or invisible characters: "
                "percent-encode them (%20, %22, %27, %3C, %3E)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks that the port is a number
    except ValueError:
        return (f"the host or port of '{_shown(url)}' cannot be read (a port is a number up "
                f"to 65535); write it like '{example}'")
    if parts.username is not None or parts.password is not None:
        return ("an address may not hold a user name or password (user:secret@); remove "
                "them, and keep passwords out of the guide's files")
    if not parts.hostname:
        return expected
    if base and any(ch in url for ch in "?#&"):
        return ("the address the guide is published at cannot have a query (?), a fragment "
                "(#) or &, as every page's address is made from it; give the folder only, "
                f"like '{PUBLISHED_AT_EXAMPLE}'")
    return None


_EMAIL = re.compile(r"[^\s@<>\"'(),;:\\\[\]/?#&]+@[^\s@<>\"'(),;:\\\[\]/?#&]+\.[^\W\d_]{2,}")


def email_problem(email: str) -> str | None:
    """Why ``email`` is not an address a ``mailto:`` link can be made of, or None."""
    if _EMAIL.fullmatch(email) and email.isprintable():
        return None
    return (f"expected an email address, like learning@district.example, found "
            f"'{_shown(email)}'")


_DIALABLE = re.compile(r"\+?[0-9][0-9 ().\-/]*")


def phone_link(phone: str) -> str | None:
    """A ``tel:`` link for ``phone`` when it is a number one can dial (digits, an opening
    ``+`` and the spaces, dots, dashes, slashes and brackets that group them), else None:
    the number is then shown as text without a link."""
    if not _DIALABLE.fullmatch(phone.strip()):
        return None
    return "tel:" + re.sub(r"[^+0-9]", "", phone)


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


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


@functools.lru_cache(maxsize=1 << 16)  # a preview checks the same texts after every edit
def markdown_problems(text: str) -> list[str]:
    """Why the Markdown ``text`` may not be published, one reason per problem."""
    deepest = open_brackets(text)
    if deepest > MAX_OPEN_BRACKETS:
        # Rendering it would take minutes; the links inside cannot be checked either.
        return [f"{deepest:,} '[' are open at once (at most {MAX_OPEN_BRACKETS}); Markdown "
                "reads '[' as the start of a link: write \\[ for a bracket that is only text"]
    finder = _LinkFinder()
    finder.feed(markdown_to_html(text))
    finder.close()
    return [p for url in finder.urls if (p := link_problem(url)) is not None]


def open_brackets(text: str) -> int:
    """The most ``[`` the Markdown ``text`` holds open at once (``\\[`` is text)."""
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
    return deepest


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


# -- what a translation of a hand-written page may hold ---------------------------------------

_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")
"""An inline code span, as python-markdown reads one; what is in it is shown as written."""
_TAG = re.compile(r"<(?=[A-Za-z/!?])[^<>]*>?")
"""An HTML tag, comment or declaration, closed or not (an autolink looks like one too)."""
_ALLOWED_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>", re.IGNORECASE)
_BRACES = re.compile(r"\{[^{}]*\}?|\}")
"""An attribute list (``{: .class onclick=...}``, which attr_list makes attributes of the
element it ends), closed or not, or a brace of one."""
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)", re.M)
"""The destination of a link or image, or of a link's definition."""
_INCLUDE = re.compile(r"-{1,2}8<-{1,2}")
"""pymdownx.snippets' line that includes a file, for a site that turns it on."""


def translation_markup_problem(source: str, translation: str) -> str | None:
    """Why ``translation``, a translator's words for the text ``source`` of a hand-written
    page, cannot be published, or None. A page is the site's source, reviewed as code, and
    its HTML is published as written; a translation comes from outside that review (a PO
    editor, a translation service), so it may use Markdown's own formatting (as Markdown
    fields may), links that are http(s), mailto or relative, and the markup its source has,
    written as the source writes it, nothing more: no element, attribute, attribute list,
    comment or link target of its own. The texts are compared as written, not as rendered:
    what the site renders them as depends on its extensions and on the page around them."""
    if "\n" in translation:  # a text of a page is one line: a break would start a block
        return "a line break"
    if (deepest := open_brackets(translation)) > MAX_OPEN_BRACKETS:
        return f"{deepest:,} '[' open at once"
    given, mine = _outside_code(source), _outside_code(translation)
    for pattern, what in ((_TAG, "the markup"), (_BRACES, "the attribute list"),
                          (_INCLUDE, "the file include")):
        known = set(pattern.findall(given))
        for found in pattern.findall(mine):
            if found not in known and not (pattern is _TAG and _ALLOWED_AUTOLINK.fullmatch(found)):
                return f"{what} '{_shown(found)}'"
    targets = {a or b for a, b in _LINK_TARGET.findall(given)}
    for a, b in _LINK_TARGET.findall(mine):
        # A browser reads &#106;avascript: in an address as javascript:.
        if not is_allowed_link(unescape(a or b)) and (a or b) not in targets:
            return f"the link '{_shown(a or b)}'"
    return None


def _outside_code(text: str) -> str:
    """``text`` without its inline code spans."""
    return _CODE_SPAN.sub(" ", text)
