"""A guide's languages: its interface's words, the navigation's titles in its language, and
its translations (``translations/<language>.po``), each the same guide with its texts and
interface in another language, published at ``/<language>/``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .errors import ContentError, Problem, format_key_path
from .i18n import Messages, load_messages
from .settings import prune_nav, retitle_nav
from .site_settings import nav_titles, untranslated_titles
from .translate import (
    Fallback,
    Navigation,
    Translation,
    TranslationError,
    extract,
    translated_guide,
)

if TYPE_CHECKING:
    from .build import GuideBuild


def interface_messages(build: GuideBuild) -> tuple[Messages, list[Problem]]:
    """The guide's words in its language with the district's changes (the plugin's
    ``messages`` option), and what is wrong with those changes, at their lines; the shipped
    catalogue when something is."""
    try:
        return load_messages(build.language, build.overrides_dir, build.options.messages,
                             changes_at=lambda key, message: build.source.problem(
                                 ("messages", key), message, of_key=True)), []
    except ContentError as exc:
        return load_messages(build.language), exc.problems


def navigation_texts(build: GuideBuild) -> Navigation:
    """The navigation's titles as ``build`` shows them, by page path (or a section's title in
    the settings), for translators."""
    pruned = prune_nav(build.nav, build.switches.hidden_pages())
    shown = retitle_nav(pruned, nav_titles(build))
    titles: dict[str, str] = {}

    def walk(before: Any, after: Any) -> None:
        for old, new in zip(before or [], after or [], strict=True):
            if isinstance(old, Mapping) and isinstance(new, Mapping):
                (title, target), = old.items()
                (shown_title, children), = new.items()
                key = target if isinstance(target, str) else str(title)
                titles[key] = html.unescape(str(shown_title))
                if isinstance(target, list):
                    walk(target, children)
    walk(pruned, shown)
    return Navigation(titles, build.project.display(build.project.root / "mkdocs.yml"))


def untranslated_title_warnings(build: GuideBuild) -> list[Problem]:
    """A warning for each title of mkdocs.yml's navigation left in English in a guide in
    another language, at its line."""
    warnings = []
    for path, title in untranslated_titles(build, build.nav):
        message = (f"the navigation title '{title}' has no translation into "
                   f"'{build.language}', so readers see it in English; give it one in "
                   f"district.yml: navigation: {{{title}: ...}}")
        problem = (build.nav_at.problem(path, message, of_key=True) if build.nav_at
                   else Problem("mkdocs.yml", 0, 0, format_key_path(path), message))
        warnings.append(replace(problem, warning=True))
    return warnings


def translation_warnings(build: GuideBuild) -> list[Problem]:
    """What each translation of ``build`` still lacks; a PO file that cannot be read is a
    problem."""
    if not build.translations or build.translated_into:
        return []
    units = extract(build.guide, build.project, navigation_texts(build))
    warnings: list[Problem] = []
    problems: list[Problem] = []
    for language in build.translations:
        try:
            warnings += Translation.read(build.project, language,
                                         build.content_language).warnings(units)
        except TranslationError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return warnings


def translated(build: GuideBuild, language: str) -> dict[str, Any]:
    """What the translation of ``build`` into ``language`` changes of it: its texts as
    ``translations/<language>.po`` gives them (the source text, marked with its language,
    where it gives none), its interface in ``language``, its address ``/<language>/``."""
    translation = Translation.read(build.project, language, build.content_language)
    navigation = navigation_texts(build)
    titles = {target: translation.lookup(navigation.context(target), title)
              for target, title in navigation.titles.items()}
    url = translation_url(build.site_url, language)
    return {
        "guide": translated_guide(build.guide, build.project, translation),
        "language": language, "translated_into": language,
        "messages": load_messages(language, build.overrides_dir,
                                  build.options.messages if language == build.language else {}),
        "navigation": {**build.navigation, **{target: title for target, title in titles.items()
                                              if not isinstance(title, Fallback)}},
        "sheet": replace(build.sheet_settings, language=language, content_language=language,
                         site_url=url),
        "site_url": url,
    }


def translation_url(site_url: str, language: str) -> str:
    """The address the translation into ``language`` of a guide published at ``site_url`` is
    published at, if the guide's is known."""
    return f"{site_url.rstrip('/')}/{language}/" if site_url else ""
