"""`rubric-guide check` refuses what the builds refuse, case by case: for one mistake of each
family of messages, `check` and `rubric-guide build` (and `mkdocs build`) all refuse it; for
each kind of warning, `check` and the builds pass, and `check --strict`, `rubric-guide build
--strict` and `mkdocs build --strict` all refuse it. Links to hidden content pass everywhere,
on both engines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import (
    INDEX_MD,
    MINIMAL_GUIDE,
    RUBRIC_YML,
    SCALES_YML,
    cli,
    mkdocs_build,
    rubric_guide,
    with_options,
    write_files,
)

NO_PDF = with_options("pdf: false\n")

ERRORS = {
    "a page where the guide publishes one": {"content/principles.md": "# Ours\n"},
    "a file where the guide publishes one": {"content/rubrics/teamwork/teamwork.json": "{}"},
    "an ending in capitals": {"rubrics/other.YML": RUBRIC_YML},
    "the home page hidden": {"district.yml": "hide: [index]\n"},
    "a boolean for a number": {"content/scales.yml": SCALES_YML.replace("score: 1",
                                                                        "score: yes")},
    "look-alike responses": {"content/checklists/ready.yml": (
        "title: Ready\nresponses: [Not yet, not  YET]\nitems:\n  - {id: a, text: A.}\n")},
    "a principle listed twice": {"rubrics/teamwork.yml": RUBRIC_YML.replace(
        "principles: [trust]", "principles: [trust, trust]")},
    "a control character": {"rubrics/teamwork.yml": RUBRIC_YML.replace(
        "Meetings are regular.", '"Meetings are\\u202e regular."')},
    "an unknown key": {"rubrics/teamwork.yml": RUBRIC_YML.replace("title: Meetings",
                                                                  "titel: Meetings")},
    "an unknown reference": {"rubrics/teamwork.yml": RUBRIC_YML.replace("scale: three",
                                                                        "scale: thre")},
}
"""One mistake of each family: the registry's checks, the model's, the loader's, the
settings' and the build's own."""

WARNINGS = {
    "a placeholder": {"rubrics/teamwork.yml": RUBRIC_YML.replace(
        "Meetings drive decisions.", "Describe meetings at strong.")},
    "no rubric": {"mkdocs.yml": with_options("pdf: false\nrubrics_dir: empty\n"),
                  "empty/notes.txt": "", "rubrics/teamwork.yml": None},
    "a link to a missing page": {"content/index.md": INDEX_MD + "\n[More](more.md)\n"},
}
"""Each kind of warning: the guide's own and MkDocs' check of links."""


def project(tmp_path: Path, files: dict[str, str | None]) -> Path:
    guide = {**MINIMAL_GUIDE, "mkdocs.yml": NO_PDF, **files}
    return write_files(tmp_path / "guide", {name: text for name, text in guide.items()
                                            if text is not None})


def check(runner, root: Path, *args: str) -> int:
    return runner.invoke(cli, ["check", "--project", str(root), *args]).exit_code


@pytest.mark.parametrize("files", ERRORS.values(), ids=ERRORS)
def test_a_mistake_is_refused_by_check_and_every_build(runner, warm_python, tmp_path, files):
    root = project(tmp_path, files)
    assert check(runner, root) == 1
    build = rubric_guide("build", "-d", str(tmp_path / "site"), cwd=root, python=warm_python)
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stderr
    assert mkdocs_build(root, tmp_path / "site", python=warm_python).returncode == 1
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("files", WARNINGS.values(), ids=WARNINGS)
def test_a_warning_passes_and_strict_refuses_it_everywhere(runner, warm_python, tmp_path,
                                                          files):
    root = project(tmp_path, files)
    assert (check(runner, root), check(runner, root, "--strict")) == (0, 1)
    site = tmp_path / "site"
    strict = rubric_guide("build", "--strict", "-d", str(site), cwd=root, python=warm_python)
    assert strict.returncode == 1, strict.stderr
    assert mkdocs_build(root, site, python=warm_python).returncode == 1
    assert not site.exists()
    build = rubric_guide("build", "-d", str(site), cwd=root, python=warm_python)
    assert build.returncode == 0, build.stderr
    assert (site / "index.html").is_file()


HIDDEN = {
    "content/index.md": INDEX_MD + (
        "\nRead [the rubric](rubrics/teamwork/index.md), [its folder](rubrics/teamwork/), "
        "[its sheet](rubrics/teamwork/teamwork.pdf) and [the principles](principles.md#trust)."
        "\n\n```\n[kept](principles.md)\n```\n"),
    "content/about.md": "# About\n\nSee [principles](principles.md \"Principles\").\n",
    "rubrics/other.yml": RUBRIC_YML.replace("    principles: [trust]\n", ""),
    "district.yml": "hide: [rubrics/teamwork, principles]\n",
}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_links_to_hidden_content_are_their_words_on_both_engines(runner, warm_python, tmp_path,
                                                                 engine):
    root = project(tmp_path, HIDDEN)
    assert check(runner, root, "--strict") == 0
    site = tmp_path / "site"
    build = rubric_guide("build", "--strict", "--engine", engine, "-d", str(site), cwd=root,
                         python=warm_python)
    assert build.returncode == 0, build.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert ("<p>Read the rubric, its folder, its sheet and the principles.</p>" in html)
    assert "[kept](principles.md)" in html
    log = " ".join(build.stderr.split())  # the log wraps long lines
    assert re.findall(r"Links to \S+, which is hidden, are shown as text in: "
                      r"[\w./-]+\.md(?:, [\w./-]+\.md)*",
                      log) == [
        "Links to principles.md, which is hidden, are shown as text in: about.md, index.md",
        "Links to rubrics/teamwork/index.md, which is hidden, are shown as text in: index.md",
        "Links to rubrics/teamwork/teamwork.pdf, which is hidden, are shown as text in: "
        "index.md"]
    if engine == "mkdocs":
        assert mkdocs_build(root, tmp_path / "mkdocs-site", python=warm_python).returncode == 0


def test_a_link_to_a_missing_file_is_named_at_its_line(runner, tmp_path):
    """The sheet's PDF is a file of the guide when PDFs are made, and missing when not."""
    index = INDEX_MD + "\nSee [more](more.md) and [the sheet](rubrics/teamwork/teamwork.pdf).\n"
    missing = ("content/index.md:5:5: warning: the link 'more.md' leads to no page or file of "
               "the guide: no content/more.md; correct the link, or add the file")
    no_pdf = ("content/index.md:5:25: warning: the link 'rubrics/teamwork/teamwork.pdf' leads "
              "to no page or file of the guide: no content/rubrics/teamwork/teamwork.pdf; "
              "correct the link, or add the file")
    for mkdocs_yml, lines in ((MINIMAL_GUIDE["mkdocs.yml"], [missing]),
                              (NO_PDF, [missing, no_pdf])):
        root = project(tmp_path / str(len(lines)), {"content/index.md": index,
                                                    "mkdocs.yml": mkdocs_yml})
        result = runner.invoke(cli, ["check", "--project", str(root)])
        assert result.exit_code == 0
        assert [line for line in result.output.splitlines() if "warning:" in line] == lines


def test_links_mkdocs_is_told_not_to_check_are_not_checked(runner, tmp_path):
    root = project(tmp_path, {
        "content/index.md": INDEX_MD + "\n[More](more.md)\n",
        "mkdocs.yml": NO_PDF + "validation:\n  links:\n    not_found: info\n"})
    assert check(runner, root, "--strict") == 0
