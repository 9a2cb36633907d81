"""The search index made by a forked copy of the build: the same site, byte for byte, as when
Material's search plugin reads every page itself, and left to Material where it must be."""

from __future__ import annotations

import json
import textwrap

import pytest

from .helpers import needs_fork, run_alone, snapshot

pytestmark = needs_fork

# Builds the seed guide (PDFs off) into site-<name> folders under the given directory, counts
# the copies forked by each build, and prints the counts as JSON. Every rubric counts as enough
# to share the work. Each build is a call `build_site(name, ...)` in the code that follows.
BUILDER = """
    import json, os, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    import generator.parallel
    generator.parallel.FORK_MIN_RUBRICS = 1
    target = Path(sys.argv[1])
    forks = []
    os.register_at_fork(after_in_parent=lambda: forks.append(1))
    counts = {}

    def build_site(name, offline=False, shares_work=True, command=None, hooks=()):
        os.environ["OFFLINE"] = "true" if offline else "false"
        config = load_config("mkdocs.yml", site_dir=str(target / f"site-{name}"),
                             hooks=list(hooks))
        site = config.plugins["rubric-guide"].site  # the plugin's options, as mkdocs.yml has them
        site.raw_options = {**(site.raw_options or {}), "pdf": False}
        if command:
            config.plugins.run_event("startup", command=command, dirty=False)
        generator.parallel.FORK_MIN_RUBRICS = 1 if shares_work else 10**9
        forks.clear()
        build(config)
        counts[name] = len(forks)
"""


def builder(tmp_path, code: str) -> str:
    """A script that runs ``code`` after BUILDER, with sites built under ``tmp_path``."""
    return (BUILDER + code).replace("sys.argv[1]", repr(str(tmp_path)))


def build_sites(tmp_path, code: str) -> dict[str, int]:
    return json.loads(run_alone(builder(tmp_path, code + "\n    print(json.dumps(counts))\n")))


def write_hook(path, code: str):
    """An MkDocs hooks file at ``path`` holding ``code``."""
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def search_docs(site, name="search_index.json"):
    return json.loads((site / "search" / name).read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("search-copy")
    counts = build_sites(tmp_path, """
    build_site("material", shares_work=False)
    build_site("copy")
    build_site("offline-material", offline=True, shares_work=False)
    build_site("offline-copy", offline=True)
    """)
    return tmp_path, counts


def test_the_copy_indexes_the_pages_and_the_site_is_the_same(sites):
    tmp_path, counts = sites
    # Exports, half of the rubric pages, and the search index.
    assert (counts["material"], counts["copy"]) == (0, 3)
    material, copy = snapshot(tmp_path / "site-material"), snapshot(tmp_path / "site-copy")
    assert list(copy) == list(material)
    assert [path for path in material if copy[path] != material[path]] == []
    docs = search_docs(tmp_path / "site-copy")
    locations = {entry["location"].split("#")[0] for entry in docs}
    assert {"", "rubrics/district-collective-accountability/", "sources/"} <= locations
    # Sheets stay out of the index, as their front matter asks, and so do the parts of pages
    # marked to be left out.
    assert not any("sheet/" in location for location in locations)
    assert not any("Calibration" in entry["text"] for entry in docs
                   if entry["location"].startswith("rubrics/"))


def test_an_offline_copy_carries_the_same_index_in_its_script(sites):
    tmp_path, counts = sites
    assert counts["offline-copy"] == counts["offline-material"] + 3
    site = tmp_path / "site-offline-copy"
    material = snapshot(tmp_path / "site-offline-material")
    assert snapshot(site) == material
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script == "var __index = " + (site / "search" / "search_index.json").read_text(
        encoding="utf-8")
    assert len(search_docs(site)) == len(search_docs(tmp_path / "site-copy")) > 0


def test_a_failing_copy_leaves_the_index_to_this_process(sites, tmp_path):
    built, _ = sites
    counts = build_sites(tmp_path, """
    from generator import search
    parent, index_entries = os.getpid(), search.index_entries

    def fails_in_the_copy(pages):
        if os.getpid() != parent:
            raise RuntimeError("only in the copy")
        return index_entries(pages)

    search.index_entries = fails_in_the_copy
    build_site("failed")
    """)
    assert counts["failed"] == 3
    assert snapshot(tmp_path / "site-failed") == snapshot(built / "site-material")


def test_material_indexes_when_a_plugin_changes_pages_before_it(tmp_path):
    # A hook that runs before Material's search changes every page's HTML: the index must
    # show the change, so the copy leaves the pages to Material.
    hook = write_hook(tmp_path / "stamp.py", """
        from mkdocs.plugins import event_priority
        @event_priority(100)
        def on_page_context(context, page, config, nav):
            page.content += '<p>Stamped by a hook</p>'
    """)
    counts = build_sites(tmp_path, f"""
    build_site("hook", hooks=[{str(hook)!r}])
    """)
    assert counts["hook"] == 2  # exports and rubric pages only
    docs = search_docs(tmp_path / "site-hook")
    assert any("Stamped by a hook" in entry["text"] for entry in docs)


def test_material_indexes_while_serving(tmp_path):
    # `mkdocs serve` may build drafts and, with --dirtyreload, single pages. Its build makes
    # the exports itself, to keep those of the rubrics the next edit leaves unchanged.
    counts = build_sites(tmp_path, """
    build_site("serve", command="serve")
    build_site("build", command="build")
    """)
    assert (counts["serve"], counts["build"]) == (1, 3)
    assert search_docs(tmp_path / "site-serve") == search_docs(tmp_path / "site-build")


def test_a_build_that_fails_stops_the_copy(tmp_path):
    hook = write_hook(tmp_path / "fail.py", """
        import multiprocessing
        from mkdocs.exceptions import PluginError
        def on_post_page(output, page, config):
            if page.file.src_uri == 'sources.md':
                print(len(multiprocessing.active_children()))
                raise PluginError('stop here')
            return output
    """)
    out = run_alone(builder(tmp_path, f"""
    import multiprocessing, time
    from mkdocs.exceptions import Abort
    from generator import search
    search.index_entries = lambda pages: time.sleep(60)  # a copy still at work
    start = time.monotonic()
    try:
        build_site("failed", hooks=[{str(hook)!r}])
    except Abort:
        print(len(multiprocessing.active_children()), time.monotonic() - start < 30)
    """))
    assert out.split() == ["1", "0", "True"]  # the copy was at work, and is stopped
