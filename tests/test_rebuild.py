"""Rebuilds in one process, as `mkdocs serve` makes them: compiled templates are kept between
builds, yet every edit to a template, an override or a rubric shows in the next build."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .helpers import MINIMAL_GUIDE


def test_each_rebuild_in_one_process_shows_the_latest_edits(write_tree, tmp_path):
    project = write_tree({
        **MINIMAL_GUIDE,
        "mkdocs.yml": MINIMAL_GUIDE["mkdocs.yml"].replace(
            "plugins: [search, rubric-guide]", "plugins: [search, {rubric-guide: {pdf: false}}]"
        ).replace("theme: {name: material, font: false}",
                  "theme: {name: material, font: false, custom_dir: overrides}"),
        "overrides/partials/rubric_card.html.j2": (
            '{% extends "rubric-guide/partials/rubric_card.html.j2" %}\n'
            '{% block links %}<p class="mark">first</p>{% endblock %}\n'),
        "overrides/main.html": (
            '{% extends "base.html" %}\n'
            '{% block extrahead %}<meta name="mark" content="first">{% endblock %}\n'),
    })
    site = tmp_path / "site"
    script = textwrap.dedent(f"""
        from pathlib import Path
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        project, site = Path({str(project)!r}), Path({str(site)!r})
        card = project / "overrides/partials/rubric_card.html.j2"
        main = project / "overrides/main.html"
        rubric = project / "rubrics/teamwork.yml"
        for step in ("first", "second"):
            if step == "second":
                card.write_text(card.read_text().replace("first", "second"))
                main.write_text(main.read_text().replace("first", "second"))
                rubric.write_text(rubric.read_text().replace("title: Teamwork",
                                                             "title: Teamwork edited"))
            build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
            index = (site / "rubrics/index.html").read_text()
            print(step, '<p class="mark">' + step in index,
                  '<meta name="mark" content="' + step in index,
                  "Teamwork edited" in index)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["first True True False", "second True True True"]
