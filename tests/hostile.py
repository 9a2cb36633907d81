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

SITE_NAME = "Guide & 'Co' {{7*7}} javascript:window.__xss=1 &lt;b&gt;"
"""The theme places the site name as HTML, so <, > and " are refused in it; the rest is text."""

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
