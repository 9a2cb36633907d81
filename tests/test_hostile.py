"""Broken and hostile content: every case gets a clear problem with its file and line (or loads
as it should), in bounded time and memory, and a failed build leaves the previous site as it was.

Each case replaces or adds files in the minimal guide. Cases run in-process inside
:func:`bounded` (a wall-clock alarm and an address-space limit), through the same
``GuideBuild.prepare`` that MkDocs runs; a few run as real ``mkdocs build`` over a good site.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator import load

from .helpers import (
    MINIMAL_GUIDE,
    ROOT,
    RUBRIC_YML,
    SOURCES_YML,
    ContentError,
    GuideBuild,
    Project,
    WarmPython,
    snapshot,
    write_files,
)
from .hostile import MEMORY, bounded

MKDOCS_YML = MINIMAL_GUIDE["mkdocs.yml"].replace(
    "plugins: [search, rubric-guide]", "plugins: [search, {rubric-guide: {pdf: false}}]")


@dataclass(frozen=True)
class Case:
    """Files to write over the minimal guide, and the problems expected (none: it builds)."""

    id: str
    files: dict[str, str | bytes]
    problems: list[str] = field(default_factory=list)


def rubric(old: str, new: str) -> dict[str, str | bytes]:
    assert old in RUBRIC_YML
    return {"rubrics/teamwork.yml": RUBRIC_YML.replace(old, new)}


def nested_lists(depth: int) -> str:
    return "title: " + "[" * depth + "]" * depth + "\n"


BILLION_LAUGHS = "".join(
    f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10 if prev else ["lol"] * 10) + "]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)

CASES = [
    Case("malformed-yaml", {"rubrics/teamwork.yml": "title: Teamwork\ncriteria: [unclosed\n"}, [
        "rubrics/teamwork.yml:2:11: YAML syntax error: the [ here is never closed; close it with ]",
    ]),
    Case("wrong-types", rubric("scale: three", "scale: [three]") | {
        "content/principles.yml": "title: Principles\nprinciples: trust\n"}, [
        "content/principles.yml:2:13: principles: expected a list, found the text 'trust'",
        "rubrics/teamwork.yml:3:8: scale: expected text, found a list",
    ]),
    Case("missing-and-extra-level", rubric("      strong: Meetings drive decisions.\n",
                                           "      best: Meetings drive decisions.\n"), [
        "rubrics/teamwork.yml:10:7: criteria[0].levels: criterion 'meetings' has no descriptor "
        "for level 'strong'; scale 'three' expects one for each of: 'beginning', 'growing', "
        "'strong'",
        "rubrics/teamwork.yml:12:7: criteria[0].levels.best: 'best' is not a level of scale "
        "'three'; expected one of: 'beginning', 'growing', 'strong'",
    ]),
    Case("unknown-references", rubric("principles: [trust]", "principles: [trusting]"), [
        "rubrics/teamwork.yml:8:18: criteria[0].principles[0]: unknown principle 'trusting'; "
        "did you mean 'trust'?",
    ]),
    Case("duplicate-key", rubric("scale: three\n", "scale: three\nscale: three\n"), [
        "rubrics/teamwork.yml:4:1: scale: duplicate key 'scale' (first defined on line 3); YAML "
        "keeps only one of them: remove or rename one",
    ]),
    Case("ten-megabyte-string", {"rubrics/teamwork.yml": "title: " + "x" * 10_000_000 + "\n"}, [
        "rubrics/teamwork.yml:1:1: the file is 9.5 MB, more than the 5 MB a data file may be; "
        "split it into smaller files or remove what does not belong in the guide",
    ]),
    Case("three-megabyte-string", rubric("title: Teamwork", "title: " + "x" * 3_000_000), [
        "rubrics/teamwork.yml:1:8: title: text of 3,000,000 characters is longer than the "
        "10,000 allowed; shorten it or split it up",
    ]),
    Case("ten-thousand-nested-lists", {"rubrics/teamwork.yml": nested_lists(10_000)}, [
        "rubrics/teamwork.yml:1:57: lists and mappings are nested more than 50 deep here; the "
        "guide's formats nest a few levels: check the indentation and brackets",
    ]),
    Case("billion-laughs", {"rubrics/teamwork.yml": BILLION_LAUGHS}, [
        "rubrics/teamwork.yml:2:8: YAML aliases (*a) are not accepted in a guide; write the "
        "value out in full where it is needed",
    ]),
    Case("list-containing-itself", {"rubrics/teamwork.yml": "criteria: &c [*c]\n"}, [
        "rubrics/teamwork.yml:1:15: YAML aliases (*c) are not accepted in a guide; write the "
        "value out in full where it is needed",
    ]),
    Case("too-many-values", {"rubrics/teamwork.yml": "title: [" + "1, " * 50_001 + "]\n"}, [
        "rubrics/teamwork.yml:1:150000: the file holds more than 50,000 values; a guide's data "
        "file holds far fewer: split it into smaller files",
    ]),
    Case("invalid-utf-8", {"content/principles.yml": (
        "title: Principles\nprinciples:\n  - {id: trust, title: Caf\xe9, description: D}\n"
    ).encode("latin-1")}, [
        "content/principles.yml:3:27: the file is not UTF-8 text: byte 0xE9 (at byte offset "
        "56) is not valid UTF-8, as happens when a file is saved as Latin-1 or Windows-1252; "
        "save it as UTF-8",
    ]),
    Case("hand-written-page-not-utf-8", {"content/index.md": "# Caf\xe9\n".encode("latin-1")}, [
        "content/index.md:1:6: the file is not UTF-8 text: byte 0xE9 (at byte offset 5) is not "
        "valid UTF-8, as happens when a file is saved as Latin-1 or Windows-1252; save it as "
        "UTF-8",
    ]),
    Case("utf-16", {"content/principles.yml": MINIMAL_GUIDE["content/principles.yml"].encode(
        "utf-16")}, [
        "content/principles.yml:1:1: the file is UTF-16 text; save it as UTF-8 (in most "
        "editors: Save As, Encoding: UTF-8)",
    ]),
    Case("control-character", rubric("title: Teamwork", "title: Team\x00work"), [
        "rubrics/teamwork.yml:1:12: the file contains the control character U+0000, which YAML "
        "does not allow; delete it (it is often invisible: retype the text around it)",
    ]),
    Case("empty-file", {"content/principles.yml": ""}, [
        "content/principles.yml:1:1: the file is empty; add its content or delete the file",
    ]),
    Case("comments-only", {"content/principles.yml": "# nothing yet\n"}, [
        "content/principles.yml:1:1: the file is empty; add its content or delete the file",
    ]),
    Case("tab-indentation", {"content/principles.yml": "title: P\nprinciples:\n\t- id: trust\n"}, [
        "content/principles.yml:3:1: YAML syntax error: found character '\\t' that cannot start "
        "any token; indent with spaces, not tabs",
    ]),
    Case("two-documents", {"content/principles.yml": "title: P\n---\ntitle: Q\n"}, [
        "content/principles.yml:2:1: YAML syntax error: but found another document; a data "
        "file holds one YAML document: remove the '---' line or split the file",
    ]),
    Case("unreadable-tag", rubric("title: Teamwork", "title: !!int many"), [
        "rubrics/teamwork.yml:1:8: title: 'many' cannot be read as !!int; remove the tag, "
        "correct the value or put it in quotes",
    ]),
    Case("empty-tagged-value", rubric("title: Teamwork", "title: !!int"), [
        "rubrics/teamwork.yml:1:8: title: '' cannot be read as !!int; remove the tag, correct "
        "the value or put it in quotes",
    ]),
    Case("python-tag", rubric("title: Teamwork", "title: !!python/object/apply:os.system [ls]"), [
        "rubrics/teamwork.yml:1:8: title: expected text, found a list",
    ]),
    Case("list-as-key", {"content/principles.yml": "? [a, b]\n: c\n"}, [
        "content/principles.yml:1:1: missing required key 'principles'; add 'principles: ...'",
        "content/principles.yml:1:1: missing required key 'title'; add 'title: ...'",
        "content/principles.yml:1:3: a key must be a word or a text, not a list or mapping (a "
        "line starting with '?' makes one); write the key as plain text",
    ]),
    Case("line-breaks-and-escapes-in-keys", rubric(
        "scale: three", 'scale: three\n"a\\nb\\e[2J": x'), [
        "rubrics/teamwork.yml:4:1: a\\nb\\x1b[2J: unknown key 'a\\nb\\x1b[2J'; expected one of: "
        "'title', 'summary', 'scale', 'evidence_column', 'principles', 'sources', 'criteria', "
        "'exemplars'",
    ]),
    Case("javascript-link-in-markdown", rubric(
        "summary: How a team works together [@doe-2020].",
        "summary: '[Read more](javascript:alert(1)) and "
        "<a href=\"jav&#x09;ascript:x\">this</a>'"), [
        "rubrics/teamwork.yml:2:10: summary: link 'javascript:alert(1)' is refused: links must "
        "be http(s), mailto or relative (like page.md#anchor) (and 1 more in this text)",
    ]),
    Case("data-link-in-markdown", {"content/principles.yml": (
        "title: Principles\nintro: '![x](data:image/svg+xml,<svg onload=alert(1)>)'\n"
        "principles:\n  - {id: trust, title: Trust, description: D}\n")}, [
        "content/principles.yml:2:8: intro: link 'data:image/svg+xml,<svg onload=alert(1)>' is "
        "refused: links must be http(s), mailto or relative (like page.md#anchor)",
    ]),
    Case("thousands-of-open-brackets", rubric(
        "summary: How a team works together [@doe-2020].", "summary: '" + "[" * 5000 + "'"), [
        "rubrics/teamwork.yml:2:10: summary: 5,000 '[' are open at once (at most 100); Markdown "
        "reads '[' as the start of a link: write \\[ for a bracket that is only text",
    ]),
    Case("phase-links", {"content/framework.yml": (
        "title: Framework\nphases:\n"
        "  - {id: a, title: A, link: 'vbscript:msgbox'}\n"
        "  - {id: b, title: B, link: 'principles.md) [x](javascript:alert(1)'}\n")}, [
        "content/framework.yml:3:29: phases[0].link: link 'vbscript:msgbox' is refused: links "
        "must be http(s), mailto or relative (like page.md#anchor)",
        "content/framework.yml:4:29: phases[1].link: an address cannot contain spaces, quotes, "
        "< or >: percent-encode them (%20, %22, %3C, %3E)",
    ]),
    Case("source-addresses-and-shapes", {"content/sources.yml": SOURCES_YML + (
        "  URL: javascript:alert(1)\n  DOI: https://doi.org/10.1000/x\n  accessed: 2020\n"
        "  editor: Jane Roe\n  translator: [{name: Roe}]\n  container-title: [Journal]\n")}, [
        "content/sources.yml:7:8: [0].URL: link 'javascript:alert(1)' is refused: links must be "
        "http(s), mailto or relative (like page.md#anchor)",
        "content/sources.yml:8:8: [0].DOI: expected a DOI such as 10.1000/xyz123, without "
        "https://doi.org/, found the text 'https://doi.org/10.1000/x'",
        "content/sources.yml:9:13: [0].accessed: expected a date such as {date-parts: [[2020, "
        "5, 1]]}, {raw: 2020-05-01} or {literal: n.d.}, found the number 2020",
        "content/sources.yml:10:11: [0].editor: expected a list of names such as [{family: Doe, "
        "given: Jane}] or [{literal: Example Institute}], found the text 'Jane Roe'",
        "content/sources.yml:11:16: [0].translator[0]: a name needs 'family' (with 'given') or "
        "'literal' for an organization",
        "content/sources.yml:11:17: [0].translator[0].name: unknown part of a name 'name'; use "
        "family and given, or literal",
        "content/sources.yml:12:20: [0].container-title: expected text or a number, found a list",
    ]),
    Case("byte-order-mark-and-crlf", {
        "rubrics/teamwork.yml": b"\xef\xbb\xbf" + RUBRIC_YML.replace("\n", "\r\n").encode()}),
    Case("windows-text-everywhere", {
        name: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
        for name, text in MINIMAL_GUIDE.items() if name.endswith((".yml", ".md"))
        and name != "mkdocs.yml"}),
]


def write_case(root: Path, case: Case) -> Path:
    return write_files(root, {**MINIMAL_GUIDE, "mkdocs.yml": MKDOCS_YML, **case.files})


def prepare(root: Path, site_name: str = "Test guide") -> list[str]:
    """The problems ``GuideBuild.prepare`` reports for the guide at ``root`` (none: it built)."""
    build = GuideBuild(Project.at(root), site_name=site_name)
    try:
        with bounded():
            build.prepare(render_pdfs=False)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    assert build.guide.rubrics and build.pages
    return []


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request, monkeypatch):
    """Each case is read with libyaml's events (when PyYAML has it) and with PyYAML's own."""
    if request.param == "pyyaml":
        monkeypatch.setattr(load, "_LibyamlComposer", None)
    elif load._LibyamlComposer is None:
        pytest.skip("PyYAML is installed without libyaml")
    return request.param


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_content_gets_exact_problems(case, parser, tmp_path):
    assert prepare(write_case(tmp_path, case)) == case.problems


@pytest.mark.skipif(load._LibyamlComposer is None, reason="PyYAML is installed without libyaml")
@pytest.mark.parametrize("path", sorted(
    p.relative_to(ROOT).as_posix() for folder in ("content", "rubrics", "generator/messages")
    for p in (ROOT / folder).rglob("*.yml")))
def test_both_parsers_read_every_file_alike(path, monkeypatch):
    fast, _ = load.load_document(ROOT / path, ROOT)
    monkeypatch.setattr(load, "_LibyamlComposer", None)
    reference, _ = load.load_document(ROOT / path, ROOT)
    assert (fast.data, fast.values, fast.keys) == (
        reference.data, reference.values, reference.keys)


def test_a_site_name_with_markup_is_refused(tmp_path):
    root = write_case(tmp_path, Case("site-name", {"mkdocs.yml": MKDOCS_YML.replace(
        "site_name: Test guide", "site_name: Guide <script>alert(1)</script>")}))
    with pytest.raises(ContentError) as caught:
        GuideBuild.from_mkdocs_yml(root / "mkdocs.yml").prepare(render_pdfs=False)
    assert [str(p) for p in caught.value.problems] == [
        "mkdocs.yml:1:12: site_name: the site name may not contain <, > or \" because the theme "
        "places it in every page as HTML; write it without them",
    ]


def test_windows_text_reads_the_same_as_unix_text(tmp_path):
    unix = GuideBuild(Project.at(write_case(tmp_path / "unix", Case("unix", {}))))
    windows_case = next(c for c in CASES if c.id == "windows-text-everywhere")
    windows = GuideBuild(Project.at(write_case(tmp_path / "windows", windows_case)))
    for build in (unix, windows):
        build.prepare(render_pdfs=False)
    assert windows.guide.rubrics == unix.guide.rubrics
    assert [p.markdown for p in windows.pages] == [p.markdown for p in unix.pages]


# --- real builds over a good site ------------------------------------------------------------

BUILD_CASES = ["billion-laughs", "ten-thousand-nested-lists", "invalid-utf-8",
               "javascript-link-in-markdown", "source-addresses-and-shapes"]


def limited_build(python: WarmPython, project: Path,
                  site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` in a child process (forked by ``python``) with a memory, CPU and
    wall-clock limit."""
    return python.run("-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                      "-d", str(site), cwd=project, timeout=300,
                      limits={"RLIMIT_AS": 3 * MEMORY, "RLIMIT_CPU": 120})


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory, warm_python: WarmPython) -> Path:
    root = write_case(tmp_path_factory.mktemp("good"), Case("good", {}))
    site = root / "site"
    result = limited_build(warm_python, root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("case_id", BUILD_CASES)
def test_a_failed_build_leaves_the_good_site_untouched(case_id, good_site, warm_python,
                                                       tmp_path):
    case = next(c for c in CASES if c.id == case_id)
    before = snapshot(good_site)
    result = limited_build(warm_python, write_case(tmp_path, case), good_site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for problem in case.problems:
        assert problem in result.stderr
    assert snapshot(good_site) == before


def test_titles_in_any_script_build(warm_python, tmp_path):
    title = "Équipe 😀 チーム \U0001d538 \u2013 done"
    root = write_case(tmp_path, Case("titles", rubric("title: Teamwork", f'title: "{title}"')))
    result = limited_build(warm_python, root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "rubrics" / "teamwork" / "index.html").read_text()
    assert f"<title>{title} - Test guide</title>" in page
