"""The YAML format reference, read from the model classes so it cannot drift from the code."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from . import model as m

# The files of a guide, in the order the reference presents them.
FILE_KINDS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("rubrics/<id>.yml", m.Rubric),
    ("content/scales.yml", m.ScalesFile),
    ("content/principles.yml", m.PrinciplesFile),
    ("content/framework.yml", m.Framework),
    ("content/strategies.yml", m.Strategies),
    ("content/key-system-features.yml", m.KeySystemFeatures),
    ("content/evidence-of-practice.yml", m.EvidenceOfPractice),
    ("content/standards/<id>.yml", m.Standard),
    ("content/sources.yml", m.Source),
)


@dataclass(frozen=True)
class FieldDoc:
    key: str
    type: str
    required: bool
    description: str
    example: str | None


@dataclass(frozen=True)
class ShapeDoc:
    """One YAML shape (a model class) with its fields."""

    name: str
    anchor: str
    description: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class FileDoc:
    path: str
    shape: ShapeDoc
    nested: tuple[ShapeDoc, ...]


def format_reference() -> tuple[FileDoc, ...]:
    """Every file kind with its shapes, ready for the reference template."""
    files = []
    seen: set[type[BaseModel]] = set()
    for path, model_class in FILE_KINDS:
        nested = [shape_doc(c) for c in _nested_models(model_class) if c not in seen]
        seen.update(_nested_models(model_class))
        files.append(FileDoc(path, shape_doc(model_class), tuple(nested)))
    return tuple(files)


def shape_doc(model_class: type[BaseModel]) -> ShapeDoc:
    fields = tuple(
        _field_doc(name, info) for name, info in model_class.model_fields.items()
    )
    doc = (model_class.__doc__ or "").strip()
    return ShapeDoc(model_class.__name__, model_class.__name__.lower(), doc, fields)


def _field_doc(name: str, info: FieldInfo) -> FieldDoc:
    example = None
    if info.examples:
        example = json.dumps(info.examples[0], ensure_ascii=False)
    return FieldDoc(
        key=info.alias or name,
        type=type_name(info.annotation, [info, *info.metadata]),
        required=info.default is PydanticUndefined and info.default_factory is None,
        description=(info.description or "").strip(),
        example=example,
    )


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A reader's name for a field type: ``text``, ``list of Criterion``, ``id``."""
    kind = _kind(annotation, metadata or [])
    if kind:
        return kind
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0], list(args[1:]))
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is dict:
        return f"mapping of {type_name(args[0])} to {type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return {str: "text", int: "whole number", bool: "true/false"}.get(annotation, str(annotation))


def _kind(annotation: Any, metadata: list[Any]) -> str | None:
    for item in [*metadata, *typing.get_args(annotation)]:
        extra = getattr(item, "json_schema_extra", None)
        if isinstance(extra, dict) and "x-kind" in extra:
            return str(extra["x-kind"])
    return None


def _nested_models(model_class: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found and annotation is not model_class:
                found.append(annotation)
                for info in annotation.model_fields.values():
                    walk(info.annotation)
            return
        for arg in typing.get_args(annotation):
            walk(arg)

    for info in model_class.model_fields.values():
        walk(info.annotation)
    return found
