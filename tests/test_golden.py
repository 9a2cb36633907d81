"""Golden files: a small guide in, the exact Markdown of its generated pages out.

After an intended change to templates, regenerate with ``pytest --update-goldens`` and review
the diff of ``tests/golden/``.
"""

from __future__ import annotations

import pytest

from generator.build import GuideBuild
from generator.project import Project

from .conftest import MINIMAL_GUIDE


@pytest.mark.golden_test("golden/*.yml")
def test_generated_pages(golden, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "rubrics/teamwork.yml": golden["rubric"]})
    build = GuideBuild(Project.at(root))
    build.prepare()
    pages = {page.src_uri: page.markdown for page in build.pages}
    for src_uri in golden["pages"]:
        assert pages[src_uri] == golden.out[src_uri]
