"""The guide's PDFs: each rubric's sheet and the whole guide as one book, turned from their
documents into PDFs by WeasyPrint (:class:`~generator.sheets.PdfRenderer`), reusing the
cached PDF of every document that did not change.

A missing WeasyPrint or system library stops the build before any copy of the process starts,
so it is reported once, as the build's error.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from . import kinds
from .book import book_document
from .errors import log
from .guide import Rubric
from .parallel import Job
from .render import Renderer
from .sheets import PdfRenderer


def documents_to_render(renderer: Renderer, rubrics: list[Rubric], home_page: str | None
                        ) -> dict[str, str]:
    """What a build makes PDFs of, each document by its PDF's path in the site: each rubric's
    sheet (a preview's earlier builds give those of unchanged rubrics) and, when the renderer
    makes one, the whole guide as one book, opening with ``home_page``'s Markdown."""
    if not renderer.sheet.pdf:
        return {}
    made = renderer.reused("document", rubrics,
                           lambda items: [renderer.sheet_document(r) for r in items])
    found = {rubric.paths.pdf: document for rubric, document in zip(rubrics, made, strict=True)}
    if renderer.book_pdf:
        found[kinds.BOOK_PDF] = book_document(renderer, home_page)
    return found


def render(documents: dict[str, str], cache_dir: Path,
           parallel: bool = False, *, prune: bool = True) -> dict[str, bytes]:
    """Each document as a PDF, by its path in the site, reusing cached PDFs of unchanged
    documents (in ``cache_dir``, which keeps only these afterwards unless not ``prune``). With
    ``parallel``, a
    forked copy of the process renders half of the missing PDFs meanwhile (see
    :mod:`.parallel`)."""
    renderer = PdfRenderer(cache_dir)
    pdfs: dict[str, bytes] = {}
    missing: dict[str, str] = {}
    for path, document in documents.items():
        pdf = renderer.cached(document)
        if pdf is None:
            missing[path] = document
        else:
            pdfs[path] = pdf
    if missing:  # a missing library stops the build here, not in a copy
        renderer.weasyprint  # noqa: B018 - imported for its check
    names = list(missing)
    first = {name: missing[name] for name in names[: (len(names) + 1) // 2]}
    second = {name: missing[name] for name in names[len(first):]}
    with Job(partial(renderer.render_all, second), fork=parallel and bool(second)) as later:
        pdfs |= renderer.render_all(first)
        pdfs |= later.result()
    # What the copy rendered and cached, the cache keeps too.
    renderer.used.update(renderer.name(documents[path], pdfs[path]) for path in second)
    if prune:
        renderer.prune()
    for warning in dict.fromkeys(renderer.warnings):
        log.warning(warning)
    _log_outcome(documents, missing, renderer.damaged)
    return {path: pdfs[path] for path in documents}


def _log_outcome(documents: dict[str, str], missing: dict[str, str], damaged: int) -> None:
    """How many sheets were rendered and how many reused, and what became of the book."""
    sheets = [path for path in documents if path != kinds.BOOK_PDF]
    rendered = sum(path in missing for path in sheets)
    again = f", {damaged} damaged in the cache rendered again" if damaged else ""
    log.info("PDF sheets: %d rendered, %d reused from cache%s",
             rendered, len(sheets) - rendered, again)
    if kinds.BOOK_PDF in documents:
        log.info("The whole guide as one PDF, %s: %s", kinds.BOOK_PDF,
                 "rendered" if kinds.BOOK_PDF in missing else "reused from cache")
