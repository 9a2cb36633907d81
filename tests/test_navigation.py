"""The sidebar lists sections, not every rubric, so a page's size does not grow with the guide."""

from __future__ import annotations

from pathlib import Path

from .helpers import MINIMAL_GUIDE, RUBRIC_YML, mkdocs_build, with_options

NOT_IN_NAV = 'not included in the "nav" configuration'


def build(write_tree, tmp_path: Path, rubrics: int) -> tuple[Path, str]:
    files = {f"rubrics/extra-{i:02d}.yml": RUBRIC_YML.replace("Teamwork", f"Extra {i}")
             for i in range(1, rubrics)}
    # Without PDFs: the pages are what is compared, and twelve PDFs would take longer than
    # both builds.
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": with_options("pdf: false\n"), **files})
    site = tmp_path / f"site-{rubrics}"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    for name in files:
        (root / name).unlink()
    return site, result.stderr


def test_pages_are_the_same_with_one_rubric_or_twelve(write_tree, tmp_path):
    # The test guide's mkdocs.yml has no `nav`, so MkDocs builds the navigation from every page
    # it is not told to leave out.
    one, _ = build(write_tree, tmp_path, 1)
    twelve, log = build(write_tree, tmp_path, 12)
    assert "extra-11/" in (twelve / "rubrics" / "index.html").read_text(encoding="utf-8")
    for page in ("index.html", "rubrics/teamwork/index.html", "rubrics/teamwork/sheet/index.html"):
        assert (twelve / page).read_bytes() == (one / page).read_bytes(), page
    assert NOT_IN_NAV not in log


def test_seed_guide_reports_no_pages_missing_from_the_nav(built_site):
    _, log = built_site
    assert NOT_IN_NAV not in log
