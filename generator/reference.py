"""The YAML format reference, read from the model classes so it cannot drift from the code."""

from __future__ import annotations

import functools
import inspect
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .i18n import DEFAULT_LANGUAGE, fill, load_messages
from .kinds import file_kinds


def english_types() -> dict[str, str]:
    """How the format reference names field types in English: the catalogue's
    ``reference.types``, which every language translates."""
    return dict(_english_types())


@functools.cache
def _english_types() -> dict[str, str]:
    return load_messages(DEFAULT_LANGUAGE).type_names()


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


def format_reference(docs: Mapping[str, str] | None = None,
                     type_names: Mapping[str, str] | None = None) -> tuple[FileDoc, ...]:
    """Every file kind with its shapes, ready for the reference template.

    ``docs`` translates the model's docstrings, keyed as :func:`model_docs` keys them;
    ``type_names`` translates :func:`english_types`.
    """
    namer = _TypeNamer({**english_types(), **(type_names or {})})
    files = []
    seen: set[type[BaseModel]] = set()
    for kind in file_kinds():
        path, model_class = kind.location, kind.entry_model
        nested = [shape_doc(c, docs, namer) for c in _nested_models(model_class)
                  if c not in seen]
        seen.update(_nested_models(model_class))
        files.append(FileDoc(path, shape_doc(model_class, docs, namer), tuple(nested)))
    return tuple(files)


def model_docs() -> dict[str, str]:
    """The model's own (English) docstrings: ``Shape`` and ``Shape.field`` to text."""
    docs: dict[str, str] = {}
    for file in format_reference():
        for shape in (file.shape, *file.nested):
            docs[shape.name] = shape.description
            docs.update({f"{shape.name}.{f.key}": f.description for f in shape.fields})
    return docs


def shape_doc(model_class: type[BaseModel], docs: Mapping[str, str] | None = None,
              namer: _TypeNamer | None = None) -> ShapeDoc:
    name = model_class.__name__
    namer = namer or _TypeNamer(english_types())
    fields = tuple(
        _field_doc(field_name, info, namer, (docs or {}).get(f"{name}.{info.alias or field_name}"))
        for field_name, info in model_class.model_fields.items()
    )
    doc = inspect.cleandoc((docs or {}).get(name) or model_class.__doc__ or "")
    return ShapeDoc(name, name.lower(), doc, fields)


def _field_doc(name: str, info: FieldInfo, namer: _TypeNamer,
               translated: str | None) -> FieldDoc:
    example = None
    if info.examples:
        example = json.dumps(info.examples[0], ensure_ascii=False)
    return FieldDoc(
        key=info.alias or name,
        type=namer(info.annotation, [info, *info.metadata]),
        required=info.default is PydanticUndefined and info.default_factory is None,
        description=inspect.cleandoc(translated or info.description or ""),
        example=example,
    )


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A reader's name for a field type: ``text``, ``list of Criterion``, ``id``."""
    return _TypeNamer(english_types())(annotation, metadata)


@dataclass(frozen=True)
class _TypeNamer:
    names: Mapping[str, str]

    def __call__(self, annotation: Any, metadata: list[Any] | None = None) -> str:
        kind = _kind(annotation, metadata or [])
        if kind:
            return self.names.get(kind, kind)
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            return self(args[0], list(args[1:]))
        if origin is typing.Literal:
            return fill(self.names["one_of"], {"choices": ", ".join(f"'{a}'" for a in args)})
        if origin in (typing.Union, types.UnionType):
            names = [self(a) for a in args if a is not type(None)]
            joined = names[0]
            for other in names[1:]:
                joined = fill(self.names["or"], {"a": joined, "b": other})
            return joined
        if origin is list:
            return fill(self.names["list"], {"item": self(args[0])})
        if origin is dict:
            return fill(self.names["mapping"],
                        {"key": self(args[0]), "value": self(args[1])})
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return f"`{annotation.__name__}`"  # a shape of the format, named as in YAML docs
        plain = {str: "text", int: "whole number", bool: "true/false"}.get(annotation)
        return self.names[plain] if plain else str(annotation)


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
