"""A small guide whose every field a person can write carries script-injection payloads.

Plain-text fields get :data:`TEXT`, Markdown fields get :data:`MARKDOWN` (everything in it is
valid content that the sanitizer must defuse), the guide's name gets what a site name may hold
(:data:`SITE_NAME`). The payloads set ``window.__xss`` when they run, so a browser test only has
to read that flag.
"""

from __future__ import annotations

import contextlib
import json
import resource
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import yaml
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

TEXT = (
    "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">"
    " \"><svg onload=\"window.__xss=1\"> '><svg onload='window.__xss=1'>"
    " javascript:window.__xss=1 {{7*7}} {%raw%} ${7*7}"
    " [x](javascript:window.__xss=1) <a href=\"javascript:window.__xss=1\">a</a> 😀"
)
"""Plain text: must be shown exactly like this, as text."""

MARKDOWN = (
    "**Bold** <script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">"
    " \"><svg onload=\"window.__xss=1\"> {{7*7}}"
    " <a href=\"https://example.org/\" onclick=\"window.__xss=1\">ok</a>"
    " <iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>"
    " <style>body{display:none}</style>"
    " [titled](https://example.org/ \"t\\\" onmouseover=\\\"window.__xss=1\")"
    "\n\nSecond paragraph.{: onclick=\"window.__xss=1\" }"
)
"""Markdown that is allowed to be written, but whose HTML the sanitizer must clean."""

SITE_NAME = "Guide & 'Co' {{7*7}} javascript:window.__xss=1 AT&T"
"""The theme places the site name as HTML, so <, >, " and character references (&lt;) are
refused in it; the rest is text."""

URL = "https://example.org/a'onmouseover='window.__xss=1'"
"""A valid address that still carries quotes."""


SECONDS = 20
MEMORY = 1024 * 1024 * 1024


@contextlib.contextmanager
def bounded(seconds: int = SECONDS, memory: int = MEMORY) -> Iterator[None]:
    """Fail instead of hanging or swapping: a wall-clock alarm, and an address-space limit of
    ``memory`` above what the test process already uses."""

    def timeout(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    previous = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    resource.setrlimit(resource.RLIMIT_AS, (used + memory, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0



def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _levels() -> list[dict[str, Any]]:
    return [{"id": lid, "label": f"{TEXT} {n}", "score": n}
            for n, lid in enumerate(("low", "mid", "high"), start=1)]


RUBRIC = {
    "title": TEXT,
    "summary": MARKDOWN,
    "scale": "hostile",
    "principles": ["trust"],
    "sources": ["doe-2020"],
    "criteria": [
        {"id": f"c{n}", "title": f"{TEXT} {n}", "description": MARKDOWN,
         "evidence_prompts": [TEXT], "principles": ["trust"], "sources": ["doe-2020"],
         "levels": {lid: f"{TEXT} {lid}" for lid in ("low", "mid", "high")}}
        for n in (1, 2)
    ],
}

CONTENT: dict[str, Any] = {
    "scales.yml": {"scales": [{"id": "hostile", "title": TEXT, "levels": _levels()}]},
    "principles.yml": {"title": TEXT, "intro": MARKDOWN, "principles": [
        {"id": "trust", "title": TEXT, "description": TEXT}]},
    "framework.yml": {"title": TEXT, "intro": MARKDOWN, "phases": [
        {"id": "one", "title": TEXT, "link": "principles.md",
         "steps": [{"title": TEXT, "description": TEXT}]}]},
    "strategies.yml": {"title": TEXT, "attribution": TEXT, "intro": [MARKDOWN],
                       "strategies": [{"id": "s", "title": TEXT, "description": TEXT}],
                       "conclusion": [MARKDOWN]},
    "key-system-features.yml": {
        "title": TEXT, "summary": TEXT,
        "sections": [{"id": "sec", "title": TEXT, "paragraphs": [MARKDOWN], "items": [TEXT]}],
        "indicators": {"title": TEXT, "groups": [
            {"title": TEXT, "items": [{"id": "ind", "text": TEXT}]}]}},
    "evidence-of-practice.yml": {
        "title": TEXT, "intro": TEXT, "culture": TEXT,
        "items": [{"id": "ev", "text": TEXT}],
        "research": [{"text": TEXT, "source": "doe-2020"}]},
    "standards/std.yml": {
        "title": TEXT, "collection": TEXT, "statement": TEXT, "intro": [MARKDOWN],
        "sources": ["doe-2020"],
        "elements": [{"id": "a", "letter": TEXT, "title": TEXT, "description": TEXT,
                      "indicators_lead": TEXT, "indicators": [TEXT]}]},
    "checklists/own.yml": {"title": TEXT, "intro": MARKDOWN, "responses": [TEXT, f"{TEXT} 2"],
                           "items": [{"id": "i", "text": TEXT}]},
    "checklists/included.yml": {"title": TEXT, "include": [
        "standard/std", "evidence-of-practice", "key-system-features", "strategies"]},
    "sources.yml": [{
        "id": "doe-2020", "type": "book", "title": TEXT,
        "author": [{"family": TEXT, "given": TEXT}, {"literal": TEXT}],
        "issued": {"date-parts": [[2020]]}, "publisher": TEXT, "container-title": TEXT,
        "URL": URL, "DOI": "10.1000/a'onmouseover='window.__xss=1'",
    }],
}

MKDOCS_YML = f"""\
site_name: {json.dumps(SITE_NAME)}
docs_dir: content
theme: {{name: material, font: false}}
plugins:
  - search
  - rubric-guide: {{pdf: false}}
markdown_extensions: [attr_list, md_in_html, tables, toc]
"""

INDEX_MD = """\
# Home

A hand-written page citing [@doe-2020].

<!-- rubric-guide: framework-overview -->
"""


def hostile_guide(pdf: bool = False) -> dict[str, str]:
    """The files of the hostile guide, for ``write_tree``."""
    files = {f"content/{name}": _yaml(data) for name, data in CONTENT.items()}
    files["rubrics/hostile.yml"] = _yaml(RUBRIC)
    files["content/index.md"] = INDEX_MD
    files["mkdocs.yml"] = MKDOCS_YML.replace("pdf: false", f"pdf: {str(pdf).lower()}")
    return files


# --- district.yml: every setting a district writes ------------------------------------------

def payload(tag: str, *, title: bool = False) -> str:
    """Text that tries every way out of the place a setting lands in: markup, attributes in
    either quote, script links, templates, Markdown links and attributes, an ending ``</title>``
    (left out of navigation titles, where it is refused), a character reference written as
    text and a line separator (a bidirectional override or another control character is
    refused where it is written: ``tests/test_wrong_sites.py``). Each alert names ``tag``, so a
    dialog says which setting ran."""
    ending = "" if title else f" </title><script>alert(/{tag}/)</script>"
    return (f"<script>alert(/{tag}/)</script> \"><img src=x onerror=alert(/{tag}/)>"
            f" ' onmouseover='alert(/{tag}/)' javascript:alert(/{tag}/) {{{{7*7}}}} {{%raw%}}"
            f" [{tag}](javascript:alert(/{tag}/)) {{: onclick=\"alert(/{tag}/)\" }}"
            f" &amp; \u2028 {tag}{ending}")


DISTRICT_SITE_NAME = ("Smith & Jones ' onmouseover='alert(/site_name/)' javascript:alert("
                      "/site_name/) {{7*7}} [l](javascript:alert(/site_name/)) \u2028 site_name")
"""What a site name may hold: no <, > or " and no character reference (see content/editing.md)."""

DISTRICT_SITE_URL = "https://guide.lakeside.example/lake%22side/"
DISTRICT_CONTACT_URL = "https://www.lakeside.example/contact?a=1&b=%3Cscript%3E"
DISTRICT_EMAIL = "learning+guide@lakeside.example"

DISTRICT_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
                 '<rect width="40" height="40" fill="#1f4e79"/></svg>')


def district_messages() -> dict[str, Any]:
    """Every interface string of the guide, each a :func:`payload` named by its key with the
    placeholders the English one has; the citation language, a code, is left as it is."""
    from generator.i18n import load_messages, placeholders

    messages: dict[str, Any] = {}
    for key, english in load_messages("en").catalogue.items():
        if key.startswith("language."):
            continue
        title = key.startswith("navigation.")
        names = "".join(f" {{{name}}}" for name in sorted(placeholders(english)))
        if isinstance(english, list):  # the placeholders once, in the first text
            messages[key] = [payload(f"{key}.{n}", title=title) + (names if n == 0 else "")
                             for n in range(len(english))]
        else:
            messages[key] = payload(key, title=title) + names
    return messages


def hostile_district() -> dict[str, Any]:
    """district.yml with a payload in every setting that lands in the site as text, and
    addresses that pass the rules but still hold quotes and ampersands, percent-encoded."""
    return {
        "site_name": DISTRICT_SITE_NAME,
        "site_url": DISTRICT_SITE_URL,
        "site_description": payload("site_description"),
        "language": "es",
        "organization": payload("organization"),
        "logo": "assets/logo.svg",
        "contact": {"name": payload("contact.name"), "email": DISTRICT_EMAIL,
                    "url": DISTRICT_CONTACT_URL, "phone": payload("contact.phone")},
        "footer": payload("footer"),
        # A spreadsheet would run a cell starting with "=": the Canvas export must quote it.
        "levels": {"beginning": "=" + payload("levels.beginning")},
        "edition": payload("edition"),
        "navigation": {"index.md": payload("navigation.index.md", title=True),
                       "rubrics/index.md": payload("navigation.rubrics", title=True)},
        "messages": district_messages(),
    }


DISTRICT_MKDOCS_YML = """\
site_name: Test guide
docs_dir: content
theme:
  name: material
  font: false
  features: [navigation.footer, navigation.tabs, navigation.indexes, content.tooltips]
  palette:
    - scheme: default
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - scheme: slate
      toggle: {icon: material/brightness-4, name: Switch to light mode}
plugins:
  - search
  - rubric-guide
markdown_extensions: [attr_list, md_in_html, tables, {toc: {permalink: true}}]
nav:
  - Home: index.md
  - Principles: principles.md
  - rubrics/index.md
  - Reference:
      - reference/format.md
      - sources.md
"""
"""A guide whose navigation has the English titles a Spanish guide translates, and both
colour schemes with their switch."""


def hostile_district_guide(minimal: dict[str, str]) -> dict[str, str]:
    """The files of ``minimal`` (a small guide, as ``tests.conftest.MINIMAL_GUIDE``) with
    :func:`hostile_district` as its district.yml, for ``write_tree``."""
    return {**minimal, "mkdocs.yml": DISTRICT_MKDOCS_YML, "district.yml": _yaml(
        hostile_district()), "content/assets/logo.svg": DISTRICT_LOGO}


ACTIONS = {"/JavaScript", "/JS", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm"}


def pdf_names(value: Any, seen: set[int] | None = None) -> list[str]:
    """Every name and text reachable from ``value`` in a PDF, for looking for actions."""
    seen = set() if seen is None else seen
    if isinstance(value, IndirectObject):
        if value.idnum in seen:
            return []
        seen.add(value.idnum)
        value = value.get_object()
    if isinstance(value, DictionaryObject):
        return [n for key, item in value.items()
                for n in (str(key), *pdf_names(item, seen))]
    if isinstance(value, ArrayObject):
        return [n for item in value for n in pdf_names(item, seen)]
    return [str(value)] if isinstance(value, NameObject | str) else []
