"""Time and memory of a command and every process it starts; and, run as a script, how much
memory a large build takes, against MkDocs alone building the same pages.

    python bench/measure.py [--size 1000] [--tracemalloc] [--keep DIR] [--output FILE]

:func:`run` runs a command to its end and returns its wall-clock and CPU seconds with the peak
memory of its process tree (build_bench.py measures every build with it). Memory is sampled
every :data:`INTERVAL_S` seconds from Linux's ``/proc``: each process's resident set
(``VmRSS`` in ``/proc/PID/status``) and proportional set (``Pss`` in
``/proc/PID/smaps_rollup``, its share of pages shared with other processes, so that the copies
a build forks are not counted twice), summed over the command and all its descendants. Peaks
are the highest of the samples, so a peak shorter than the interval may be missed; elsewhere
than on Linux, memory reads as zero.

As a script, it copies the project with N rubrics (see synthetic.py, PDFs off) and builds it
twice with ``mkdocs build``: with the rubric-guide plugin, and as the baseline (the very same
pages as plain Markdown, built by MkDocs alone), each sampled as above. Our build also records
its own resident size after each of its stages (and, with --tracemalloc, the memory Python
allocated, which slows the build several times). The two sites are compared file for file.
Not part of the test suite: nothing here gates CI.
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synthetic import BASELINE, OURS, make_guide, write_baseline_docs

INTERVAL_S = 0.05
PROC = Path("/proc")
STAGES_FILE = "RUBRIC_GUIDE_MEASURE_STAGES"
"""The environment variable naming the file a measured build appends its stages to."""
MB = 1024 * 1024


@dataclass
class Memory:
    """Peak memory of a process tree, in bytes."""

    largest: int = 0
    """The resident set of its largest process."""
    rss: int = 0
    """Resident sets summed over all its processes (pages two of them share counted twice)."""
    pss: int = 0
    """Proportional sets summed over all its processes (shared pages counted once)."""
    root: int = 0
    """The resident set of the command's own process, without the processes it started."""
    processes: int = 0
    """The most processes the tree had at once."""

    def update(self, sample: list[tuple[int, int, int]]) -> None:
        """Keep the peaks, given (pid, RSS, PSS) of every process of the tree at one moment;
        the first is the command's own process."""
        if not sample:
            return
        self.largest = max(self.largest, *(rss for _, rss, _ in sample))
        self.rss = max(self.rss, sum(rss for _, rss, _ in sample))
        self.pss = max(self.pss, sum(pss for _, _, pss in sample))
        self.root = max(self.root, sample[0][1])
        self.processes = max(self.processes, len(sample))


@dataclass
class Measured:
    """What :func:`run` measured of one command."""

    wall: float
    """Wall-clock seconds."""
    cpu: float
    """CPU seconds, user and system, of the command and every process it waited for."""
    memory: Memory = field(default_factory=Memory)
    output: str = ""
    """What the command printed on its standard error."""


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` in ``cwd`` to its end, sampling its memory; raises
    :class:`subprocess.CalledProcessError` (with its output) if it fails."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    with sampling(process.pid) as memory:
        stdout, stderr = process.communicate()
    measured = Measured(time.perf_counter() - start, _children_cpu() - cpu_before, memory,
                        stderr)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, stdout, stderr)
    return measured


@contextmanager
def sampling(pid: int) -> Iterator[Memory]:
    """Sample the memory of the process tree under ``pid`` until the block ends; the block
    gets the :class:`Memory` the samples fill."""
    memory = Memory()
    stop = threading.Event()

    def sample() -> None:
        while True:
            memory.update([(process, *_usage(process)) for process in tree(pid)])
            if stop.wait(INTERVAL_S):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield memory
    finally:
        stop.set()
        sampler.join()


def tree(pid: int) -> Iterator[int]:
    """``pid`` and its descendants, parents first (none of those that have ended)."""
    pending = [pid]
    while pending:
        current = pending.pop(0)
        yield current
        for task in _listdir(PROC / str(current) / "task"):
            try:
                children = (PROC / str(current) / "task" / task / "children").read_text()
            except OSError:
                continue
            pending += [int(child) for child in children.split()]


def _usage(pid: int) -> tuple[int, int]:
    """The resident and proportional set of process ``pid`` in bytes (0 once it has ended)."""
    rss = pss = 0
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
                break
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
                break
    except (OSError, ValueError):
        pass
    return rss, pss


def _listdir(path: Path) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -- as a script: our build's memory, stage by stage -----------------------------------------


@dataclass
class StagedBuild:
    """A sampled build and, for ours, its own resident size after each stage."""

    memory: Memory
    stages: list[dict[str, Any]] = field(default_factory=list)


def measure(root: Path, config: str, site: Path, *, stages: bool, tracing: bool
            ) -> StagedBuild:
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
    try:
        memory = run(command, root, env).memory
    except subprocess.CalledProcessError as failed:
        sys.exit(f"{' '.join(command)} failed:\n{failed.stderr}")
    recorded = [json.loads(line) for line in stages_file.read_text("utf-8").splitlines()
                ] if stages else []
    return StagedBuild(memory, recorded)


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
        out.write(json.dumps({"stage": stage, "rss": _usage(os.getpid())[0],
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
    after(GuideBuild, "_produce", "exports and pages rendered (our stages before the engine)")
    after(mkdocs_site.MkDocsSite, "env", "MkDocs has converted every page")
    after(mkdocs_site.MkDocsSite, "publish", "site written")
    cli(["build", *arguments])


# -- the report ------------------------------------------------------------------------------


def report(size: int, ours: StagedBuild, baseline: StagedBuild, different: list[str]
           ) -> list[str]:
    def mb(value: int) -> str:
        return f"{value / MB:.0f}"

    lines = [f"Memory of `mkdocs build` at {size} rubrics (PDFs off), MB:", "",
             "| | all processes RSS | all processes PSS | largest process | processes |",
             "|---|---|---|---|---|"]
    for name, build in (("ours", ours), ("MkDocs alone", baseline)):
        peaks = build.memory
        lines.append(f"| {name} | {mb(peaks.rss)} | {mb(peaks.pss)} | {mb(peaks.largest)} | "
                     f"{peaks.processes} |")
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
    from build_bench import differences  # which imports this module

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
