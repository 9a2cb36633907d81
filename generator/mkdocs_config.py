"""MkDocs' configuration, read for the library: the settings files (what they inherit, ``!ENV``)
with every mistake at its line, the rubric-guide plugin's options layered with district.yml, and
the rules that follow from them for every engine (an offline copy, links to folders or files,
work shared with forked copies), decided here once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig, _LogLevel
from mkdocs.exceptions import ConfigurationError

from .errors import ContentError, KeyPath, Located, Problem, did_you_mean, file_problem
from .i18n import DEFAULT_LANGUAGE, unsupported_language
from .mkdocs_messages import mkdocs_message
from .options import (
    PLUGIN,
    ConfigFiles,
    District,
    LayeredSource,
    Options,
    OptionsSource,
    check_options,
    read_district,
)
from .output import Sources
from .output import cache_problem as cache_place_problem
from .project import Project
from .safety import site_name_problem, web_address_problem
from .sheets import SheetSettings, cache_problem, default_edition
from .urls import HeadingIds

OFFLINE_PLUGIN = "material/offline"


def offline_copy(config: MkDocsConfig) -> bool:
    """Whether ``config`` builds a copy to read from disk (Material's offline plugin is on)."""
    plugin = config.plugins.get(OFFLINE_PLUGIN)
    return plugin is not None and bool(plugin.config.enabled)


def _missing_links_warn(config: MkDocsConfig) -> bool:
    """Whether MkDocs warns of a link to a file the site does not have (its
    ``validation.links.not_found``, a warning unless mkdocs.yml says otherwise), so that
    ``check --strict`` refuses it too."""
    validation = config.get("validation")
    level = getattr(getattr(validation, "links", None), "not_found", logging.WARNING)
    return not isinstance(level, int) or level >= logging.WARNING


def build_arguments(config: MkDocsConfig, raw_options: Any) -> dict[str, Any]:
    """The arguments of a :class:`~generator.build.GuideBuild` for MkDocs' configuration and
    the rubric-guide plugin's options as MkDocs read them, district.yml's winning. What is wrong
    with the settings is kept for the build to report with the content's problems."""
    config_file = Path(config.config_file_path)
    offline = offline_copy(config)
    root = config_file.parent.resolve()
    files = ConfigFiles.read(config_file, root)
    source: Located = OptionsSource(files)
    options, problems = check_options(raw_options, source, Options)
    district, written, more = read_district(root)
    problems += more
    site = {"site_name": config.site_name, "site_url": files.value(("site_url",)),
            "language": config.theme.get("language") or DEFAULT_LANGUAGE}
    language_at: Located = files
    language_path: KeyPath = ("theme", "language")
    site_name_at: Located = files
    if district is not None and written is not None:
        # What district.yml sets wins over mkdocs.yml, and problems point where it is set.
        chosen = district.model_fields_set
        options = options.model_copy(update={
            key: getattr(district, key) for key in chosen if key in Options.model_fields})
        source = LayeredSource(written, frozenset(chosen), source)
        site |= {key: getattr(district, key) for key in site if key in chosen}
        if "language" in chosen:
            language_at, language_path = written, ("language",)
        if "site_name" in chosen:
            site_name_at = written
    project = Project.at(root, content=_content_folder(config), rubrics=options.rubrics_dir)
    overrides = root / options.overrides_dir
    problems += _settings_problems(str(site["site_name"]), site_name_at, source, project,
                                   options)
    if site["site_url"] and (reason := web_address_problem(str(site["site_url"]), base=True)):
        problems.append(files.problem(("site_url",), reason))  # mkdocs.yml's, or SITE_URL
    wanted = str(site["language"])
    reason = unsupported_language(wanted, overrides) or _theme_language_problem(
        config, wanted)
    if reason:
        problems.append(language_at.problem(language_path, reason))
    language = DEFAULT_LANGUAGE if reason else wanted
    # Sheets print the address the guide is published at, which `mkdocs serve` replaces
    # with its own; the same address keeps serve and build sharing the PDF cache.
    site_url = site["site_url"]
    site_name = str(site["site_name"])
    navigation = district.navigation if district is not None else {}
    content_language = (district.content_language if district is not None else None
                        ) or DEFAULT_LANGUAGE
    translations = list[str]()
    if district is not None and written is not None:
        translations, more = _translations(district, written, overrides, config)
        problems += more
    site_description = district.site_description if district is not None else None
    return dict(
        project=project,
        overrides_dir=overrides,
        site_name=site_name,
        site_url=str(site_url or ""),
        site_description=site_description,
        navigation=navigation,
        content_language=content_language,
        translations=translations,
        nav=config.nav,
        nav_at=files,
        own_pages=tuple(district.pages) if district is not None else (),
        sheet=SheetSettings(
            guide=site_name,
            edition=options.edition or default_edition(),
            site_url=str(site_url or ""),
            paper=options.paper_size,
            pdf=options.pdf,
            language=language,
            content_language=content_language,
        ),
        cache_dir=root / options.cache_dir,
        options=options,
        source=source,
        settings_problems=problems,
        language=language,
        offline=offline,
        missing_links_warn=_missing_links_warn(config),
        # An offline copy links to files, not folders, as MkDocs' offline plugin makes it.
        directory_urls=config.use_directory_urls and not offline,
        heading_ids=HeadingIds.of_toc(config.mdx_configs.get("toc")),
        parallel=True,
    )



def load_mkdocs_config(config_file: Path, **settings: Any) -> MkDocsConfig:
    """MkDocs' configuration from ``config_file`` (and what it inherits), with ``settings``
    given on the command line. Raises :class:`ContentError` with every mistake MkDocs finds,
    each at the line of its key, instead of MkDocs' lines without a place."""
    files = ConfigFiles.read(config_file, config_file.parent.resolve())
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as fd:
            config.load_file(fd)
    except OSError as exc:
        raise ContentError([file_problem(config_file.name, exc)]) from None
    except ConfigurationError as exc:
        raise ContentError([Problem(config_file.name, 1, 1, "", str(exc))]) from None
    config.load_dict({k: v for k, v in settings.items() if v is not None})
    errors, _warnings = config.validate()
    # Where the site may be built, the output policy decides when it builds (see output.py).
    errors = [(key, error) for key, error in errors
              if not (key == "site_dir" and "should not be within" in str(error))]
    if errors:
        raise ContentError([files.problem((key,), mkdocs_message(str(error), files.value((key,))))
                            for key, error in errors])
    return config


def _content_folder(config: MkDocsConfig) -> str:
    """``docs_dir`` as the guide's messages name it, as the operator has it (a link to a
    folder elsewhere is not followed): relative to the project's folder when inside it."""
    docs = Path(os.path.abspath(config.docs_dir))
    base = Path(os.path.abspath(Path(config.config_file_path).parent))
    return docs.relative_to(base).as_posix() if docs.is_relative_to(base) else str(docs)


def _settings_problems(site_name: str, site_name_at: Located, source: Located,
                       project: Project, options: Options) -> list[Problem]:
    """What is wrong with the settings themselves: the site name and the folders."""
    problems = []
    message = site_name_problem(site_name)
    if message is not None:
        problems.append(site_name_at.problem(("site_name",), message))
    cache = project.root / options.cache_dir
    if options.pdf and (reason := cache_problem(cache, project.root) or cache_place_problem(
            cache, options.cache_dir, Sources.of(project.root, content=project.content_dir,
                                                 rubrics=project.rubrics_dir,
                                                 overrides=project.root / options.overrides_dir))):
        problems.append(source.problem(("cache_dir",), reason))
    if not project.rubrics_dir.is_dir():
        shown = project.display(project.rubrics_dir)
        problems.append(source.problem(
            ("rubrics_dir",), f"{shown} is a file, not a folder; move the file away, or set "
            "rubrics_dir to the folder that holds the rubrics" if project.rubrics_dir.exists()
            else f"no folder {shown}/ for the rubrics; create it, or set rubrics_dir to the "
            "folder that holds them"))
    overrides = project.root / options.overrides_dir
    if overrides.exists() and not overrides.is_dir():
        problems.append(source.problem(
            ("overrides_dir",), f"{project.display(overrides)} is a file, not a folder; move "
            "the file away, or set overrides_dir to the folder of the guide's templates and "
            "message catalogues"))
    return problems


def _translations(district: District, written: Located, overrides: Path,
                  config: MkDocsConfig) -> tuple[list[str], list[Problem]]:
    """district.yml's ``translations`` the guide can publish, and why it cannot publish the
    others."""
    problems: list[Problem] = []
    kept: list[str] = []
    source = district.content_language or DEFAULT_LANGUAGE
    for index, code in enumerate(district.translations):
        reason = unsupported_language(code, overrides) or _theme_language_problem(config, code)
        if not reason and code == source:
            reason = (f"'{code}' is the language the content is written in "
                      "(content_language), published at the site's root; list only the "
                      "other languages")
        if not reason and code in kept:
            reason = f"'{code}' is listed twice; keep one"
        if reason:
            problems.append(written.problem(("translations", index), reason))
        else:
            kept.append(code)
    return kept, problems


def _theme_language_problem(config: MkDocsConfig, language: str) -> str | None:
    """Why the theme cannot show its interface in ``language``, or None if it can. Material
    keeps a template of its words per language, which a fork may add in its custom_dir."""
    if config.theme.name != "material":
        return None
    folders = [Path(d) / "partials" / "languages" for d in config.theme.dirs]
    if any((folder / f"{language}.html").is_file() for folder in folders):
        return None
    known = sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.html")})
    hint = did_you_mean(language, known)
    return (f"Material for MkDocs has no interface in '{language}'"
            + (f"; {hint}" if hint else f"; it has: {', '.join(known)}"))


SETTINGS = ("site_name", "site_url", "site_description", "site_author", "copyright",
            "repo_url", "repo_name", "edit_uri", "use_directory_urls", "extra", "extra_css",
            "extra_javascript", "nav", "strict", "validation")
"""The settings of mkdocs.yml that a staged site source carries over as they are."""
THEME_SETTINGS = ("name", "language", "direction", "features", "font", "icon", "favicon",
                  "palette", "logo")


def plugin_options(config: MkDocsConfig) -> Any:
    """The rubric-guide plugin's options as MkDocs read them (merged from the files that
    INHERIT one another), not yet checked."""
    plugin = config.plugins.get(PLUGIN)
    return getattr(getattr(plugin, "site", None), "raw_options", None)


def settings_of(config: MkDocsConfig) -> dict[str, Any]:
    """The settings of ``config`` (mkdocs.yml and what it inherits, with !ENV resolved) that
    decide what an engine builds, as plain data in mkdocs.yml's shape, with the Markdown
    extensions as a mapping of their names to their options."""
    settings: dict[str, Any] = {}
    for key in SETTINGS:
        value = config.get(key)
        if key in ("extra_css", "extra_javascript"):
            value = [str(getattr(item, "path", item)) for item in value or []]
        if key == "validation":  # levels, as MkDocs reads them back from their names
            value = _plain(value, {v: k for k, v in _LogLevel.levels.items()})
        if value is not None:
            settings[key] = _plain(value)
    settings["theme"] = {key: _plain(config.theme[key]) for key in THEME_SETTINGS
                         if config.theme.get(key) is not None}
    settings["markdown_extensions"] = {name: dict(config.mdx_configs.get(name) or {})
                                       for name in config.markdown_extensions}
    plugins: list[Any] = []
    for name, plugin in config.plugins.items():
        short = name.removeprefix("material/")
        if short == "search":
            plugins.append("search")
        elif short == "offline":
            plugins.append({"offline": {"enabled": bool(plugin.config.enabled)}})
    settings["plugins"] = plugins
    return settings


def _plain(value: Any, names: Mapping[Any, str] | None = None) -> Any:
    """``value`` as plain mappings, lists and scalars (MkDocs keeps some settings in its own
    mapping types), with the scalars found in ``names`` replaced by their names."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, names) for v in value]
    return names.get(value, value) if names and not isinstance(value, bool) else value
