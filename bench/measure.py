"""How much memory a large build takes, against MkDocs alone building the same pages.

    python bench/measure.py [--size 1000] [--tracemalloc] [--keep DIR]

Copies the project with N rubrics (see synthetic.py, PDFs off) and builds it twice with
``mkdocs build``: with the rubric-guide plugin, and as the baseline (the very same pages as
plain Markdown, built by MkDocs alone). While each build runs, every process of the build (the
build and the copies it forks) is sampled every 50 ms: the peak of the sum of their resident
sizes (RSS), the peak of the sum of their proportional sizes (PSS, which shares the pages
forked copies have in common between them, so it is the fairer sum) and the largest process.
Our build also records its own resident size after each of its stages (and, with
--tracemalloc, the memory Python allocated, which slows the build several times). The two
sites are compared file for file. Not part of the test suite: nothing here gates CI.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_bench import differences
from synthetic import BASELINE, OURS, make_guide, write_baseline_docs

STAGES_FILE = "RUBRIC_GUIDE_MEASURE_STAGES"
"""The environment variable naming the file a measured build appends its stages to."""

MB = 1024 * 1024


@dataclass
class Peaks:
    """The largest figures seen while sampling a build's processes, in bytes."""

    rss: int = 0
    pss: int = 0
    largest: int = 0
    processes: int = 0
    samples: int = 0
    cpu: float = 0.0
    """CPU seconds of the build and the copies it forked."""
    at_pss: list[tuple[int, int]] = field(default_factory=list)
    """Each process's RSS and PSS when the sum of PSS was at its peak, the build's first."""

    def sample(self, pids: list[int]) -> None:
        rss = pss = 0
        each = []
        for pid in pids:
            one_rss, one_pss = process_memory(pid)
            rss, pss = rss + one_rss, pss + one_pss
            self.largest = max(self.largest, one_rss)
            each.append((one_rss, one_pss))
        if pss > self.pss:
            self.at_pss = each
        self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
        self.processes = max(self.processes, len(pids))
        self.samples += 1


@dataclass
class Measured:
    peaks: Peaks
    stages: list[dict[str, Any]] = field(default_factory=list)


def process_memory(pid: int) -> tuple[int, int]:
    """The resident and proportional size of process ``pid`` (0, 0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as file:
            text = file.read()
    except OSError:
        return 0, 0
    values = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0]) * 1024
    return values.get("Rss", 0), values.get("Pss", 0)


def descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as file:
                stat = file.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def sampled(command: list[str], cwd: Path, env: dict[str, str]) -> Peaks:
    """Run ``command`` and sample the memory of its processes until it ends."""
    peaks = Peaks()
    cpu_before = _children_cpu()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peaks.sample(descendants(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    done.set()
    sampler.join()
    peaks.cpu = _children_cpu() - cpu_before
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{errors}")
    return peaks


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(root: Path, config: str, site: Path, *, stages: bool, tracing: bool) -> Measured:
    """One ``mkdocs build`` of ``config`` into ``site``, sampled; with ``stages``, through
    this script's :func:`measured_build`, which records our stages."""
    shutil.rmtree(site, ignore_errors=True)
    env = dict(os.environ)
    stages_file = root / "stages.jsonl"
    stages_file.unlink(missing_ok=True)
    if stages:
        env[STAGES_FILE] = str(stages_file)
        command = [sys.executable, __file__, "--build", *(["--tracemalloc"] if tracing else []),
                   "--", "-f", config, "-d", str(site)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site)]
    peaks = sampled(command, root, env)
    recorded = [json.loads(line) for line in stages_file.read_text("utf-8").splitlines()
                ] if stages else []
    return Measured(peaks, recorded)


# -- in the measured build ---------------------------------------------------------------------


def measured_build(arguments: list[str], tracing: bool) -> None:
    """``mkdocs build arguments``, recording our stages' memory as they end."""
    import tracemalloc

    from mkdocs.__main__ import cli

    from generator import mkdocs_site
    from generator.build import GuideBuild

    if tracing:
        tracemalloc.start()
    out = open(os.environ[STAGES_FILE], "a", encoding="utf-8")  # noqa: SIM115 (open to the end)

    def record(stage: str) -> None:
        traced = tracemalloc.get_traced_memory()[0] if tracing else None
        out.write(json.dumps({"stage": stage, "rss": process_memory(os.getpid())[0],
                              "traced": traced}) + "\n")
        out.flush()

    def after(owner: Any, name: str, stage: str) -> None:
        method: Callable[..., Any] = getattr(owner, name)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            record(stage)
            return result

        setattr(owner, name, wrapped)

    after(GuideBuild, "load", "loaded and validated")
    after(GuideBuild, "prepare", "exports and pages rendered (our stages before the engine)")
    after(mkdocs_site.MkDocsSite, "env", "MkDocs has converted every page")
    after(mkdocs_site.MkDocsSite, "publish", "site written")
    cli(["build", *arguments])


# -- the report ------------------------------------------------------------------------------


def report(size: int, ours: Measured, baseline: Measured, different: list[str]) -> list[str]:
    def mb(value: int) -> str:
        return f"{value / MB:.0f}"

    lines = [f"Memory of `mkdocs build` at {size} rubrics (PDFs off), MB:", "",
             "| | all processes RSS | all processes PSS | largest process | processes | CPU s |",
             "|---|---|---|---|---|---|"]
    for name, run in (("ours", ours), ("MkDocs alone", baseline)):
        peaks = run.peaks
        lines.append(f"| {name} | {mb(peaks.rss)} | {mb(peaks.pss)} | {mb(peaks.largest)} | "
                     f"{peaks.processes} | {peaks.cpu:.1f} |")
    at_peak = ", ".join(f"{mb(rss)} ({mb(pss)})" for rss, pss in ours.peaks.at_pss)
    lines += ["", f"Our processes at the peak of PSS, RSS (PSS) each: {at_peak}"]
    lines += ["", "Our build's own process after each stage (RSS, and Python's allocations "
              "when traced), MB:", ""]
    for stage in ours.stages:
        traced = f", traced {mb(stage['traced'])}" if stage["traced"] is not None else ""
        lines.append(f"- {stage['stage']}: {mb(stage['rss'])}{traced}")
    lines += ["", "Sites identical file for file." if not different else
              f"Sites differ in {len(different)} files, such as {different[:5]}"]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="number of rubrics (default 1000)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also record Python's allocations after each stage (slow)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("arguments", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        measured_build(args.arguments, args.tracemalloc)
        return
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="rubric-guide-memory-"))
    try:
        guide = make_guide(tmp / f"n{args.size}", args.size)
        write_baseline_docs(guide)
        ours = measure(guide.root, OURS, guide.root / "site-ours", stages=True,
                       tracing=args.tracemalloc)
        baseline = measure(guide.root, BASELINE, guide.root / "site-baseline", stages=False,
                           tracing=False)
        lines = report(args.size, ours, baseline,
                       differences(guide.root / "site-ours", guide.root / "site-baseline"))
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    print("\n".join(lines))
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
