"""What a district sets in one place — the rubric-guide plugin's options in ``mkdocs.yml`` — to
make the guide its own: name, logo, colours, contact, footer, level labels, hidden content and
single interface strings. Nothing here needs a change to the generator or its templates.
"""

from __future__ import annotations

import base64
import colorsys
import dataclasses
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import kinds
from .checks import look_alike
from .errors import KeyPath, Located, Problem, did_you_mean, join_choices, os_reason
from .guide import Guide
from .kinds import SCALES, section_pages
from .logo import IMAGE_SUFFIXES, LOGO_PATH, logo_problem
from .model import Scale
from .options import Options, OwnPage
from .project import Project
from .safety import email_problem, theme_text
from .validate import generated_paths

USES = {"primary": "links, headings and buttons", "accent": "hovered and focused links and "
                                                            "buttons"}
"""What the theme writes in each colour on the page, for the contrast problem."""

HOME_PAGE = "index.md"
"""The page a site opens on, in the content folder."""

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
        """Page paths (or folder prefixes ending in ``/``) of hidden content, and the paths in
        the site of a hidden item's files (a rubric's PDF)."""
        pages: list[str] = []
        for entry in self.hide:
            section, _, ident = entry.partition("/")
            kind = kinds.items_by_section().get(section)
            if entry in kinds.sections():
                pages += section_pages(entry)
            elif kind is not None and ident:  # its sheet and files too
                pages += [kind.paths(ident).of(name) for name in kind.outputs]
            else:
                pages.append(f"{entry}.md")
        return pages

    def is_hidden(self, src_uri: str) -> bool:
        """Whether the page at ``src_uri`` (in the content folder) is left out."""
        return any(src_uri == p or (p.endswith("/") and src_uri.startswith(p))
                   for p in self.hidden_pages())


class OptionsReader:
    """Checks the district's options against the content, collecting problems that point at
    the line of the option in mkdocs.yml."""

    def __init__(self, source: Located, project: Project) -> None:
        self.source = source
        self.project = project
        self.problems: list[Problem] = []

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> None:
        self.problems.append(self.source.problem(path, message, of_key=of_key))

    # -- branding ------------------------------------------------------------------------------

    def branding(self, options: Options) -> Branding:
        primary = self._color(options.colors.primary, "primary")
        accent = self._color(options.colors.accent, "accent")
        contact = {key: value for key, value in options.contact.model_dump().items() if value}
        if "email" in contact and (problem := email_problem(contact["email"])):
            self.problem(("contact", "email"), problem)
        logo = options.logo
        return Branding(
            organization=options.organization or "",
            logo=logo, logo_data_uri=self._logo(logo) if logo else "",
            primary=primary, accent=accent, contact=contact,
            footer=options.footer or "",
        )

    def _color(self, value: str | None, name: str) -> str | None:
        """``value``, or a problem where text in it would fail WCAG AA. In the light scheme
        the theme writes links (primary) and hovered or focused links (accent) in the colour
        on the white page, and puts white or near-black text on it in the header, the rubric
        matrix's heading row and hovered buttons, which then passes too. In the dark scheme
        links and hovered links take a lighter shade of the same hue that passes
        (:func:`brand_css`)."""
        if value is not None and contrast(value, "#ffffff") < MIN_CONTRAST:
            self.problem(
                ("colors", name),
                f"{value} on a white page has contrast {contrast(value, '#ffffff'):.1f}:1; "
                f"{USES[name]} in it need {MIN_CONTRAST}:1 (WCAG AA). A darker shade that "
                f"passes: {darken_until_readable(value)}",
            )
        return value

    def _logo(self, logo: str) -> str:
        content = self.project.content_dir
        path = content / logo
        folder = self.project.display(content)
        if logo.startswith("/") and LOGO_PATH.fullmatch(logo.lstrip("/")):
            self.problem(("logo",), f"the logo's path is inside the content folder ({folder}/) "
                         f"and starts without '/': write logo: {logo.lstrip('/')}")
            return ""
        if not LOGO_PATH.fullmatch(logo):
            self.problem(("logo",), "the logo's path may hold only letters, digits, '-', '_' "
                         "and '.' in names separated by '/', as the theme writes it into every "
                         "page; rename the file, for example to assets/logo.svg")
            return ""
        if not path.resolve().is_relative_to(content.resolve()):
            self.problem(("logo",), f"{logo} is outside the content folder; put the logo in "
                         f"{folder}/, for example as {folder}/assets/logo.svg, and write "
                         "logo: assets/logo.svg")
            return ""
        if path.exists() and not path.is_file():
            what = "a folder" if path.is_dir() else "not a file (a pipe or a device)"
            self.problem(("logo",), f"{folder}/{logo} is {what}; give the path of the logo's "
                         "image file")
            return ""
        if not path.is_file():
            images = [p.relative_to(content).as_posix() for p in content.rglob("*")
                      if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]
            hint = did_you_mean(logo, images)
            self.problem(("logo",), f"no file {folder}/{logo}; " + (hint or (
                f"put the logo in the content folder, for example as {folder}/assets/logo.svg, "
                "and write its path inside that folder: logo: assets/logo.svg")))
            return ""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problem(("logo",), f"cannot read {folder}/{logo}: "
                         + os_reason(exc, f"{folder}/{logo}"))
            return ""
        problem = logo_problem(logo, data)
        if problem is not None and problem.line:  # at its line in the logo's own file
            self.problems.append(Problem(f"{folder}/{logo}", problem.line, problem.column, "",
                                         problem.message))
        elif problem is not None:
            self.problem(("logo",), problem.message)
        if problem is not None:
            return ""
        kind = mimetypes.guess_type(path.name)[0]
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"

    # -- content -------------------------------------------------------------------------------

    def rubrics_warnings(self, guide: Guide) -> list[Problem]:
        """The warning of a rubrics folder without a rubric, at the setting naming it."""
        if guide.rubrics:
            return []
        folder = self.project.display(self.project.rubrics_dir) + "/"
        example = self.project.display(self.project.file_of(kinds.RUBRIC, "<id>"))
        problem = self.source.problem(("rubrics_dir",), (
            f"the rubrics folder {folder} holds no rubric file ({example}), so the guide "
            "would publish no rubric; put the rubrics there, or set rubrics_dir to the folder "
            "that holds them"))
        return [dataclasses.replace(problem, warning=True)]

    def switches(self, options: Options, guide: Guide,
                 pages: Sequence[str] = ()) -> ContentSwitches:
        """The content switches; ``pages`` are the hand-written pages, which can be hidden
        by their path without ``.md``."""
        hide = tuple(h.strip("/").removesuffix(".md") for h in options.hide)
        known = list(kinds.sections()) + [p.removesuffix(".md") for p in pages]
        known += [f"{section}/{ident}" for section, kind in kinds.items_by_section().items()
                  for ident in guide.of(kind)]
        for index, entry in enumerate(hide):
            if entry == HOME_PAGE.removesuffix(".md"):
                self.problem(("hide", index), f"the home page ({HOME_PAGE}) cannot be hidden: "
                             "a site without one opens on an error; change the page instead, "
                             "or hide the sections and pages it should not show")
            elif entry in hide[:index]:
                self.problem(("hide", index), f"{entry!r} is listed already, as "
                             f"hide[{hide.index(entry)}]; list each once")
            elif entry not in known:
                hint = did_you_mean(entry, known)
                self.problem(("hide", index),
                             f"nothing to hide called {entry!r}" + (f"; {hint}" if hint else
                             f". Expected a section ({join_choices(kinds.sections())}), "
                             + ", ".join(f"{s}/<id>" for s in kinds.items_by_section())
                             + " or the path of a page in the content folder"))
        level_ids = {lv.id for s in guide.scales.values() for lv in s.levels}
        level_ids |= {f"{s.id}/{lv.id}" for s in guide.scales.values() for lv in s.levels}
        for key in options.levels:
            if key not in level_ids:
                hint = did_you_mean(key, level_ids)
                self.problem(("levels", key), f"no level {key!r} in "
                             f"{self.project.home_of(SCALES)}"
                             + (f"; {hint}" if hint else ""), of_key=True)
        self._same_labels(options.levels, guide)
        return ContentSwitches(hide, dict(options.levels))

    def _same_labels(self, labels: Mapping[str, str], guide: Guide) -> None:
        """A problem at each new label (``levels``) that looks the same as another label of
        its scale: a reader, a scorer and the exports could not tell the two levels apart."""
        for scale in guide.scales.values():
            levels: dict[str, list[tuple[str, str | None]]] = {}
            for old, new in zip(scale.levels, relabel_scale(scale, labels).levels, strict=True):
                key = next((k for k in (f"{scale.id}/{old.id}", old.id) if k in labels), None)
                levels.setdefault(look_alike(new.label), []).append((old.id, key))
            for same in levels.values():
                for level, key in same if len(same) > 1 else ():
                    if key is not None:
                        others = " and ".join(repr(other) for other, _ in same if other != level)
                        self.problem(("levels", key), (
                            f"the label {labels[key]!r} looks the same as the label of level "
                            f"{others} of the scale {scale.id!r}; give each level of a scale "
                            "a label of its own"))

    def own_pages(self, pages: Sequence[OwnPage], guide: Guide,
                  nav: Sequence[Any] | None) -> tuple[OwnPage, ...]:
        """district.yml's ``pages``, each checked against the content folder's pages, the
        pages the guide generates and ``nav`` (mkdocs.yml's); the ones with a problem are
        left out."""
        entries = nav_entries(nav)
        generated = {path for path in generated_paths(self.project, guide)
                     if path.endswith(".md")}  # pages, not files
        folder = self.project.display(self.project.content_dir)
        kept: list[OwnPage] = []
        for index, page in enumerate(pages):
            path = page.path.strip("/")
            earlier = [p.path for p in kept]
            if path in generated:
                self.problem(("pages", index, "path"), (
                    f"{path} is a page the guide makes itself, and its navigation lists it "
                    "already; list here only pages you wrote in " + folder + "/"))
            elif not path.endswith(".md"):
                self.problem(("pages", index, "path"), (
                    f"expected the path of a Markdown page in {folder}/, ending in .md, "
                    f"found {path!r}"))
            elif path not in guide.pages:
                hint = did_you_mean(path, [p for p in guide.pages if p not in generated])
                self.problem(("pages", index, "path"), (
                    f"no page {folder}/{path}; " + (hint or f"write the page there, or give "
                                                    f"its path inside {folder}/")))
            elif path in entries.paths:
                self.problem(("pages", index, "path"), (
                    f"{path} is in mkdocs.yml's navigation already; leave it out of pages "
                    f"(to give it another title, write navigation: {{{path}: ...}})"))
            elif path in earlier:
                self.problem(("pages", index, "path"), (
                    f"{path} is listed already, as pages[{earlier.index(path)}]; "
                    "list each page once"))
            elif page.after is not None and not self._after_known(
                    index, page.after, entries, earlier):
                pass
            else:
                kept.append(page.model_copy(update={"path": path}))
        return tuple(kept)

    def navigation_warnings(self, navigation: Mapping[str, str], guide: Guide,
                            nav: Sequence[Any] | None, nav_at: Located | None,
                            pages: Sequence[OwnPage]) -> list[Problem]:
        """A warning for each title of district.yml's ``navigation`` that names no entry of
        the navigation (``nav``, mkdocs.yml's, with the district's ``pages``), at its line: it
        would be shown nowhere, as when an upstream release renames the entry it named; and
        for each page ``nav`` names that is missing (see :func:`missing_nav_pages`)."""
        entries = nav_entries(nav)
        known = [*entries.paths, *entries.titles, *(page.path for page in pages)]
        warnings = missing_nav_pages(self.project, guide, nav, nav_at)
        for key in navigation:
            if key in known:
                continue
            if nav is None:
                message = (f"mkdocs.yml has no nav, so the title for {key!r} is shown nowhere; "
                           "give mkdocs.yml a nav, or leave navigation out")
            else:
                message = f"no entry {key!r} in the navigation, so this title is shown nowhere; "
                message += did_you_mean(key, known) or (
                    "name a page by its path (principles.md), or an entry or section by the "
                    "title mkdocs.yml gives it")
                message += (" (a page's path stays when an upstream release renames its "
                            "title)")
            problem = self.source.problem(("navigation", key), message, of_key=True)
            warnings.append(dataclasses.replace(problem, warning=True))
        return warnings

    def _after_known(self, index: int, after: str, entries: NavEntries,
                     earlier: Sequence[str]) -> bool:
        if after in entries.paths or after in entries.titles or after in earlier:
            return True
        hint = did_you_mean(after, [*entries.paths, *entries.titles, *earlier])
        self.problem(("pages", index, "after"), (
            f"no entry {after!r} in the navigation; " + (hint or (
                "name the page it follows by its path (index.md), an entry or section by "
                "the title mkdocs.yml gives it, or a page listed above in pages; or leave "
                "after out to add the page at the end"))))
        return False



def apply_switches(guide: Guide, switches: ContentSwitches) -> list[tuple[str, str]]:
    """Relabel levels and drop hidden content from ``guide``, in place.

    Returns the ``hide:`` entries that visible content depends on (a checklist that includes
    a hidden section), each with its problem, so the district hides both rather than
    publishing a gap.
    """
    _relabel(guide, switches.level_labels)
    hidden = set(switches.hide)
    for kind in kinds.KINDS:
        if kind.many and kind.hideable and kind.section in hidden:
            guide.of(kind).clear()
        elif kind.hideable and kind.section in hidden:
            setattr(guide, kind.attribute, None)
        elif kind.many:
            for entry in hidden:
                if entry.startswith(f"{kind.section}/"):
                    guide.of(kind).pop(entry.partition("/")[2], None)
    return _dangling_includes(guide, hidden)


def _relabel(guide: Guide, labels: Mapping[str, str]) -> None:
    if not labels:
        return
    for scale_id, scale in list(guide.scales.items()):
        guide.scales[scale_id] = relabel_scale(scale, labels)
    for rubric_id, rubric in guide.rubrics.items():  # each rubric keeps its scale's new labels
        guide.rubrics[rubric_id] = dataclasses.replace(
            rubric, refs={**rubric.refs, "scale": guide.scales[rubric.value.scale]})


def relabel_scale(scale: Scale, labels: Mapping[str, str]) -> Scale:
    """``scale`` with the new ``labels`` of its levels (by level id, or ``scale-id/level-id``);
    a title that names levels ("Four levels (Emerging to Advanced)") names the new ones."""
    levels = [level.model_copy(update={"label": labels.get(f"{scale.id}/{level.id}",
                                                           labels.get(level.id, level.label))})
              for level in scale.levels]
    title = scale.title
    for old, new in zip(scale.levels, levels, strict=True):
        if old.label != new.label:
            title = re.sub(rf"(?<!\w){re.escape(old.label)}(?!\w)", new.label, title)
    return scale.model_copy(update={"levels": levels, "title": title})


def _dangling_includes(guide: Guide, hidden: set[str]) -> list[tuple[str, str]]:
    """Each hidden entry that a visible checklist includes, with the problem to report."""
    problems = []
    for checklist in guide.checklists.values():
        for ref in checklist.value.include:
            name, _, ident = ref.partition("/")
            kind = kinds.by_name(name)
            section = kind.section if kind else name
            for entry in (section, f"{section}/{ident}" if ident else section):
                if entry in hidden:
                    problems.append((entry, (
                        f"checklists/{checklist.id} includes {ref}, which is hidden; hide "
                        f"checklists/{checklist.id} too, or stop hiding {entry}")))
                    break
    return problems


@dataclass(frozen=True)
class NavEntries:
    """What the entries of a navigation are known by: their pages' paths and their titles."""

    paths: tuple[str, ...]
    titles: tuple[str, ...]


def _nav_item(item: Any) -> tuple[Any, Any]:
    """An entry of mkdocs.yml's ``nav`` as its title (None for a bare path) and its value: a
    page's path, an address, or a section's entries."""
    return next(iter(item.items())) if isinstance(item, Mapping) else (None, item)


def missing_nav_pages(project: Project, guide: Guide, nav: Sequence[Any] | None,
                      nav_at: Located | None) -> list[Problem]:
    """A warning for each page mkdocs.yml's ``nav`` names that the guide neither holds
    nor makes, at its line (``nav_at``, mkdocs.yml): the navigation would leave it out, and
    ``mkdocs build --strict`` stops at it."""
    if not nav or nav_at is None:
        return []
    have = set(guide.pages) | generated_paths(project, guide)
    folder = project.display(project.content_dir)
    warnings = []

    def walk(items: Sequence[Any], path: KeyPath) -> None:
        for index, item in enumerate(items):
            title, value = _nav_item(item)
            where = (*path, index) if title is None else (*path, index, str(title))
            if isinstance(value, list):
                walk(value, where)
            elif (isinstance(value, str) and value.endswith(".md") and "://" not in value
                  and value.strip("/") not in have):
                hint = did_you_mean(value, sorted(p for p in have if p.endswith(".md")))
                problem = nav_at.problem(where, (
                    f"no page {folder}/{value}, so the navigation leaves it out; "
                    + (hint or "write the page there, or correct the path (inside "
                               f"{folder}/)")))
                warnings.append(dataclasses.replace(problem, warning=True))

    walk(nav, ("nav",))
    return warnings


def nav_entries(nav: Sequence[Any] | None) -> NavEntries:
    """The paths and titles of every entry of ``nav`` (mkdocs.yml's), sections' included."""
    paths: list[str] = []
    titles: list[str] = []

    def walk(items: Sequence[Any]) -> None:
        for item in items:
            title, value = _nav_item(item)
            if title is not None:
                titles.append(str(title))
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str):
                paths.append(value)

    walk(nav or [])
    return NavEntries(tuple(paths), tuple(titles))


def add_pages(nav: Sequence[Any] | None, pages: Sequence[OwnPage]) -> list[Any] | None:
    """``nav`` with the district's own ``pages``: each after the entry its ``after`` names
    (by path or title), in the same section, or at the end. Titles are text, escaped for
    the theme. With no ``nav``, the engine lists every page itself."""
    if nav is None:
        return None
    following: dict[str, list[OwnPage]] = {}
    for page in pages:
        following.setdefault(page.after or "", []).append(page)

    def entry(page: OwnPage) -> Any:
        return {theme_text(page.title): page.path} if page.title else page.path

    def place(items: Sequence[Any]) -> list[Any]:
        placed: list[Any] = []
        for item in items:
            title, value = _nav_item(item)
            nested = title is not None and isinstance(value, list)
            placed.append({title: place(value)} if nested else item)
            for key in (value, title):
                if isinstance(key, str) and key in following:
                    placed += place([entry(page) for page in following.pop(key)])
        return placed

    at_end = following.pop("", [])
    return place([*nav, *(entry(page) for page in at_end)])


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
        dark = _lighten_for_dark(a)
        r, g, b = (round(c * 255) for c in _rgb(a))
        rules.append(
            "[data-md-color-accent=custom] {\n"
            f"  --md-accent-fg-color: {a};\n"
            f"  --md-accent-fg-color--transparent: rgba({r}, {g}, {b}, 0.1);\n"
            f"  --md-accent-bg-color: {text_on(a)};\n"
            "}\n"
            # Hovered and focused links on the dark page: a lighter shade of the same hue.
            "[data-md-color-scheme=slate][data-md-color-accent=custom] {\n"
            f"  --md-accent-fg-color: {dark};\n"
            f"  --md-accent-bg-color: {text_on(dark)};\n"
            "}\n"
        )
    return "".join(rules)


def _lighten_for_dark(color: str, on: str = "#1e2129") -> str:
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(color))
    while lightness < 1 and contrast(_hex(colorsys.hls_to_rgb(h, lightness, s)), on) < 4.6:
        lightness += 0.01
    return _hex(colorsys.hls_to_rgb(h, min(lightness, 1), s))


def retitle_nav(nav: list[Any] | None, titles: Mapping[str, str]) -> list[Any] | None:
    """``nav`` with ``titles`` given to its entries: by the page's path (``customize.md``) or
    by the title the entry has (``Reference``)."""
    if nav is None or not titles:
        return nav

    def retitle(item: Any) -> Any:
        if isinstance(item, str):
            return {titles[item]: item} if item in titles else item
        if isinstance(item, Mapping):
            (title, value), = item.items()
            children = [retitle(child) for child in value] if isinstance(value, list) else value
            by_page = titles.get(value) if isinstance(value, str) else None
            return {by_page or titles.get(title, title): children}
        return item

    return [retitle(item) for item in nav]
