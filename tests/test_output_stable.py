"""The built sites stay the same, byte for byte: every file of the seed guide's site (PDFs
included), of the bench's synthetic guide and of the seed guide's staged source for Zensical
is compared with a committed manifest of its path and SHA-256.

A change that means to alter the output regenerates the manifests with
``pytest tests/test_output_stable.py --update-goldens``; the diff of ``tests/golden/output/``
then names every file that changed, to be reviewed like any golden file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .helpers import ROOT, WarmPython, manifest

sys.path.insert(0, str(ROOT / "bench"))

from synthetic import OURS, make_guide

from generator.staged import stage
from generator.zensical_site import ZENSICAL

SOURCE_DATE_EPOCH = "1767225600"
"""2026-01-01: the edition sheets and CASE packages print, and the sitemap's dates."""

SYNTHETIC_RUBRICS = 8
"""The seed's two rubrics and six synthetic ones."""


BUILD_ENV: dict[str, str | None] = {
    "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITE_URL": None, "OFFLINE": None}
"""The environment of a reproducible build: a fixed date, the published address and the
offline copy left unset (None), as the seed's mkdocs.yml reads them from the environment."""


def mkdocs_site(python: WarmPython, config: Path, site: Path) -> dict[str, str]:
    """``mkdocs build`` of ``config`` into ``site``, in a process forked by ``python``, and
    the manifest of what it wrote."""
    result = python.run("-m", "mkdocs", "build", "-f", str(config), "-d", str(site),
                        cwd=config.parent, env=BUILD_ENV, timeout=240)
    assert result.returncode == 0, result.stderr
    return manifest(site)


@pytest.mark.golden_test("golden/output/seed.yml")
def test_the_seed_guide_builds_the_same_site_byte_for_byte(golden, warm_python, tmp_path):
    assert mkdocs_site(warm_python, ROOT / "mkdocs.yml", tmp_path / "site") == golden.out["files"]


@pytest.mark.golden_test("golden/output/synthetic.yml")
def test_the_bench_guide_builds_the_same_site_byte_for_byte(golden, warm_python, tmp_path):
    guide = make_guide(tmp_path / "guide", SYNTHETIC_RUBRICS)
    site = mkdocs_site(warm_python, guide.config(OURS), tmp_path / "site")
    assert site == golden.out["files"]


@pytest.mark.golden_test("golden/output/staged.yml")
def test_the_seed_guide_stages_the_same_source_for_zensical(golden, tmp_path, monkeypatch):
    for name, value in BUILD_ENV.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    staged = stage(ROOT / "mkdocs.yml", tmp_path / "staged", engine=ZENSICAL)
    assert manifest(staged.folder) == golden.out["files"]
