"""Where a Markdown text is code, so that the generator's syntax written there is an example."""

from __future__ import annotations

import re

import pytest

from generator.markdown_code import outside_code

CITE = re.compile(r"\[@\w+\]")


@pytest.mark.parametrize(("markdown", "cited"), [
    ("a [@x] and `[@y]`", ["[@x]"]),
    ("``a ` [@y]`` then [@x]", ["[@x]"]),
    ("\\`[@x]` is no code span", ["[@x]"]),
    ("`unclosed [@x]\n\nnext [@z]", ["[@x]", "[@z]"]),
    ("<code>[@y]</code> [@x]", ["[@x]"]),
    ("````\n```\n[@y]\n```\n````\n[@x]", ["[@x]"]),
    ("```\n[@y]\n", []),
    ("para\n    [@x] continues it\n\n    [@y]\n", ["[@x]"]),
    ("- item\n\n    [@x] in the item\n\n        [@y]\n", ["[@x]"]),
])
def test_citations_outside_code(markdown, cited):
    assert [m.group() for m in outside_code(CITE, markdown)] == cited
