"""What the tests share: the small guides they write, the builds and previews they run, how they
read back what a build wrote, and a translator's steps. Browser fixtures and what a reader does
on a page are in ``tests/browser.py``; the hostile guide and what makes a page or a PDF
dangerous in ``tests/hostile.py``; the calibration arithmetic's references in
``tests/references.py``. Test modules import from these, never from one another.

The generator's names that many test modules use are imported here, once, so a module that
moves in ``generator/`` is one line to change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from generator.build import GuideBuild
from generator.cli import cli
from generator.errors import ContentError
from generator.project import Project, data_files
from generator.sheets import DEFAULT_CACHE_DIR
from generator.validate import load_guide

from .warm_python import WarmPython

__all__ = [
    "ALL", "CLI", "INDEX_MD", "LEAVES", "MINIMAL_GUIDE", "MKDOCS_YML", "NAVIGATED", "NO_PDF",
    "NO_PDF_GUIDE", "PAGE_MD", "PRACTICE", "PRINCIPLES_YML", "PROJECT_PARTS", "ROOT",
    "RUBRIC_YML", "SCALES_YML", "SOURCES_YML", "SYNTAX_MD", "TRANSLATED", "UNPRIVILEGED",
    "ContentError", "GuideBuild", "Links", "Preview", "Project", "WarmPython", "WriteTree",
    "cli", "copy_project", "copy_seed_pdfs", "data_files", "fill", "free_port", "get",
    "html_pages", "links_of", "load_guide", "mkdocs_build", "needs_fork", "pages", "prepared",
    "rubric_guide", "rubric_guide_here", "run_alone", "run_as_a_user", "snapshot",
    "structure_languages", "translate", "wait_for", "with_options", "write_files",
]

ROOT = Path(__file__).resolve().parents[1]
"""This repository: the seed guide, which the tests build as a user would."""

# -- a small guide -----------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: Test guide
docs_dir: content
theme: {name: material, font: false}
plugins: [search, rubric-guide]
markdown_extensions: [attr_list, md_in_html, tables, toc]
"""


def with_options(options: str, before: str = "") -> str:
    """:data:`MKDOCS_YML` with ``options`` (YAML lines, as in the plugin's own block) for the
    rubric-guide plugin, and ``before`` (settings of mkdocs.yml) just above its plugins."""
    block = textwrap.indent(textwrap.dedent(options), " " * 6)
    return MKDOCS_YML.replace("plugins: [search, rubric-guide]",
                              f"{before}plugins:\n  - search\n  - rubric-guide:\n{block}")


SCALES_YML = """\
scales:
  - id: three
    title: Three levels
    levels:
      - {id: beginning, label: Beginning, score: 1}
      - {id: growing, label: Growing, score: 2}
      - {id: strong, label: Strong, score: 3}
"""

PRINCIPLES_YML = """\
title: Principles
principles:
  - id: trust
    title: Trust
    description: People rely on each other.
"""

SOURCES_YML = """\
- id: doe-2020
  type: book
  title: Working together
  author: [{family: Doe, given: Jane}]
  issued: {date-parts: [[2020]]}
  publisher: Example Press
"""

RUBRIC_YML = """\
title: Teamwork
summary: How a team works together [@doe-2020].
scale: three
sources: [doe-2020]
criteria:
  - id: meetings
    title: Meetings & agendas
    principles: [trust]
    levels:
      beginning: Meetings happen <sometimes>.
      growing: Meetings are regular.
      strong: Meetings drive decisions.
"""

INDEX_MD = """\
# Test guide

Teams matter [@doe-2020].
"""

MINIMAL_GUIDE = {
    "mkdocs.yml": MKDOCS_YML,
    "content/index.md": INDEX_MD,
    "content/scales.yml": SCALES_YML,
    "content/principles.yml": PRINCIPLES_YML,
    "content/sources.yml": SOURCES_YML,
    "rubrics/teamwork.yml": RUBRIC_YML,
}
"""The smallest whole guide: one rubric on a three-level scale, citing one source."""

NO_PDF_GUIDE = {**MINIMAL_GUIDE, "mkdocs.yml": with_options("pdf: false")}
"""The smallest guide without PDFs, for tests that read none: a build makes them otherwise."""


PYTHON_SETTINGS = """\
site_name: Test guide
docs_dir: content
theme: {name: material, font: false}
plugins: [search, {rubric-guide: {pdf: false}}]
markdown_extensions:
  - attr_list
  - md_in_html
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
"""Settings as Material's documentation gives them: functions of Markdown extensions, named
with ``!!python/...`` tags; ``toc``'s slugify is pymdownx's, which keeps accents in ids."""


WriteTree = Callable[[dict[str, str]], Path]
"""The ``write_tree`` fixture: writes ``{relative path: text}`` and returns the folder."""


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text}`` under ``root`` and return ``root``: text dedented, in
    UTF-8; bytes as they are."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


PROJECT_PARTS = ("content", "rubrics", "overrides", "mkdocs.yml")
"""What a district's copy of the guide holds besides the generator."""


def copy_project(dest: Path, edit_mkdocs_yml: Callable[[str], str] = lambda text: text) -> Path:
    """A copy of this repository's guide in ``dest``, with ``mkdocs.yml`` edited."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        else:
            (dest / part).write_text(edit_mkdocs_yml(source.read_text(encoding="utf-8")),
                                     encoding="utf-8")
    return dest


def copy_seed_pdfs(guide: Path) -> Path:
    """The PDFs the seed guide's own builds left in its cache, copied into ``guide``'s, so a
    build of a copy renders only the PDFs its changes touch. Returns ``guide``."""
    cache = ROOT / DEFAULT_CACHE_DIR
    if cache.is_dir():
        shutil.copytree(cache, guide / DEFAULT_CACHE_DIR)
    return guide


def prepared(root: Path, render_pdfs: bool = False, **settings: object) -> GuideBuild:
    """The guide at ``root`` loaded, checked and rendered in this process, as a build does
    before an engine takes over (no PDFs unless asked for)."""
    build = GuideBuild(Project.at(root), **settings)  # type: ignore[arg-type]
    build.prepare(render_pdfs=render_pdfs)
    return build


def configured(root: Path, render_pdfs: bool = False) -> GuideBuild:
    """The guide at ``root`` prepared with its settings (mkdocs.yml, district.yml)."""
    build = GuideBuild.from_mkdocs_yml(root / "mkdocs.yml")
    build.prepare(render_pdfs=render_pdfs)
    return build


# -- builds as a user runs them ----------------------------------------------------------------

def mkdocs_build(project: Path, site: Path, *extra: str, env: dict[str, str] | None = None,
                 python: WarmPython | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``, in a process of its own: a fresh
    ``python``, or one forked by ``python``."""
    args = ["-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d",
            str(site), *extra]
    if python is not None:
        return python.run(*args, cwd=project, env=env)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=project,
                          check=False, env={**os.environ, **(env or {})})


CLI = [sys.executable, "-c", "from generator.cli import main; main()"]
"""The rubric-guide command, from this Python."""


def rubric_guide(*args: str, cwd: Path = ROOT,
                 python: WarmPython | None = None) -> subprocess.CompletedProcess[str]:
    """``rubric-guide ARGS`` in ``cwd``, in a process of its own: a fresh ``python``, or one
    forked by ``python``."""
    if python is not None:
        return python.run(*CLI[1:], *args, cwd=cwd)
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def rubric_guide_here(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``rubric-guide ARGS`` in ``cwd``, run in this process, with what it prints and its exit
    code as :func:`rubric_guide` gives them: for commands whose claim is what they say and
    write (``check``, ``translate``), not how a process of their own behaves. An exception
    that escapes the command fails the test, as its traceback would."""
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, list(args), prog_name="rubric-guide",
                                    catch_exceptions=False)
    return subprocess.CompletedProcess(["rubric-guide", *args], result.exit_code,
                                       result.stdout, result.stderr)


def run_alone(code: str) -> str:
    """Run ``code`` in a fresh interpreter, where no other thread runs, and return its output."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


needs_fork = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1),
    reason="forked copies are used on Linux with more than one CPU")

# -- what a build wrote ------------------------------------------------------------------------


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file under ``site``, by its path there (with ``/``), in sorted order."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def manifest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by its path there, with the SHA-256 of its bytes: sites that
    differ name the files that do, without printing every byte of both."""
    return {path: hashlib.sha256(data).hexdigest() for path, data in snapshot(folder).items()}


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site, in sorted order."""
    return sorted(site.rglob("*.html"))


class Links(HTMLParser):
    """The links (tag, attribute, address) and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((tag, name, str(values[name])))


def links_of(path: Path) -> Links:
    """The links and ids of the HTML page at ``path``."""
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


SYNTAX_MD = """\
# Test guide

Teams matter [@doe-2020].

Cite a source as `[@doe-2020]`, or ``[@source-id, p. 12]`` with where in it. Place the
framework's overview with `<!-- rubric-guide: framework-overview -->`; a name no block has
is an example too: `<!-- rubric-guide: no-such-block -->`.

```markdown
Teams matter [@nobody-2001].
<!-- rubric-guide: rubrics-and-checklists -->
```

~~~
[@nobody-2002]
~~~

An indented block is code too:

    [@nobody-2003]

- A list item's code, `[@nobody-2004]`, is code; its next paragraph is not:

    as found [@doe-2020, p. 3].
"""
"""A home page showing how to write a citation and place a generated block: in code,
``[@id]`` and ``<!-- rubric-guide: x -->`` are examples, neither replaced nor checked (nor
placing the block); the two citations outside code are."""


# -- `mkdocs serve`, as an editor runs it ------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str, float]:
    """Status, text and seconds of one request; it must be answered within 10 s."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), time.monotonic() - start
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - start


class Preview:
    """``mkdocs serve`` of a guide, on a port of its own."""

    def __init__(self, root: Path, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.url = f"http://127.0.0.1:{free_port()}/"
        address = self.url.removeprefix("http://").rstrip("/")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", address], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=2).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("mkdocs serve did not start:\n" + self.stop())

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")

    def stop(self, signum: int = signal.SIGINT) -> str:
        """Stop the preview as a person does, with Ctrl+C, or by another signal."""
        self.process.send_signal(signum)
        output, _ = self.process.communicate(timeout=30)
        return output


def wait_for(condition: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("waited in vain")


# -- a guide and its translation, as a translator makes it -------------------------------------

PAGE_MD = """\
---
title: Test guide
---
# Test guide

Teams matter [@doe-2020].

## How to begin { #begin }

- Meet weekly.
- Share the agenda.

| Step | Who |
| --- | --- |
| Plan | The team |

```yaml
title: not text to translate
```
"""


TRANSLATED = {
    "Growing": "En desarrollo",
    "Meetings & agendas": "Reuniones y órdenes del día",
    "Meetings are regular.": "Las reuniones son periódicas.",
    "How to begin": "Cómo empezar",
    "Meet weekly.": "Reunirse cada semana.",
}
"""A partial Spanish translation: the rest stays in English."""


def translate(root: Path, language: str = "es") -> str:
    result = rubric_guide_here("translate", language, cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stdout


def fill(root: Path, strings: dict[str, str]) -> None:
    """Translate ``strings`` in ``translations/es.po`` as an editor would."""
    po = root / "translations" / "es.po"
    text = po.read_text(encoding="utf-8")
    for english, spanish in strings.items():
        quoted = json.dumps(english, ensure_ascii=False)
        assert f"msgid {quoted}\nmsgstr \"\"" in text, english
        text = text.replace(f"msgid {quoted}\nmsgstr \"\"",
                            f"msgid {quoted}\nmsgstr {json.dumps(spanish, ensure_ascii=False)}")
    po.write_text(text, encoding="utf-8")


NO_PDF = MKDOCS_YML.replace("plugins: [search, rubric-guide]",
                            "plugins: [search, {rubric-guide: {pdf: false}}]")
"""The small guide's settings without PDFs, line for line as they are with them."""


NAVIGATED = {
    "mkdocs.yml": NO_PDF + "nav:\n  - Home: index.md\n  - Our teams: teams.md\n",
    "content/teams.md": "# Teams\n\nEvery school has one.\n",
    "content/calendar.md": "# Calendar\n\nTeams meet in May.\n",
    "content/contacts.md": "# Who to ask\n\nWrite to the office.\n",
    "district.yml": ("translations: [es]\npages:\n  - path: calendar.md\n"
                     "    title: Calibration calendar\n  - path: contacts.md\n"
                     "navigation:\n  teams.md: School teams\n"),
}
"""A guide whose navigation has a title the guide's words translate (Home), one
district.yml gives an upstream page, one of the district's own pages, and another of its
pages titled by its heading."""


# -- what a PDF says ---------------------------------------------------------------------------

def structure_languages(pdf: Path) -> dict[tuple[str, str], int]:
    """How many structure elements of each tag say each language, in a PDF whose own language
    is Spanish (checked)."""
    with pdf.open("rb") as file:
        document = PDFDocument(PDFParser(file))
        found: dict[tuple[str, str], int] = {}

        def walk(node: Any) -> None:
            node = resolve1(node)
            if not isinstance(node, dict):
                return
            if "Lang" in node:
                key = (str(resolve1(node["S"])).strip("/'"), resolve1(node["Lang"]).decode())
                found[key] = found.get(key, 0) + 1
            kids = resolve1(node.get("K"))
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

        walk(document.catalog["StructTreeRoot"])
        assert resolve1(document.catalog["Lang"]) == b"es"
    return found


# -- the guide's other kinds of content --------------------------------------------------------

PRACTICE = {
    "content/strategies.yml": """\
        title: Strategies
        strategies:
          - {id: general, title: Meet often, description: Teams meet every week.}
        """,
    "content/standards/qpl.yml": """\
        title: Collaboration
        statement: Learning is shared.
        elements:
          - {id: a, letter: A, title: Culture, description: Educators work together.,
             indicators: [Builds trust.]}
        """,
    "content/checklists/practice.yml": """\
        title: Practice
        include: [strategies, standard/qpl]
        items:
          - {id: element-a-culture, text: Our own statement.}
          - {id: practice, text: Another one.}
        """,
}


# -- the command line --------------------------------------------------------------------------

def commands(group: click.Group, prefix: str = "rubric-guide") -> list[tuple[str, click.Command]]:
    """Every command under ``group``, nested groups included, with its full name."""
    found = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found += commands(command, full)
    return found


ALL = commands(cli)
LEAVES = [(name, c) for name, c in ALL if not isinstance(c, click.Group)]


UNPRIVILEGED = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search"]
"""As root, files without read permission are still read; without these capabilities, root
meets permissions as any user does."""


def run_as_a_user(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command of ours (``rubric-guide ...`` or ``mkdocs ...``) in ``cwd``, as a user who
    is bound by file permissions."""
    command = [sys.executable, "-m", "mkdocs"] if args[0] == "mkdocs" else [
        sys.executable, "-c", "from generator.cli import main; main()"]
    prefix = UNPRIVILEGED if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command, *args[1:]], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def pages(site: Path) -> dict[str, Path]:
    """Every HTML page of the site, by its address relative to the site root."""
    return {path.relative_to(site).as_posix().removesuffix("index.html"): path
            for path in html_pages(site)}
