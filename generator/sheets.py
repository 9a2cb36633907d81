"""Printable scoring sheets: the settings every sheet shares and the PDF renderer behind the
"Download PDF" link.

A sheet is rendered from ``partials/sheet.html.j2`` and ``assets/rubric-sheet.css`` twice: once
into the site's sheet page (printed by the reader's browser) and once into a standalone
document that WeasyPrint turns into a tagged PDF. PDFs are cached by a hash of that document,
so a rebuild only renders the sheets whose content, templates or styles changed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from .errors import SetupError

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
    edition: str
    """The edition or date printed in the footer."""
    site_url: str = ""
    """The address the guide is published at, for the sheet's short link to the rubric."""
    paper: str = "letter"
    """Paper size of the PDFs: `letter` or `a4`. Browsers print on the reader's own paper."""
    pdf: bool = True
    """Whether each rubric gets a PDF of its sheet."""
    language: str = "en"
    """Language of the sheet, declared in the PDF for screen readers."""
    organization: str = ""
    """The district or school publishing the guide, printed above the guide's name."""
    logo: str = ""
    """The organization's logo as a data URI, so the standalone PDF carries it."""

    def address(self, page_path: str) -> str:
        """The short address of a page, like ``example.org/rubrics/x/``, for paper."""
        if not self.site_url:
            return "/" + page_path
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
    return module


class PdfRenderer:
    """Turns sheet documents into PDFs, reusing earlier PDFs whose document is unchanged."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.used: set[str] = set()
        self._weasyprint: ModuleType | None = None
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

    def _cached_path(self, document: str) -> Path:
        return self.cache_dir / f"{self.key(document)}.pdf"

    def cached(self, document: str) -> bytes | None:
        """The PDF of ``document`` from an earlier build, if there is one. Either way, the
        cached PDF of ``document`` is kept by :meth:`prune`."""
        cached = self._cached_path(document)
        self.used.add(cached.name)
        return cached.read_bytes() if cached.is_file() else None

    def render(self, document: str) -> bytes:
        """The PDF of ``document`` (a complete HTML page), rendered now and cached."""
        cached = self._cached_path(document)
        self.used.add(cached.name)
        pdf = self.weasyprint.HTML(string=document).write_pdf(
            pdf_variant="pdf/ua-1", pdf_tags=True)
        assert isinstance(pdf, bytes)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Written under a name of this process, then renamed: copies of the process render
        # at the same time, and a build that is stopped leaves no half-written PDF.
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pdf)
        partial.replace(cached)
        return pdf

    def render_all(self, documents: dict[str, str]) -> dict[str, bytes]:
        """:meth:`render` of each of ``documents``, keyed alike."""
        return {name: self.render(document) for name, document in documents.items()}

    def prune(self) -> None:
        """Delete cached PDFs that no sheet of this build used."""
        if not self.cache_dir.is_dir():
            return
        for path in self.cache_dir.glob("*.pdf"):
            if path.name not in self.used:
                path.unlink()
