"""The build writes only its output folder, the staging folder beside it and its own cache.

Every folder of a project, and several outside it, is tried as the output: given with `-d`
and written as `site_dir`, to `rubric-guide build` with either engine and to `mkdocs build`.
Each is refused before anything is touched, so each case runs in this process and costs
milliseconds; a hash of the whole sandbox before and after proves that nothing changed. One
real build per engine checks what a build carries from the previous site into the new one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build_command
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from generator.cli import cli
from generator.output import EARLIER_MARK, MARKER, MARKER_TEXT, display, written_in
from generator.site_settings import ASSETS

from .helpers import CLI, MINIMAL_GUIDE, NO_PDF_GUIDE, WarmPython
from .sandbox import Tree, tree, write_files

GUIDE = {
    **MINIMAL_GUIDE,
    "district.yml": "organization: Lakeside\n",
    "overrides/main.html": '{% extends "base.html" %}\n',
    ".git/HEAD": "ref: refs/heads/main\n",
    "notes/minutes.md": "# Minutes kept beside the guide\n",
    "content/standards/.keep": "",
    "translations/es.po": 'msgid ""\nmsgstr ""\n"Language: es\\n"\n',
}

FOLDERS = sorted({str(Path(name).parent) for name in GUIDE} - {"."})
"""Every folder of the project."""


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A guide in ``guide/`` and, beside it, a folder of someone else's files, a file, and
    links from the guide to its content and to that folder."""
    root = tmp_path_factory.mktemp("sandbox")
    write_files(root / "guide", GUIDE)
    write_files(root / "foreign", {"index.html": "someone's page\n", "notes/a.txt": "a\n"})
    (root / "afile").write_text("a file, not a folder\n", encoding="utf-8")
    (root / "guide/linked").symlink_to("content")
    (root / "guide/link-out").symlink_to("../foreign")
    return root


@pytest.fixture
def in_guide(sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(sandbox / "guide")
    yield sandbox / "guide"


def run_cli(*args: str) -> tuple[int, str]:
    """``rubric-guide ARGS``, in this process: its exit code and what it printed."""
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def run_mkdocs(site_dir: str | None = None, config: str = "mkdocs.yml") -> str:
    """``mkdocs build [-d SITE_DIR] -f CONFIG``, in this process: the error that stopped it."""
    try:
        settings = load_config(config_file=config, site_dir=site_dir)
    except ConfigurationError as error:
        return f"MkDocs: {error}"  # MkDocs' own refusal, before any plugin runs
    except Abort as error:
        return f"MkDocs: {error}"
    settings.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build_command(settings)
    except Abort as error:
        return str(error)
    finally:
        settings.plugins.on_shutdown()
    raise AssertionError(f"mkdocs build -d {site_dir} built the site")


HOME = str(Path.home())

GENERATOR = str(Path(__file__).parents[1] / "generator")

OUTPUTS = [".", "..", "../..", "/", HOME, GENERATOR, f"{GENERATOR}/templates", "content",
           "content/site", "rubrics", "rubrics/site", "overrides", "overrides/site", ".git",
           ".git/site", ".cache", ".cache/rubric-guide", ".cache/rubric-guide/pdf/site",
           "mkdocs.yml", "district.yml", "../foreign", "../afile", "linked", "link-out"]
OUTPUTS += [folder for folder in FOLDERS if folder not in OUTPUTS]
"""Every folder of the project, and outside it: none may be a build's output folder."""

OTHERS_FILES = {"../foreign", "link-out", "notes"}
"""Folders refused only because they hold files no build of ours wrote."""

MKDOCS_REFUSES = {".", "..", "../..", "/", *(o for o in OUTPUTS if o.split("/")[0] == "content")}
"""What MkDocs' own settings check refuses (a site_dir holding docs_dir or inside it) before
any plugin runs, with its own message."""


def siblings() -> dict[str, set[str]]:
    """What the root folder and the folder that holds the home folder hold: a refused build
    of ``/`` or ``~`` leaves nothing beside them either."""
    return {folder: set(os.listdir(folder)) for folder in ("/", str(Path(HOME).parent))}


@pytest.mark.parametrize("output", OUTPUTS)
def test_an_output_folder_of_the_sources_or_outside_them_is_refused(sandbox, in_guide, output):
    beside = siblings()
    (in_guide / "alt.yml").write_text(f"INHERIT: mkdocs.yml\nsite_dir: {output}\n", "utf-8")
    before = tree(sandbox)
    typed = f"Error: -d {output}: {output} "
    for engine in ("mkdocs", "zensical"):
        code, printed = run_cli("build", "--engine", engine, "-d", output)
        assert code == 1 and printed.splitlines()[-1].startswith(typed), printed
        if output not in OTHERS_FILES:  # --clean allows replacing them, never the sources
            code, printed = run_cli("build", "--engine", engine, "--clean", "-d", output)
            assert code == 1 and printed.splitlines()[-1].startswith(typed), printed
        code, printed = run_cli("build", "--engine", engine, "-f", "alt.yml")
        assert code == 1, printed
        assert printed.splitlines()[-1].startswith(f"Error: alt.yml:2:11: site_dir: {output} ")
    for error in (run_mkdocs(output), run_mkdocs(config="alt.yml")):
        if output in MKDOCS_REFUSES:
            assert error.startswith("MkDocs: "), error
        else:
            assert error.startswith(("Error: -d ", "Error: alt.yml:2:11: site_dir: ")), error
    assert tree(sandbox) == before
    assert siblings() == beside


def test_the_messages_name_the_folder_as_typed_and_the_fix(in_guide):
    assert run_cli("build", "-d", "content")[1].splitlines()[-1] == (
        "Error: -d content: content is the guide's content folder (docs_dir), which a build "
        "would replace with the site; choose a folder outside the guide's sources, such as "
        "-d site")
    assert run_cli("build", "-d", "/")[1].splitlines()[-1] == (
        "Error: -d /: / is the root folder; choose a folder for the site alone, such as -d site")
    assert run_cli("build", "-e", "zensical", "-d", "content/site")[1].splitlines()[-1] == (
        "Error: -d content/site: content/site is inside content, the guide's content folder "
        "(docs_dir), where the site would mix with the guide's sources; choose a folder "
        "outside them, such as -d site")
    assert run_mkdocs("rubrics") == (
        "Error: -d rubrics: rubrics is the guide's rubrics folder (rubrics_dir), which a build "
        "would replace with the site; choose a folder outside the guide's sources, such as "
        "-d site")
    assert run_cli("build", "-d", "..")[1].splitlines()[-1] == (
        f"Error: -d ..: .. holds {in_guide}, the guide's folder, which a build would delete; "
        "choose a folder outside the guide's sources, such as -d site")
    assert run_cli("build", "-d", "../foreign")[1].splitlines()[-1] == (
        "Error: -d ../foreign: ../foreign holds files that no build of this guide wrote "
        "(index.html, notes/); a file the site should publish goes in content/; to replace "
        "them with the site, build with --clean, or choose a new or empty folder")
    assert run_mkdocs("../foreign").endswith(
        "to replace them with the site, build with RUBRIC_GUIDE_CLEAN=true, or choose a new or "
        "empty folder")
    assert run_cli("build", "-d", "../afile")[1].splitlines()[-1] == (
        "Error: -d ../afile: ../afile is a file, not a folder; move the file away or choose "
        "another folder, such as -d site")


def test_site_dir_in_mkdocs_yml_is_named_at_its_line(write_tree, monkeypatch):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MINIMAL_GUIDE["mkdocs.yml"]
                       + "site_dir: rubrics\n"})
    monkeypatch.chdir(root)
    expected = ("mkdocs.yml:6:11: site_dir: rubrics is the guide's rubrics folder (rubrics_dir), "
                "which a build would replace with the site; choose a folder outside the guide's "
                "sources, such as site_dir: site")
    assert run_cli("build")[1].splitlines()[-1] == f"Error: {expected}"
    assert run_mkdocs() == f"Error: {expected}"
    code, printed = run_cli("check")  # check refuses what the build would
    assert code == 1 and printed.splitlines()[-1] == f"Error: {expected}"
    # A command line that names another folder wins over the setting, as in MkDocs.
    assert run_cli("build", "-d", "rubrics")[1].splitlines()[-1].startswith(
        "Error: -d rubrics: rubrics is the guide's rubrics folder")


def test_an_empty_site_dir_is_named_as_empty(write_tree, monkeypatch):
    root = write_tree({**MINIMAL_GUIDE, "alt.yml": "INHERIT: mkdocs.yml\nsite_dir: ''\n"})
    monkeypatch.chdir(root)
    assert run_cli("build", "-f", "alt.yml")[1].splitlines()[-1] == (
        "Error: alt.yml:2:11: site_dir: '' (empty: the folder of the settings file) is the "
        "guide's folder, which a build would replace with the site; choose a folder outside "
        "the guide's sources, such as site_dir: site")


def test_a_cache_inside_the_output_or_the_sources_is_refused_at_its_line(write_tree,
                                                                          monkeypatch):
    root = write_tree({**MINIMAL_GUIDE, "district.yml": "cache_dir: site/pdf\n"})
    monkeypatch.chdir(root)
    assert run_cli("build")[1].splitlines()[-1] == (
        "Error: district.yml:1:12: cache_dir: the PDF cache site/pdf is inside the output "
        "folder site, which every build replaces; choose a folder outside it, such as "
        ".cache/rubric-guide/pdf")
    for cache, place in (("content/pdf", "is inside content, the guide's content folder "
                          "(docs_dir)"), (".", "is the guide's folder"),
                         ("rubrics", "is the guide's rubrics folder (rubrics_dir)")):
        (root / "district.yml").write_text(f"cache_dir: {cache}\n", encoding="utf-8")
        code, printed = run_cli("check")
        assert code == 1
        assert printed.splitlines()[-1] == (
            f"district.yml:1:12: cache_dir: the PDF cache {cache} {place}, where the cache "
            "would mix with the guide's sources; choose a folder outside them, such as "
            ".cache/rubric-guide/pdf")
    assert not (root / "site").exists() and not (root / "content/pdf").exists()


def test_a_site_published_before_sites_were_marked_is_known_by_its_stylesheet():
    assert EARLIER_MARK in ASSETS


# --- what a build carries from the previous site, with either engine -------------------------

EDITORS_FILES = ["index.md~", "#index.md#", "4913", "index.md___jb_old___"]
"""Files editors write beside a page: a backup, an auto-save, vim's test, JetBrains' copy."""

PREVIOUS = {".git/HEAD": "ref: refs/heads/gh-pages\n", ".git/objects/ab/cdef": "object\n",
            ".nojekyll": "", "CNAME": "guide.lakeside.example\n", "old-page.html": "old\n",
            "rubrics/gone/index.html": "a rubric removed since\n"}


def carried_build(python: WarmPython, tmp_path: Path, engine: str) -> tuple[Path, Tree, Tree]:
    """A guide built by ``engine`` into a folder that holds a previous site: with MkDocs, a
    folder no build of ours wrote (so the operator allows it) and a CNAME of the new site's
    own; with Zensical, a site of ours. Returns the site, and the sandbox outside the site
    and the build's own cache and lock, before and after. The build runs in a process forked
    by ``python``."""
    guide = tmp_path / "guide"
    write_files(guide, {**MINIMAL_GUIDE, "content/.hidden-draft.md": "# Not published\n",
                        **{f"content/{name}": "# An older draft\n" for name in EDITORS_FILES}})
    site = tmp_path / "published"
    write_files(site, PREVIOUS)
    own = (".cache", ".published.lock")  # the build's cache (made with its folder) and lock
    leave_out = ("published", *(f"guide/{name}" for name in own), *own)
    if engine == "mkdocs":
        (guide / "content/CNAME").write_text("new.lakeside.example\n", encoding="utf-8")
        before = tree(tmp_path, leave_out=leave_out)
        result = python.run("-m", "mkdocs", "build", "-d", str(site), cwd=guide,
                            env={"RUBRIC_GUIDE_CLEAN": "true"})
    else:
        (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        before = tree(tmp_path, leave_out=leave_out)
        result = python.run(*CLI[1:], "build", "--engine", engine, "-d", str(site), cwd=guide)
    assert result.returncode == 0, result.stderr
    return site, before, tree(tmp_path, leave_out=leave_out)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_build_carries_dotfiles_and_cname_and_replaces_the_rest(warm_python, tmp_path, engine):
    site, before, after = carried_build(warm_python, tmp_path, engine)
    assert after == before  # nothing outside the output, its cache and its lock changed
    assert (site / ".git/HEAD").read_text("utf-8") == PREVIOUS[".git/HEAD"]
    assert (site / ".git/objects/ab/cdef").read_text("utf-8") == "object\n"
    assert (site / ".nojekyll").is_file()
    assert (site / MARKER).read_text("utf-8").startswith(MARKER_TEXT)
    assert not (site / "old-page.html").exists() and not (site / "rubrics/gone").exists()
    assert (site / "rubrics/teamwork/index.html").is_file()
    # What editors leave beside a page (a backup, an auto-save) is no part of the site.
    assert [name for name in EDITORS_FILES if (site / name).exists()] == []
    # The new site's own CNAME wins over the previous one; otherwise the previous is kept.
    cname = "new.lakeside.example\n" if engine == "mkdocs" else PREVIOUS["CNAME"]
    assert (site / "CNAME").read_text("utf-8") == cname
    assert [p.name for p in site.parent.iterdir() if ".staging-" in p.name] == []


def test_a_build_never_deletes_files_added_to_the_site_it_published(warm_python, tmp_path):
    guide = write_files(tmp_path / "guide", NO_PDF_GUIDE)
    site = guide / "site"

    def build(*args: str, clean: bool = False) -> tuple[int, str]:
        result = warm_python.run(*CLI[1:], "build", *args, cwd=guide,
                                 env={"RUBRIC_GUIDE_CLEAN": "true" if clean else None})
        return result.returncode, " ".join((result.stdout + result.stderr).split())

    assert build()[0] == 0
    assert "rubrics/teamwork/index.html" in written_in(site)
    write_files(site, {"mine.txt": "precious\n", "uploads/x.pdf": "%PDF-\n",
                       "rubrics/.DS_Store": "", ".well-known/security.txt": "kept\n"})
    before = tree(tmp_path)
    code, printed = build()
    assert code == 1 and printed.endswith(
        "Error: site_dir: site holds files that no build of this guide wrote (mine.txt, "
        "uploads/x.pdf); a file the site should publish goes in content/; to replace them "
        "with the site, build with --clean, or choose a new or empty folder"), printed
    assert tree(tmp_path) == before
    assert build("--clean")[0] == 0
    assert not (site / "mine.txt").exists() and not (site / "uploads").exists()
    assert (site / ".well-known/security.txt").read_text("utf-8") == "kept\n"
    assert build()[0] == 0  # the site is the build's own again
    # A web root the site was copied into, beside another application's files.
    www = tmp_path / "www"
    shutil.copytree(site, www)
    write_files(www, {"index.php": "<?php\n", "otherapp/data.db": "rows\n"})
    code, printed = build("-d", str(www))
    assert code == 1 and f"{www} holds files that no build of this guide wrote (index.php, " \
        "otherapp/data.db)" in printed, printed
    assert (www / "otherapp/data.db").read_text("utf-8") == "rows\n"


def test_folders_are_named_as_an_operator_here_would_type_them(tmp_path, monkeypatch):
    deep = tmp_path / "a/b/c"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert [display(Path(p)) for p in (deep / "site", tmp_path / "a/x", "/", "/srv/guide")] == [
        "site", "../../x", "/", "/srv/guide"]


def test_a_guide_whose_settings_lack_the_plugin_is_not_built(write_tree, monkeypatch):
    """Without the plugin, MkDocs would clean the output itself, with none of these checks."""
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MINIMAL_GUIDE["mkdocs.yml"].replace(
        "plugins: [search, rubric-guide]", "plugins: [search]")})
    monkeypatch.chdir(root)
    before = tree(root)
    code, printed = run_cli("build", "-d", "rubrics")
    assert code == 2
    assert printed.splitlines()[-1] == (
        "Error: mkdocs.yml does not use the rubric-guide plugin, which builds the guide; add "
        "`- rubric-guide` under plugins:")
    assert tree(root) == before
