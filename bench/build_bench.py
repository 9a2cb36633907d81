"""Every figure of the guide's performance targets, each against its peer, in one run.

    python bench/build_bench.py [--sizes 100 1000 2000] [--serve-sizes 100 1000] [--repeats 3]
                                [--edits 3] [--quick] [--extras] [--keep] [--output FILE]

For each size it copies the project into a temporary folder with N rubrics (see synthetic.py,
PDFs off) and measures each figure against a peer building the very same pages:

- the full MkDocs build (`mkdocs build` with the rubric-guide plugin), wall-clock and CPU
  seconds and peak memory, against MkDocs alone building the guide's staged site source (the
  same pages as plain Markdown, same theme, settings and assets); both sites must be identical;
- the Zensical path (`rubric-guide build --engine zensical`) against `zensical build` of the
  same staged source, each with a cold cache;
- how much memory our own stages take before the engine: the `rubric-guide` process of the
  Zensical path, without Zensical's;
- with ``--serve-sizes``, the preview of each engine: an edited descriptor until the page
  shows it, against the engine's own server on the staged source (see serve_bench.py).

Each round measures every size, ours then the peer, so a machine that speeds up or slows down
(a shared one does) affects both alike; the median of the rounds is reported. Each figure is
printed with its ratio to the peer and its target, met (✓) or not (✗). Ratios within one run
are what to compare across machines. Nothing here gates CI on wall time: the tests only run
``--quick``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from extras import measure_pdf_cache, measure_publishing
from measure import Measured, Memory, run
from serve_bench import ENGINES, ServeRow, measure_serve
from synthetic import (
    BASELINE,
    OURS,
    ROOT,
    ZENSICAL_ALONE,
    Guide,
    make_guide,
    write_baseline_docs,
    write_zensical_docs,
)

from generator.compiled import TEMPLATES_CACHE
from generator.output import CACHE_ROOT, MARKER

SEARCH_INDEX = "search/search_index.json"
MB = 1e6

QUICK = {"sizes": [3], "serve_sizes": [3], "repeats": 1, "edits": 1}
"""What ``--quick`` measures: enough to prove every row still runs, in seconds."""

SERVE_TARGETS_S = {"mkdocs": ((100, 1.0), (1000, 5.0)), "zensical": ((100, 1.0), (1000, 2.0))}
"""Seconds from an edit until the preview shows it, up to a number of rubrics."""
STAGES_TARGET_MB = ((1000, 150.0),)
"""Peak memory of our stages before the engine, up to a number of rubrics."""


@dataclass(frozen=True)
class Target:
    """What a figure should stay within: at most ``limit`` times its peer's, or with
    ``absolute`` at most ``limit`` in its own unit."""

    limit: float
    absolute: bool = False

    def met(self, ours: float, peer: float | None) -> bool:
        if self.absolute:
            return ours <= self.limit
        return peer is not None and ours <= self.limit * peer

    def __str__(self) -> str:
        return f"≤ {self.limit:g}" if self.absolute else f"≤ {self.limit:g}x"


@dataclass(frozen=True)
class Figure:
    """One row of the report."""

    name: str
    n: int
    ours: float
    peer: float | None
    target: Target | None

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None without one)."""
        return None if self.target is None else self.target.met(self.ours, self.peer)

    def cells(self) -> str:
        peer = "-" if self.peer is None else f"{self.peer:.2f}"
        ratio = "-" if not self.peer else f"{self.ours / self.peer:.2f}x"
        target = "-" if self.target is None else str(self.target)
        mark = {None: "", True: "✓", False: "✗"}[self.met]
        return (f"| {self.name} | {self.n:,} | {self.ours:.2f} | {peer} | {ratio} | {target} "
                f"| {mark} |")


@dataclass
class Builds:
    """The median of each measured build of one size, and its sites."""

    n: int
    ours: Measured
    alone: Measured
    zensical: Measured
    zensical_alone: Measured
    checks: list[str]


def main() -> None:
    args = arguments().parse_args()
    if args.quick:
        for key, value in QUICK.items():
            setattr(args, key, value)

    lines: list[str] = []

    def report(*new: str) -> None:
        for line in new or ("",):
            print(line, flush=True)
            lines.append(line)

    # One edition date for the whole run, also past midnight: sheets and CASE files print it.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
    report(f"Rubric Guide benchmark, {datetime.now():%Y-%m-%d %H:%M}, {_revision()}",
           _machine(), f"Load average (1, 5, 15 min) at the start: {_load()}", "")
    tmp = Path(tempfile.mkdtemp(prefix="rubric-guide-bench-"))
    try:
        guides = {n: prepare_guide(tmp, n) for n in sorted({*args.sizes, *args.serve_sizes})}
        builds = measure_builds({n: guides[n] for n in args.sizes}, args.repeats)
        for figure in build_figures(builds):  # in the log already, should a preview fail
            print(f"... {figure.cells()}", file=sys.stderr, flush=True)
        serves = [measure_serve(guides[n], engine, args.edits)
                  for n in args.serve_sizes for engine in ENGINES]
        figures = [*build_figures(builds), *serve_figures(serves)]
        report(*introduction(args.repeats, args.edits), "",
               "| figure | N | ours | peer | ours / peer | target | met |",
               "|---|---|---|---|---|---|---|", *(f.cells() for f in figures), "",
               summary(figures), "", *checks(builds), "", *sizes_table(builds, guides))
        if args.extras:
            report("", *measure_pdf_cache(guides[args.sizes[0]], mkdocs_build))
            report(*measure_publishing(
                {b.n: (guides[b.n].root / "site-ours", b.ours.wall) for b in builds},
                args.repeats))
        report("", f"Load average (1, 5, 15 min) at the end: {_load()}")
    finally:
        if args.keep:
            print(f"Generated projects kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


def arguments() -> argparse.ArgumentParser:
    """The command line of the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000],
                        help="numbers of rubrics to build (default: 100 1000 2000)")
    parser.add_argument("--serve-sizes", type=int, nargs="*", default=[100, 1000],
                        help="numbers of rubrics to preview (default: 100 1000; none: leave "
                             "the previews out)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="builds per size and kind; the median is reported (default: 3)")
    parser.add_argument("--edits", type=int, default=3,
                        help="edits timed per preview; the median is reported (default: 3)")
    parser.add_argument("--quick", action="store_true",
                        help="every row once, on a guide of 3 rubrics, "
                             "one edit each: what the tests run")
    parser.add_argument("--extras", action="store_true",
                        help="also time the PDF cache (at the first size) and publishing")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--output", type=Path, help="also write the report to this file "
                                                    "(results go in bench/results/)")
    return parser


def prepare_guide(tmp: Path, n: int) -> Guide:
    """A copy of the project with ``n`` rubrics and the staged sources its peers build."""
    print(f"... N={n}: generating", file=sys.stderr, flush=True)
    guide = make_guide(tmp / f"n{n}", n)
    write_baseline_docs(guide)
    write_zensical_docs(guide)
    return guide


def introduction(repeats: int, edits: int) -> list[str]:
    rounds = f"median of {repeats} rounds" if repeats > 1 else "one round"
    return [
        f"Each figure against its peer building the very same pages ({rounds}, ours then the "
        "peer at each size; previews: median of "
        f"{edits} edit{'s' if edits > 1 else ''}). Seconds are wall-clock unless CPU (the "
        "process and every process it started); memory is the peak in MB sampled every 50 ms, "
        "summed over the build's processes (PSS counts pages they share once).",
        "Peers: MkDocs alone building the staged site source (plain Markdown); Zensical alone "
        "(`zensical build`, `zensical serve`) on the source our Zensical path stages. Zensical "
        "builds start with no cache, ours and the peer's alike. Our stages before the engine: "
        "the `rubric-guide` process of `build --engine zensical`, without Zensical's."]


# -- builds --------------------------------------------------------------------------------------


def measure_builds(guides: dict[int, Guide], repeats: int) -> list[Builds]:
    """Each size's builds, ours then the peer's, in rounds of every size; the medians."""
    runs: dict[int, dict[str, list[Measured]]] = {n: {} for n in guides}
    for attempt in range(repeats):
        for n, guide in guides.items():
            print(f"... N={n}: builds, round {attempt + 1}/{repeats}", file=sys.stderr,
                  flush=True)
            for kind, build in BUILDS.items():
                runs[n].setdefault(kind, []).append(build(guide))
    builds = []
    for n, guide in guides.items():
        ours, alone, zensical, zensical_alone = (median(runs[n][kind]) for kind in BUILDS)
        builds.append(Builds(n, ours, alone, zensical, zensical_alone, site_checks(guide)))
    return builds


def mkdocs_build(guide: Guide, config: str, site: Path) -> Measured:
    """One `mkdocs build` of ``config`` into an empty ``site``, with no template compiled
    before (see :func:`uncompiled`)."""
    shutil.rmtree(site, ignore_errors=True)
    uncompiled(guide)
    return measured([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site)],
                    guide.root)


def zensical_build(guide: Guide) -> Measured:
    """One `rubric-guide build --engine zensical`, its staged source and Zensical's cache
    removed first, and our compiled templates: staging the guide, Zensical's build and
    publishing."""
    shutil.rmtree(guide.root / CACHE_ROOT / "zensical", ignore_errors=True)
    uncompiled(guide)
    shutil.rmtree(guide.root / "site-zensical", ignore_errors=True)
    return measured([sys.executable, "-c", "from generator.cli import main; main()", "build",
                     "--engine", "zensical", "-f", OURS, "-d", str(guide.root / "site-zensical")],
                    guide.root)


def zensical_alone_build(guide: Guide) -> Measured:
    """One `zensical build` of the staged source our Zensical path builds, its cache and
    site removed first."""
    folder = guide.root / Path(ZENSICAL_ALONE).parent
    for made in (".cache", "site"):
        shutil.rmtree(folder / made, ignore_errors=True)
    return measured([sys.executable, "-m", "zensical", "build", "-f", ZENSICAL_ALONE],
                    guide.root)


def uncompiled(guide: Guide) -> None:
    """Remove the templates earlier builds of ``guide`` compiled and kept (see
    generator/compiled.py): each build compiles its templates, as its peer does."""
    shutil.rmtree(guide.root / CACHE_ROOT / TEMPLATES_CACHE, ignore_errors=True)


BUILDS: dict[str, Callable[[Guide], Measured]] = {
    "ours": lambda guide: mkdocs_build(guide, OURS, guide.root / "site-ours"),
    "alone": lambda guide: mkdocs_build(guide, BASELINE, guide.root / "site-baseline"),
    "zensical": zensical_build,
    "zensical_alone": zensical_alone_build,
}
"""Each kind of build, in the order of a round: ours, then its peer."""


def measured(command: list[str], cwd: Path) -> Measured:
    """:func:`measure.run`; the benchmark stops with the command's output if it fails."""
    try:
        return run(command, cwd)
    except subprocess.CalledProcessError as failed:
        sys.exit(f"{' '.join(command[1:])} failed:\n{failed.stdout}{failed.stderr}")


def median(runs: list[Measured]) -> Measured:
    """Each figure's median over ``runs``; the output is the last run's."""
    def mid(values: list[float]) -> float:
        return statistics.median(values)

    memory = Memory(*(int(mid([getattr(r.memory, name) for r in runs]))
                      for name in ("largest", "rss", "pss", "root")))
    return Measured(mid([r.wall for r in runs]), mid([r.cpu for r in runs]), memory,
                    runs[-1].output)


def build_figures(builds: list[Builds]) -> list[Figure]:
    """The build rows: MkDocs time and memory, our stages' memory, the Zensical path."""
    same = Target(1.0)
    rows: list[Figure] = []
    for b in builds:
        rows += [Figure("full build, MkDocs: wall s", b.n, b.ours.wall, b.alone.wall, same),
                 Figure("full build, MkDocs: CPU s", b.n, b.ours.cpu, b.alone.cpu, same)]
    for b in builds:
        ours, alone = b.ours.memory, b.alone.memory
        rows += [Figure("peak memory, MkDocs: largest process, RSS MB", b.n, ours.largest / MB,
                    alone.largest / MB, None),
                 Figure("peak memory, MkDocs: all processes, RSS MB", b.n, ours.rss / MB,
                    alone.rss / MB, same),
                 Figure("peak memory, MkDocs: all processes, PSS MB", b.n, ours.pss / MB,
                    alone.pss / MB, same)]
    for b in builds:
        limit = _up_to(STAGES_TARGET_MB, b.n)
        rows.append(Figure("our stages before the engine: peak RSS MB", b.n,
                       b.zensical.memory.root / MB, None,
                       None if limit is None else Target(limit, absolute=True)))
    for b in builds:
        rows += [Figure("full build, Zensical path: wall s", b.n, b.zensical.wall,
                    b.zensical_alone.wall, Target(1.1)),
                 Figure("full build, Zensical path: CPU s", b.n, b.zensical.cpu,
                    b.zensical_alone.cpu, Target(1.1))]
    return rows


def serve_figures(serves: list[ServeRow]) -> list[Figure]:
    """The preview rows: seconds until an edit shows, against the engine alone's."""
    rows = []
    for engine in ENGINES:
        for s in (s for s in serves if s.engine == engine):
            limit = _up_to(SERVE_TARGETS_S[engine], s.n)
            command = "rubric-guide serve" + (" --engine zensical" if engine == "zensical"
                                              else " (mkdocs serve)")
            rows.append(Figure(f"{command}: edit → page shows it, s", s.n, s.ours_median,
                               s.alone_median,
                               None if limit is None else Target(limit, absolute=True)))
    return rows


def _up_to(limits: tuple[tuple[int, float], ...], n: int) -> float | None:
    """The limit of the smallest size at or above ``n`` (none beyond the largest)."""
    return next((limit for size, limit in limits if n <= size), None)


def summary(figures: list[Figure]) -> str:
    judged = [f for f in figures if f.target is not None]
    missed = [f"{f.name} at {f.n:,}" for f in judged if not f.met]
    return (f"Targets met: {len(judged) - len(missed)} of {len(judged)}"
            + (f"; not met: {'; '.join(missed)}." if missed else "."))


# -- what the sites hold -------------------------------------------------------------------------


def site_checks(guide: Guide) -> list[str]:
    """That each build made the pages its peer made."""
    n = len(guide.rubric_ids)
    ours, baseline = guide.root / "site-ours", guide.root / "site-baseline"
    zensical = guide.root / "site-zensical"
    zensical_alone = guide.root / Path(ZENSICAL_ALONE).parent / "site"
    different = differences(ours, baseline)
    if different:
        shown = ", ".join(different[:5]) + (", ..." if len(different) > 5 else "")
        lines = [f"N={n}: {len(different)} files differ from the baseline's: {shown}"]
    else:
        lines = [f"N={n}: the site is identical to the baseline's, file for file."]
    for other, label in ((ours, "MkDocs"), (zensical_alone, "Zensical alone")):
        only = page_differences(zensical, other)
        lines.append(f"N={n}: pages only one of the Zensical path and {label} made: "
                     f"{', '.join(only[:5])}" if only else
                     f"N={n}: the Zensical path made the same pages as {label}.")
    return lines


def checks(builds: list[Builds]) -> list[str]:
    return [line for b in builds for line in b.checks]


def page_differences(ours: Path, other: Path) -> list[str]:
    """Pages (HTML files) one site has and the other has not."""
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    return sorted(pages(ours) ^ pages(other))


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


def sizes_table(builds: list[Builds], guides: dict[int, Guide]) -> list[str]:
    """How the MkDocs site and its build grow with N; growth is against the previous row."""
    lines = ["| N rubrics | site MB | files | rubric page KB | index KB | growth: N "
             "| growth: build s (CPU s) | growth: site |", "|---|---|---|---|---|---|---|---|"]
    previous: tuple[Builds, int] | None = None
    for b in builds:
        site = guides[b.n].root / "site-ours"
        sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
        page = site / "rubrics" / guides[b.n].rubric_ids[0] / "index.html"
        growth = "| - | - | -"
        if previous is not None:
            before, before_bytes = previous
            growth = (f"| x{b.n / before.n:.2f} | x{b.ours.wall / before.ours.wall:.2f} "
                      f"(x{b.ours.cpu / before.ours.cpu:.2f}) | x{sum(sizes) / before_bytes:.2f}")
        lines.append(f"| {b.n:,} | {sum(sizes) / MB:.1f} | {len(sizes):,} "
                     f"| {page.stat().st_size / 1e3:.1f} "
                     f"| {(site / 'rubrics' / 'index.html').stat().st_size / 1e3:.1f} {growth} |")
        previous = b, sum(sizes)
    return lines


# -- where it ran ---------------------------------------------------------------------------------


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found[1] if found else model
    return (f"Machine: {os.cpu_count()} CPUs ({model}), {platform.system()} "
            f"{platform.machine()}, Python {platform.python_version()}, "
            f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
            f"Zensical {version('zensical')}")


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
