"""Work shared with a forked copy of the build: the same results as without it, errors raised
as without it, no copy left running, and no copy where forking is not safe."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time

from generator.parallel import Job, can_fork

from .helpers import ROOT, needs_fork, run_alone


@needs_fork
def test_the_work_runs_in_a_copy_and_its_result_comes_back():
    out = run_alone("""
        import os
        from generator.parallel import Job
        with Job(lambda: (os.getpid(), "é" * 100_000), fork=True) as job:
            assert job.forked
            pid, text = job.result()
        print(pid != os.getpid(), text == "é" * 100_000)
    """)
    assert out.split() == ["True", "True"]


@needs_fork
def test_a_failing_copy_leaves_the_work_and_its_error_to_this_process():
    out = run_alone("""
        import os
        from generator.parallel import Job
        parent = os.getpid()

        def fails_in_the_copy():
            if os.getpid() != parent:
                raise RuntimeError("only in the copy")
            return "done here"

        def fails_anywhere():
            raise ValueError("bad content")

        print(Job(fails_in_the_copy, fork=True).result())
        try:
            Job(fails_anywhere, fork=True).result()
        except ValueError as exc:
            print(exc)
        print(Job(lambda: (lambda: "unpicklable"), fork=True).result()())
    """)
    assert out.splitlines() == ["done here", "bad content", "unpicklable"]


@needs_fork
def test_a_copy_whose_result_is_not_wanted_is_stopped():
    out = run_alone("""
        import time
        from generator.parallel import Job
        start = time.monotonic()
        with Job(lambda: time.sleep(60), fork=True) as job:
            process = job._process
        print(process.is_alive(), round(time.monotonic() - start) < 10)
    """)
    assert out.split() == ["False", "True"]


def test_no_copy_is_made_while_other_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        job = Job(os.getpid, fork=True)
        assert not job.forked
        assert job.result() == os.getpid()
    finally:
        stop.set()
        thread.join()


def test_without_fork_the_work_waits_until_its_result_is_asked_for():
    calls = []
    job = Job(lambda: calls.append(time.monotonic()) or len(calls), fork=False)
    assert calls == [] and not job.forked
    assert job.result() == 1


@needs_fork
def test_a_parallel_build_is_the_same_as_a_serial_one(tmp_path):
    # Every rubric counts as enough to share, so the seed guide's two rubrics and their
    # two PDFs are split between this process and its copies. The seed rubrics cite nothing:
    # the one the copy renders is given a citation, to see it reach the sources page.
    project = tmp_path / "project"
    for folder in ("content", "rubrics", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    district = project / "rubrics" / "district-collective-accountability.yml"
    district.write_text(district.read_text(encoding="utf-8").replace(
        "scale: seven-level", "summary: As the Blueprint says [@lane-2014].\nscale: seven-level"),
        encoding="utf-8")
    out = run_alone(f"""
        import json, os
        from pathlib import Path
        import generator.parallel
        from generator.build import GuideBuild
        generator.parallel.FORK_MIN_RUBRICS = 1
        forks = []
        os.register_at_fork(after_in_parent=lambda: forks.append(1))
        result = {{}}
        for parallel in (False, True):
            forks.clear()
            guide = GuideBuild.from_mkdocs_yml(Path({str(project / "mkdocs.yml")!r}))
            guide.cache_dir = Path({str(tmp_path)!r}) / f"pdf-{{parallel}}"
            guide.parallel = parallel
            guide.prepare()
            result[str(parallel)] = {{
                "pages": [[p.src_uri, p.title, p.text, p.html_blocks, p.cites, p.in_nav]
                          for p in guide.pages],
                "exports": guide.exports,
                "pdfs": sorted(guide.pdfs),
                "pdf": [pdf.startswith(b"%PDF-") for pdf in guide.pdfs.values()],
                "cached": len(list(guide.cache_dir.glob("*.pdf"))),
            }}
            result[f"forks {{parallel}}"] = len(forks)
        print(json.dumps(result))
    """)
    result = json.loads(out)
    assert (result["forks False"], result["forks True"]) == (0, 3)  # exports, pages, PDFs
    serial, parallel = result["False"], result["True"]
    assert parallel == serial
    assert len(serial["pdfs"]) == serial["cached"] == 3 and all(serial["pdf"])  # and the book
    # The rubric rendered by the copy is still listed where its sources are.
    cites = {page[0]: page[4] for page in serial["pages"]}
    assert cites["rubrics/district-collective-accountability/index.md"] == ["lane-2014"]
    sources = next(page for page in serial["pages"] if page[0] == "sources.md")
    assert '<a href="../rubrics/district-collective-accountability/">' in sources[2]
