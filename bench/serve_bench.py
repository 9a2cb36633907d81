"""How long an edit takes to show in the preview, against the engine alone on the same pages.

Called by build_bench.py (its ``--serve-sizes`` and ``--edits``). For a guide and an engine
(MkDocs, Zensical) it starts two previews in turn, PDFs off:

- ours: ``rubric-guide serve`` (``--engine zensical``), where one descriptor of a rubric in
  the middle of the guide is edited in its YAML file;
- the engine alone: ``mkdocs serve`` / ``zensical serve`` of the guide's staged site source
  (the same pages as plain Markdown, see generator/staged.py; for Zensical staged with the
  settings our Zensical path adds), where the same descriptor is edited in the rubric's
  staged page.

Each edit is timed from saving the file until the server answers the rubric's page with the
new text.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml
from synthetic import OURS, Guide, staged_config

ENGINES = ("mkdocs", "zensical")
SETTLE_S = 1.5
"""Pause before each edit, so that the watcher has settled after the previous build."""


@dataclass
class ServeRow:
    """Seconds from each edit until the page showed it, ours and the engine alone's."""

    n: int
    engine: str
    ours: list[float]
    alone: list[float]

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours)

    @property
    def alone_median(self) -> float:
        return statistics.median(self.alone)


def measure_serve(guide: Guide, engine: str, edits: int) -> ServeRow:
    """Time ``edits`` edits in ours and in the engine alone's preview of ``guide``."""
    ours = timed_edits(guide, engine, alone=False, edits=edits)
    alone = timed_edits(guide, engine, alone=True, edits=edits)
    return ServeRow(len(guide.rubric_ids), engine, ours, alone)


def timed_edits(guide: Guide, engine: str, *, alone: bool, edits: int) -> list[float]:
    """Seconds from each edit until the served rubric page shows it."""
    rubric_id = guide.rubric_ids[len(guide.rubric_ids) // 2]
    source = guide.root / "rubrics" / f"{rubric_id}.yml"
    first = yaml.safe_load(source.read_text(encoding="utf-8"))["criteria"][0]["levels"]
    # The descriptor's first words: YAML may fold the rest onto another line.
    anchor = " ".join(next(iter(first.values())).split()[:3])
    config = guide.root / staged_config(engine)
    edited = config.parent / "docs" / "rubrics" / rubric_id / "index.md" if alone else source
    label = f"{engine}{' alone' if alone else ''}"
    print(f"... N={len(guide.rubric_ids)}: serve, {label}", file=sys.stderr, flush=True)
    original = edited.read_text(encoding="utf-8")
    assert anchor in original, f"{anchor!r} is not in {edited}"
    try:
        with preview(guide, engine, config if alone else None) as url:
            page = f"{url}rubrics/{rubric_id}/"
            wait_for(lambda: fetch(page) is not None, timeout=1800, what=label)
            times = []
            for attempt in range(edits):
                time.sleep(SETTLE_S)
                token = f"Edited{attempt}x{time.monotonic_ns()}"
                start = time.perf_counter()
                edited.write_text(original.replace(anchor, f"{anchor} {token}", 1),
                                  encoding="utf-8")
                wait_for(partial(shows, page, token), timeout=900, what=label)
                times.append(time.perf_counter() - start)
    finally:
        edited.write_text(original, encoding="utf-8")
    return times


@contextmanager
def preview(guide: Guide, engine: str, alone: Path | None) -> Iterator[str]:
    """A preview server of ``guide`` running until the block ends: ours, or with ``alone``
    the engine's own on that staged settings file. Yields its address."""
    address = free_address()
    if alone is not None:
        command = [sys.executable, "-m", engine, "serve", "-f", str(alone), "-a", address]
    else:
        command = [str(Path(sys.executable).with_name("rubric-guide")), "serve", "--config", OURS,
                   "-a", address, *(["--engine", "zensical"] if engine == "zensical" else [])]
    name = f"serve-{engine}{'-alone' if alone else ''}.log"
    # The copy of the site MkDocs serves from goes in a temporary folder of the guide's own,
    # removed with it, even when a preview that ignored Ctrl+C had to be killed.
    temporary = guide.root / ".serve-tmp"
    temporary.mkdir(exist_ok=True)
    with open(guide.root / name, "w", encoding="utf-8") as log:
        server = subprocess.Popen(command, cwd=guide.root, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True,
                                  env={**os.environ, "TMPDIR": str(temporary)})
        try:
            yield f"http://{address}/"
        finally:
            stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a preview as a person does, with Ctrl+C, so that MkDocs alone also removes the
    copy of the site it serves from the temporary folder (a SIGTERM leaves it there); then
    harder, when it was started where Ctrl+C is ignored (a shell's background job)."""
    for signal_it in (partial(server.send_signal, signal.SIGINT), server.terminate,
                      server.kill):
        signal_it()
        with suppress(subprocess.TimeoutExpired):
            server.wait(timeout=15)
            return


def free_address() -> str:
    """An address on this machine where nothing listens now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def shows(url: str, text: str) -> bool:
    """Whether the page at ``url`` is served and contains ``text``."""
    return text in (fetch(url) or "")


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"gave up after {timeout:.0f} s waiting for the preview ({what})")
        time.sleep(0.05)
