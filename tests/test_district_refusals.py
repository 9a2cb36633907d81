"""What a district's settings may not hold, refused with the line and the fix: addresses that
are not http(s), titles and names the theme cannot show as text, and logos that are not plain
images. Each refusal is checked by its exact message."""

from __future__ import annotations

import base64
import http.server
import io
import struct
import threading
import zlib
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import cli
from generator.i18n import load_messages
from generator.logo import MAX_LOGO_BYTES, LogoProblem, logo_problem
from generator.safety import phone_link, theme_text, web_address_problem
from generator.sheets import PdfRenderer

from .conftest import MINIMAL_GUIDE, with_options

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
PLAIN_SVG = f'{SVG_OPEN}<rect width="40" height="40" fill="#1f4e79"/></svg>'
AFTER_OPEN = len(SVG_OPEN) + 1
"""The column of what follows the opening <svg> on its line."""


def check(runner, write_tree, files: dict[str, str]) -> list[str]:
    root = write_tree({**MINIMAL_GUIDE, **files})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()[1:]


# --- addresses, names and titles ------------------------------------------------------------

def test_a_colour_that_is_not_a_hex_code_is_refused_with_the_fix_it_needs(runner, write_tree):
    assert check(runner, write_tree, {"district.yml": """\
colors:
  primary: navy
  accent: "#b5121"
"""}) == [
        "district.yml:2:12: colors.primary: expected a hex colour like '#1f4e79', found 'navy'; "
        "write its hex code, in quotes, as '#' starts a comment in YAML",
        "district.yml:3:11: colors.accent: expected a hex colour like '#1f4e79', found "
        "'#b5121'; write a # and 6 (or 3) digits from 0-9 and a-f",
    ]
    assert check(runner, write_tree, {"district.yml": 'colors: {primary: "#1F4E79 "}\n'}) == [
        "district.yml:1:19: colors.primary: expected a hex colour like '#1f4e79', found "
        "'#1F4E79 '; write it without spaces inside the quotes",
    ]


def test_a_logo_path_written_from_the_root_or_misspelt_is_named_with_the_path_meant(
        runner, write_tree):
    png = "content/assets/lakeside.png"
    assert check(runner, write_tree, {png: "x", "district.yml": "logo: /assets/lakeside.png\n"}
                 ) == ["district.yml:1:7: logo: the logo's path is inside the content folder "
                       "(content/) and starts without '/': write logo: assets/lakeside.png"]
    assert check(runner, write_tree, {png: "x", "district.yml": "logo: assets/lakesid.png\n"}
                 ) == ["district.yml:1:7: logo: no file content/assets/lakesid.png; did you "
                       "mean 'assets/lakeside.png'?"]


def test_new_level_labels_that_look_the_same_as_another_of_the_scale_are_refused(
        runner, write_tree):
    # Both renamed alike, or one renamed as another level is already called: a scorer could
    # not tell the two levels apart, on the page, the sheet or in the exports.
    assert check(runner, write_tree, {"district.yml": """\
levels:
  beginning: Starting
  three/growing: starting
  strong: Growing
"""}) == [
        "district.yml:2:14: levels.beginning: the label 'Starting' looks the same as the label "
        "of level 'growing' of the scale 'three'; give each level of a scale a label of its own",
        "district.yml:3:18: levels.three/growing: the label 'starting' looks the same as the "
        "label of level 'beginning' of the scale 'three'; give each level of a scale a label "
        "of its own",
    ]
    assert check(runner, write_tree, {"district.yml": "levels: {beginning: Growing}\n"}) == [
        "district.yml:1:21: levels.beginning: the label 'Growing' looks the same as the label "
        "of level 'growing' of the scale 'three'; give each level of a scale a label of its own",
    ]


def test_every_setting_that_cannot_be_text_is_refused_at_its_line(runner, write_tree):
    assert check(runner, write_tree, {"district.yml": """\
site_url: "https://user:secret@guide.lakeside.example/"
site_name: "Smith &amp; Jones"
language: "../../x"
contact:
  url: guide.md
  email: "a\\"><script>@x.example"
navigation: {index.md: "Home </TITLE> page"}
messages:
  navigation.home: "x</title>"
  language.citation_locale: "<b>"
"""}) == [
        "district.yml:1:11: site_url: an address may not hold a user name or password "
        "(user:secret@); remove them, and keep passwords out of the guide's files",
        "district.yml:2:12: site_name: the site name holds a character reference (&amp;), "
        "which the theme would show as the character it stands for in some places and as "
        "written in others; write the character itself (a & on its own is fine)",
        "district.yml:3:11: language: '../../x' is not a language code; write one like en, es "
        "or pt-BR (the guide ships en, es)",
        "district.yml:5:8: contact.url: expected a web address starting with https:// or "
        "http://, like 'https://www.lakeside.example/contact', found 'guide.md'",
        "district.yml:6:10: contact.email: expected an email address, like "
        "learning@district.example, found 'a\"><script>@x.example'",
        "district.yml:7:24: navigation.index.md: a page title may not contain '</title': the "
        "theme writes the title into the page's <title> element, which that would end; write "
        "the title without it",
        "district.yml:9:3: messages.navigation.home: a page title may not contain '</title': "
        "the theme writes the title into the page's <title> element, which that would end; "
        "write the title without it",
        "district.yml:10:3: messages.language.citation_locale: message "
        "'language.citation_locale' is the language citations are written in, a code like "
        "en-US or es-ES",
    ]


@pytest.mark.parametrize(("url", "reason"), [
    ("javascript:alert(1)", "expected"),
    ("data:text/html,<script>alert(1)</script>", "expected"),
    ("//guide.lakeside.example/", "expected"),
    ("guide.lakeside.example", "expected"),
    ("https:///guide", "expected"),
    ("https://guide.lakeside.example/\"><script>", "characters"),
    ("https://guide.lakeside.example/a'b/", "characters"),
    ("https://guide.lakeside.example/a b/", "characters"),
    ("https://guide.lakeside.example/\u2028", "characters"),
    ("https://guide.lakeside.example:99999/", "port"),
    ("https://ana@guide.lakeside.example/", "password"),
    ("https://guide.lakeside.example/?page=1", "query"),
    ("https://guide.lakeside.example/#top", "query"),
    ("https://guide.lakeside.example/a&b/", "query"),
])
def test_the_published_address_is_http_with_nothing_that_breaks_out(url, reason):
    messages = {
        "expected": f"expected the address the guide is published at, like "
                    f"'https://guide.lakeside.example/', found '{url}'",
        "characters": "an address cannot contain spaces, quotes, <, >, \\ or invisible "
                      "characters: percent-encode them (%20, %22, %27, %3C, %3E)",
        "port": f"the host or port of '{url}' cannot be read (a port is a number up to "
                "65535); write it like 'https://guide.lakeside.example/'",
        "password": "an address may not hold a user name or password (user:secret@); remove "
                    "them, and keep passwords out of the guide's files",
        "query": "the address the guide is published at cannot have a query (?), a fragment "
                 "(#) or &, as every page's address is made from it; give the folder only, "
                 "like 'https://guide.lakeside.example/'",
    }
    assert web_address_problem(url, base=True) == messages[reason]


@pytest.mark.parametrize("url", ["https://guide.lakeside.example/", "http://localhost:8000/",
                                 "https://guía.lakeside.example/a%22b/", "HTTPS://X.EXAMPLE/"])
def test_ordinary_addresses_pass(url):
    assert web_address_problem(url, base=True) is None


def test_a_contact_address_may_have_a_query():
    assert web_address_problem("https://www.lakeside.example/contact?a=1&b=2") is None


def test_an_address_in_mkdocs_yml_or_site_url_is_checked_too(runner, write_tree):
    assert check(runner, write_tree, {"mkdocs.yml": with_options(
        "pdf: false\n", before='site_url: "https://guide.lakeside.example/?a=\\"><b>/"\n')}) == [
        "mkdocs.yml:4:11: site_url: an address cannot contain spaces, quotes, <, >, \\ or "
        "invisible characters: percent-encode them (%20, %22, %27, %3C, %3E)",
    ]


def test_a_site_name_of_plain_characters_with_ampersands_and_quotes_is_accepted():
    from generator.safety import site_name_problem

    for name in ("Smith & Jones", "AT&T Academy", "O'Brien {{7*7}} javascript:x"):
        assert site_name_problem(name) is None


def test_text_for_the_theme_is_escaped_once_and_keeps_apostrophes():
    assert theme_text("<b>\"A\" & 'B'</b>") == "&lt;b&gt;&quot;A&quot; &amp; 'B'&lt;/b&gt;"


@pytest.mark.parametrize(("phone", "link"), [
    ("+1 (555) 010-0100", "tel:+15550100100"), ("555.0100", "tel:5550100"),
    ("555-0100 ext. 12", None), ("javascript:alert(1)", None), ("<b>1</b>", None)])
def test_only_a_number_one_can_dial_gets_a_phone_link(phone, link):
    assert phone_link(phone) == link


def test_braces_in_a_message_are_text_and_placeholders_are_filled(tmp_path):
    messages = load_messages("en", changes={
        "rubrics.evidence": "Proof { of {{7*7}} }", "level.numbered": "{label} ({n}) {x"})
    assert messages("rubrics.evidence") == "Proof { of {{7*7}} }"
    assert messages("level.numbered", n=2, label="Growing") == "Growing (2) {x"


# --- the logo -------------------------------------------------------------------------------

def logo_check(runner, write_tree, name: str, data: bytes | str) -> list[str]:
    root = write_tree({**MINIMAL_GUIDE, "district.yml": f"logo: {name}\n"})
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    result = runner.invoke(cli, ["check", "--project", str(root)])
    return result.output.splitlines()[1:]


REMOVE = "remove it, or use a PNG of the logo instead"
OUTSIDE = ("refers to something outside the logo; a logo may only refer to its own parts "
           "(href=\"#id\"): put what it shows into the logo itself, or use a PNG of the logo "
           "instead")

SVGS = {
    "script": (f"{SVG_OPEN}\n  <script>alert(1)</script>\n</svg>", 2, 3,
               f"<script> runs code when the logo is opened from the site; {REMOVE}"),
    "event handler": (f'{SVG_OPEN}\n<rect\n  width="4" onload="alert(1)"/></svg>', 2, 1,
                      'onload="alert(1)" on <rect> runs code when something happens to the '
                      "logo (an event handler); remove it"),
    "handler in capitals": (f'{SVG_OPEN}<g OnClick="x"/></svg>', 1, AFTER_OPEN,
                            'OnClick="x" on <g> runs code when something happens to the logo '
                            "(an event handler); remove it"),
    "foreignObject": (f'{SVG_OPEN}<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">'
                      "x</div></foreignObject></svg>", 1, AFTER_OPEN,
                      f"<foreignObject> embeds a web page, which can run code; {REMOVE}"),
    "HTML element": (f'{SVG_OPEN}<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x" '
                     'onerror="alert(1)"/></svg>', 1, AFTER_OPEN,
                     "<img> is an HTML element, which a browser shows as part of a web page "
                     f"that can run code; {REMOVE}"),
    "animation": (f'{SVG_OPEN}<a href="#x"><animate attributeName="href" '
                  'values="javascript:alert(1)"/></a></svg>', 1, AFTER_OPEN + 13,
                  f"<animate> can change the logo's links into script; {REMOVE}"),
    "external image": (f'{SVG_OPEN}<image href="https://tracker.example/x.png"/></svg>', 1,
                       AFTER_OPEN, f'<image href="https://tracker.example/x.png"> {OUTSIDE}'),
    "local file": ('<svg xmlns="http://www.w3.org/2000/svg" '
                   'xmlns:xlink="http://www.w3.org/1999/xlink">\n<image '
                   'xlink:href="file:///etc/passwd"/></svg>', 2, 1,
                   f'<image xlink:href="file:///etc/passwd"> {OUTSIDE}'),
    "embedded data": (f'{SVG_OPEN}<use href="data:image/svg+xml,&lt;svg/&gt;"/></svg>', 1,
                      AFTER_OPEN, f'<use href="data:image/svg+xml,<svg/>"> {OUTSIDE}'),
    "style import": (f"{SVG_OPEN}<style>\n.a {{ fill: red }}\n@import 'x.css';</style></svg>",
                     3, 1, "the logo's <style>: '@import' can load another file or run code"),
    "style address": (f"{SVG_OPEN}<style>.a {{ fill: url( 'https://x.example/a' ) }}</style>"
                      "</svg>", 1, AFTER_OPEN + 18,
                      "the logo's <style>: url(...) refers to something outside the logo; a "
                      "logo's styles may only refer to its own parts, as url(#gradient) does"),
    "style escape": (f"{SVG_OPEN}<style>.a {{ fill: u\\72l(https://x.example/) }}</style></svg>",
                     1, AFTER_OPEN + 19, "the logo's <style>: a CSS escape (\\) can hide a "
                                         "reference to another file; write the style without "
                                         "escapes"),
    "attribute address": (f'{SVG_OPEN}<rect fill="url(http://x.example/#g)"/></svg>', 1,
                          AFTER_OPEN,
                          'fill="url(http://x.example/#g)" on <rect>: url(...) refers to '
                          "something outside the logo; a logo's styles may only refer to its "
                          "own parts, as url(#gradient) does"),
    "doctype": ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n]>\n'
                f"{SVG_OPEN}&a;</svg>", 2, 15,
                "the logo has a <!DOCTYPE>, which can declare entities that expand without "
                "bound or read other files; remove it: an SVG needs none"),
    "stylesheet instruction": (f'<?xml-stylesheet href="https://x.example/a.css"?>\n'
                               f"{SVG_OPEN}</svg>", 1, 1,
                               "<?xml-stylesheet ...?> loads a stylesheet from another file; "
                               "remove it"),
    "no namespace": ("<svg><script>alert(1)</script></svg>", 1, 1,
                     'an SVG logo starts with <svg xmlns="http://www.w3.org/2000/svg">, found '
                     '<svg> without xmlns="http://www.w3.org/2000/svg"'),
    "not well-formed": (f"{SVG_OPEN}\n<rect>\n</svg>", 3, 3,
                        "the logo is not a well-formed SVG file (mismatched tag); save it "
                        "again from the program that made it"),
}


@pytest.mark.parametrize("case", list(SVGS))
def test_an_svg_logo_that_can_do_more_than_show_itself_is_refused(case):
    svg, line, column, message = SVGS[case]
    assert logo_problem("assets/logo.svg", svg.encode()) == LogoProblem(message, line, column)


def test_an_svg_logo_is_refused_at_its_own_line(runner, write_tree):
    assert logo_check(runner, write_tree, "assets/logo.svg", SVGS["script"][0]) == [
        f"content/assets/logo.svg:2:3: <script> runs code when the logo is opened from the "
        f"site; {REMOVE}",
    ]


@pytest.mark.parametrize("svg", [
    PLAIN_SVG,
    # What drawing programs write: their own namespaces, metadata, gradients, styles, clips.
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with Inkscape -->\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" viewBox="0 0 10 10">'
    '<sodipodi:namedview inkscape:zoom="2"/><metadata><rdf:RDF/></metadata>'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
    '<clipPath id="c"><rect width="5" height="5"/></clipPath>'
    '<filter id="f"><feGaussianBlur stdDeviation="1"/></filter></defs>'
    '<style><![CDATA[.st0{fill:url(#g);font-family:"Open Sans"}]]></style>'
    '<g clip-path="url(#c)" filter="url(#f)"><path class="st0" d="M0 0h10v10z"/>'
    '<use xlink:href="#g"/><text x="1" y="9">Lakeside &amp; Co</text></g></svg>',
])
def test_a_drawing_programs_svg_is_accepted(svg):
    assert logo_problem("assets/logo.svg", svg.encode()) is None


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8"
                       "BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("assets/logo.png", b"<html><script>alert(1)</script></html>",
     "assets/logo.png is named as a PNG image but holds a web page (HTML); use the logo's real "
     "image file"),
    ("assets/logo.png", JPEG, "assets/logo.png holds a JPEG image, not a PNG image; rename the "
                              "file to logo.jpg and write logo: assets/logo.jpg"),
    ("assets/logo.jpg", PLAIN_SVG.encode(), "assets/logo.jpg holds an SVG image, not a JPEG "
                                            "image; rename the file to logo.svg and write logo: "
                                            "assets/logo.svg"),
    ("assets/logo.svg", b"<!DOCTYPE html><p>hi", "assets/logo.svg is named as an SVG image but "
                                                 "holds a web page (HTML); use the logo's real "
                                                 "image file"),
    ("assets/logo.gif", b"plain text", "assets/logo.gif is named as a GIF image but holds no "
                                       "image a browser can show; use the logo's real image "
                                       "file"),
    ("assets/logo.ico", PNG, "assets/logo.ico is not an image a logo can be; use an SVG, PNG, "
                             "JPEG, GIF or WebP file"),
    ("assets/logo.html", b"<p>", "assets/logo.html is not an image a logo can be; use an SVG, "
                                 "PNG, JPEG, GIF or WebP file"),
])
def test_a_logo_must_be_the_image_its_name_says(runner, write_tree, name, data, message):
    assert logo_check(runner, write_tree, name, data) == [f"district.yml:1:7: logo: {message}"]


def png(width: int, height: int) -> bytes:
    """A PNG's header, saying it is ``width`` by ``height`` pixels, and nothing else."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("data", "message"), [
    (PNG[:40], "assets/logo.png cannot be read as an image: it is cut short or damaged, and "
               "would show as a broken image; save it again from an image editor"),
    (png(6000, 6000), "assets/logo.png is 6,000 by 6,000 pixels; a logo may have at most "
                      "25,000,000 pixels; save it smaller (a logo a few hundred pixels wide is "
                      "plenty)"),
    (png(100_000, 100_000), "assets/logo.png has more pixels than a browser would open; save "
                            "it smaller (a logo a few hundred pixels wide is plenty)"),
])
def test_a_logo_must_be_a_whole_image_of_a_sensible_size(runner, write_tree, data, message):
    # Each would pass for a PNG by its first bytes: a broken image on the pages, left out of
    # the PDFs without a word, or a small file that opens as billions of pixels.
    assert logo_check(runner, write_tree, "assets/logo.png", data) == [
        f"district.yml:1:7: logo: {message}"]


def test_a_logo_too_large_to_inline_into_every_sheet_is_refused():
    big = PNG + b"\0" * MAX_LOGO_BYTES
    assert logo_problem("assets/logo.png", big) == LogoProblem(
        "assets/logo.png is 1.0 MB; a logo may be at most 1 MB, as every printed sheet and PDF "
        "holds it: save it smaller")


def test_a_logo_path_the_theme_would_write_as_markup_is_refused(runner, write_tree):
    assert logo_check(runner, write_tree, 'assets/a" onerror="alert(1).png', PNG) == [
        "district.yml:1:7: logo: the logo's path may hold only letters, digits, '-', '_' and "
        "'.' in names separated by '/', as the theme writes it into every page; rename the "
        "file, for example to assets/logo.svg",
    ]


def test_a_logo_path_that_is_no_file_is_named_as_what_it_is(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "district.yml": "logo: assets/logo.svg\n",
                       "content/assets/logo.svg/.keep": ""})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.output.splitlines()[1:] == [
        "district.yml:1:7: logo: content/assets/logo.svg is a folder; give the path of the "
        "logo's image file"]


def test_real_images_are_accepted_as_logos():
    for name, kind in (("a.png", "PNG"), ("a.jpeg", "JPEG"), ("a.gif", "GIF"),
                       ("a.webp", "WEBP")):
        saved = io.BytesIO()
        Image.new("RGB", (120, 40), "#1f4e79").save(saved, kind)
        assert logo_problem(name, saved.getvalue()) is None, name
    assert logo_problem("a.png", PNG) is None


# --- what a PDF may fetch -------------------------------------------------------------------

def test_a_pdf_sheet_fetches_nothing_at_build_time(tmp_path: Path):
    """A sheet inlines its styles and logo; an address that reached it anyway (from a logo
    that skipped the checks, say) is not requested while the PDF is rendered."""
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        svg = f'{SVG_OPEN}<image href="{address}/from-svg" width="40" height="40"/></svg>'
        document = (f'<html lang="en"><body><img alt="" src="data:image/svg+xml;base64,'
                    f'{base64.b64encode(svg.encode()).decode()}"><img alt="" '
                    f'src="{address}/from-page"></body></html>')
        pdf = PdfRenderer(tmp_path).render(document)
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF-")
    assert requested == []
