"""Generated HTML skips Markdown, and the site is byte for byte what Markdown would have made."""

from __future__ import annotations

import json

import yaml

from generator.output import MARKER, MARKER_TEXT
from generator.staged import stage

from .helpers import INDEX_MD, MINIMAL_GUIDE, ROOT, mkdocs_build, snapshot, with_options


def search_docs(data: bytes) -> list[dict[str, str]]:
    return sorted(json.loads(data)["docs"], key=lambda doc: doc["location"])


def test_seed_site_is_what_mkdocs_makes_of_the_staged_source(built_site, warm_python, tmp_path):
    site, _ = built_site
    staged = stage(ROOT / "mkdocs.yml", tmp_path / "staged")
    assert any(page.html_blocks for page in staged.build.pages)
    settings = yaml.safe_load(staged.config_file.read_text("utf-8"))
    assert "INHERIT" not in settings and "rubric-guide" not in str(settings["plugins"])
    plain_site = tmp_path / "site"
    result = mkdocs_build(staged.folder, plain_site, python=warm_python)
    assert result.returncode == 0, result.stderr
    ours, plain = snapshot(site), snapshot(plain_site)
    assert ours.pop(MARKER).startswith(MARKER_TEXT.encode())  # marks a site our build published
    assert sorted(ours) == sorted(plain)
    # Only the order of the search index differs: MkDocs lists pages in the order it found them.
    index = "search/search_index.json"
    assert search_docs(ours.pop(index)) == search_docs(plain.pop(index))
    different = [name for name in ours if ours[name] != plain[name]]
    assert different == []


def test_links_to_anchors_inside_generated_html_are_valid(write_tree, warm_python, tmp_path):
    root = write_tree({
        **MINIMAL_GUIDE,
        "mkdocs.yml": with_options("pdf: false", "validation: {anchors: warn}\n"),
        "content/index.md": INDEX_MD + "\nSee [meetings](rubrics/teamwork/index.md#meetings).\n",
    })
    result = mkdocs_build(root, tmp_path / "site", python=warm_python)
    assert result.returncode == 0, result.stderr
    assert "does not contain an anchor" not in result.stderr
