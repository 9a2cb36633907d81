"""Time and memory of a command and every process it starts.

:func:`run` runs a command to its end and returns its wall-clock and CPU seconds with the peak
memory of its process tree. Memory is sampled every :data:`INTERVAL_S` seconds from Linux's
``/proc``: each process's resident set (``VmRSS`` in ``/proc/PID/status``) and proportional
set (``Pss`` in ``/proc/PID/smaps_rollup``, its share of pages shared with other processes, so
that the copies a build forks are not counted twice), summed over the command and all its
descendants. Peaks are the highest of the samples, so a peak shorter than the interval may be
missed; elsewhere than on Linux, memory reads as zero.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

INTERVAL_S = 0.05
PROC = Path("/proc")


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

    def update(self, sample: list[tuple[int, int, int]]) -> None:
        """Keep the peaks, given (pid, RSS, PSS) of every process of the tree at one moment;
        the first is the command's own process."""
        if not sample:
            return
        self.largest = max(self.largest, *(rss for _, rss, _ in sample))
        self.rss = max(self.rss, sum(rss for _, rss, _ in sample))
        self.pss = max(self.pss, sum(pss for _, _, pss in sample))
        self.root = max(self.root, sample[0][1])


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
