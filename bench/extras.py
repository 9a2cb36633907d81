"""Figures beside the targets, measured by build_bench.py with ``--extras``: what the PDF cache
saves, and what publishing a new site in place of the previous one costs."""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from measure import Measured
from synthetic import WITH_PDFS, Guide

PDF_LOG = re.compile(r"PDF sheets: (\d+) rendered, (\d+) reused")


def measure_pdf_cache(guide: Guide, build: Callable[[Guide, str, Path], Measured]) -> list[str]:
    """A cold build with PDFs, a rebuild that finds them all cached, and one after editing a
    rubric; ``build`` runs `mkdocs build` with a config into a site folder."""
    n = len(guide.rubric_ids)
    lines = [f"PDF sheets at N={n:,}:"]
    site = guide.root / "site-pdf"
    shutil.rmtree(guide.root / ".cache" / "bench-pdf", ignore_errors=True)
    print(f"... N={n}: PDF cache", file=sys.stderr, flush=True)
    for label, edit in (("cold build with PDFs", False), ("warm rebuild, nothing changed", False),
                        ("rebuild after editing one rubric", True)):
        if edit:
            edit_rubric(guide)
        measured = build(guide, WITH_PDFS, site)
        found = PDF_LOG.search(measured.output)
        counts = f"{found[1]} rendered, {found[2]} reused" if found else "no PDF log line"
        lines.append(f"- {label}: {measured.wall:.2f} s ({measured.cpu:.2f} s CPU; {counts})")
    return lines


def measure_publishing(sites: dict[int, tuple[Path, float]], repeats: int) -> list[str]:
    """What publishing atomically costs: putting a complete new site in place of the one
    there (the swap, reading what the previous one held from its marker, removing the old
    one), timed in this process on a copy of each built site (N → the site and its build's
    wall-clock seconds)."""
    from generator.publish import Publication, Summary

    lines = ["Publishing (a new site swapped in for the previous one, which is then removed):"]
    for n, (site, build_s) in sites.items():
        times = []
        for _ in range(repeats):
            publication = Publication(site)
            staging = publication.begin()
            staging.rmdir()
            shutil.copytree(site, staging)  # what the build would have written there
            start = time.perf_counter()
            publication.commit(Summary(n, 0, 0, 0, 2 * n, 0))
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        lines.append(f"- N={n:,}: {seconds:.2f} s, {seconds / build_s:.1%} of the build's "
                     f"{build_s:.2f} s")
    return lines


def edit_rubric(guide: Guide) -> None:
    """Change the title of a rubric in the middle of the guide."""
    rubric_id = guide.rubric_ids[len(guide.rubric_ids) // 2]
    path = guide.root / "rubrics" / f"{rubric_id}.yml"
    text = path.read_text(encoding="utf-8")
    token = f"Edited{time.monotonic_ns()}"
    text = re.sub(r"^title: (.*?)(?: Edited\w+)?$", rf"title: \1 {token}", text, count=1,
                  flags=re.M)
    path.write_text(text, encoding="utf-8")
