"""A build does not hold what it makes for the site: the exports and the pages' HTML blocks are
spooled to the build's cache as they are made (see generator/spool.py), so the memory our
stages keep grows with each rubric by much less than what they wrote for it, and the spool is
gone once the build ends."""

from __future__ import annotations

import gc
import os
import pathlib
import sys
import tracemalloc
from pathlib import Path

import pytest

from generator.build import GuideBuild
from generator.output import CACHE_ROOT
from generator.spool import SPOOL_PREFIX, Spool, ended, this_process
from generator.staged import stage, write_source

from .conftest import ROOT
from .helpers import rubric_guide

sys.path.insert(0, str(ROOT / "bench"))

from synthetic import OURS, make_guide

FEW, MORE = 8, 32
"""Two sizes of the bench's synthetic guide (the seed's rubrics and synthetic ones)."""


def rendered(root: Path, rubrics: int) -> tuple[int, int]:
    """Render a guide of ``rubrics`` rubrics, loaded beforehand: what Python still holds of
    what rendering allocated, and the bytes it spooled."""
    guide = make_guide(root / f"guide-{rubrics}", rubrics)
    build = GuideBuild.from_mkdocs_yml(guide.config(OURS))
    build.parallel = False  # all in this process, where tracemalloc sees it
    build.load()
    spool = build.spool = Spool(root / f"cache-{rubrics}")
    gc.collect()
    tracemalloc.start()
    try:
        build._produce(render_pdfs=False)
        gc.collect()
        # Less what pathlib allocates itself: it interns every name of a path, and the
        # interpreter's table of interned names, shared by the whole test process, grows in
        # steps of megabytes whenever it is full, whichever test happens to fill it.
        held = sum(stat.size for stat in tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, pathlib.__file__)]).statistics("filename"))
    finally:
        tracemalloc.stop()
    spooled = sum(path.stat().st_size for path in spool.folder.rglob("*") if path.is_file())
    assert build.pages and build.exports and spooled
    spool.close()
    return held, spooled


def test_rendering_holds_much_less_than_it_spools(tmp_path):
    rendered(tmp_path / "first", FEW)  # templates compiled once per process, kept
    few_held, few_spooled = rendered(tmp_path, FEW)
    more_held, more_spooled = rendered(tmp_path, MORE)
    held, spooled = more_held - few_held, more_spooled - few_spooled
    # What the pages still hold (their Markdown with placeholders, titles, citations) is some
    # 15% of what the rubrics spooled; holding the exports or the HTML blocks again makes it
    # more than what is left to spool.
    assert held < spooled * 0.5, (held, spooled)


def test_staging_for_zensical_holds_one_file_at_a_time(tmp_path):
    guide = make_guide(tmp_path / "guide", MORE)
    spool = Spool(tmp_path / "cache")
    staged = stage(guide.config(OURS), tmp_path / "first", spool=spool)
    gc.collect()
    tracemalloc.start()
    try:
        write_source(staged.build, tmp_path / "again", staged.settings)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        spool.close()
    written = sum(path.stat().st_size for path in (tmp_path / "again").rglob("*")
                  if path.is_file())
    # The largest file (the search index aside, a rubric's CASE package or page) is some 3%
    # of what a guide of this size stages; holding every page or export at once is all of it.
    assert peak < written * 0.25, (peak, written)
    assert staged.build.exports and all(isinstance(path, Path)
                                        for path in staged.build.exports.values())


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_build_leaves_no_spool_and_removes_one_left_by_a_killed_build(minimal_guide, engine,
                                                                        warm_python):
    cache = minimal_guide / CACHE_ROOT
    gone = _gone_process()
    stale = cache / f"{SPOOL_PREFIX}{gone}-0" / "rubrics" / "x.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("left by a build that was killed\n", encoding="utf-8")
    other = cache / "spool-notes"
    other.mkdir()
    # A process that has this test's number but started at another time is another one, as a
    # container's first process is each time the container starts; this test's runs on.
    pid, started = this_process().split(".")
    reused = cache / f"{SPOOL_PREFIX}{pid}.{int(started) + 1}-0"
    live = cache / f"{SPOOL_PREFIX}{pid}.{started}-0"
    reused.mkdir()
    live.mkdir()
    result = rubric_guide("build", "--engine", engine, cwd=minimal_guide, python=warm_python)
    assert result.returncode == 0, result.stderr
    assert sorted(name for name in os.listdir(cache) if name.startswith(SPOOL_PREFIX)) == [
        live.name, "spool-notes"]


def _gone_process() -> int:
    """The number of a process that has ended."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_a_killed_build_not_yet_reaped_has_ended():
    """A build killed in a container whose first process reaps no children stays a zombie:
    it has a number and a start time, and runs nothing. What it left is taken as left."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        while (fields := _stat(pid))[0] != "Z":  # exited; not reaped until waitpid
            os.sched_yield()
        assert ended(f"{pid}.{fields[19]}")
        assert ended(str(pid))
    finally:
        os.waitpid(pid, 0)
    assert not ended(this_process())


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the process's name: its state, ..., its start."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()
