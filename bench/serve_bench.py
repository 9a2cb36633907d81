"""How long an edit takes to show in the preview, against the engine alone on the same pages.

    python bench/serve_bench.py [--sizes 100 1000] [--edits 3] [--output FILE]

For each N it copies the project into a temporary folder with N rubrics (see synthetic.py),
PDFs off, and for each engine (MkDocs, Zensical) starts two previews side by side in turn:

- ours: ``rubric-guide serve`` (``--engine zensical``), where one descriptor of a rubric in
  the middle of the guide is edited in its YAML file;
- the engine alone: ``mkdocs serve`` / ``zensical serve`` of the guide's staged site source
  (the same pages as plain Markdown, see generator/staged.py), where the same descriptor is
  edited in the rubric's staged page.

Each edit is timed from saving the file until the server answers the rubric's page with the
new text. The ratio ours / alone is what to compare across machines and runs; the absolute
seconds move with the machine's load. Not part of the test suite: nothing gates on wall time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path

import yaml
from build_bench import _machine, _revision, fetch, shows, wait_for
from synthetic import BASELINE, OURS, Guide, make_guide, write_baseline_docs

ENGINES = ("mkdocs", "zensical")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000],
                        help="numbers of rubrics (default: 100 1000)")
    parser.add_argument("--edits", type=int, default=3,
                        help="edits timed per preview; the median is reported (default: 3)")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    lines = [f"Rubric Guide preview benchmark, {datetime.now():%Y-%m-%d %H:%M}, {_revision()}",
             _machine(), "",
             "Seconds from saving an edited descriptor until the preview serves the rubric's "
             "page with it (median of the edits; each run in brackets). Alone: the engine's "
             "own server on the staged pages, the same descriptor edited in the page.", "",
             "| N rubrics | engine | ours s | alone s | ours / alone |", "|---|---|---|---|---|"]
    for line in lines:
        print(line, flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="rubric-guide-serve-bench-"))
    try:
        for n in args.sizes:
            print(f"... N={n}: generating", file=sys.stderr, flush=True)
            guide = make_guide(tmp / f"n{n}", n)
            write_baseline_docs(guide)
            for engine in args.engines:
                ours = timed_edits(guide, engine, alone=False, edits=args.edits)
                alone = timed_edits(guide, engine, alone=True, edits=args.edits)
                line = (f"| {n:,} | {engine} | {_runs(ours)} | {_runs(alone)} | "
                        f"{statistics.median(ours) / statistics.median(alone):.2f}x |")
                print(line, flush=True)
                lines.append(line)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines += ["", "Load average (1, 5, 15 min) at the end: "
              + ", ".join(f"{x:.2f}" for x in os.getloadavg())]
    print(lines[-1])
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _runs(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({', '.join(f'{t:.2f}' for t in times)})"


def timed_edits(guide: Guide, engine: str, *, alone: bool, edits: int) -> list[float]:
    """Seconds from each edit until the served rubric page shows it."""
    rubric_id = guide.rubric_ids[len(guide.rubric_ids) // 2]
    source = guide.root / "rubrics" / f"{rubric_id}.yml"
    first = yaml.safe_load(source.read_text(encoding="utf-8"))["criteria"][0]["levels"]
    # The descriptor's first words: YAML may fold the rest onto another line.
    anchor = " ".join(next(iter(first.values())).split()[:3])
    edited = (guide.root / Path(BASELINE).parent / "docs" / "rubrics" / rubric_id / "index.md"
              if alone else source)
    label = f"{engine}{' alone' if alone else ''}"
    print(f"... N={len(guide.rubric_ids)}: {label}", file=sys.stderr, flush=True)
    original = edited.read_text(encoding="utf-8")
    with preview(guide, engine, alone) as url:
        page = f"{url}rubrics/{rubric_id}/"
        wait_for(lambda: fetch(page) is not None, timeout=900)
        times = []
        for attempt in range(edits):
            time.sleep(1.5)  # let the watcher settle after the previous build
            token = f"Edited{attempt}x{time.monotonic_ns()}"
            assert anchor in original, f"{anchor!r} is not in {edited}"
            start = time.perf_counter()
            edited.write_text(original.replace(anchor, f"{anchor} {token}", 1),
                              encoding="utf-8")
            wait_for(partial(shows, page, token), timeout=300)
            times.append(time.perf_counter() - start)
    edited.write_text(original, encoding="utf-8")
    return times


@contextmanager
def preview(guide: Guide, engine: str, alone: bool) -> Iterator[str]:
    """A preview server of ``guide`` running until the block ends; yields its address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"127.0.0.1:{port}"
    if alone:
        command = [sys.executable, "-m", engine, "serve", "-f", BASELINE, "-a", address]
    else:
        command = [str(Path(sys.executable).with_name("rubric-guide")), "serve", "--config", OURS,
                   "-a", address, *(["--engine", "zensical"] if engine == "zensical" else [])]
    name = f"serve-{engine}{'-alone' if alone else ''}.log"
    with open(guide.root / name, "w", encoding="utf-8") as log:
        server = subprocess.Popen(command, cwd=guide.root, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield f"http://{address}/"
        finally:
            _stop(server.terminate, server)


def _stop(signal: Callable[[], None], server: subprocess.Popen[bytes]) -> None:
    signal()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
