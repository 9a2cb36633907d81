"""JSON Schemas of the YAML files, for editors, derived from the data model.

Each kind of YAML file (a rubric, a standard, ``content/scales.yml``...) gets one JSON Schema
(draft 2020-12) generated from its model class, so an editor such as VS Code's YAML extension
can complete keys, show each field's docstring and mark mistakes while a person types. The
schemas are committed in ``generator/schemas/`` (``rubric-guide schema`` rewrites them) and
published with the site at ``/schema/<kind>.schema.json``.

They use only keywords that mean the same in draft 7, which some editors still implement.
"""

from __future__ import annotations

import inspect
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import click
from pydantic import TypeAdapter

from .errors import shown
from .kinds import Kind, file_kinds

SCHEMAS_DIR = Path(__file__).parent / "schemas"
"""Where the committed schemas live; YAML files in a guide point here."""
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELINE = "# yaml-language-server: $schema="
"""The first line that tells VS Code's YAML extension (and other editors using the YAML
language server) which schema a file follows."""

_SEE_ALSO = (
    "This schema checks one file's shape. `rubric-guide check` (and every build) also checks "
    "what JSON Schema cannot see across files or list entries: "
)


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of ``kind``, from its model."""
    schema = TypeAdapter(kind.model).json_schema()
    about = inspect.cleandoc(kind.doc_model.__doc__ or "") if kind.doc_model else (
        schema.get("description", ""))
    schema.update({
        "$schema": DIALECT,
        "$id": kind.schema_file,
        "title": f"Rubric Guide: {kind.location}",
        "description": f"{about}\n\n{_SEE_ALSO}{kind.describe()}",
    })
    unwrapped: dict[str, Any] = _unwrap_descriptions(schema)
    return unwrapped


def _unwrap_descriptions(node: Any) -> Any:
    """Join docstrings' wrapped lines, keeping paragraphs: editors wrap text themselves."""
    if isinstance(node, dict):
        return {
            key: re.sub(r"(?<!\n)\n(?!\n)", " ", value)
            if key == "description" and isinstance(value, str) else _unwrap_descriptions(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_unwrap_descriptions(item) for item in node]
    return node


def schema_text(kind: Kind) -> str:
    """The schema of ``kind`` as committed: sorted keys, two-space indents, final newline."""
    return json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generated() -> dict[str, str]:
    """Every schema's text, keyed by its file name."""
    return {kind.schema_file: schema_text(kind) for kind in file_kinds()}


def site_files() -> dict[str, str]:
    """Every schema's text, keyed by its path in the built site. The schemas are the model's,
    the same in every build, so a process that builds again (a preview) makes them once."""
    for kind in file_kinds():
        if kind.schema_path not in _SITE_FILES:
            _SITE_FILES[kind.schema_path] = schema_text(kind)
    return {kind.schema_path: _SITE_FILES[kind.schema_path] for kind in file_kinds()}


_SITE_FILES: dict[str, str] = {}


# --- the committed copies --------------------------------------------------------------------


class SchemasOutOfDate(click.ClickException):
    """The committed schemas differ from the model; the message names each file and the fix."""

    exit_code = 1


def differences(directory: Path = SCHEMAS_DIR) -> list[str]:
    """How the schema files in ``directory`` differ from the generated ones, one line each."""
    expected = generated()
    found = {p.name: p.read_text(encoding="utf-8") for p in directory.glob("*.schema.json")}
    lines = [f"{name}: missing" for name in expected if name not in found]
    lines += [f"{name}: out of date with the model" for name, text in expected.items()
              if name in found and found[name] != text]
    lines += [f"{name}: no kind of YAML file has this name; delete it"
              for name in sorted(found) if name not in expected]
    return lines


def check(directory: Path = SCHEMAS_DIR) -> None:
    """Raise :class:`SchemasOutOfDate` unless ``directory`` holds exactly the generated schemas."""
    lines = differences(directory)
    if lines:
        where = shown(directory)
        raise SchemasOutOfDate(
            f"the JSON Schemas in {where}/ do not match the data model in generator/model.py:\n"
            + "\n".join(f"{where}/{line}" for line in lines)
            + "\nRun `rubric-guide schema` to regenerate them, and commit the result.")


def write(directory: Path = SCHEMAS_DIR) -> list[str]:
    """Write every schema into ``directory`` and delete schemas of kinds that no longer exist.
    Returns what changed, one line per file: ``rubric.schema.json: updated``."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    expected = generated()
    for name, text in expected.items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(f"{name}: updated")
    for path in sorted(directory.glob("*.schema.json")):
        if path.name not in expected:
            path.unlink()
            changed.append(f"{path.name}: deleted, no kind of YAML file has this name")
    return changed


# --- which schema a file follows ---------------------------------------------------------------


def modeline(kind: Kind, file_path: str) -> str:
    """The first line of a file of ``kind`` at ``file_path`` (relative to the project root,
    ``<id>`` allowed) that points the editor at the committed schema, relative to the file."""
    target = posixpath.relpath(f"generator/schemas/{kind.schema_file}",
                               posixpath.dirname(file_path))
    return f"{MODELINE}{target}"


def editor_lines() -> list[tuple[Kind, str]]:
    """Each kind with the first line its files take, for the format reference."""
    return [(kind, modeline(kind, kind.location)) for kind in file_kinds()]
