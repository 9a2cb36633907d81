"""Printable scoring sheets: the settings every sheet shares and the PDF renderer behind the
"Download PDF" link.

A sheet is rendered from ``partials/sheet.html.j2`` and ``assets/rubric-sheet.css`` twice: once
into the site's sheet page (printed by the reader's browser) and once into a standalone
document that WeasyPrint turns into a tagged PDF. PDFs are cached by a hash of that document,
so a rebuild only renders the sheets whose content, templates or styles changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

from .errors import SetupError, os_reason, shown
from .i18n import DEFAULT_LANGUAGE
from .owned import Owned
from .spool import half_written, write_whole

ASSETS_DIR = Path(__file__).parent / "assets"

DEFAULT_CACHE_DIR = ".cache/rubric-guide/pdf"
"""Where PDFs are kept between builds, relative to mkdocs.yml."""

PAPER_SIZES = ("letter", "a4")

PANGO_HINT = (
    "PDF sheets are made with WeasyPrint, which needs the Pango text library: {error}\n"
    "Install Pango (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; "
    "macOS: brew install pango; Windows: see "
    "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html), "
    "or turn PDFs off with `pdf: false` under the rubric-guide plugin in mkdocs.yml."
)


@dataclass(frozen=True)
class SheetSettings:
    """What every sheet of a guide shares: its footer, paper and whether PDFs are made."""

    guide: str
    """The guide's name, printed in the footer."""
    edition: str = ""
    """The edition or date printed in the footer."""
    site_url: str = ""
    """The address the guide is published at, for the sheet's short link to the rubric."""
    paper: str = "letter"
    """Paper size of the PDFs: `letter` or `a4`. Browsers print on the reader's own paper."""
    pdf: bool = True
    """Whether each rubric gets a PDF of its sheet."""
    language: str = DEFAULT_LANGUAGE
    """Language of the sheet's own words, declared in the PDF for screen readers."""
    content_language: str = DEFAULT_LANGUAGE
    """Language of the guide's content on the sheet (titles, descriptors), marked where it
    differs from :attr:`language`."""
    organization: str = ""
    """The district or school publishing the guide, printed above the guide's name."""
    logo: str = ""
    """The organization's logo as a data URI, so the standalone PDF carries it."""

    def absolute(self, page_path: str) -> str:
        """The full address of a page, like ``https://example.org/rubrics/x/``; empty when the
        guide has no published address."""
        return urljoin(self.site_url.rstrip("/") + "/", page_path) if self.site_url else ""

    def address(self, page_path: str) -> str:
        """The short address of a page, like ``example.org/rubrics/x/``, for paper; empty when
        the guide has no published address (a bare path would lead nowhere on paper)."""
        if not self.site_url:
            return ""
        parts = urlsplit(self.site_url)
        base = (parts.netloc + parts.path).rstrip("/")
        return f"{base}/{page_path}"


def default_edition() -> str:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return date.today().isoformat()


def read_asset(path: str) -> str:
    """The text of one of the generator's assets, named by its path in the site."""
    return (ASSETS_DIR / Path(path).name).read_text(encoding="utf-8")


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint, turning missing system libraries into one actionable message."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise SetupError(PANGO_HINT.format(error=str(exc).splitlines()[0])) from exc
    module: ModuleType = weasyprint
    _tag_languages()
    return module


def _tag_languages() -> None:
    """Give each structure element of a tagged PDF the language of its HTML element when that
    element says one (``lang``), as PDF/UA asks of text in another language than the
    document's (WCAG 3.1.2): WeasyPrint writes the document's language alone. Where its
    tagging is not laid out as this expects, PDFs keep the document's language only."""
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:
        return
    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "tags_languages", False):
        return

    def with_languages(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and getattr(
            box, "element_tag", None) not in ("html", "body") else None
        for structure in build(box, parent, *args):
            if lang and isinstance(structure, dict) and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    with_languages.tags_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_languages


PDF_MAGIC = b"%PDF-"

CACHE_MANIFEST = ".rubric-guide-files"
"""The cache's record of the PDFs builds wrote into it: the only files it ever removes."""

_ENTRY = r"[0-9a-f]{64}-[0-9a-f]{64}\.pdf"
"""A PDF being written by the process whose number it holds (see :meth:`PdfRenderer.render`)."""


class PdfRenderer:
    """Turns sheet documents into PDFs, reusing earlier PDFs whose document is unchanged.

    A cached PDF is named ``<key>-<hash>.pdf``: the key is the hash of the document it was
    rendered from (with WeasyPrint's version), the hash that of the PDF itself. A PDF whose
    bytes no longer match its hash (a disk fault, a copy cut short) is rendered again rather
    than published. The cache only saves time: a cache that cannot be read or written is
    passed over, with a warning, and the PDFs are rendered.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.used: set[str] = set()
        self.damaged = 0
        """Cached PDFs found damaged and rendered again."""
        self.warnings: list[str] = []
        self._weasyprint: ModuleType | None = None
        self._entries: dict[str, str] | None = None
        try:
            self._version = version("weasyprint")
        except PackageNotFoundError:
            self._version = ""

    @property
    def weasyprint(self) -> ModuleType:
        """WeasyPrint, imported when a PDF must be rendered: the import alone takes most of
        a second, which a rebuild that finds every PDF in the cache need not spend."""
        if self._weasyprint is None:
            self._weasyprint = load_weasyprint()
        return self._weasyprint

    def key(self, document: str) -> str:
        """The cache key of ``document``: its hash with WeasyPrint's version."""
        return hashlib.sha256(f"{self._version}\0{document}".encode()).hexdigest()

    def name(self, document: str, pdf: bytes) -> str:
        """The cache's file name for ``pdf``, rendered from ``document``."""
        return f"{self.key(document)}-{_digest(pdf)}.pdf"

    @property
    def entries(self) -> dict[str, str]:
        """The cached PDFs' file names by key, read from the folder once."""
        if self._entries is None:
            self._entries = {}
            try:
                names = os.listdir(self.cache_dir)
            except FileNotFoundError:
                names = []
            except OSError as exc:
                self._warn("read", exc)
                names = []
            for name in sorted(names):
                key, _, rest = name.partition("-")
                if rest.endswith(".pdf"):
                    self._entries[key] = name
        return self._entries

    def cached(self, document: str) -> bytes | None:
        """The PDF of ``document`` from an earlier build, if there is one and it is whole.
        Either way, the cached PDF of ``document`` is kept by :meth:`prune`."""
        name = self.entries.get(self.key(document))
        if name is None:
            return None
        self.used.add(name)
        try:
            pdf = (self.cache_dir / name).read_bytes()
        except OSError as exc:
            self._warn("read", exc)
            return None
        if pdf.startswith(PDF_MAGIC) and name.endswith(f"-{_digest(pdf)}.pdf"):
            return pdf
        self.damaged += 1
        return None

    def render(self, document: str) -> bytes:
        """The PDF of ``document`` (a complete HTML page), rendered now and cached."""
        # A sheet is one document with its styles and logo inlined: nothing is fetched, so an
        # address that reached it anyway (from a logo, say) is never read at build time.
        inlined_only = self.weasyprint.urls.URLFetcher(allowed_protocols=("data",))
        pdf = self.weasyprint.HTML(string=document, url_fetcher=inlined_only).write_pdf(
            pdf_variant="pdf/ua-1", pdf_tags=True)
        assert isinstance(pdf, bytes)
        name = self.name(document, pdf)
        self.used.add(name)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            # Copies of the process render at the same time; a stopped build leaves no PDF
            # half-written.
            write_whole(self.cache_dir / name, pdf)
        except OSError as exc:
            self._warn("write", exc)
        return pdf

    def render_all(self, documents: dict[str, str]) -> dict[str, bytes]:
        """:meth:`render` of each of ``documents``, keyed alike."""
        return {name: self.render(document) for name, document in documents.items()}

    def prune(self) -> None:
        """Delete the cached PDFs that earlier builds wrote and no sheet of this build used,
        and what a stopped build left half-written. Other files in the folder stay: the cache
        records what builds write into it, and removes only that."""
        if not self.cache_dir.is_dir():
            return
        Owned(self.cache_dir, self.cache_dir / CACHE_MANIFEST).keep_only(self.used)
        for name in half_written(self.cache_dir, _ENTRY):
            with contextlib.suppress(OSError):
                (self.cache_dir / name).unlink()

    def _warn(self, verb: str, exc: OSError) -> None:
        shown = str(self.cache_dir)
        self.warnings.append(f"cannot {verb} the PDF cache {shown}: "
                             f"{os_reason(exc, shown, writing=verb == 'write')}; the PDFs are "
                             "rendered without it")


def _digest(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def cache_problem(cache_dir: Path, root: Path) -> str | None:
    """Why PDFs could not be kept in ``cache_dir``, or None if they can; paths are shown
    relative to the project's ``root``."""
    folder = cache_dir
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder.exists() and not folder.is_dir():
        return (f"the PDF cache {shown(cache_dir, root)} runs through {shown(folder, root)}, "
                "which is a file; move that file away, or set cache_dir to another folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"the PDF cache {shown(cache_dir, root)} cannot be written (permission denied on "
                f"{shown(folder, root)}/); make that folder writable, or set cache_dir to a folder "
                "that is")
    return None
