"""Where a guide's files are: the project's folders, as its settings name them, and the files
of each kind in them, named in messages as the project has them (``content/scales.yaml``,
``docs/principles.yml``)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from . import kinds
from .errors import Problem, file_problem, shown
from .kinds import ID, Kind
from .load import hidden

TRANSLATIONS_DIR = "translations"
"""The district's folder of PO files, at the project's root: upstream never writes there."""


@dataclass(frozen=True)
class Project:
    """Where a guide's files live."""

    root: Path
    content_dir: Path
    rubrics_dir: Path

    @classmethod
    def at(cls, root: Path, content: str = "content", rubrics: str = "rubrics") -> Project:
        root = root.resolve()
        return cls(root, root / content, root / rubrics)

    def base_of(self, kind: Kind) -> Path:
        """The folder a kind's :attr:`~generator.kinds.Kind.file` is relative to."""
        return {"docs_dir": self.content_dir, "rubrics_dir": self.rubrics_dir}.get(
            kind.folder, self.root)

    def folder_of(self, kind: Kind) -> Path:
        """The folder holding the files of ``kind``."""
        return (self.base_of(kind) / kind.file).parent

    @functools.cached_property
    def _folders(self) -> dict[str, Path]:
        """Each kind's folder, resolved, by the kind's name."""
        return {kind.name: self.folder_of(kind).resolve() for kind in kinds.KINDS}

    def _resolved(self, folder: Path) -> Path:
        """``folder`` resolved, once per folder: a guide's files share a few folders."""
        resolved = self._resolved_folders.get(folder)
        if resolved is None:
            resolved = self._resolved_folders[folder] = folder.resolve()
        return resolved

    @functools.cached_property
    def _resolved_folders(self) -> dict[Path, Path]:
        return {}

    def file_of(self, kind: Kind, ident: str = "") -> Path:
        """The file of ``kind`` (item ``ident`` of a kind of many): the one the project has,
        with any of its endings, or where a new one goes."""
        path = self.base_of(kind) / kind.file.replace(ID, ident)
        for suffix in kind.suffixes:
            found = path.with_suffix(suffix)
            if found.is_file():
                return found
        return path

    def home_of(self, kind: Kind) -> str:
        """Where the project defines ``kind``, as messages name it: ``content/scales.yaml``, or
        a kind of many's folder (``content/standards/``)."""
        if kind.many:
            return self.display(self.folder_of(kind)) + "/"
        return self.display(self.file_of(kind))

    def kind_of(self, path: Path) -> Kind | None:
        """The kind of the data file at ``path`` in this project, or None if it is not one."""
        parent = self._resolved(path.parent)
        for kind in kinds.KINDS:
            if path.suffix not in kind.suffixes or parent != self._folders.get(kind.name):
                continue
            if kind.many or kind.stem == path.stem:
                return kind
        return None

    def page_files(self) -> list[Path]:
        """The hand-written pages' files (``*.md`` in the content folder), in order; not a
        hidden one (``.draft.md``, the link ``.#page.md`` Emacs keeps while a page has unsaved
        changes, anything in a hidden folder), which the engines never publish."""
        return sorted(path for path in self.content_dir.rglob("*.md")
                      if not path.is_dir() and not hidden(path, self.content_dir))

    def pages(self) -> dict[str, bool]:
        """The pages the project's files make, and whether each is in the navigation, without
        reading the files: the hand-written ones, each item's of a kind of many, the kinds'
        index pages and the single files' pages (a preview shows problems on all of them)."""
        known = {path.relative_to(self.content_dir).as_posix(): True
                 for path in self.page_files()}
        for path in data_files(self):
            kind = self.kind_of(path)
            if kind is not None and kind.many:
                known.update(dict.fromkeys(kind.paths(path.stem).pages, False))
        for kind in kinds.KINDS:
            if kind.index is not None:
                known[kind.index.pattern] = True
            elif not kind.many:
                known.update(dict.fromkeys(kind.paths().pages, True))
        return known

    def display(self, path: Path) -> str:
        """``path`` as the project's messages name it: relative to its root."""
        return shown(path, self.root)


def data_files(project: Project, problems: list[Problem] | None = None) -> list[Path]:
    """Every data file the guide is made from: what the content folder holds with a data
    file's ending, and the files of each kind of many in its folder. Links that lead nowhere,
    folders named like data files and files whose ending is in capitals (``x.YML``, which a
    file system that ignores case would read and another would not) are listed too, so that
    reading them reports them; a
    folder that cannot be listed is added to ``problems``."""
    endings = {suffix for kind in kinds.KINDS for suffix in kind.suffixes}
    folders = {project.content_dir: endings}
    folders |= {project.folder_of(k): set(k.suffixes) for k in kinds.KINDS if k.many}
    files = []
    for folder, suffixes in folders.items():
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            continue  # a kind with no folder has no files
        except OSError as exc:
            if problems is not None:
                problems.append(file_problem(project.display(folder) + "/", exc))
            continue
        files += sorted(folder / n for n in names if Path(n).suffix.lower() in suffixes
                        and not n.startswith("."))
    return files
