"""A preview renders again only what an edit touched (generator/incremental.py), and what it
stages is byte for byte what a build from scratch stages, after every kind of edit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from generator.incremental import Reuse
from generator.staged import stage

from .helpers import copy_project, snapshot

CITING_RUBRIC = "rubrics/cited.yml"
"""A third rubric, on the four-level scale, that lists one source and cites another."""


def _citing(seed: str) -> str:
    return seed.replace("scale: four-level", (
        "summary: Teams plan together [@cde-qpls-collaboration].\n"
        "sources: [eric-ed591332]\nscale: four-level"), 1)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_preview_stages_what_a_full_build_stages_after_each_edit(tmp_path):
    project = copy_project(tmp_path / "guide", lambda text: text.replace(
        "  - rubric-guide\n", "  - rubric-guide:\n      pdf: false\n"))
    seed = (project / "rubrics/collaboration-structures.yml").read_text(encoding="utf-8")
    (project / CITING_RUBRIC).write_text(_citing(seed), encoding="utf-8")
    rubric = project / "rubrics/district-collective-accountability.yml"
    edits = [
        # (what changes, the edit, how many rubrics' outputs it renders again)
        ("a rubric's descriptor", lambda: _edit(
            rubric, "Roles and decision-making authority are unclear",
            "Roles and decision rights are unclear"), 1),
        ("a level of the four-level scale", lambda: _edit(
            project / "content/scales.yml", "{id: emerging, label: Emerging, score: 1}",
            "{id: emerging, label: Starting, score: 1}"), 2),
        ("a source the third rubric cites", lambda: _edit(
            project / "content/sources.yml", "literal: California Department of Education",
            "literal: California Board of Education"), 1),
        ("district.yml", lambda: (project / "district.yml").write_text(
            "site_name: Lakeside Collaboration Guide\n", encoding="utf-8"), 3),
        ("a hand-written page", lambda: _edit(
            project / "content/index.md", "\n## ", "\nA new paragraph.\n\n## "), 0),
        ("a rubric deleted", lambda: (project / "rubrics/collaboration-structures.yml").unlink(),
         0),
        ("a rubric renamed", lambda: rubric.rename(project / "rubrics/renamed.yml"), 1),
    ]
    config = project / "mkdocs.yml"
    reuse = Reuse()
    preview = tmp_path / "preview"
    stage(config, preview, preview_of={}, reuse=reuse)
    assert reuse.rendered == 3 * 2  # each rubric's pages and exports
    for what, edit, rubrics in edits:
        edit()
        staged = stage(config, preview, preview_of={}, reuse=reuse)
        assert not staged.build.problems, what
        full = tmp_path / "full"
        shutil.rmtree(full, ignore_errors=True)
        stage(config, full, preview_of={})
        assert _files(preview) == _files(full), what
        assert (reuse.rendered, reuse.rendered + reuse.reused) == (
            rubrics * 2, len(staged.build.guide.rubrics) * 2), what


def test_the_pages_listing_every_rubric_show_an_edit_of_one(tmp_path):
    # A preview keeps each rubric's part of them (its card on the index, its line on the home
    # page, its criteria on the principles page) only while the rubric is unchanged.
    project = copy_project(tmp_path / "guide", lambda text: text.replace(
        "  - rubric-guide\n", "  - rubric-guide:\n      pdf: false\n"))
    config, preview, reuse = project / "mkdocs.yml", tmp_path / "preview", Reuse()
    stage(config, preview, preview_of={}, reuse=reuse)
    rubric = project / "rubrics/district-collective-accountability.yml"
    _edit(rubric, "title: District Collective Accountability", "title: District Shared Duty")
    _edit(rubric, "title: Clarity of Roles & Responsibilities", "title: Clarity of Roles")
    _edit(rubric, "principles: [clear-expectations]", "principles: [open-communication]")
    stage(config, preview, preview_of={}, reuse=reuse)
    shown = {page: (preview / "docs" / page).read_text(encoding="utf-8")
             for page in ("rubrics/index.md", "index.md", "principles.md")}
    assert all("District Shared Duty" in text for text in shown.values()), shown
    principles = shown["principles.md"]
    assert principles.index("Clarity of Roles</a>") > principles.index("{ #open-communication }")
    full = tmp_path / "full"
    stage(config, full, preview_of={})
    assert _files(preview) == _files(full)


def test_the_staged_settings_file_follows_an_edit_of_the_settings(tmp_path):
    # Staging writes the settings file's text again only when the settings changed.
    project = copy_project(tmp_path / "guide", lambda text: text.replace(
        "  - rubric-guide\n", "  - rubric-guide:\n      pdf: false\n"))
    config, preview, reuse = project / "mkdocs.yml", tmp_path / "preview", Reuse()
    stage(config, preview, preview_of={}, reuse=reuse)
    (project / "district.yml").write_text("site_name: Lakeside Collaboration Guide\n",
                                          encoding="utf-8")
    stage(config, preview, preview_of={}, reuse=reuse)
    staged = yaml.safe_load((preview / "mkdocs.yml").read_text(encoding="utf-8"))
    assert staged["site_name"] == "Lakeside Collaboration Guide"


def _files(folder: Path) -> dict[str, bytes]:
    """What a staged source holds: its settings, pages, files and theme."""
    return {path: data for path, data in snapshot(folder).items()
            if not path.startswith(".")}


SERVE_BUILDS = """
import json, shutil, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

project, out = Path(sys.argv[1]), Path(sys.argv[2])
rubric = project / "rubrics/district-collective-accountability.yml"
plugins = None


def serve_build(site):
    # As `rubric-guide serve` runs MkDocs: dirty rebuilds, the plugins kept between them.
    global plugins
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out / site))
    if plugins is None:
        config.plugins.on_startup(command="serve", dirty=True)
        plugins = config.plugins
    config.plugins = plugins
    build(config, dirty=True)


def fresh_build(site):
    # New plugins: MkDocs would give back those it keeps for the next `serve` rebuild.
    global plugins
    cache = MkDocsConfig.__dict__["plugins"].plugin_cache
    kept, kept_cache, plugins = plugins, dict(cache), None
    cache.clear()
    serve_build(site)
    plugins = kept
    cache.clear()
    cache.update(kept_cache)


page = project / "content/notes.md"
page.write_text("# Notes\\n\\nA page of the district's own.\\n")
serve_build("preview")
other = out / "preview/rubrics/collaboration-structures/index.html"
before = other.stat().st_mtime_ns
rubric.write_text(rubric.read_text().replace("are unclear", "are unclear EDITED"))
serve_build("preview")
print(json.dumps({"other_built_again": other.stat().st_mtime_ns != before}))
shutil.copytree(out / "preview", out / "edited")
fresh_build("fresh-edited")
page.rename(project / "content/renamed.md")
serve_build("preview")
(project / "rubrics/collaboration-structures.yml").unlink()
serve_build("preview")
fixed = rubric.read_text()
rubric.write_text(fixed.replace("scale: seven-level", "scale: seven-levl"))
serve_build("preview")  # every page lists the problem
rubric.write_text(fixed)
serve_build("preview")
fresh_build("fresh")
"""


def test_a_mkdocs_preview_builds_the_changed_pages_into_the_site_a_fresh_build_makes(
        warm_python, tmp_path):
    project = copy_project(tmp_path / "guide", lambda text: text.replace(
        "  - rubric-guide\n", "  - rubric-guide:\n      pdf: false\n"))
    out = tmp_path / "out"
    result = warm_python.run("-c", SERVE_BUILDS, str(project), str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"other_built_again": False}
    assert "renamed/index.html" in snapshot(out / "preview")
    # Right after an edit, when the preview built only what the edit changed (the navigation
    # titles of the pages it did not read included), and after a series of edits.
    for served, built in (("edited", "fresh-edited"), ("preview", "fresh")):
        preview, fresh = snapshot(out / served), snapshot(out / built)
        assert "EDITED" in preview["rubrics/district-collective-accountability/index.html"
                                   ].decode()
        index = "search/search_index.json"
        assert _entries(preview.pop(index)) == _entries(fresh.pop(index))
        assert preview.keys() == fresh.keys()  # a renamed page's old address is gone
        assert [path for path in preview if preview[path] != fresh[path]] == []


def _entries(index: bytes) -> list[str]:
    return sorted(json.dumps(entry, sort_keys=True) for entry in json.loads(index)["docs"])
