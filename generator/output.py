"""What a build may write and delete: its output folder, the staging folder beside it and its
own cache entries, and nothing else. Every engine and command asks this module first.

Before anything is touched, :func:`check_output` refuses an output folder that is, holds or
lies inside the guide's sources (the project's folder, its content, rubrics, overrides, theme
and cache folders, ``.git``, its settings files), the root folder or a home folder, a file
where the folder should be, and a folder that holds files no build of ours wrote, unless the
operator says to replace them (``--clean``, or :data:`CLEAN_VARIABLE` for ``mkdocs build``).

A site we publish holds :data:`MARKER`, which lists every file the build wrote: the next build
replaces those, and a file added to the site since is one no build of ours wrote. What
the previous site holds that the build does not make, and that is not the site's (names
starting with a dot, such as ``.git`` or ``.nojekyll``, as MkDocs keeps them, and
:data:`KEPT_NAMES`), is carried into the new site (see :func:`carried`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import Problem
from .options import DISTRICT_FILE, ConfigFiles
from .project import TRANSLATIONS_DIR
from .sheets import DEFAULT_CACHE_DIR

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .build import GuideBuild

MARKER = ".rubric-guide-site"
"""The file that marks a folder as a site a build of ours published."""

MARKER_TEXT = (
    "This folder is a site published by Rubric Guide (rubric-guide build, mkdocs build).\n"
    "The next build replaces the files listed below, and keeps names that start with a dot\n"
    "and CNAME; it refuses to replace other files unless told to (--clean).\n"
)

PUBLISHED = "It holds "
"""How the line of :data:`MARKER` starts that says what the build that published the site
counted in it, so that the next build can say what it held before."""

WRITTEN = "Files the build wrote:"
"""The line of :data:`MARKER` after which it lists, one to a line, every file the build that
published the site wrote there."""

_MARKER_LIMIT = 64 << 20
"""The largest marker read: a listing of a million files; anything longer is not ours."""

CLUTTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""Files a desktop's file browser leaves in the folders it shows, which a build replaces with
the rest of the site."""


def marker_text(summary: str, files: Iterable[str] = ()) -> str:
    """The text of :data:`MARKER` in a site whose build counted ``summary`` in it and wrote
    ``files`` (paths in the site, '/'-separated)."""
    return "".join([MARKER_TEXT, f"{PUBLISHED}{summary}.\n{WRITTEN}\n",
                    *(f"{name}\n" for name in files)])


def _marker_lines(site: Path) -> list[str] | None:
    try:
        with (site / MARKER).open(encoding="utf-8", newline="\n") as marker:
            text = marker.read(_MARKER_LIMIT)
    except (OSError, UnicodeDecodeError):
        return None
    return text.split("\n")


def published_in(site: Path) -> str | None:
    """What the build that published ``site`` counted in it; None for a site whose marker
    does not say (a site published before markers did) or that is not there."""
    for line in _marker_lines(site) or ():
        if line.startswith(PUBLISHED):
            return line.removeprefix(PUBLISHED).removesuffix(".")
    return None


def written_in(site: Path) -> set[str] | None:
    """The files the build that published ``site`` wrote there, as its marker lists them;
    None for a marker without the list (a site published before markers listed files)."""
    lines = _marker_lines(site) or []
    if WRITTEN not in lines:
        return None
    return {line for line in lines[lines.index(WRITTEN) + 1:] if line}


def files_of(folder: Path) -> Iterator[str]:
    """Every file (and link) in ``folder`` and the folders in it, by its '/'-separated path."""
    base = os.fspath(folder)
    for here, folders, files in os.walk(base):
        relative = os.path.relpath(here, base).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        links = [name for name in folders if os.path.islink(os.path.join(here, name))]
        folders[:] = [name for name in folders if name not in links]
        for name in [*files, *links]:
            yield prefix + name


EARLIER_MARK = "assets/rubric-guide.css"
"""A file every site of ours holds (one of ``build.ASSETS``): a site published before sites
held :data:`MARKER` is known by it."""

KEPT_NAMES = ("CNAME",)
"""Files of the previous site, besides those whose names start with a dot, that the new site
keeps: GitHub Pages reads its custom domain from ``CNAME``."""

CLEAN_VARIABLE = "RUBRIC_GUIDE_CLEAN"
"""Set to ``true`` (``RUBRIC_GUIDE_CLEAN=true mkdocs build``) to let a build replace a folder
that holds files no build of ours wrote, as ``rubric-guide build --clean`` does."""

CACHE_ROOT = str(Path(DEFAULT_CACHE_DIR).parent)
"""The build's own cache folder in the project (PDFs by default, Zensical's staged source)."""


class OutputError(click.ClickException):
    """The output folder cannot be used; nothing was touched."""

    exit_code = 1


@dataclass(frozen=True)
class Source:
    """A file or folder the build reads and must never write: ``what`` it is, in words, and
    the ``setting`` that names it, if one does."""

    what: str
    path: Path
    setting: str = ""
    holds_output: bool = False
    """Whether the output (or the cache) may lie inside it: the project's own folder, where
    ``site/`` is by default, and the PDF cache, which removes only its own files."""
    guide: bool = True
    """Whether it is the guide's own (False for the build's cache)."""

    def __str__(self) -> str:
        return f"{self.what} ({self.setting})" if self.setting else self.what

    @property
    def shown(self) -> str:
        """Its path, as an operator in the current folder would type it."""
        shown = display(self.path)
        return str(self.path) if shown == "." else shown


@dataclass(frozen=True)
class Sources:
    """Everything of a guide that a build reads, and a build's cache."""

    root: Path
    entries: tuple[Source, ...]

    @classmethod
    def of(cls, root: Path, *, content: Path, rubrics: Path, overrides: Path | None = None,
           theme: Path | None = None, cache: Path | None = None,
           settings: Iterable[Path] = ()) -> Sources:
        """The sources of the guide at ``root``: its folders, and the files of its settings
        (``mkdocs.yml``, ``district.yml``, what they inherit)."""
        entries = [
            Source("the guide's folder", root, holds_output=True),
            Source("the guide's content folder", content, "docs_dir"),
            Source("the guide's rubrics folder", rubrics, "rubrics_dir"),
            Source("the guide's translations folder", root / TRANSLATIONS_DIR),
            Source("the build's cache", root / CACHE_ROOT, guide=False),
        ]
        if overrides is not None:
            entries.append(Source("the guide's overrides folder", overrides, "overrides_dir"))
        if theme is not None:
            entries.append(Source("the guide's theme folder", theme, "theme.custom_dir"))
        if cache is not None:  # which removes only its own files from the folders it is in
            entries.append(Source("the PDF cache", cache, "cache_dir", holds_output=True,
                                  guide=False))
        # The generator's own templates, theme and assets, which every build reads.
        entries.append(Source("the generator's own files", Path(__file__).parent))
        git = _repository_of(root)
        if git is not None:
            entries.append(Source("the guide's Git repository", git))
        entries += [Source("a settings file of the guide", path) for path in settings]
        return cls(root, tuple(entries))


def _repository_of(root: Path) -> Path | None:
    """The ``.git`` of the repository the guide is in, if it is in one."""
    for folder in (root, *root.parents):
        if os.path.lexists(folder / ".git"):
            return folder / ".git"
    return None


@dataclass(frozen=True)
class Output:
    """The output folder as the operator named it."""

    path: Path
    """Absolute, with links not followed."""
    shown: str
    """As the operator typed it, or as the settings write it."""
    where: str = ""
    """Where it is named: ``-d`` on the command line, or a place in a settings file such as
    ``mkdocs.yml:4:11: site_dir`` (empty for MkDocs' default)."""

    @classmethod
    def typed(cls, text: str | os.PathLike[str]) -> Output:
        """The folder given with ``-d`` on the command line, relative to the current folder."""
        return cls(Path(os.path.abspath(text)), str(text), "-d")

    def problem(self, reason: str) -> str:
        """``reason`` placed where the folder is named."""
        if self.where == "-d":
            return f"-d {self.shown}: {reason}"
        return f"{self.where}: {reason}" if self.where else f"site_dir: {reason}"

    def suggest(self, folder: str) -> str:
        """How to name ``folder`` instead, the way this one is named."""
        return f"-d {folder}" if self.where == "-d" else f"site_dir: {folder}"


def settings_output(path: Path, base: Path, written: str | None,
                    place: Problem | None) -> Output:
    """The output folder MkDocs settled on, ``path``, named by the settings or by ``-d``:
    ``written`` is the ``site_dir`` the settings files give (None if none), relative to
    ``base``, the folder of the settings file, and ``place`` is where it is written."""
    if written is not None and place is not None and os.path.abspath(
            base / written) == os.path.abspath(path):
        where = f"{place.file}:{place.line}:{place.column}" if place.line else place.file
        return Output(path, written or "'' (empty: the folder of the settings file)",
                      f"{where}: site_dir")
    if written is None and os.path.abspath(base / "site") == os.path.abspath(path):
        return Output(path, display(path), "")
    return Output(path, display(path), "-d")


def display(path: Path) -> str:
    """``path`` as an operator in the current folder would type it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return str(path) if relative.split(os.sep).count("..") > 2 else relative


def check_output(output: Output, sources: Sources, *, clean: bool = False,
                 clean_option: str = f"{CLEAN_VARIABLE}=true") -> None:
    """Refuse ``output`` with one line naming it and the fix, before anything is written,
    when a build may not replace it (see the module's description). ``clean``: the
    operator allows replacing a folder of files no build of ours wrote, as the command's
    ``clean_option`` says."""
    reason = _reason(output, sources, clean=clean, clean_option=clean_option)
    if reason is not None:
        raise OutputError(output.problem(reason))


def _reason(output: Output, sources: Sources, *, clean: bool, clean_option: str
            ) -> str | None:
    real = Path(os.path.realpath(output.path))
    suggestion = _suggestion(output, sources)
    shown = output.shown
    protected = _protected(real)
    if protected is not None:
        return f"{shown} {protected}; choose a folder for the site alone, such as {suggestion}"
    for source in sources.entries:  # those yet to be made too: the guide expects them there
        place = Path(os.path.realpath(source.path))
        if real == place:
            return (f"{shown} is {source}, which a build would replace with the site; choose "
                    f"a folder outside the guide's sources, such as {suggestion}")
        if place.is_relative_to(real):
            return (f"{shown} holds {source.shown}, {source}, which a build would delete; "
                    f"choose a folder outside the guide's sources, such as {suggestion}")
        if real.is_relative_to(place) and not source.holds_output:
            return (f"{shown} is inside {source.shown}, {source}, where the site would mix "
                    f"with the guide's sources; choose a folder outside them, such as "
                    f"{suggestion}")
    if os.path.lexists(real) and not real.is_dir():
        return (f"{shown} is a file, not a folder; move the file away or choose another "
                f"folder, such as {suggestion}")
    foreign = [] if clean else list(_foreign(real))
    if foreign:
        more = ", ..." if len(foreign) > 3 else ""
        content = next(s.shown for s in sources.entries if s.setting == "docs_dir")
        return (f"{shown} holds files that no build of this guide wrote "
                f"({', '.join(foreign[:3])}{more}); a file the site should publish goes in "
                f"{content}/; to replace them with the site, build with {clean_option}, or "
                "choose a new or empty folder")
    return None


def _protected(real: Path) -> str | None:
    """Why ``real`` can never be an output folder: the root, a home folder, a top folder."""
    if real == Path(real.anchor):
        return "is the root folder"
    try:
        home: Path | None = Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError):  # no home folder known
        home = None
    if home is not None and real == home:
        return "is your home folder"
    if home is not None and home.is_relative_to(real):
        return f"holds your home folder, {home}"
    if real.parent == Path(real.anchor):
        return "is one of the system's own folders"
    return None


def _suggestion(output: Output, sources: Sources) -> str:
    default = sources.root / "site"
    if Path(os.path.realpath(output.path)) == Path(os.path.realpath(default)):
        return "a new folder beside the guide"
    return output.suggest(display(default) if output.where == "-d" else "site")


def _foreign(folder: Path) -> Iterator[str]:
    """What a build would delete from ``folder`` that no build of ours wrote, sorted: every
    name, or in a site we published, every file its marker does not list."""
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError:
        return  # the build says why it cannot write the folder, at the step that fails
    if MARKER in names:
        written = written_in(folder)
        if written is None:  # published before markers listed files: all of it is ours
            return
        yield from sorted(path for path in files_of(folder) if path not in written
                          and not kept(path.partition("/")[0])
                          and path.rpartition("/")[2] not in CLUTTER)
        return
    if (folder / EARLIER_MARK).is_file():
        return
    for name in names:
        if not kept(name):
            yield name + ("/" if (folder / name).is_dir() else "")


def kept(name: str) -> bool:
    """Whether an entry of the previous site, named ``name``, is carried into the new one."""
    return name.startswith(".") or name in KEPT_NAMES


def carried(previous: Path, new: Path) -> list[str]:
    """The names of the entries of the site ``previous`` to carry into the ``new`` one:
    those :func:`kept` that the new site does not have itself."""
    try:
        names = sorted(os.listdir(previous))
    except OSError:
        return []
    return [name for name in names
            if kept(name) and name != MARKER and not os.path.lexists(new / name)]


def clean_requested() -> bool:
    """Whether the operator allows replacing a folder of foreign files (:data:`CLEAN_VARIABLE`)."""
    return os.environ.get(CLEAN_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def cache_problem(cache: Path, shown: str, sources: Sources) -> str | None:
    """Why the PDF cache may not be ``cache`` (shown as the settings write it): the guide's
    own folder, or a folder inside the guide's sources, whose files the cache would mix
    with. A cache that holds the project (``..``) is allowed: it deletes only its entries."""
    real = Path(os.path.realpath(cache))
    for source in sources.entries:
        place = Path(os.path.realpath(source.path))
        if not source.guide or not (real == place or (
                real.is_relative_to(place) and not source.holds_output)):
            continue
        relation = "is" if real == place else f"is inside {source.shown},"
        return (f"the PDF cache {shown} {relation} {source}, where the cache would mix with "
                f"the guide's sources; choose a folder outside them, such as "
                f"{DEFAULT_CACHE_DIR}")
    return None


def cache_in_output(cache: Path, shown: str, output: Output) -> str | None:
    """Why the PDF cache may not be ``cache`` when the site is built into ``output``."""
    real = Path(os.path.realpath(cache))
    if not real.is_relative_to(Path(os.path.realpath(output.path))):
        return None
    return (f"the PDF cache {shown} is inside the output folder {output.shown}, which every "
            f"build replaces; choose a folder outside it, such as {DEFAULT_CACHE_DIR}")


def check_guide_output(config: MkDocsConfig, build: GuideBuild, output: Output | None = None,
                       *, clean: bool = False, clean_option: str = f"{CLEAN_VARIABLE}=true"
                       ) -> Output:
    """Refuse the output folder of the build of ``config`` (``output`` when the command line
    names it, else the settings' ``site_dir``) as :func:`check_output` does, and a PDF cache
    inside it, at the line that sets the cache. Returns the folder as the operator named it."""
    config_file = Path(config.config_file_path)
    files = ConfigFiles.read(config_file, build.project.root)
    if output is None:
        written = files.value(("site_dir",))
        place = files.problem(("site_dir",), "") if written is not None else None
        output = settings_output(Path(config.site_dir), config_file.parent,
                                 None if written is None else str(written), place)
    cache = build.cache_dir if build.options.pdf else None
    if cache is not None and cache != build.project.root / DEFAULT_CACHE_DIR:
        reason = cache_in_output(cache, build.options.cache_dir, output)
        if reason is not None:
            raise OutputError(str(build.source.problem(("cache_dir",), reason)))
    custom_dir = config.theme.custom_dir
    sources = Sources.of(
        build.project.root, content=build.project.content_dir,
        rubrics=build.project.rubrics_dir, overrides=build.overrides_dir,
        theme=Path(custom_dir) if custom_dir else None, cache=cache,
        settings=[*(d.path for d in files.documents), build.project.root / DISTRICT_FILE])
    check_output(output, sources, clean=clean or clean_requested(), clean_option=clean_option)
    return output
