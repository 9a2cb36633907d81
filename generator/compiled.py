"""Compiled templates, kept between builds.

Jinja compiles each template to Python code before it renders it: about a third of a second
for the generator's templates and the theme's together, a quarter of a small guide's build. A
build keeps what it compiled in memory, for ``mkdocs serve``'s next rebuild, and on disk in the
project's cache, ``.cache/rubric-guide/templates/``, for the next build. Each file there holds
one template's code with the checksum of the source it was compiled from (Jinja checks it on
loading), and its name is a digest of the template's name and file and of every setting of
the environment that compiles it, so a changed template, Python, Jinja or environment is
compiled again.

The folder is the builds' own: a build makes it with the file :data:`MARKER` in it, and uses
a folder of that name only if the marker is there; files it writes are written whole, under a
name of their own, and then renamed. A project that cannot be written is built without it.
A build marks each file it reads as used (its modification time) and removes those no build
has used for :data:`UNUSED_DAYS`: the code of templates that were renamed or moved, or
compiled by an earlier Python, Jinja or generator, which no build will read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from pathlib import Path

import jinja2
import jinja2.bccache

from .spool import half_written, write_whole

TEMPLATES_CACHE = "templates"
"""The folder of compiled templates in the build's cache (``.cache/rubric-guide``)."""

MARKER = ".rubric-guide-templates"
"""The file that makes a folder of that name the builds' own."""

MARKER_TEXT = "Compiled templates of Rubric Guide builds; the folder can be deleted at any time.\n"

UNUSED_DAYS = 30
"""Days after which compiled code no build has read or written is removed."""

_SUFFIX = ".jinja-code"
_ENTRY = rf"[0-9a-f]{{64}}{re.escape(_SUFFIX)}"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process and, once :meth:`keep_in` names a
    folder, on disk there. ``mkdocs serve`` makes a new renderer and a new theme for every
    rebuild; Jinja then compiles again only the templates whose source changed (it compares
    checksums), instead of all of them."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self.folder: Path | None = None

    def keep_in(self, folder: Path | None) -> None:
        """Keep compiled templates in ``folder`` too (None: in memory only), as
        :func:`_ready` leaves it."""
        self.folder = _ready(folder)

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        key = hashlib.sha256("\0".join(
            (*_settings(environment), name, filename or "")).encode()).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self.folder is not None:
            path = self.folder / (bucket.key + _SUFFIX)
            with contextlib.suppress(OSError):
                code = path.read_bytes()
                os.utime(path)  # used: kept for UNUSED_DAYS more
        if code is None:
            return
        try:  # a stale one leaves the bucket empty
            bucket.bytecode_from_string(code)
        except Exception:  # a damaged one (Jinja checks only the code itself): compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._code[bucket.key] = code
        if self.folder is not None:
            with contextlib.suppress(OSError):  # only a saving: the next build compiles it
                write_whole(self.folder / (bucket.key + _SUFFIX), code)


def _settings(environment: jinja2.Environment) -> tuple[str, ...]:
    """What the code Jinja compiles depends on besides the template: Python's and Jinja's
    versions and the environment's syntax, options, extensions, filters and tests."""
    autoescape = environment.autoescape
    return (
        jinja2.__version__, jinja2.bccache.bc_magic.hex(),
        repr((environment.block_start_string, environment.block_end_string,
              environment.variable_start_string, environment.variable_end_string,
              environment.comment_start_string, environment.comment_end_string,
              environment.line_statement_prefix, environment.line_comment_prefix,
              environment.trim_blocks, environment.lstrip_blocks,
              environment.newline_sequence, environment.keep_trailing_newline,
              environment.optimized, environment.is_async,
              environment.finalize is not None,
              autoescape if isinstance(autoescape, bool) else _name(autoescape),
              _name(environment.code_generator_class), _name(environment.context_class))),
        " ".join(sorted(environment.extensions)),
        " ".join(sorted(environment.filters)),
        " ".join(sorted(environment.tests)),
    )


def _name(value: object) -> str:
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value))}"


def _ready(folder: Path | None) -> Path | None:
    """``folder``, if it is the builds' own or can be made so, with what stopped builds left
    half-written there and what no build has used for :data:`UNUSED_DAYS` removed; None
    otherwise."""
    if folder is None or not _own(folder):
        return None
    _remove_partials(folder)
    _remove_unused(folder)
    return folder


def _own(folder: Path) -> bool:
    """Whether ``folder`` is the builds' own, making it so if it is not there yet. A folder
    this process may not read (made by a build run as another user) is not: the templates
    are then compiled in memory only, a saving lost and nothing more."""
    marker = folder / MARKER
    try:
        if marker.is_file() and not marker.is_symlink():
            return True
        if folder.exists() or folder.is_symlink():
            return False  # someone else's folder of that name: left alone
        folder.mkdir(parents=True)
        marker.write_text(MARKER_TEXT, encoding="utf-8")
    except OSError:
        return False
    return True


def _remove_partials(folder: Path) -> None:
    """Remove the files stopped builds left half-written in ``folder``."""
    for name in half_written(folder, _ENTRY):
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def _remove_unused(folder: Path) -> None:
    """Remove the compiled code in ``folder`` that no build has read or written for
    :data:`UNUSED_DAYS`."""
    entry = re.compile(_ENTRY)
    before = time.time() - UNUSED_DAYS * 24 * 60 * 60
    with contextlib.suppress(OSError):
        for found in os.scandir(folder):
            with contextlib.suppress(OSError):
                if entry.fullmatch(found.name) and found.is_file(follow_symlinks=False) \
                        and found.stat(follow_symlinks=False).st_mtime < before:
                    os.unlink(found.path)


GENERATOR_TEMPLATES = CompiledTemplates()
"""The generator's templates (and a district's overrides of them), compiled."""

THEME_TEMPLATES = CompiledTemplates()
"""The theme's templates as MkDocs renders them, compiled."""


def keep_compiled_in(cache: Path | None) -> None:
    """Keep the templates this process compiles in the build's cache ``cache`` too (None: in
    memory only). Both kinds of template share the folder, made ready once."""
    folder = _ready(None if cache is None else cache / TEMPLATES_CACHE)
    for templates in (GENERATOR_TEMPLATES, THEME_TEMPLATES):
        templates.folder = folder
