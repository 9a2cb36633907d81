"""What the tests share: the small guides they write, the builds they run, and how they read
back what a build wrote. Browser fixtures and what a reader does on a page are in
``tests/browser.py``.

The generator's names that many test modules use are imported here, once, so a module that
moves in ``generator/`` is one line to change.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import GuideBuild
from generator.cli import cli
from generator.errors import ContentError
from generator.project import Project, data_files
from generator.sheets import DEFAULT_CACHE_DIR
from generator.validate import load_guide

from .warm_python import WarmPython

__all__ = [
    "CLI", "INDEX_MD", "MINIMAL_GUIDE", "MKDOCS_YML", "NO_PDF_GUIDE", "PRINCIPLES_YML",
    "PROJECT_PARTS", "ROOT", "RUBRIC_YML", "SCALES_YML", "SOURCES_YML", "SYNTAX_MD",
    "ContentError", "GuideBuild", "Links", "Project", "WarmPython", "WriteTree", "cli",
    "copy_project", "copy_seed_pdfs", "data_files", "html_pages", "links_of", "load_guide",
    "mkdocs_build", "needs_fork", "prepared", "rubric_guide", "rubric_guide_here", "run_alone",
    "snapshot", "with_options", "write_files",
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


# -- builds as a user runs them ------------------------------------------------------------------

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

# -- what a build wrote --------------------------------------------------------------------------


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file under ``site``, by its path there (with ``/``), in sorted order."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


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
