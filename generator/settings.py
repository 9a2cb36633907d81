"""What a district sets in one place — the rubric-guide plugin's options in ``mkdocs.yml`` — to
make the guide its own: name, logo, colours, contact, footer, level labels, hidden content and
single interface strings. Nothing here needs a change to the generator or its templates.
"""

from __future__ import annotations

import base64
import colorsys
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model as m
from .errors import ContentError, Problem, did_you_mean, join_choices
from .kinds import KINDS, SECTIONS, section_name, section_pages
from .safety import link_problem

MANY_BY_SECTION = {section_name(kind): kind for kind in KINDS if kind.many
                   and kind.page}
"""Kinds of many files by the name ``hide:`` gives them: ``rubrics/<id>``, ``standards/<id>``."""

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
MIN_CONTRAST = 4.5
"""WCAG 2.1 AA contrast for body-size text."""


@dataclass(frozen=True)
class Branding:
    """How the guide presents itself on every page, sheet and PDF."""

    organization: str = ""
    logo: str | None = None
    """Path of the logo, relative to the content folder."""
    logo_data_uri: str = ""
    """The logo inlined, for sheets and PDFs that must stand alone."""
    primary: str | None = None
    accent: str | None = None
    contact: Mapping[str, str] = field(default_factory=dict)
    footer: str = ""


@dataclass(frozen=True)
class ContentSwitches:
    """Content kept in the repository but left out of the published guide."""

    hide: tuple[str, ...] = ()
    level_labels: Mapping[str, str] = field(default_factory=dict)
    """New labels keyed by level id (every scale) or ``scale-id/level-id`` (one scale)."""

    def hidden_pages(self) -> list[str]:
        """Page paths (or folder prefixes ending in ``/``) of hidden content."""
        pages: list[str] = []
        for entry in self.hide:
            section, _, ident = entry.partition("/")
            kind = MANY_BY_SECTION.get(section)
            if entry in SECTIONS:
                pages += section_pages(entry)
            elif kind is not None and ident:
                # A page with a folder of its own (a rubric's, with its sheet) goes whole.
                page = kind.page_of(ident)
                pages.append(page.removesuffix("index.md") if page.endswith("/index.md")
                             else page)
            else:
                pages.append(f"{entry}.md")
        return pages

    def is_hidden(self, src_uri: str) -> bool:
        """Whether the page at ``src_uri`` (in the content folder) is left out."""
        return any(src_uri == p or (p.endswith("/") and src_uri.startswith(p))
                   for p in self.hidden_pages())


class OptionsReader:
    """Reads the branding and content options, collecting problems that point at mkdocs.yml."""

    def __init__(self, config_file: Path | None, docs_dir: Path | None = None) -> None:
        self.config_file = config_file
        self.docs_dir = docs_dir
        self.problems: list[Problem] = []
        self._text = config_file.read_text(encoding="utf-8-sig") if config_file else ""

    def problem(self, key_path: str, message: str) -> None:
        name = self.config_file.name if self.config_file else "mkdocs.yml"
        self.problems.append(Problem(name, self._line_of(key_path), 1, key_path, message))

    def _line_of(self, key_path: str) -> int:
        """The line where the last key of ``key_path`` is written, or the plugin's line."""
        for key in (key_path.rsplit(".", 1)[-1].split("[")[0], "rubric-guide"):
            pattern = rf"(?:^|[\s{{,])['\"]?{re.escape(key)}['\"]?\s*:"
            found = re.search(pattern, self._text, re.M)
            if found:
                return self._text.count("\n", 0, found.end()) + 1
        return 1

    def raise_problems(self) -> None:
        if self.problems:
            raise ContentError(self.problems)

    # -- branding ------------------------------------------------------------------------------

    def branding(self, options: Mapping[str, Any]) -> Branding:
        colors = dict(options.get("colors") or {})
        for name in list(colors):
            if name not in ("primary", "accent"):
                hint = did_you_mean(name, ["primary", "accent"])
                self.problem(f"colors.{name}", "colours are 'primary' and 'accent'"
                             + (f"; {hint}" if hint else ""))
        primary = self._color(colors, "primary")
        accent = self._color(colors, "accent")
        contact = {str(k): str(v) for k, v in (options.get("contact") or {}).items()}
        for key in contact:
            if key not in CONTACT_KEYS:
                hint = did_you_mean(key, CONTACT_KEYS)
                self.problem(f"contact.{key}", f"contact keys are {join_choices(CONTACT_KEYS)}"
                             + (f"; {hint}" if hint else ""))
        for key in ("url", "email"):
            if key in contact:
                address = contact[key] if key == "url" else f"mailto:{contact[key]}"
                problem = link_problem(address)
                if problem or (key == "email" and "@" not in contact[key]):
                    self.problem(f"contact.{key}", problem or "expected an email address")
        logo = options.get("logo")
        return Branding(
            organization=str(options.get("organization") or ""),
            logo=logo, logo_data_uri=self._logo(logo) if logo else "",
            primary=primary, accent=accent, contact=contact,
            footer=str(options.get("footer") or ""),
        )

    def _color(self, colors: Mapping[str, Any], name: str) -> str | None:
        value = colors.get(name)
        if value is None:
            return None
        text = str(value)
        if not _HEX.match(text):
            self.problem(f"colors.{name}",
                         f"expected a hex colour like '#1f4e79', found {text!r}; quote it in "
                         "YAML ('#…' starts a comment otherwise)")
            return None
        if name == "primary" and contrast(text, "#ffffff") < MIN_CONTRAST:
            self.problem(
                f"colors.{name}",
                f"{text} on a white page has contrast {contrast(text, '#ffffff'):.1f}:1; links "
                f"and headings in it need {MIN_CONTRAST}:1 (WCAG AA). A darker shade that passes: "
                f"{darken_until_readable(text)}",
            )
        return text

    def _logo(self, logo: str) -> str:
        path = (self.docs_dir / logo) if self.docs_dir else Path(logo)
        if not path.is_file():
            self.problem("logo", f"no file {logo} in the content folder; put the logo there "
                                 "(for example content/assets/logo.svg) and give its path")
            return ""
        kind = mimetypes.guess_type(path.name)[0] or ""
        if not kind.startswith("image/"):
            self.problem("logo", f"{logo} is not an image; use an SVG, PNG or JPEG file")
            return ""
        return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"

    # -- content -------------------------------------------------------------------------------

    def switches(self, options: Mapping[str, Any], guide: m.Guide,
                 pages: Sequence[str] = ()) -> ContentSwitches:
        """The content switches; ``pages`` are the hand-written pages, which can be hidden
        by their path without ``.md``."""
        hide = tuple(str(h).strip("/").removesuffix(".md") for h in options.get("hide") or ())
        known = list(SECTIONS) + [p.removesuffix(".md") for p in pages]
        known += [f"{section}/{ident}" for section, kind in MANY_BY_SECTION.items()
                  for ident in getattr(guide, kind.attribute)]
        for index, entry in enumerate(hide):
            if entry not in known:
                hint = did_you_mean(entry, known)
                self.problem(f"hide[{index}]",
                             f"nothing to hide called {entry!r}" + (f"; {hint}" if hint else
                             f". Expected a section ({join_choices(SECTIONS)}), "
                             + ", ".join(f"{s}/<id>" for s in MANY_BY_SECTION)
                             + " or the path "
                             "of a page in the content folder"))
        labels = {str(k): str(v) for k, v in (options.get("levels") or {}).items()}
        level_ids = {lv.id for s in guide.scales.values() for lv in s.levels}
        level_ids |= {f"{s.id}/{lv.id}" for s in guide.scales.values() for lv in s.levels}
        for key, label in labels.items():
            if key not in level_ids:
                hint = did_you_mean(key, level_ids)
                self.problem(f"levels.{key}", f"no level {key!r} in content/scales.yml"
                             + (f"; {hint}" if hint else ""))
            elif not label.strip():
                self.problem(f"levels.{key}", "a level label cannot be empty")
        return ContentSwitches(hide, labels)


CONTACT_KEYS = ("name", "email", "url", "phone")


def apply_switches(guide: m.Guide, switches: ContentSwitches) -> list[Problem]:
    """Relabel levels and drop hidden content from ``guide``, in place.

    Returns problems where visible content depends on hidden content (a checklist that
    includes a hidden section), so the district hides both rather than publishing a gap.
    """
    _relabel(guide, switches.level_labels)
    hidden = set(switches.hide)
    for kind in KINDS:
        if kind.many and kind.hideable and section_name(kind) in hidden:
            getattr(guide, kind.attribute).clear()
        elif kind.hideable and section_name(kind) in hidden:
            setattr(guide, kind.attribute, None)
        elif kind.many:
            for entry in hidden:
                if entry.startswith(f"{section_name(kind)}/"):
                    getattr(guide, kind.attribute).pop(entry.partition("/")[2], None)
    return _dangling_includes(guide, hidden)


def _relabel(guide: m.Guide, labels: Mapping[str, str]) -> None:
    if not labels:
        return
    for scale_id, scale in list(guide.scales.items()):
        levels = [
            level.model_copy(update={"label": labels.get(f"{scale_id}/{level.id}",
                                                         labels.get(level.id, level.label))})
            for level in scale.levels
        ]
        guide.scales[scale_id] = scale.model_copy(update={"levels": levels})
    for rubric in guide.rubrics.values():
        rubric._scale = guide.scales[rubric.scale]


def _dangling_includes(guide: m.Guide, hidden: set[str]) -> list[Problem]:
    problems = []
    for checklist in guide.checklists.values():
        for ref in checklist.include:
            kind = ref.split("/")[0]
            if ref in hidden or kind in hidden:
                problems.append(Problem(
                    "mkdocs.yml", 1, 1, "hide",
                    f"checklists/{checklist.id} includes {ref}, which is hidden; hide "
                    f"checklists/{checklist.id} too, or stop hiding {ref}"))
    return problems


def prune_nav(nav: Sequence[Any] | None, hidden_pages: Sequence[str]) -> list[Any] | None:
    """``nav`` from mkdocs.yml without the entries of hidden pages (and sections left empty)."""
    if nav is None:
        return None

    def hidden(path: str) -> bool:
        return any(path == p or (p.endswith("/") and path.startswith(p)) for p in hidden_pages)

    def prune(items: Sequence[Any]) -> list[Any]:
        kept: list[Any] = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, Mapping) else item
            if isinstance(value, list):
                children = prune(value)
                if children:
                    kept.append({next(iter(item)): children} if isinstance(item, Mapping)
                                else children)
            elif not (isinstance(value, str) and hidden(value)):
                kept.append(item)
        return kept

    return prune(nav)


# -- colour ----------------------------------------------------------------------------------


def _rgb(color: str) -> tuple[float, float, float]:
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def luminance(color: str) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darken_until_readable(color: str, on: str = "#ffffff") -> str:
    """The same hue, darkened just enough to reach :data:`MIN_CONTRAST` on ``on``."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(color))
    while lightness > 0 and contrast(_hex(colorsys.hls_to_rgb(h, lightness, s)), on) < 4.6:
        lightness -= 0.01
    return _hex(colorsys.hls_to_rgb(h, max(lightness, 0), s))


def text_on(color: str) -> str:
    """White or near-black, whichever reads better on ``color``."""
    return "#ffffff" if contrast(color, "#ffffff") >= contrast(color, "#1a1a1a") else "#1a1a1a"


def brand_css(branding: Branding) -> str:
    """Material's colour variables for the district's colours (Material's ``custom`` palette)."""
    rules = []
    if branding.primary:
        p = branding.primary
        rules.append(
            "[data-md-color-primary=custom] {\n"
            f"  --md-primary-fg-color: {p};\n"
            f"  --md-primary-fg-color--light: {p};\n"
            f"  --md-primary-fg-color--dark: {p};\n"
            f"  --md-primary-bg-color: {text_on(p)};\n"
            f"  --md-primary-bg-color--light: {text_on(p)}b3;\n"
            f"  --md-typeset-a-color: {p};\n"
            "}\n"
            # On the dark scheme links sit on a dark page: use the header colour only for bars.
            "[data-md-color-scheme=slate][data-md-color-primary=custom] {\n"
            f"  --md-typeset-a-color: {_lighten_for_dark(p)};\n"
            "}\n"
        )
    if branding.accent:
        a = branding.accent
        r, g, b = (round(c * 255) for c in _rgb(a))
        rules.append(
            "[data-md-color-accent=custom] {\n"
            f"  --md-accent-fg-color: {a};\n"
            f"  --md-accent-fg-color--transparent: rgba({r}, {g}, {b}, 0.1);\n"
            f"  --md-accent-bg-color: {text_on(a)};\n"
            "}\n"
        )
    return "".join(rules)


def _lighten_for_dark(color: str, on: str = "#1e2129") -> str:
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(color))
    while lightness < 1 and contrast(_hex(colorsys.hls_to_rgb(h, lightness, s)), on) < 4.6:
        lightness += 0.01
    return _hex(colorsys.hls_to_rgb(h, min(lightness, 1), s))
