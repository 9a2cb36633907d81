"""What a district's logo may be: an image that shows itself and does nothing else.

The logo is published at the guide's own address, shown in every page's header and inlined
into printed sheets and PDFs, which WeasyPrint renders. An SVG file is a document: it can hold
script, event handlers, HTML (``<foreignObject>``), animations that turn links into script, and
references to other files and hosts. Opened from the site, its script would run as the guide's
own; rendered into a PDF, its references would be fetched at build time. So an SVG logo may
hold shapes, text, gradients, filters and styles that refer only to its own parts (``#id``),
with no ``<!DOCTYPE>``; and a PNG, JPEG, GIF or WebP logo must be that image in its bytes,
whatever its name says (a browser shown HTML named ``logo.png`` may still run it).

The SVG is read by expat with no DTD, no entities and nothing fetched, and refused at the line
of its first problem.
"""

from __future__ import annotations

import io
import mimetypes
import re
import warnings
from dataclasses import dataclass
from xml.parsers import expat

MAX_LOGO_BYTES = 1024 * 1024
"""The largest logo: it is inlined into every printed sheet and PDF."""

LOGO_TYPES = {"image/svg+xml": "SVG", "image/png": "PNG", "image/jpeg": "JPEG",
              "image/gif": "GIF", "image/webp": "WebP"}
"""The images a logo can be, by media type: what browsers and WeasyPrint both show."""
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
"""The names such images usually end in."""

LOGO_PATH = re.compile(r"[\w.\-]+(?:/[\w.\-]+)*")
"""A logo's path inside the content folder: letters, digits, ``-``, ``_`` and ``.`` in names
separated by ``/``. The theme writes it into an ``<img src>`` as it is."""

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_SHOWN_AS_PAGES = {"http://www.w3.org/1999/xhtml": "an HTML",
                   "http://www.w3.org/1998/Math/MathML": "a MathML"}
"""Namespaces whose elements a browser shows as a page, with its links and scripts."""

SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "switch", "view", "title", "desc", "metadata", "style",
    "a", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "textPath", "image", "marker", "pattern", "clipPath", "mask", "linearGradient",
    "radialGradient", "stop", "filter", "feBlend", "feColorMatrix", "feComponentTransfer",
    "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
    "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})
"""The SVG elements a logo may use: shapes, text, paint, filters and their structure."""

_WHY_NOT = {
    "script": "runs code when the logo is opened from the site",
    "handler": "runs code when the logo is opened from the site",
    "listener": "runs code when the logo is opened from the site",
    "foreignObject": "embeds a web page, which can run code",
    "animate": "can change the logo's links into script",
    "set": "can change the logo's links into script",
    "animateMotion": "is an animation, which a logo does not need",
    "animateTransform": "is an animation, which a logo does not need",
    "animateColor": "is an animation, which a logo does not need",
}
"""Why an element is refused, where there is more to say than that a logo does not need it."""

FIX = "remove it, or use a PNG of the logo instead"

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*(.)?", re.IGNORECASE)
_CSS_LOADS = re.compile(r"@import|(?:image-set|image|cross-fade|element|src|expression)\s*\(|"
                        r"javascript:|-moz-binding|behavior\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class LogoProblem:
    """Why a logo is refused, at a line of the logo's own file when there is one (else 0)."""

    message: str
    line: int = 0
    column: int = 0


def logo_problem(name: str, data: bytes) -> LogoProblem | None:
    """Why the logo file ``name`` holding ``data`` cannot be published, or None."""
    kind = mimetypes.guess_type(name)[0]
    if kind not in LOGO_TYPES:
        return LogoProblem(f"{name} is not an image a logo can be; use an SVG, PNG, JPEG, GIF "
                           "or WebP file")
    if len(data) > MAX_LOGO_BYTES:
        return LogoProblem(f"{name} is {len(data) / 1024 / 1024:.1f} MB; a logo may be at most "
                           f"{MAX_LOGO_BYTES // 1024 // 1024} MB, as every printed sheet and PDF "
                           "holds it: save it smaller")
    found = sniff(data)
    if found == kind or (kind == "image/svg+xml" and found is None):
        return svg_problem(data) if kind == "image/svg+xml" else raster_problem(name, data)
    if found in LOGO_TYPES:
        renamed = name.rpartition(".")[0] + (mimetypes.guess_extension(found) or "")
        return LogoProblem(f"{name} holds {_described(found)}, not {_described(kind)}; rename "
                           f"the file to {renamed.rpartition('/')[2]} and write logo: {renamed}")
    return LogoProblem(f"{name} is named as {_described(kind)} but holds {_described(found)}; "
                       "use the logo's real image file")


MAX_LOGO_PIXELS = 25_000_000
"""The most pixels a logo may have (5,000 by 5,000): a few hundred pixels wide is plenty, and
a small file can hold a picture of billions of pixels that would take a browser's memory."""


def raster_problem(name: str, data: bytes) -> LogoProblem | None:
    """Why the PNG, JPEG, GIF or WebP logo ``name`` holding ``data`` cannot be shown, or None:
    it is cut short or damaged (it would show as a broken image, and be left out of the PDFs
    without a word), or it has more pixels than :data:`MAX_LOGO_PIXELS`."""
    from PIL import Image  # Pillow, which WeasyPrint installs; only raster logos need it

    smaller = "; save it smaller (a logo a few hundred pixels wide is plenty)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    return LogoProblem(f"{name} is {width:,} by {height:,} pixels; a logo may "
                                       f"have at most {MAX_LOGO_PIXELS:,} pixels{smaller}")
                image.load()
    except Image.DecompressionBombError:
        return LogoProblem(f"{name} has more pixels than a browser would open{smaller}")
    except (OSError, SyntaxError, ValueError):
        return LogoProblem(f"{name} cannot be read as an image: it is cut short or damaged, "
                           "and would show as a broken image; save it again from an image "
                           "editor")
    return None


def sniff(data: bytes) -> str | None:
    """The media type ``data`` holds, from its first bytes (``text/html`` for a web page),
    or None when it is none of those a logo could be mistaken for."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF"):
        return "application/pdf"
    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "text/html"
    if head.startswith(b"<") and b"<svg" in head:
        return "image/svg+xml"
    return None


def _described(kind: str | None) -> str:
    if kind in LOGO_TYPES:
        name = LOGO_TYPES[kind]
        return f"an {name} image" if name[0] in "AEIOS" else f"a {name} image"
    return {"text/html": "a web page (HTML)", "application/pdf": "a PDF"}.get(
        kind or "", "no image a browser can show")


def svg_problem(data: bytes) -> LogoProblem | None:
    """The first thing in the SVG ``data`` that a logo may not hold, at its line, or None."""
    return _SvgCheck().run(data)


def css_problem(css: str) -> tuple[int, str] | None:
    """Where in ``css`` (a style of the logo) something loads another file or runs code, and
    why it is refused; None when nothing does."""
    text = _CSS_COMMENT.sub(lambda m: " " * len(m.group()), css)
    if "\\" in text:
        return text.index("\\"), ("a CSS escape (\\) can hide a reference to another file; "
                                  "write the style without escapes")
    for match in _CSS_URL.finditer(text):
        if match.group(1) != "#":
            return match.start(), ("url(...) refers to something outside the logo; a logo's "
                                   "styles may only refer to its own parts, as url(#gradient) "
                                   "does")
    found = _CSS_LOADS.search(text)
    if found:
        return found.start(), f"'{found.group()}' can load another file or run code"
    return None


class _Refused(Exception):
    def __init__(self, problem: LogoProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _SvgCheck:
    """Reads an SVG with expat and raises :class:`_Refused` at the first thing refused."""

    def __init__(self) -> None:
        self.parser = parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.depth = 0
        self.style: list[str] | None = None
        """The text of the ``<style>`` being read, so far."""
        self.style_at = (0, 0)
        """Where that text starts: line and column."""

    def run(self, data: bytes) -> LogoProblem | None:
        try:
            self.parser.Parse(data, True)
        except _Refused as refused:
            return refused.problem
        except expat.ExpatError as exc:
            return LogoProblem(f"the logo is not a well-formed SVG file ("
                               f"{expat.ErrorString(exc.code)}); save it again from the "
                               "program that made it", exc.lineno, exc.offset + 1)
        return None

    def refuse(self, message: str, line: int = 0, column: int = 0) -> None:
        raise _Refused(LogoProblem(message, line or self.parser.CurrentLineNumber,
                                   column or self.parser.CurrentColumnNumber + 1))

    def _doctype(self, *args: object) -> None:
        self.refuse("the logo has a <!DOCTYPE>, which can declare entities that expand "
                    "without bound or read other files; remove it: an SVG needs none")

    def _instruction(self, target: str, data: str) -> None:
        why = ("loads a stylesheet from another file" if target == "xml-stylesheet"
               else "is not part of an image")
        self.refuse(f"<?{target} ...?> {why}; remove it")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, element = name.rpartition(" ")
        if self.depth == 0 and (namespace, element) != (SVG, "svg"):
            found = "<svg> without xmlns=\"http://www.w3.org/2000/svg\"" if element == "svg" else (
                f"<{element}>")
            self.refuse(f"an SVG logo starts with <svg xmlns=\"{SVG}\">, found {found}")
        self.depth += 1
        if namespace in _SHOWN_AS_PAGES:
            self.refuse(f"<{element}> is {_SHOWN_AS_PAGES[namespace]} element, which a browser "
                        f"shows as part of a web page that can run code; {FIX}")
        if (namespace == SVG and element not in SVG_ELEMENTS) or element in _WHY_NOT:
            why = _WHY_NOT.get(element, "is not an element an image needs")
            self.refuse(f"<{element}> {why}; {FIX}")
        for attribute, value in attributes.items():
            self._attribute(element, attribute, value)
        if namespace == SVG and element == "style":
            self.style = []

    def _attribute(self, element: str, attribute: str, value: str) -> None:
        namespace, _, local = attribute.rpartition(" ")
        shown = f"xlink:{local}" if namespace == XLINK else local
        written = value if len(value) <= 40 else value[:37] + "..."
        if local.lower().startswith("on"):
            self.refuse(f"{shown}=\"{written}\" on <{element}> runs code when something "
                        f"happens to the logo (an event handler); remove it")
        if local == "href" and not value.strip().startswith("#"):
            self.refuse(f"<{element} {shown}=\"{written}\"> refers to something outside the "
                        "logo; a logo may only refer to its own parts (href=\"#id\"): put "
                        f"what it shows into the logo itself, or use a PNG of the logo instead")
        problem = css_problem(value)
        if problem is not None:
            self.refuse(f"{shown}=\"{written}\" on <{element}>: {problem[1]}")

    def _text(self, text: str) -> None:
        if self.style is not None:
            if not self.style:
                self.style_at = (self.parser.CurrentLineNumber,
                                 self.parser.CurrentColumnNumber + 1)
            self.style.append(text)

    def _end(self, name: str) -> None:
        if self.style is not None and name == f"{SVG} style":
            css = "".join(self.style)
            self.style = None
            problem = css_problem(css)
            if problem is not None:
                index, why = problem
                before = css[:index]
                line, column = self.style_at
                if "\n" in before:
                    line, column = line + before.count("\n"), index - before.rfind("\n")
                else:
                    column += index
                self.refuse(f"the logo's <style>: {why}", line, column)
