"""Rubric Guide: publish rubric guides from YAML through MkDocs.

The stages live one per module: :mod:`generator.load` reads YAML with source positions,
:mod:`generator.model` holds the data classes, :mod:`generator.validate` builds a checked
:class:`~generator.model.Guide`, and :mod:`generator.render` turns it into pages.
:mod:`generator.plugin` and :mod:`generator.cli` only call them.
"""

from __future__ import annotations

__version__ = "0.1.0"
