"""Writing rubric files for people to edit: new rubrics from a scale, and imported ones.

A written file reads like the hand-written ones: block style, a blank line between criteria,
one descriptor per line however long, and a first line that points editors at the rubric's
JSON Schema so they get completion and checking as they type.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

import click
import yaml

from . import model as m
from .errors import Repeated, os_reason, shown
from .i18n import DEFAULT_LANGUAGE, Messages, fill, load_messages, shipped_languages

SCHEMA_LINE = "# yaml-language-server: $schema=../generator/schemas/rubric.schema.json"

RUBRIC_ID = re.compile(m.ID_PATTERN)
"""What a rubric's file name (its id and address) may be."""

MAX_RUBRIC_ID = 100
"""The longest id a new rubric is given: its file name and web address, well within what
file systems allow (255 bytes a name)."""

PLACEHOLDER_CRITERIA = 3

PLACEHOLDER_KEYS = ("new_rubric.descriptor", "new_rubric.summary")
"""The messages `rubric-guide new rubric` writes where a person's words belong, in the guide's
language; `check` and the build warn of any still there, in any shipped language
(:func:`placeholder`)."""

PLACEHOLDER = Repeated("placeholder", "Write what each placeholder should say: until then the "
                       "guide publishes it as it stands, and --strict refuses it.")
"""The warning of a placeholder left, which a new rubric has one of in every descriptor."""


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{\w+\}", template)
    return re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$", re.S)


@functools.cache
def _placeholders() -> list[re.Pattern[str]]:
    """The placeholders' wording in every language the generator ships."""
    catalogues = [load_messages(language) for language in shipped_languages()]
    return [_pattern(messages(key)) for messages in catalogues for key in PLACEHOLDER_KEYS]


@functools.lru_cache(maxsize=1 << 16)  # a preview checks the same texts after every edit
def placeholder(text: str | None) -> bool:
    """Whether ``text`` is still a placeholder that `rubric-guide new rubric` wrote."""
    return text is not None and any(p.match(text.strip()) for p in _placeholders())


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, as the seed rubrics are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def rubric_yaml(data: dict[str, Any], comments: list[str]) -> str:
    """``data`` (a rubric in the YAML format's key order) as a readable rubric file, after the
    schema line and ``comments`` (each becomes a ``#`` line)."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1_000_000)
    # A blank line between criteria, as in the hand-written files.
    body = re.sub(r"(?<!criteria:)\n(  - id: )", r"\n\n\1", body)
    header = [SCHEMA_LINE, *(f"# {line}" if line else "#" for line in comments)]
    return "\n".join(header) + "\n" + body


def slug(text: str) -> str:
    """An id made from ``text``: ``"Roles & Responsibilities"`` becomes
    ``roles-responsibilities``; empty when ``text`` has no letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def check_rubric_id(rubric_id: str) -> str:
    """``rubric_id`` when it can be a rubric's file name; a usage error saying why not."""
    if len(rubric_id) > MAX_RUBRIC_ID:
        raise click.BadParameter(
            f"a rubric id, which is its file name and web address, has at most {MAX_RUBRIC_ID} "
            f"characters, and this one has {len(rubric_id)}; choose a shorter one",
            param_hint="ID")
    if not RUBRIC_ID.fullmatch(rubric_id):
        suggestion = slug(rubric_id) or "team-collaboration"
        raise click.BadParameter(
            f"'{rubric_id}' cannot be a rubric id, which is its file name and web address; use "
            f"lowercase letters, digits and hyphens, e.g. '{suggestion}'", param_hint="ID")
    return rubric_id


def choose_scale(scales: dict[str, m.Scale], scale_id: str | None, defined_in: str) -> m.Scale:
    """The scale named ``scale_id``, or the only scale of the guide when none is named;
    ``defined_in`` is the project's scales file, as messages name it."""
    if scale_id is None and len(scales) == 1:
        return next(iter(scales.values()))
    if scale_id in scales:
        return scales[scale_id]
    known = ", ".join(f"'{s}'" for s in scales) or f"none yet; define one in {defined_in}"
    if scale_id is None:
        raise click.UsageError(f"choose the rubric's scale with --scale; scales: {known}")
    raise click.BadParameter(f"unknown scale '{scale_id}'; scales: {known}",
                             param_hint="'--scale'")


def new_rubric(rubric_id: str, scale: m.Scale, title: str | None = None,
               messages: Messages | None = None) -> str:
    """The text of a new rubric on ``scale`` whose descriptors are all placeholders, written
    in the language of ``messages`` (English when None) with the scale's level labels."""
    check_rubric_id(rubric_id)
    t = messages or load_messages(DEFAULT_LANGUAGE)
    title = title or rubric_id.replace("-", " ").capitalize()
    criteria = []
    for number in range(1, PLACEHOLDER_CRITERIA + 1):
        name = t("new_rubric.criterion", number=number)
        criteria.append({
            "id": f"criterion-{number}",
            "title": name,
            "levels": {level.id: t("new_rubric.descriptor", criterion=name, level=level.label)
                       for level in scale.levels},
        })
    data = {"title": title, "summary": t("new_rubric.summary", title=title),
            "scale": scale.id, "criteria": criteria}
    return rubric_yaml(data, [fill(line, {"scale": scale.id})
                              for line in t.list("new_rubric.comment")])


def write_rubric(folder: Path, rubric_id: str, text: str, force: bool) -> Path:
    """Write ``text`` to ``folder/<rubric_id>.yml``, refusing to replace a file unless
    ``force``."""
    path = folder / f"{rubric_id}.yml"
    if path.exists() and not force:
        raise click.ClickException(
            f"{shown(path)} already exists; choose another id, or replace the file with --force")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(
            f"cannot write {shown(path)}: {os_reason(exc, shown(path), writing=True)}"
        ) from None
    return path
