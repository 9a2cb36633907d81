"""A guide's languages: its interface's words, the navigation's titles in its language, and
its translations (``translations/<language>.po``), each the same guide with its texts and
interface in another language, published at ``/<language>/``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .errors import ContentError, KeyPath, Located, Problem, format_key_path, log
from .i18n import Messages, load_messages
from .options import LayeredSource
from .settings import add_pages, prune_nav, retitle_nav
from .site_settings import catalogue_titles, nav_titles, untranslated_titles
from .translate import (
    Fallback,
    Navigation,
    ShownTitle,
    Translation,
    TranslationError,
    extract,
    is_navigation,
    page_title,
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
    the settings), with where each is written, for translators."""
    pruned = prune_nav(add_pages(build.nav, build.own_pages), build.switches.hidden_pages())
    shown = retitle_nav(pruned, nav_titles(build))
    places = title_places(build)
    titles: dict[str, ShownTitle] = {}

    def walk(before: Any, after: Any) -> None:
        for old, new in zip(before or [], after or [], strict=True):
            if isinstance(new, Mapping):  # a titled entry, or a bare path retitled
                (title, target), = old.items() if isinstance(old, Mapping) else [(old, old)]
                (shown_title, children), = new.items()
                key = target if isinstance(target, str) else str(title)
                file, line = places.get(key, (settings_file(build), 0))
                titles[key] = ShownTitle(html.unescape(str(shown_title)), file, line)
                if isinstance(target, list):
                    walk(target, children)
    walk(pruned, shown)
    return Navigation(titles, site_texts(build))


def site_texts(build: GuideBuild) -> dict[str, ShownTitle]:
    """The words of the settings every page shows (the header, the footer, the page's
    <title>), by setting, with where each is written: district.yml, or mkdocs.yml (its
    ``site_name``, the plugin's options)."""
    branding = build.branding
    values = {"site_name": build.site_name, "site_description": build.site_description or "",
              "organization": branding.organization, "footer": branding.footer,
              "contact.name": branding.contact.get("name", "")}
    texts = {}
    for key, value in values.items():
        if not value:
            continue
        path = tuple(key.split("."))
        source = build.source
        if key == "site_name" and not (isinstance(source, LayeredSource)
                                       and key in source.written):
            source = build.nav_at or source  # mkdocs.yml's own setting, not the plugin's
        problem = source.problem(path, "")
        texts[key] = ShownTitle(value, problem.file, problem.line)
    return texts


def title_places(build: GuideBuild) -> dict[str, tuple[str, int]]:
    """The file and line of each title of the navigation, by page path or section title:
    mkdocs.yml's ``nav``, then district.yml's ``pages`` and ``navigation``."""
    places: dict[str, tuple[str, int]] = {}

    def at(where: Located, path: KeyPath) -> tuple[str, int]:
        problem = where.problem(path, "", of_key=True)
        return problem.file, problem.line

    def walk(items: list[Any], path: KeyPath) -> None:
        for index, item in enumerate(items):
            if not isinstance(item, Mapping) or len(item) != 1:
                continue
            (title, value), = item.items()
            key = value if isinstance(value, str) else str(title)
            places[key] = (at(build.nav_at, (*path, index, str(title))) if build.nav_at
                           else (settings_file(build), 0))
            if isinstance(value, list):
                walk(value, (*path, index, str(title)))
    walk(build.nav or [], ("nav",))
    for index, page in enumerate(build.own_pages):
        if page.title:
            places[page.path] = at(build.source, ("pages", index, "title"))
    for key in build.navigation:
        places[key] = at(build.source, ("navigation", key))
    return places


def settings_file(build: GuideBuild) -> str:
    """The settings file, as messages name it."""
    return build.project.display(build.project.root / "mkdocs.yml")


def own_titles(build: GuideBuild, language: str) -> dict[str, str]:
    """The guide's own words in ``language`` for titles of its navigation, by their English
    words."""
    return catalogue_titles(load_messages(language, build.overrides_dir))


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
    """What each translation of ``build`` still lacks; a PO file that cannot be read, or a
    translation that cannot be published, is a problem."""
    if not build.translations or build.translated_into:
        return []
    units = extract(build.guide, build.project, navigation_texts(build))
    warnings: list[Problem] = []
    problems: list[Problem] = []
    for language in build.translations:
        known = own_titles(build, language)
        wanted = [unit for unit in units if not (is_navigation(unit) and unit.text in known)]
        try:
            translation = Translation.read(build.project, language, build.content_language)
        except TranslationError as exc:
            problems += exc.problems
            continue
        problems += translation.problems(units)
        warnings += translation.warnings(wanted)
    if problems:
        raise ContentError(problems)
    return warnings


def log_preview_languages(build: GuideBuild) -> None:
    """Tell a preview's reader that it shows the content's language only, and where the
    translations are once built."""
    if build.translations:
        log.info("The preview shows the guide in '%s' only, without the language switch; to "
                 "see %s, run `rubric-guide build` and open %s", build.content_language,
                 "the translations" if len(build.translations) > 1 else "the translation",
                 ", ".join(f"site/{language}/" for language in build.translations))


def translated(build: GuideBuild, language: str) -> dict[str, Any]:
    """What the translation of ``build`` into ``language`` changes of it: its texts as
    ``translations/<language>.po`` gives them (the source text, marked with its language,
    where it gives none), its interface in ``language``, its address ``/<language>/``."""
    translation = Translation.read(build.project, language, build.content_language)
    messages = load_messages(language, build.overrides_dir,
                             build.options.messages if language == build.language else {})
    known = catalogue_titles(messages)
    navigation = navigation_texts(build)
    titles = {}  # an untranslated title stays in the source language, marked with it
    for target, title in navigation.titles.items():
        text = translation.lookup(navigation.context(target), title.text)
        if not (isinstance(text, Fallback) and title.text in known
                and target not in build.navigation):  # the guide's own words translate it
            titles[target] = text
    for page in build.own_pages:  # titled by its heading: marked when that is untranslated
        file = build.project.display(build.project.content_dir / page.path)
        heading = page_title(build.guide.pages.get(page.path, ""), file, translation.lookup)
        if page.title is None and isinstance(heading, Fallback):
            titles[page.path] = heading
    words = {key: translation.lookup(navigation.setting_context(key), text.text)
             for key, text in navigation.settings.items()}  # untranslated: a Fallback
    site_name = str(words.get("site_name", build.site_name))
    ours = build.branding
    branding = replace(ours, organization=words.get("organization", ours.organization),
                       footer=words.get("footer", ours.footer),
                       contact={**ours.contact, **({"name": words["contact.name"]}
                                                  if "contact.name" in words else {})})
    url = translation_url(build.site_url, language)
    return {
        "guide": translated_guide(build.guide, build.project, translation, build.heading_ids),
        "language": language, "translated_into": language,
        "messages": messages,
        "navigation": {**build.navigation, **titles},
        "sheet": replace(build.sheet_settings, language=language, content_language=language,
                         site_url=url, guide=site_name,
                         organization=str(branding.organization)),
        "site_url": url,
        "site_name": site_name,
        "site_description": str(words.get("site_description", build.site_description or "")
                                ) or None,
        "branding": branding,
    }


def translation_url(site_url: str, language: str) -> str:
    """The address the translation into ``language`` of a guide published at ``site_url`` is
    published at, if the guide's is known."""
    return f"{site_url.rstrip('/')}/{language}/" if site_url else ""
