"""A build stopped by a signal at any moment leaves the published site as it was (or the whole
new one), no staging folder and no process behind, and the next build starts at once.

Each build runs with a pause injected at one moment (loading, a forked copy rendering PDFs,
MkDocs writing pages, the swap, Zensical running), announced by a line on its output; the
test then signals the build's main process alone, or its whole process group.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import MINIMAL_GUIDE, RUBRIC_YML, needs_fork
from .helpers import NO_PDF_GUIDE, manifest
from .sandbox import write_files

PAUSED_BUILD = r"""
import os, sys, time

moment, pause = sys.argv[1], float(sys.argv[2])
main = os.getpid()


def paused(name, function):
    def wrapper(*args, **kwargs):
        sys.stderr.write(f"PAUSED {name} {os.getpid()}\n")
        sys.stderr.flush()
        time.sleep(pause)
        return function(*args, **kwargs)
    return wrapper


if moment == "loading":
    from generator import build
    build.GuideBuild.load = paused(moment, build.GuideBuild.load)
elif moment == "pdf-copy":
    from generator import sheets
    render_all = sheets.PdfRenderer.render_all
    sheets.PdfRenderer.cached = lambda self, document: None  # every PDF is rendered
    def render_in_copy(self, documents):
        if os.getpid() != main and documents:
            return paused(moment, render_all)(self, documents)
        return render_all(self, documents)
    sheets.PdfRenderer.render_all = render_in_copy
elif moment == "finalizer":  # the signal comes while a finalizer runs: Python drops its error
    import signal
    from generator import build
    load = build.GuideBuild.load
    class Finalized:
        def __del__(self):
            sys.stderr.write(f"PAUSED {moment} {os.getpid()}\n")
            signal.raise_signal(signal.SIGTERM)
            for _ in range(1000):  # the handler runs here, within the finalizer
                pass
    def load_after_a_finalizer(self):
        Finalized()
        return load(self)
    build.GuideBuild.load = load_after_a_finalizer
elif moment == "writing":
    from mkdocs.commands import build as mkdocs_build
    mkdocs_build._build_page = paused(moment, mkdocs_build._build_page)
elif moment == "swapping":
    from generator import publish
    publish.Publication._swap = paused(moment, publish.Publication._swap)
elif moment == "zensical":  # a Zensical that takes its time
    from generator import zensical_site
    zensical_site.zensical_command = lambda *args: [
        sys.executable, "-c",
        f"import os, sys, time; sys.stderr.write('PAUSED zensical %d\\n' % os.getpid()); "
        f"sys.stderr.flush(); time.sleep({pause})"]
if moment == "zensical":
    from generator.cli import main as run
    sys.argv = ["rubric-guide", "build", "--engine", "zensical", *sys.argv[3:]]
else:
    from mkdocs.__main__ import cli as run
    sys.argv = ["mkdocs", "build", *sys.argv[3:]]
run()
"""

SECOND_RUBRIC = RUBRIC_YML.replace("title: Teamwork", "title: Planning")
CHANGED = "Changed title"


class Build:
    """A build of ``guide`` paused at ``moment`` for ``pause`` seconds, in a process group of
    its own."""

    def __init__(self, guide: Path, moment: str, pause: float = 60) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", PAUSED_BUILD, moment, str(pause)], cwd=guide,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        assert self.process.stderr is not None
        stream = self.process.stderr
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream],
                         daemon=True).start()

    def wait_for(self, text: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "".join(self.output)
                continue
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in:\n{''.join(self.output)}")

    def finish(self) -> str:
        self.process.wait(timeout=60)
        time.sleep(0.1)  # the last lines
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return "".join(self.output)


def group(pgid: int) -> list[int]:
    """The live processes of the process group ``pgid``."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state not in ("Z", "X"):
            members.append(int(entry))
    return members


def none_left(pgid: int) -> None:
    deadline = time.monotonic() + 10
    while group(pgid):
        assert time.monotonic() < deadline, f"processes left behind: {group(pgid)}"
        time.sleep(0.1)


def beside(guide: Path) -> list[str]:
    """What builds left beside the site: staging folders, a site moved aside."""
    return sorted(p.name for p in guide.iterdir()
                  if p.name.startswith(".site.") and p.name != ".site.lock")


def mkdocs(guide: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=guide,
                          capture_output=True, text=True, timeout=120, check=False)


def published_guide(folder: Path) -> tuple[Path, dict[str, str]]:
    """A guide of two rubrics built into its site/, then both rubrics edited."""
    guide = write_files(folder, {**MINIMAL_GUIDE, "rubrics/planning.yml": SECOND_RUBRIC})
    result = mkdocs(guide)
    assert result.returncode == 0, result.stderr
    for name in ("teamwork", "planning"):
        rubric = guide / f"rubrics/{name}.yml"
        rubric.write_text(rubric.read_text("utf-8").replace("Meetings happen",
                                                            f"{CHANGED}, meetings happen"))
    return guide, manifest(guide / "site")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    yield published_guide(tmp_path_factory.mktemp("signals"))


@pytest.fixture
def published_copy(published: tuple[Path, dict], tmp_path: Path) -> tuple[Path, dict]:
    """A copy of the published guide (its site, PDF cache and edited rubrics), for a test
    whose build changes the site."""
    guide, before = published
    return shutil.copytree(guide, tmp_path / "guide", symlinks=True), before


def stop(build: Build, signum: int, whole_group: bool) -> None:
    if whole_group:
        os.killpg(build.process.pid, signum)
    else:
        build.process.send_signal(signum)


EXIT = {signum: 128 + signum for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
"""The exit status of a build a signal stopped: 128 + the signal, as shells report it (130
for Ctrl+C), so that a script running the build can tell it was stopped."""

STOPS = [
    ("loading", signal.SIGTERM, False),
    ("loading", signal.SIGHUP, True),
    pytest.param("pdf-copy", signal.SIGINT, True, marks=needs_fork),
    pytest.param("pdf-copy", signal.SIGTERM, False, marks=needs_fork),
    ("writing", signal.SIGHUP, False),
    ("writing", signal.SIGTERM, True),
]


def test_a_signal_whose_error_python_drops_still_leaves_the_site_as_it_was(published_copy):
    # Python runs a signal's handler wherever the build is; raised inside a finalizer (a
    # pipe's __del__, say), the handler's error is dropped, and the build went on to publish.
    guide, before = published_copy
    build = Build(guide, "finalizer")
    output = build.finish()
    assert "PAUSED finalizer" in output
    assert build.process.returncode == EXIT[signal.SIGTERM], output
    assert "Stopped by SIGTERM; site/ is unchanged" in output
    assert "Traceback" not in output and "Exception ignored" not in output
    assert manifest(guide / "site") == before
    assert beside(guide) == []


@pytest.mark.parametrize(("moment", "signum", "whole_group"), STOPS)
def test_a_signal_leaves_the_site_as_it_was_and_no_process(published, moment, signum,
                                                           whole_group):
    guide, before = published
    build = Build(guide, moment)
    build.wait_for(f"PAUSED {moment}")
    stop(build, signum, whole_group)
    output = build.finish()
    assert build.process.returncode == EXIT[signum], output
    name = signal.Signals(signum).name
    assert f"Stopped by {name}; site/ is unchanged" in output
    assert "Traceback" not in output
    none_left(build.process.pid)
    assert manifest(guide / "site") == before
    assert beside(guide) == []


def test_a_signal_during_the_swap_publishes_the_whole_new_site(published_copy):
    guide, before = published_copy
    build = Build(guide, "swapping", pause=1.5)
    build.wait_for("PAUSED swapping")
    stop(build, signal.SIGTERM, False)
    output = build.finish()
    assert build.process.returncode == EXIT[signal.SIGTERM], output
    assert "Stopped by SIGTERM; site/ holds the new site" in output
    assert sorted(manifest(guide / "site")) == sorted(before)
    for rubric in ("teamwork", "planning"):
        assert CHANGED in (guide / f"site/rubrics/{rubric}/index.html").read_text("utf-8")
    assert beside(guide) == []


@needs_fork
def test_a_killed_build_leaves_no_copy_and_the_next_one_takes_over_at_once(published_copy):
    guide, before = published_copy
    build = Build(guide, "pdf-copy")
    copy = int(build.wait_for("PAUSED pdf-copy").split()[-1])
    assert copy != build.process.pid
    build.process.kill()  # as the out-of-memory killer does, to the main process alone
    build.finish()
    none_left(build.process.pid)
    assert manifest(guide / "site") == before
    start = time.monotonic()
    result = mkdocs(guide)
    assert result.returncode == 0, result.stderr
    assert "Waiting for another build" not in result.stderr
    assert (f"Taking over from build process {build.process.pid} of site/, which was stopped "
            "before it finished") in result.stderr
    assert time.monotonic() - start < 60
    assert CHANGED in (guide / "site/rubrics/teamwork/index.html").read_text("utf-8")
    assert beside(guide) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_zensical_ends_with_the_build(tmp_path, signum):
    guide = write_files(tmp_path, NO_PDF_GUIDE)
    (guide / "site").mkdir()
    build = Build(guide, "zensical")
    build.wait_for("PAUSED zensical")
    stop(build, signum, False)
    output = build.finish()
    none_left(build.process.pid)
    assert os.listdir(guide / "site") == []
    if signum == signal.SIGTERM:
        assert build.process.returncode == EXIT[signum], output
        assert "Stopped by SIGTERM; site/ is unchanged" in output
        assert beside(guide) == []
