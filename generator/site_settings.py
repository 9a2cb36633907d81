"""The site's settings for an engine: mkdocs.yml's, with the district's options and the
generator's additions to Material's theme (logo, colours, the footer's words, the navigation
without hidden pages and in the guide's language, headings' link title, the generator's
stylesheets and scripts, and what an offline copy needs). MkDocs gets them through the plugin
(:mod:`.mkdocs_site`), Zensical in the staged ``mkdocs.yml`` (:mod:`.staged`).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from babel import Locale, UnknownLocaleError

from .errors import KeyPath
from .i18n import DEFAULT_LANGUAGE, Messages, load_messages
from .options import OwnPage
from .safety import phone_link, theme_text
from .settings import (
    Branding,
    ContentSwitches,
    add_pages,
    brand_css,
    prune_nav,
    retitle_nav,
)
from .sheets import read_asset
from .translate import Fallback

ASSETS = (
    "assets/rubric-guide.css", "assets/rubric-sheet.css", "assets/accessible-theme.css",
    "assets/rubric-guide-agreement.js", "assets/rubric-guide.js", "assets/accessible-theme.js",
)
"""The generator's own stylesheets and script, published at these paths of the site."""

BRAND_CSS = "assets/rubric-guide-brand.css"
"""The district's colours as Material's colour variables, published when colours are set."""

THEME_DIR = Path(__file__).parent / "theme"
"""The generator's additions to Material's templates (the footer); `overrides/` still wins."""

UNSAFE_FEATURES = frozenset({"content.tooltips"})
"""Theme features a guide never turns on. With ``content.tooltips`` the theme's script shows
every title attribute, and the text of any title or name cut short by an ellipsis (a long
rubric title in the header, a navigation title), as HTML: a title written as text, such as
``<img src=x onerror=...>``, would run. The browser's own tooltips show the same titles, as
text."""

NEEDED_FEATURES = ("navigation.path",)
"""Theme features every guide has: the breadcrumb above the title, the way around the pages
the navigation does not list (rubric pages hide the sidebar; see theme/partials/path.html)."""

OFFLINE_SHIM = "assets/iframe-worker.js"
"""The Web Worker shim that lets search run from disk, published with offline builds."""


class Site(Protocol):
    """What the settings are made from: a :class:`~generator.build.GuideBuild`, loaded."""

    site_name: str
    site_url: str
    site_description: str | None
    navigation: Mapping[str, str]
    own_pages: tuple[OwnPage, ...]
    language: str
    messages: Messages | None
    branding: Branding
    switches: ContentSwitches
    offline: bool
    content_language: str
    translations: list[str]
    translated_into: str
    preview: bool


def theme_extra(site: Site) -> dict[str, Any]:
    """What the generator's theme templates (the footer) read from ``extra.rubric_guide``."""
    brand = site.branding
    words = {"organization": brand.organization, "footer": brand.footer,
             "contact_name": brand.contact.get("name", "")}
    return {
        "organization": str(brand.organization),
        "primary": brand.primary,
        "footer": str(brand.footer),
        "contact": {key: str(value) for key, value in brand.contact.items()},
        "phone_link": phone_link(brand.contact.get("phone", "")) or "",
        # A translation's words left in the source language, marked with it (WCAG 3.1.2).
        "lang": {key: value.lang for key, value in words.items()
                 if isinstance(value, Fallback)},
        "messages": dict(site.messages.catalogue) if site.messages else {},
    }


def site_settings(site: Site, base: Mapping[str, Any]) -> dict[str, Any]:
    """The site's settings, as :func:`settings_of` gives them, with the district's options
    and the generator's additions: logo, colours, the footer's words, the navigation
    with the district's own pages and without hidden ones, headings' link title in the
    guide's language, the generator's stylesheets and scripts. For a copy read from disk,
    the guide's own Web Worker shim (an engine would fetch one from unpkg.com) and no
    instant navigation: from disk, the theme skips it without announcing the page, and
    scripts that wait for that (the guide's tools) would never start."""
    settings = copy.deepcopy(dict(base))
    settings["site_name"] = site.site_name or settings.get("site_name")
    if site.site_url:
        settings["site_url"] = site.site_url
    if site.site_description:  # the theme writes it as HTML: the district's text, escaped
        settings["site_description"] = theme_text(site.site_description)
    theme = settings.setdefault("theme", {})
    theme["language"] = site.language
    if site.branding.logo:
        theme["logo"] = site.branding.logo
    palettes = theme.get("palette") or {}
    for palette in palettes if isinstance(palettes, list) else [palettes]:
        if site.branding.primary:
            palette["primary"] = "custom"
        if site.branding.accent:
            palette["accent"] = "custom"
    theme["palette"] = palettes
    for palette in palettes if isinstance(palettes, list) else [palettes]:
        toggle = palette.get("toggle")
        if isinstance(toggle, dict) and site.messages:
            key = "palette.to_light" if palette.get("scheme") == "slate" else "palette.to_dark"
            if toggle.get("name") in (None, english(key)):
                toggle["name"] = theme_text(site.messages(key))
    features = [f for f in theme.get("features") or [] if f not in UNSAFE_FEATURES]
    theme["features"] = [*features, *(f for f in NEEDED_FEATURES if f not in features)]
    extra = settings.setdefault("extra", {})
    extra["rubric_guide"] = theme_extra(site)
    if alternates := language_switcher(site):  # the language switcher (partials/alternate.html)
        extra["alternate"] = alternates
    if site.offline:
        theme["features"] = [f for f in theme.get("features") or []
                             if not f.startswith("navigation.instant")]
        polyfills = [p for p in extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
        extra["polyfills"] = [*polyfills, OFFLINE_SHIM]
    nav = add_pages(settings.get("nav"), site.own_pages)
    settings["nav"] = retitle_nav(prune_nav(nav, site.switches.hidden_pages()), nav_titles(site))
    extensions = settings.setdefault("markdown_extensions", {})
    if site.messages and "toc" in extensions:
        # Markdown reads a character reference in it as one: "&" as "&amp;" keeps it text.
        permalink = site.messages("headings.permalink").replace("&", "&amp;")
        extensions["toc"] = {"permalink_title": permalink,
                             **(extensions["toc"] or {})}
    for key, ending in (("extra_css", ".css"), ("extra_javascript", ".js")):
        settings[key] = [*(settings.get(key) or []),
                         *(a for a in assets_of(site.branding) if a.endswith(ending))]
    return settings


def language_switcher(site: Site) -> list[dict[str, str]]:
    """The languages of the guide for the theme's language switcher, each linked from the
    root of this site (empty, ``es/``, ``../``)."""
    if not site.translations or site.preview:  # a preview has no /<language>/
        return []
    up = "../" if site.translated_into else ""
    return [{"name": language_name(code), "lang": code,
             "link": up if code == site.content_language else f"{up}{code}/"}
            for code in (site.content_language, *site.translations)]


def language_name(code: str) -> str:
    """A language's name in itself (``español``), as language switchers show it."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code
    return name or code


def nav_titles(site: Site) -> dict[str, str]:
    """New titles for the navigation, by page path or by the title mkdocs.yml gives:
    the guide's own English titles in the guide's language, then district.yml's (or a
    translation's). The theme writes titles as HTML, so the new ones are text escaped for
    it, and one left in the content's language in a translation is marked with it."""
    titles = catalogue_titles(site.messages) if site.language != DEFAULT_LANGUAGE else {}
    return {old: nav_title(new) for old, new in (titles | dict(site.navigation)).items()}


def catalogue_titles(messages: Messages | None) -> dict[str, str]:
    """The guide's own titles of its navigation in the language of ``messages``, by their
    English words, which mkdocs.yml's titles are written in; a title the language's messages
    leave in English (a fork's language that gives only some) is not one of them."""
    return {english(key): messages(key) for key in messages.catalogue
            if key.startswith("navigation.") and messages(key) != english(key)
            } if messages else {}


def nav_title(text: str) -> str:
    """``text`` as the theme's navigation writes it: escaped, and a :class:`Fallback` (a
    title a translation has no words for yet) marked with its language (WCAG 3.1.2)."""
    if isinstance(text, Fallback):
        return f'<span lang="{text.lang}">{theme_text(text)}</span>'
    return theme_text(text)


def untranslated_titles(site: Site, nav: Any) -> list[tuple[KeyPath, str]]:
    """The titles ``nav`` (mkdocs.yml's) gives its entries and sections that stay in English
    in a guide in another language, each with its key path in mkdocs.yml: neither the
    guide's message catalogue nor district.yml's ``navigation`` translates them."""
    if site.language == DEFAULT_LANGUAGE or not isinstance(nav, list):
        return []
    translated = {old for old, new in nav_titles(site).items() if new != theme_text(old)}
    found: list[tuple[KeyPath, str]] = []

    def walk(items: list[Any], path: KeyPath) -> None:
        for index, item in enumerate(items):
            if not isinstance(item, Mapping) or len(item) != 1:
                continue
            (title, value), = item.items()
            page = value if isinstance(value, str) else None
            if str(title) not in translated and page not in site.navigation:
                found.append(((*path, index, str(title)), str(title)))
            if isinstance(value, list):
                walk(value, (*path, index, str(title)))

    walk(nav, ("nav",))
    return found


def english(key: str) -> str:
    """The English message ``key``, which mkdocs.yml's own words are written in."""
    return str(_english()(key))


@functools.cache
def _english() -> Messages:
    return load_messages(DEFAULT_LANGUAGE)


def assets_of(branding: Branding) -> list[str]:
    """Paths of the generator's stylesheets and scripts in the site."""
    return [*ASSETS, BRAND_CSS] if branding.primary or branding.accent else [*ASSETS]


def asset_files(branding: Branding, offline: bool) -> dict[str, str]:
    """The generator's stylesheets and scripts by their path in the site, and for a copy read
    from disk the search shim."""
    files = {path: read_asset(path) for path in assets_of(branding) if path != BRAND_CSS}
    if BRAND_CSS in assets_of(branding):
        files[BRAND_CSS] = brand_css(branding)
    if offline:
        files[OFFLINE_SHIM] = read_asset(OFFLINE_SHIM)
    return files
