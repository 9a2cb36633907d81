"""How long a guide with N rubrics takes to build, against MkDocs alone building the same pages.

    python bench/build_bench.py [--sizes 100 1000 2000] [--repeats 3] [--output FILE]

For each N it copies the project into a temporary folder with N rubrics (see synthetic.py) and
times `mkdocs build` with the rubric-guide plugin (PDFs off) against a baseline: the very pages
the plugin generates, written out as plain Markdown and built by MkDocs with the same theme,
extensions, navigation and assets but without the plugin. The ratio of the two is the
generator's own overhead. At the first size it also times the PDF cache (a cold build with
PDFs, a warm rebuild, a rebuild after editing one rubric) and `mkdocs serve` picking up an edit
to one rubric. Timings are medians; ratios within one run are what to compare across machines.
Not part of the test suite: nothing here gates CI on wall time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path

from synthetic import BASELINE, OURS, ROOT, WITH_PDFS, Guide, make_guide, write_baseline_docs

from generator.output import MARKER

SERVE_TARGET_S = 3.0
SEARCH_INDEX = "search/search_index.json"
PDF_LOG = re.compile(r"PDF sheets: (\d+) rendered, (\d+) reused")


@dataclass
class Timing:
    """Median wall-clock and CPU seconds of some builds. CPU time (user + system of the
    mkdocs process) is less disturbed by other work on a shared machine."""

    wall: float
    cpu: float

    @classmethod
    def median(cls, runs: list[Timing]) -> Timing:
        return cls(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs))

    def __truediv__(self, other: Timing) -> Timing:
        return Timing(self.wall / other.wall, self.cpu / other.cpu)


@dataclass
class Row:
    n: int
    build: Timing
    baseline: Timing
    site_bytes: int
    files: int
    page_bytes: int
    """Size of one rubric's page: constant when the navigation does not grow with N."""
    index_bytes: int
    """Size of the rubrics index page, which lists every rubric."""
    different: list[str]
    """Files of our site that are not exactly the baseline's."""
    zensical: Timing | None = None
    """`rubric-guide build --engine zensical` of the same guide, when Zensical is installed."""
    zensical_pages: list[str] | None = None
    """Pages one engine's site has and the other's has not (none when they match)."""

    @property
    def ratio(self) -> Timing:
        return self.build / self.baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000],
                        help="numbers of rubrics to build (default: 100 1000 2000)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="builds per size and kind; the median is reported (default: 3)")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--skip-extras", action="store_true",
                        help="only the size sweep: no PDF cache or serve timings")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()

    lines: list[str] = []

    def report(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    # One edition date for the whole run, also past midnight: sheets and CASE files print it.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
    load_before = os.getloadavg()
    report(f"Rubric Guide build benchmark, {datetime.now():%Y-%m-%d %H:%M}, {_revision()}")
    report(_machine())
    report()
    tmp = Path(tempfile.mkdtemp(prefix="rubric-guide-bench-"))
    try:
        extras: list[str] = []
        guides = {}
        for n in args.sizes:
            print(f"... N={n}: generating", file=sys.stderr, flush=True)
            guides[n] = make_guide(tmp / f"n{n}", n)
            write_baseline_docs(guides[n])
        rows = measure_sizes(guides, args.repeats)
        if not args.skip_extras:
            extras = measure_extras(guides[args.sizes[0]])
            extras += measure_publishing(guides, rows, args.repeats)
        for line in table(rows):
            report(line)
        report()
        for line in extras:
            report(line)
        report()
        load_after = os.getloadavg()
        report("Load average (1, 5, 15 min): before "
               + ", ".join(f"{x:.2f}" for x in load_before) + "; after "
               + ", ".join(f"{x:.2f}" for x in load_after))
    finally:
        if args.keep:
            print(f"Generated projects kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the size sweep ------------------------------------------------------------------------------


def measure_sizes(guides: dict[int, Guide], repeats: int) -> list[Row]:
    """Median build times of ours and the baseline at each size. Each round builds every size,
    ours then the baseline, so a machine that speeds up or slows down (a shared one does)
    affects all sizes and both builds alike."""
    ours: dict[int, list[Timing]] = {n: [] for n in guides}
    base: dict[int, list[Timing]] = {n: [] for n in guides}
    zen: dict[int, list[Timing]] = {n: [] for n in guides}
    with_zensical = importlib.util.find_spec("zensical") is not None
    for attempt in range(repeats):
        for n, guide in guides.items():
            print(f"... N={n}: build {attempt + 1}/{repeats}", file=sys.stderr, flush=True)
            ours[n].append(mkdocs_build(guide, OURS, guide.root / "site-ours")[0])
            base[n].append(mkdocs_build(guide, BASELINE, guide.root / "site-baseline")[0])
            if with_zensical:
                zen[n].append(zensical_build(guide, guide.root / "site-zensical"))
    rows = []
    for n, guide in guides.items():
        ours_site, base_site = guide.root / "site-ours", guide.root / "site-baseline"
        size, files = site_size(ours_site)
        page = ours_site / "rubrics" / guide.rubric_ids[0] / "index.html"
        index = ours_site / "rubrics" / "index.html"
        rows.append(Row(n, Timing.median(ours[n]), Timing.median(base[n]), size, files,
                        page.stat().st_size, index.stat().st_size,
                        differences(ours_site, base_site),
                        Timing.median(zen[n]) if zen[n] else None,
                        page_differences(ours_site, guide.root / "site-zensical")
                        if zen[n] else None))
    return rows


def zensical_build(guide: Guide, site: Path) -> Timing:
    """The time of one `rubric-guide build --engine zensical` into ``site``: staging the
    guide, Zensical's build (its cache kept from the round before) and publishing."""
    return timed([sys.executable, "-c", "from generator.cli import main; main()", "build",
                  "--engine", "zensical", "-f", OURS, "-d", str(site)], guide.root)[0]


def page_differences(ours: Path, other: Path) -> list[str]:
    """Pages (HTML files) one site has and the other has not."""
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    return sorted(pages(ours) ^ pages(other))


def mkdocs_build(guide: Guide, config: str, site: Path) -> tuple[Timing, str]:
    """The time of one `mkdocs build` into an empty ``site``, and its log."""
    shutil.rmtree(site, ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site)],
                 guide.root)


def timed(command: list[str], cwd: Path) -> tuple[Timing, str]:
    """The wall-clock and CPU time of ``command``, run in ``cwd``, and what it printed; the
    benchmark stops with that output if the command fails."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    timing = Timing(time.perf_counter() - start, _children_cpu() - cpu_before)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[1:])} failed:\n{result.stdout}{result.stderr}")
    return timing, result.stderr


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def differences(ours: Path, baseline: Path) -> list[str]:
    """Files that differ between two sites; the search index is compared entry by entry,
    since MkDocs lists pages in the order it found them."""
    names = {p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file()}
    names.discard(MARKER)  # what marks a site our build published
    names |= {p.relative_to(baseline).as_posix() for p in baseline.rglob("*") if p.is_file()}
    different = []
    for name in sorted(names):
        a, b = ours / name, baseline / name
        if not (a.is_file() and b.is_file()):
            different.append(name)
        elif name == SEARCH_INDEX:
            if _search_docs(a) != _search_docs(b):
                different.append(name)
        elif a.read_bytes() != b.read_bytes():
            different.append(name)
    return different


def _search_docs(path: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads(path.read_bytes())["docs"]
    return sorted(docs, key=lambda doc: doc["location"])


def site_size(site: Path) -> tuple[int, int]:
    """Bytes and number of files under ``site``."""
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def table(rows: list[Row]) -> list[str]:
    """The sweep as a Markdown table; times are "wall (CPU)" seconds, growth is against the
    previous row."""
    header = ("| N rubrics | build s | baseline s | ratio | Zensical s | site MB | files "
              "| rubric page KB | index KB | growth: N | growth: time | growth: size |")
    lines = [header, "|" + "---|" * (header.count(" | ") + 1)]
    previous: Row | None = None
    for row in rows:
        growth = "| - | - | -"
        if previous is not None:
            time_growth = row.build / previous.build
            growth = (f"| x{row.n / previous.n:.2f} | x{time_growth.wall:.2f} "
                      f"(x{time_growth.cpu:.2f}) | x{row.site_bytes / previous.site_bytes:.2f}")
        lines.append(
            f"| {row.n:,} | {row.build.wall:.2f} ({row.build.cpu:.2f}) "
            f"| {row.baseline.wall:.2f} ({row.baseline.cpu:.2f}) "
            f"| {row.ratio.wall:.2f}x ({row.ratio.cpu:.2f}x) "
            + (f"| {row.zensical.wall:.2f} ({row.zensical.cpu:.2f}) " if row.zensical else "| - ")
            + f"| {row.site_bytes / 1e6:.1f} | {row.files:,} | {row.page_bytes / 1e3:.1f} "
            f"| {row.index_bytes / 1e3:.1f} {growth} |")
        previous = row
    notes = []
    for row in rows:
        if row.different:
            shown = ", ".join(row.different[:5]) + (", ..." if len(row.different) > 5 else "")
            notes.append(f"N={row.n}: {len(row.different)} files differ from the baseline's: "
                         f"{shown}")
        else:
            notes.append(f"N={row.n}: the site is identical to the baseline's, file for file.")
        if row.zensical_pages:
            notes.append(f"N={row.n}: pages only one of MkDocs and Zensical made: "
                         + ", ".join(row.zensical_pages[:5]))
        elif row.zensical_pages is not None:
            notes.append(f"N={row.n}: Zensical made the same pages as MkDocs.")
    return ["Times are median wall-clock seconds, with CPU seconds of the build's processes "
            "in brackets. Zensical: `rubric-guide build --engine zensical`, the guide staged "
            "and built by Zensical 0.0.73 with its cache from the round before.", "",
            *lines, "", *notes]


# -- PDF cache and serve -------------------------------------------------------------------------


def measure_extras(guide: Guide) -> list[str]:
    n = len(guide.rubric_ids)
    lines = [f"At N={n}:"]
    site = guide.root / "site-pdf"
    shutil.rmtree(guide.root / ".cache" / "bench-pdf", ignore_errors=True)
    print(f"... N={n}: PDF cache", file=sys.stderr, flush=True)
    runs = [("cold build with PDFs", None),
            ("warm rebuild, nothing changed", None),
            ("rebuild after editing one rubric", lambda: edit_rubric(guide, "pdf"))]
    for label, before in runs:
        if before is not None:
            before()
        timing, log = mkdocs_build(guide, WITH_PDFS, site)
        found = PDF_LOG.search(log)
        counts = f"{found[1]} rendered, {found[2]} reused" if found else "no PDF log line"
        lines.append(f"- PDF sheets, {label}: {timing.wall:.2f} s ({timing.cpu:.2f} s CPU; "
                     f"{counts})")
    for config, label in ((OURS, "PDFs off"), (WITH_PDFS, "PDFs on, warm cache")):
        print(f"... N={n}: mkdocs serve, {label}", file=sys.stderr, flush=True)
        times = serve_rebuild(guide, config)
        verdict = "ok" if statistics.median(times) <= SERVE_TARGET_S else "over target"
        lines.append(f"- mkdocs serve, one rubric edited ({label}): median "
                     f"{statistics.median(times):.2f} s until the page shows the edit "
                     f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target "
                     f"≤ {SERVE_TARGET_S:.0f} s: {verdict})")
    return lines


def measure_publishing(guides: dict[int, Guide], rows: list[Row], repeats: int) -> list[str]:
    """What publishing atomically costs: putting a complete new site in place of the one
    there (the swap, reading what the previous one held from its marker, removing the old
    one), timed in this process on a copy of the built site, against the whole build of that
    size. What the new site holds the build has counted already, from its own pages."""
    from generator.publish import Publication, Summary

    lines = ["Publishing (a new site swapped in for the previous one, which is then removed):"]
    for row in rows:
        site = guides[row.n].root / "site-ours"
        times = []
        for _ in range(repeats):
            publication = Publication(site)
            staging = publication.begin()
            staging.rmdir()
            shutil.copytree(site, staging)  # what the build would have written there
            start = time.perf_counter()
            publication.commit(Summary(row.n, 0, 0, 0, 2 * row.n, 0))
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        lines.append(f"- N={row.n:,}: {seconds:.2f} s, {seconds / row.build.wall:.1%} of the "
                     f"build's {row.build.wall:.2f} s")
    return lines


def edit_rubric(guide: Guide, mark: str) -> str:
    """Change the title of a rubric in the middle of the guide; returns the new text to find."""
    rubric_id = guide.rubric_ids[len(guide.rubric_ids) // 2]
    path = guide.root / "rubrics" / f"{rubric_id}.yml"
    text = path.read_text(encoding="utf-8")
    token = f"Edited{mark}{time.monotonic_ns()}"
    text = re.sub(r"^title: (.*?)(?: Edited\w+)?$", rf"title: \1 {token}", text, count=1,
                  flags=re.M)
    path.write_text(text, encoding="utf-8")
    return token


def serve_rebuild(guide: Guide, config: str, edits: int = 3) -> list[float]:
    """Seconds from saving an edited rubric until `mkdocs serve` serves the edited page."""
    rubric_id = guide.rubric_ids[len(guide.rubric_ids) // 2]
    with mkdocs_serve(guide, config) as url:
        page = f"{url}rubrics/{rubric_id}/"
        wait_for(lambda: fetch(page) is not None, timeout=600)
        times = []
        for attempt in range(edits):
            time.sleep(1)  # let the watcher settle after the previous build
            start = time.perf_counter()
            token = edit_rubric(guide, f"serve{attempt}")
            wait_for(partial(shows, page, token), timeout=120)
            times.append(time.perf_counter() - start)
    return times


@contextmanager
def mkdocs_serve(guide: Guide, config: str) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(guide.root / f"serve-{config}.log", "w", encoding="utf-8")  # noqa: SIM115
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", config,
               "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=guide.root, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def shows(url: str, text: str) -> bool:
    """Whether the page at ``url`` is served and contains ``text``."""
    return text in (fetch(url) or "")


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"gave up after {timeout:.0f} s waiting for mkdocs serve")
        time.sleep(0.05)


# -- where it ran ---------------------------------------------------------------------------------


def _machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found[1] if found else model
    return (f"Machine: {os.cpu_count()} CPUs ({model}), {platform.system()} "
            f"{platform.machine()}, Python {platform.python_version()}, "
            f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}")


def _revision() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    import generator

    package = Path(generator.__file__).parent
    if not package.is_relative_to(ROOT):
        return f"generator from {package}"
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = " with uncommitted changes" if git("status", "--porcelain", "generator") else ""
    return f"commit {commit}{dirty}"


if __name__ == "__main__":
    main()
