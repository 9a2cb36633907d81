"""A district's fork takes upstream improvements with a clean merge.

The district changes only what the guide documents as theirs (content/, rubrics/, overrides/,
mkdocs.yml); upstream changes the generator and its templates. Git must merge the two without
a conflict, and the merged guide must build strictly with both sets of changes in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

GIT_ENV = {"GIT_AUTHOR_NAME": "Guide", "GIT_AUTHOR_EMAIL": "guide@example.org",
           "GIT_COMMITTER_NAME": "Guide", "GIT_COMMITTER_EMAIL": "guide@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

DISTRICT_OPTIONS = """\
  - rubric-guide:
      pdf: false
      organization: Lakeside Unified School District
      colors: {primary: "#1f4e79"}
      contact: {email: learning@lakeside.example}
      footer: Adapted for Lakeside schools.
      levels: {four-level/emerging: Beginning}
      hide: [strategies, checklists/strategies]
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


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} no longer has {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_districts_fork_merges_an_upstream_change_cleanly(tmp_path):
    repo = tmp_path / "guide"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split("\0")
    for name in filter(None, tracked):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Upstream release").returncode == 0

    # The district's changes: configuration, content and one override, nothing else.
    git(repo, "checkout", "-q", "-b", "district")
    config = repo / "mkdocs.yml"
    edit(config, "site_name: Collaborative Accountability Rubric Guide",
         "site_name: Lakeside Collaboration Guide")
    edit(config, "  - rubric-guide\n", DISTRICT_OPTIONS)
    edit(config, "  - Strategies: strategies.md\n", "")
    (repo / "rubrics/family-partnership.yml").write_text(DISTRICT_RUBRIC, "utf-8")
    (repo / "overrides/partials/rubric_meta.html.j2").write_text(DISTRICT_OVERRIDE, "utf-8")
    edit(repo / "content/index.md", "(four levels)", "(four levels, Beginning to Advanced)")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Lakeside's guide").returncode == 0
    changed = git(repo, "diff", "--name-only", "main", "district").stdout.split()
    assert all(name.split("/")[0] in {"content", "rubrics", "overrides", "mkdocs.yml"}
               for name in changed), changed

    # Upstream improves the generator and its templates meanwhile.
    git(repo, "checkout", "-q", "main")
    edit(repo / "generator/templates/partials/criterion.html.j2",
         '<section class="rg-criterion"', '<section class="rg-criterion" data-upstream="2"')
    edit(repo / "generator/templates/partials/rubric_meta.html.j2",
         '<div class="rg-meta">', '<div class="rg-meta" data-upstream="2">')
    edit(repo / "generator/render.py", '"""Stage 4:', '"""Stage 4 (upstream release 2):')
    edit(repo / "generator/assets/rubric-guide.css", "", "/* Upstream release 2 */\n")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "Upstream release 2").returncode == 0

    # The district takes the release.
    git(repo, "checkout", "-q", "district")
    merge = git(repo, "merge", "--no-edit", "main")
    assert merge.returncode == 0, merge.stdout + merge.stderr
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
    assert (site / "rubrics/family-partnership/index.html").is_file()
    assert not (site / "strategies").exists() and not (site / "checklists/strategies").exists()
    # The other scale keeps its own label for the same level id.
    district = (site / "rubrics/district-collective-accountability/index.html").read_text("utf-8")
    assert "Level 3: Emerging" in district
