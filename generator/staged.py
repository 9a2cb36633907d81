"""The staged site source: the whole guide as a folder that any engine builds without plugins.

:func:`stage` reads a project as ``mkdocs build`` would (its settings file, what that file
inherits, ``!ENV``), checks and renders the guide, and writes into one folder everything the
site is made of (see :func:`write_source`): the pages as complete
Markdown, the guide's own files, PDFs, exports, schemas and assets, the theme's templates, and
a ``mkdocs.yml`` with every setting resolved (no ``INHERIT``, no ``!ENV``, no rubric-guide
plugin). Zensical builds that folder; so does plain MkDocs, which is the benchmark's baseline
and the proof that the folder holds the whole guide. The folder is written for one engine
(:class:`Engine`): Zensical, unlike MkDocs, rewrites the relative links of the pages' HTML as it
rewrites Markdown links, so they are written for it relative to the page's source file.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .build import GuideBuild
from .errors import KeyPath, SetupError, format_key_path
from .incremental import Reuse
from .mkdocs_config import load_mkdocs_config, plugin_options, settings_of
from .owned import sync as _sync
from .render import Page
from .site_files import leaves_out, site_files
from .site_settings import THEME_DIR, site_settings
from .spool import Spool

TRANSLATIONS = ".cache/rubric-guide/translations"
"""Where the staged sources of a guide's translations are kept, one folder per output and
language (see :func:`translation_folder`)."""

STAGED_DOCS, STAGED_THEME, STAGED_SITE = "docs", "theme", "site"
"""The folders of a staged site source (see :func:`write_source`)."""



@dataclass(frozen=True)
class StagedSite:
    """A staged site source and the build that wrote it."""

    folder: Path
    config_file: Path
    """The staged settings file, ``folder/mkdocs.yml``."""
    build: GuideBuild
    settings: dict[str, Any]

    @property
    def site_dir(self) -> Path:
        """Where an engine building :attr:`config_file` writes the site."""
        return self.folder / str(self.settings.get("site_dir", "site"))


@dataclass(frozen=True)
class Engine:
    """What the engine that builds a staged site source needs of it besides the guide."""

    settings: Mapping[str, Any] = field(default_factory=dict)
    """Settings it needs besides the guide's; a mapping is merged into the guide's."""
    links_from_source: bool = False
    """Whether it reads the relative links in the pages' HTML from the folder of the page's
    source file, as it reads Markdown links (Zensical), rather than leaving them as they are,
    relative to the page's address (MkDocs)."""

    def settings_for(self, settings: dict[str, Any]) -> dict[str, Any]:
        """The guide's ``settings`` with the engine's."""
        for key, value in self.settings.items():
            settings[key] = ({**settings.get(key, {}), **value} if isinstance(value, Mapping)
                             else value)
        return settings


MKDOCS = Engine()
"""MkDocs, which builds a staged source as it is (the benchmark's baseline)."""


def stage(config_file: Path, folder: Path, *, preview_of: dict[str, bool] | None = None,
          engine: Engine = MKDOCS, reuse: Reuse | None = None,
          spool: Spool | None = None) -> StagedSite:
    """Check and render the project of ``config_file`` and write its site source into
    ``folder``, for ``engine`` to build. Raises :class:`~generator.errors.ContentError` with
    every problem; with ``preview_of`` (a preview, see :meth:`GuideBuild.prepare`), writes the
    problems' pages instead. ``reuse``: what earlier stagings of a preview rendered (see
    :mod:`.incremental`); ``spool``, where a build keeps its exports and HTML blocks until
    they are written (see :mod:`.spool`), instead of in memory."""
    config = load_mkdocs_config(config_file)
    build = GuideBuild.from_config(config, plugin_options(config))
    build.reuse, build.spool, build.keeps_compiled = reuse, spool, True
    build.links_from_source = engine.links_from_source
    build.prepare(preview_of=preview_of)
    settings = engine.settings_for(site_settings(build, settings_of(config)))
    staged_config = write_source(build, folder, settings)
    return StagedSite(folder, staged_config, build, settings)


def stage_translation(build: GuideBuild, base: Mapping[str, Any], language: str, folder: Path,
                      engine: Engine = MKDOCS) -> StagedSite:
    """Write the site source of ``build``'s translation into ``language`` into ``folder``,
    for ``engine`` (the engine ``build`` was staged for): the same guide with its texts
    translated and its interface in ``language``, to publish at ``/<language>/``. ``base``
    is the settings as the project gives them (:func:`~generator.mkdocs_config.settings_of`)."""
    translated = build.translation(language)
    settings = engine.settings_for(site_settings(translated, base))
    config = write_source(translated, folder, settings)
    return StagedSite(folder, config, translated, settings)


def translation_folder(root: Path, output: Path, language: str) -> Path:
    """The staged source of the translation into ``language`` for building ``output``."""
    digest = hashlib.sha256(str(output).encode()).hexdigest()[:12]
    return root / TRANSLATIONS / f"{digest}-{language}"


class Made(Mapping[str, "str | bytes | Path"]):
    """Files by their path, each made when it is read (a page filled in, its HTML blocks read
    back from the spool), so that writing them holds one at a time."""

    def __init__(self) -> None:
        self._files: dict[str, str | bytes | Path | Callable[[], str]] = {}

    def add(self, path: str, content: str | bytes | Path | Callable[[], str]) -> None:
        """The file ``path``: its content, the file holding it, or what makes it."""
        self._files[path] = content

    def __getitem__(self, path: str) -> str | bytes | Path:
        content = self._files[path]
        return content() if callable(content) else content

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _whole(page: Page) -> str:
    """The complete Markdown of a generated page, HTML blocks included."""
    return page.markdown


def write_source(build: GuideBuild, folder: Path, settings: Mapping[str, Any]) -> Path:
    """Write the whole site source into ``folder``, for an engine that reads files and
    runs no plugin: ``docs/`` (every page as complete Markdown, the guide's own files,
    PDFs, exports, schemas and assets), ``theme/`` (the generator's theme additions under
    the project's overrides) and ``mkdocs.yml`` (``settings`` pointing at them). Files
    that are already as they should be are left alone, and files no longer part of the
    site are removed, so an engine watching the folder rebuilds only what changed.
    Returns the settings file."""
    docs = Made()
    content = build.project.content_dir
    for path in sorted(content.rglob("*")):
        uri = path.relative_to(content).as_posix()
        if path.is_file() and not leaves_out(build, uri) and not uri.endswith(".md"):
            docs.add(uri, path)
    for uri, text in build.guide.pages.items():
        if not leaves_out(build, uri):
            docs.add(uri, functools.partial(build.transform, text, uri))
    for page in build.pages:
        docs.add(page.src_uri, functools.partial(_whole, page))
    for name, data, in_nav in site_files(build):
        if in_nav is None:  # not a page: the text or bytes, or the file that holds them
            docs.add(name, data)
    theme: dict[str, str | bytes] = {}
    for source in (THEME_DIR, build.overrides_dir):
        if source is not None and source.is_dir():
            for path in sorted(source.rglob("*")):
                uri = path.relative_to(source).as_posix()
                # Generator templates, catalogues and notes are the project's, not the theme's.
                if path.is_file() and not uri.endswith((".j2", ".md")) and not uri.startswith(
                        "messages/"):
                    theme[uri] = path.read_bytes()
    remember = build.reuse is not None  # a preview, which syncs again after each edit
    _sync(folder / STAGED_DOCS, docs, remember=remember)
    _sync(folder / STAGED_THEME, theme, remember=remember)
    staged = {**{k: v for k, v in settings.items() if v is not None},
              "docs_dir": STAGED_DOCS, "site_dir": STAGED_SITE}
    staged["theme"] = {**staged.get("theme", {}), "custom_dir": STAGED_THEME}
    # Pages the navigation leaves out by design (a rubric's, reached from the rubrics' index),
    # as the plugin gives them to MkDocs: not listed as pages the navigation forgot.
    if outside := [page.src_uri for page in build.pages if page.in_nav is False]:
        staged["not_in_nav"] = "".join(f"/{uri}\n" for uri in outside)
    staged["markdown_extensions"] = [
        {name: options} if options else name
        for name, options in staged.get("markdown_extensions", {}).items()]
    config = folder / "mkdocs.yml"
    _sync(folder, {"mkdocs.yml": _settings_text(staged)}, prune=False)
    return config


_SETTINGS_TEXT: dict[bytes, str] = {}
"""The last staged settings file's text, by the settings it was written from (pickled, which
tells apart every value YAML writes differently): a preview stages the same settings after
nearly every edit, and writing them as YAML takes longer than pickling them."""


def _settings_text(settings: dict[str, Any]) -> str:
    """``settings`` as the text of a settings file."""
    try:
        key = pickle.dumps(settings, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return _settings_yaml(settings)
    if key not in _SETTINGS_TEXT:
        _SETTINGS_TEXT.clear()
        _SETTINGS_TEXT[key] = _settings_yaml(settings)
    return _SETTINGS_TEXT[key]


def _settings_yaml(settings: dict[str, Any]) -> str:
    try:
        return yaml.dump(settings, Dumper=_SettingsDumper, sort_keys=False, allow_unicode=True)
    except yaml.representer.RepresenterError as exc:
        value = exc.args[1] if len(exc.args) > 1 else exc
        where = _key_path(settings, value)
        raise SetupError(
            f"mkdocs.yml{': ' + format_key_path(where) if where else ''}: a Python object, "
            f"{value!r}, that cannot be written for an engine that reads the settings file "
            "itself; give a function (!!python/name:module.function) or a call of one "
            "(!!python/object/apply:module.function {kwds: {...}}) instead") from None


def _key_path(value: Any, wanted: object, path: KeyPath = ()) -> KeyPath | None:
    """Where in the settings ``value`` the object ``wanted`` is."""
    if value is wanted:
        return path
    items = value.items() if isinstance(value, Mapping) else enumerate(value) if isinstance(
        value, list | tuple) else ()
    for key, item in items:
        found = _key_path(item, wanted, (*path, key))
        if found is not None:
            return found
    return None


class _SettingsDumper(yaml.SafeDumper):
    """Writes settings as YAML, and the Python objects the settings file named with
    ``!!python/...`` tags (a Markdown extension's function, or one given its options, such as
    ``toc``'s ``slugify``) as tags that name them again, which MkDocs and Zensical read."""


def _python_name(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    name = f"{value.__module__}.{value.__qualname__}"
    if "<" in name:  # a function made inside another: no name reaches it
        raise yaml.representer.RepresenterError("cannot represent an object", value)
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", "")


def _python_call(dumper: yaml.SafeDumper, value: functools.partial[Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:python/object/apply:functools.partial",
                                    {"args": [value.func, *value.args],
                                     "kwds": dict(value.keywords)})


for _type in (types.FunctionType, types.BuiltinFunctionType, type):
    _SettingsDumper.add_multi_representer(_type, _python_name)
_SettingsDumper.add_representer(functools.partial, _python_call)



