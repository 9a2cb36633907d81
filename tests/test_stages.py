"""The generator's modules import in the README's stage order: no module imports one of a later
stage, so each stage's names live in its own modules (``Project`` in project.py, not in
validate.py) and the README's architecture matches the tree."""

from __future__ import annotations

import ast
import itertools

from .conftest import ROOT

STAGES = (
    ("helpers", {"errors", "urls", "safety", "markdown_code", "csl", "parallel", "interrupt",
                 "owned", "spool", "logo"}),
    ("load", {"load", "i18n"}),
    ("model", {"model", "model_errors", "options", "sheets", "checklists", "citations",
               "scaffold"}),
    ("registry", {"checks", "kinds", "guide", "project"}),
    ("validate", {"validate", "settings", "translate"}),
    ("render", {"render", "page_links", "book", "pdfs", "tools", "reference", "schema",
                "exports", "imports", "incremental", "compiled"}),
    ("build", {"output", "mkdocs_messages", "mkdocs_config", "site_settings", "languages",
               "site_files", "build"}),
    ("publish and engines", {"publish", "staged", "search", "watching", "mkdocs_preview",
                             "mkdocs_site", "zensical_site", "plugin", "cli"}),
)
"""Every module of ``generator/`` by stage, in the order the README's layout names them."""

STAGE_OF = {module: index for index, (_, modules) in enumerate(STAGES) for module in modules}


def imports_of(module: str) -> set[str]:
    """The generator's modules ``module`` imports when it runs (not those named only for
    type checking)."""
    tree = ast.parse((ROOT / "generator" / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
    return found


def test_every_module_has_a_stage():
    modules = {p.stem for p in (ROOT / "generator").glob("*.py")} - {"__init__"}
    assert modules == set(STAGE_OF)


def test_no_module_imports_a_later_stage():
    upward = [f"{module} ({STAGES[STAGE_OF[module]][0]}) imports {other} "
              f"({STAGES[STAGE_OF[other]][0]})"
              for module in sorted(STAGE_OF) for other in sorted(imports_of(module))
              if STAGE_OF[other] > STAGE_OF[module]]
    assert upward == []


def test_the_readme_names_every_module_in_stage_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `generator/` |"))
    positions = [[row.index(f"`{m}`") for m in sorted(modules)] for _, modules in STAGES]
    for earlier, later in itertools.pairwise(positions):
        assert max(earlier) < min(later), row
