"""A district's fork takes upstream improvements with a clean merge.

The district customizes the guide as content/customize.md says: its settings in district.yml,
which upstream never ships; its own rubrics, files and template overrides; upstream content it
does not want hidden, not deleted. Upstream changes what a release changes: mkdocs.yml (next
to the plugin's entry, theme features, Markdown extensions), templates, the generator, content
files, and a new content file. Git must merge the two without a conflict, and the merged guide
must build strictly with both sets of changes in it.

A district that added a page with ``pages:``, hid a rubric upstream's home page links and
translated the guide into Spanish (``translations/es.po``), all with ``--strict`` green, merges
the same way while upstream adds a page and its navigation entry and rewords descriptors the
district translated: the merge has no conflict, ``check`` names the reworded texts,
``translate`` marks them fuzzy, and ``/es/`` shows them in English, marked as English, until
they are translated again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator.cli import cli
from generator.translate import write_catalog

from .helpers import CLI, MINIMAL_GUIDE, ROOT, RUBRIC_YML, WarmPython, write_files

GIT_ENV = {"GIT_AUTHOR_NAME": "Guide", "GIT_AUTHOR_EMAIL": "guide@example.org",
           "GIT_COMMITTER_NAME": "Guide", "GIT_COMMITTER_EMAIL": "guide@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

DISTRICT_YML = """\
# yaml-language-server: $schema=generator/schemas/district.schema.json
site_name: Lakeside Collaboration Guide
organization: Lakeside Unified School District
logo: assets/lakeside.svg
colors: {primary: "#1f4e79", accent: "#b5121b"}
contact: {email: learning@lakeside.example}
footer: Adapted for Lakeside schools.
levels: {four-level/emerging: Beginning}
hide: [strategies, checklists/strategies]
navigation:
  customize.md: About this guide
pdf: false
"""

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        '<rect width="40" height="40" fill="#1f4e79"/></svg>')

NEW_CHECKLIST = """\
title: Meeting norms
items:
  - {id: agenda, text: Every meeting has an agenda shared in advance.}
"""

DISTRICT_RUBRIC = """\
# yaml-language-server: $schema=../generator/schemas/rubric.schema.json
title: Family Partnership
scale: four-level
criteria:
  - id: outreach
    title: Outreach to families
    levels:
      emerging: Families hear from the school when something goes wrong.
      developing: Families receive regular news.
      proficient: Families are asked for their view on decisions.
      advanced: Families shape decisions with staff.
"""

DISTRICT_OVERRIDE = """\
{% include "rubric-guide/partials/rubric_meta.html.j2" %}
<p class="lakeside-note">{{ t("rubrics.scale") }} {{ scale.title }}</p>
"""

DISTRICT_CARD = """\
{% extends "rubric-guide/partials/rubric_card.html.j2" %}
{% block links %}
{{ super() }}
<p class="lakeside-pdf"><a href="{{ url(rubric.paths.pdf) }}">{{ t("rubrics.download_pdf") }}</a>
</p>
{% endblock %}
"""

DISTRICT_MAIN = """\
{% extends "base.html" %}
{% block extrahead %}
  {{ super() }}
  <meta name="lakeside" content="1">
{% endblock %}
"""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} no longer has {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def upstream_release(repo: Path) -> Path:
    """A repository in ``repo`` whose first commit, on main, is this guide as released."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split("\0")
    for name in filter(None, tracked):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Upstream release").returncode == 0
    return repo


def test_upstream_ships_no_template_in_the_districts_overrides_folder():
    # A district overrides a template by its name in overrides/: a file of upstream's there
    # would be one the district edits, and every upstream change to it a merge conflict.
    shipped = subprocess.run(["git", "ls-files", "overrides"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert shipped == ["overrides/README.md"]


CONFLICT = "<<<<<<< HEAD\n{ours}\n=======\n{theirs}\n>>>>>>> main\n"


def test_a_conflict_left_by_a_merge_is_named_in_every_kind_of_file(write_tree, monkeypatch):
    # A merge that stops on a conflict leaves git's markers in the file; the docs' recipe is
    # to resolve it, run check and commit: check names each file still holding one.
    marked = CONFLICT.format(ours="<p>Ours</p>", theirs="<p>Theirs</p>")
    root = write_tree({
        **MINIMAL_GUIDE,
        "district.yml": "translations: [es]\n",
        "overrides/partials/rubric_card.html.j2": "<div>\n" + marked,
        "rubrics/teamwork.yml": RUBRIC_YML.replace(
            "      growing: Meetings are regular.\n",
            CONFLICT.format(ours="      growing: Meetings are regular.",
                            theirs="      growing: Meetings happen weekly.")),
        "content/index.md": "# Test guide\n\nIntro\n=====\n\n" + marked,
        "translations/es.po": 'msgid ""\nmsgstr ""\n\n' + CONFLICT.format(
            ours='msgid "A"\nmsgstr "B"', theirs='msgid "A"\nmsgstr "C"'),
    })
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    fix = ("a merge left a conflict here: git's markers (<<<<<<<, =======, >>>>>>>) are still "
           "in the file; keep the lines you want from each side, delete the three markers, "
           "then run `rubric-guide check` again")
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"{where}: {fix}" for where in ("content/index.md:6:1",
                                        "overrides/partials/rubric_card.html.j2:2:1",
                                        "rubrics/teamwork.yml:11:1")]
    # The translation is read once the content is whole.
    write_files(root, {"overrides/partials/rubric_card.html.j2": "<div></div>\n",
                       "rubrics/teamwork.yml": RUBRIC_YML, "content/index.md": "# Guide\n"})
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert f"translations/es.po:4:1: {fix}" in result.output.splitlines(), result.output


def test_a_districts_fork_merges_an_upstream_change_cleanly(tmp_path):
    repo = upstream_release(tmp_path / "guide")

    # The district's changes, made as content/customize.md says: district.yml, a logo, a
    # rubric of its own, one template override; upstream content is hidden, not deleted.
    git(repo, "checkout", "-q", "-b", "district")
    (repo / "district.yml").write_text(DISTRICT_YML, "utf-8")
    (repo / "content/assets").mkdir(exist_ok=True)
    (repo / "content/assets/lakeside.svg").write_text(LOGO, "utf-8")
    (repo / "rubrics/family-partnership.yml").write_text(DISTRICT_RUBRIC, "utf-8")
    (repo / "overrides/partials").mkdir()
    (repo / "overrides/partials/rubric_meta.html.j2").write_text(DISTRICT_OVERRIDE, "utf-8")
    # The rubric card and Material's page template, as the README of overrides/ shows.
    (repo / "overrides/partials/rubric_card.html.j2").write_text(DISTRICT_CARD, "utf-8")
    (repo / "overrides/main.html").write_text(DISTRICT_MAIN, "utf-8")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Lakeside's guide").returncode == 0
    changed = git(repo, "diff", "--name-only", "main", "district").stdout.split()
    assert "mkdocs.yml" not in changed
    assert all(name == "district.yml" or name.split("/")[0] in {"content", "rubrics",
               "overrides"} for name in changed), changed
    assert not git(repo, "diff", "--name-only", "--diff-filter=DM", "main", "district").stdout
    assert "overrides/partials/rubric_card.html.j2" in changed  # new files of the district's

    # Upstream meanwhile changes what it changes in a release: mkdocs.yml next to the
    # plugin's entry, the theme's features, the Markdown extensions; templates and the
    # generator; content the district left alone, content it hid; and a new content file.
    git(repo, "checkout", "-q", "main")
    config = repo / "mkdocs.yml"
    edit(config, "  - rubric-guide\n", "  - rubric-guide\n  # Upstream release 2\n")
    edit(config, "  - search:\n", "  - search:\n      lang: en\n")
    edit(config, "    - navigation.top\n", "    - navigation.top\n    - navigation.footer\n")
    edit(config, "  - attr_list\n", "  - admonition\n  - attr_list\n")
    edit(repo / "generator/templates/partials/criterion.html.j2",
         '<section class="rg-criterion"', '<section class="rg-criterion" data-upstream="2"')
    edit(repo / "generator/templates/partials/rubric_meta.html.j2",
         '<div class="rg-meta">', '<div class="rg-meta" data-upstream="2">')
    edit(repo / "generator/templates/partials/rubric_card.html.j2",
         '<div class="rg-card">', '<div class="rg-card" data-upstream="2">')
    edit(repo / "overrides/README.md", "# overrides/", "# overrides/ (upstream release 2)")
    edit(repo / "generator/render.py", '"""Stage 4:', '"""Stage 4 (upstream release 2):')
    edit(repo / "generator/assets/rubric-guide.css", "", "/* Upstream release 2 */\n")
    edit(repo / "content/principles.yml", "title: ", "title: Upstream ")
    edit(repo / "content/strategies.yml", "title: ", "title: Upstream ")
    (repo / "content/checklists/meeting-norms.yml").write_text(NEW_CHECKLIST, "utf-8")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Upstream release 2").returncode == 0

    # The district takes the release.
    git(repo, "checkout", "-q", "district")
    merge = git(repo, "merge", "--no-edit", "main")
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert "CONFLICT" not in merge.stdout
    assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout == ""

    # The merged guide builds strictly, with the merged generator, and shows both sides.
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=repo, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(repo)})
    assert build.returncode == 0, build.stderr
    assert f"{repo}/generator" in subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=tmp_path,
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(repo)},
        check=False).stdout
    rubric = (site / "rubrics/collaboration-structures/index.html").read_text("utf-8")
    assert 'data-upstream="2"' in rubric  # upstream's templates, under the district's override
    assert "lakeside-note" in rubric and "Level 1: Beginning" in rubric
    assert "Lakeside Collaboration Guide" in rubric and "Adapted for Lakeside schools." in rubric
    assert 'data-md-color-primary="custom"' in rubric and "lakeside.svg" in rubric
    assert "About this guide" in rubric  # the district's title for an upstream page
    assert '<meta name="lakeside" content="1">' in rubric  # the district's main.html
    cards = (site / "rubrics/index.html").read_text("utf-8")
    assert 'class="rg-card" data-upstream="2"' in cards and "lakeside-pdf" in cards
    assert (site / "rubrics/family-partnership/index.html").is_file()
    assert (site / "checklists/meeting-norms/index.html").is_file()  # upstream's new file
    principles = (site / "principles/index.html").read_text("utf-8")
    assert "Upstream " in principles  # upstream's fix to content the district left alone
    assert not (site / "strategies").exists() and not (site / "checklists/strategies").exists()
    # The other scale keeps its own label for the same level id.
    district = (site / "rubrics/district-collective-accountability/index.html").read_text("utf-8")
    assert "Level 3: Emerging" in district


SPANISH = {
    "Roles and responsibilities are unclear, leading to confusion and inefficiencies.":
        "Los roles y las responsabilidades no están claros, lo que genera confusión e "
        "ineficiencias.",
    "Some roles and responsibilities are defined, but gaps and overlaps exist.":
        "Algunos roles y responsabilidades están definidos, pero hay vacíos y superposiciones.",
    "Lakeside's teams": "Los equipos de Lakeside",
    "Every team meets each week.": "Cada equipo se reúne todas las semanas.",
}
"""Lakeside's Spanish words for two descriptors of a rubric and for its own page, with its
navigation title. The translator copies the other texts as they are for now (Poedit: Copy
from source), so every text has a translation and ``--strict`` is green."""

TRANSLATING_DISTRICT = """translations: [es]
hide: [rubrics/district-collective-accountability]
pages:
  - path: lakeside.md
    title: Lakeside's teams
    after: principles.md
pdf: false
"""
"""Lakeside's settings: its page in the navigation just below Principles, the rubric it does
not use (which upstream's home page links) hidden, the guide translated into Spanish."""

REWORDED = {"leading to confusion and inefficiencies.": "leading to confusion and delays.",
            "but gaps and overlaps exist.": "but gaps and overlaps remain."}
"""Upstream's rewording of the two descriptors Lakeside translated."""


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Callable[..., subprocess.CompletedProcess[str]]]:
    """``run(repo, *args)``: ``rubric-guide ARGS`` with the repository's own generator, each
    command in a process forked from a Python that has imported it (the repository's
    generator is the same on every branch of this test: the Python never holds an old one)."""
    started: list[WarmPython] = []

    def rubric_guide(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
        if not started:  # once the repository is there
            started.append(WarmPython(tmp_path / "warm-python", env={"PYTHONPATH": str(repo)}))
            where = started[0].run("-c", "import generator; print(generator.__file__)", cwd=repo)
            assert where.stdout.startswith(f"{repo}/generator/"), where
        return started[0].run(*CLI[1:], *args, cwd=repo)

    yield rubric_guide
    for python in started:
        python.close()


def translate_all(po: Path) -> None:
    """Every text of ``po`` translated: :data:`SPANISH`'s in Spanish, the navigation titles
    ``translate`` wrote in the guide's own Spanish words kept, the rest copied as it is."""
    with po.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if message.id:
            assert isinstance(message.id, str)
            message.string = SPANISH.get(message.id) or message.string or message.id
    write_catalog(catalog, po)


def test_a_districts_translation_survives_an_upstream_reword_and_goes_fuzzy(tmp_path, run):
    repo = upstream_release(tmp_path / "guide")

    # The district adds a page of its own with `pages:`, hides a rubric upstream's home
    # page links, and translates the guide into Spanish: --strict is green.
    git(repo, "checkout", "-q", "-b", "district")
    (repo / "district.yml").write_text(TRANSLATING_DISTRICT, "utf-8")
    (repo / "content/lakeside.md").write_text(
        "# Lakeside's teams\n\nEvery team meets each week.\n", "utf-8")
    assert run(repo, "translate", "es").returncode == 0
    po = repo / "translations/es.po"
    translate_all(po)
    before = run(repo, "check", "--strict")
    assert before.returncode == 0, before.stderr
    strict = run(repo, "build", "--strict", "-d", str(tmp_path / "before"))
    assert strict.returncode == 0, strict.stderr
    # MkDocs wraps its log to the terminal's width: the words are compared, not the lines.
    assert "which is hidden, are shown as text in: index.md" in " ".join(strict.stderr.split())
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Lakeside's guide in Spanish").returncode == 0
    assert "mkdocs.yml" not in git(repo, "diff", "--name-only", "main", "district").stdout

    # Upstream adds a page with its navigation entry, at the place Lakeside put its own
    # page, and rewords the two descriptors Lakeside translated.
    git(repo, "checkout", "-q", "main")
    (repo / "content/calibration-tips.md").write_text("# Calibration tips\n\nScore together.\n",
                                                      "utf-8")
    edit(repo / "mkdocs.yml", "  - Principles: principles.md\n",
         "  - Principles: principles.md\n  - Calibration tips: calibration-tips.md\n")
    for old, new in REWORDED.items():
        edit(repo / "rubrics/collaboration-structures.yml", old, new)
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Upstream release 2").returncode == 0

    git(repo, "checkout", "-q", "district")
    merge = git(repo, "merge", "--no-edit", "main")
    assert merge.returncode == 0 and "CONFLICT" not in merge.stdout, merge.stdout
    assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout == ""
    # check names the reworded texts; translate marks them fuzzy; check then lists them as
    # fuzzy, and the new navigation title by name.
    check = run(repo, "check").stderr
    assert ("rubrics/collaboration-structures.yml:14:1: warning: 2 texts not in "
            "translations/es.po, on lines 14-15") in check
    assert "2 fuzzy" in run(repo, "translate", "es").stdout
    lines = po.read_text("utf-8").split("\n")
    check = run(repo, "check")
    first, second = (lines.index(f'msgid "{reworded}"') + 1 for reworded in (
        "Roles and responsibilities are unclear, leading to confusion and delays.",
        "Some roles and responsibilities are defined, but gaps and overlaps remain."))
    assert (f"translations/es.po:{first}:1: warning: 2 fuzzy translations, on lines {first}, "
            f"{second}") in check.stderr.splitlines()
    line = lines.index('msgid "Calibration tips"', lines.index(
        'msgctxt "mkdocs.yml nav[calibration-tips.md]"')) + 1
    assert (f"translations/es.po:{line}:1: warning: the navigation title 'Calibration tips' "
            "has no translation into 'es', so /es/ shows it in 'en'; translate it here"
            ) in check.stderr
    assert run(repo, "check", "--strict").returncode == 1
    build = run(repo, "build", "-d", str(tmp_path / "site"))
    assert build.returncode == 0, build.stderr

    # /es/ shows the reworded texts in English, marked as English, and the rest in Spanish.
    site = tmp_path / "site"
    rubric = (site / "es/rubrics/collaboration-structures/index.html").read_text("utf-8")
    assert ('<span lang="en">Roles and responsibilities are unclear, leading to confusion and '
            'delays.</span>') in rubric
    assert ('<span lang="en">Some roles and responsibilities are defined, but gaps and '
            'overlaps remain.</span>') in rubric
    assert "Los roles y las responsabilidades" not in rubric and "Algunos roles" not in rubric
    page = (site / "es/lakeside/index.html").read_text("utf-8")
    assert "Cada equipo se reúne todas las semanas." in page
    # Both pages in the navigation, below Principles: Lakeside's translated, upstream's new
    # one in English, marked as English.
    assert re.search(r"Principios\s*</span>.*?Los equipos de Lakeside\s*</span>.*?"
                     r'<span lang="en">Calibration tips</span>', page, re.S)
    assert (site / "es/calibration-tips/index.html").is_file()
    assert not (site / "es/rubrics/district-collective-accountability").exists()
