"""What an operator can get wrong about where things are, each answered by one `Error:` line
(or a problem at its line) that says what was expected and the fix: never a traceback, and
never Python's or pydantic's words."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.output import display

from .conftest import CLI, MINIMAL_GUIDE, MKDOCS_YML
from .helpers import run_as_a_user
from .sandbox import write_files


def rubric_guide(*args: str) -> tuple[int, list[str]]:
    """``rubric-guide ARGS`` in this process: the exit code and the lines it printed."""
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.exception
    return result.exit_code, result.output.splitlines()


@pytest.fixture
def guide(write_tree, monkeypatch) -> Path:
    root = write_tree(MINIMAL_GUIDE)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_preview_at_an_address_in_use_says_so_and_stages_nothing(guide, engine):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        code, lines = rubric_guide("serve", "--engine", engine, "-a", address)
    assert code == 1
    assert lines[-1] == (f"Error: cannot serve the preview at {address}: Address already in "
                         "use; stop what serves there (another preview?) or choose another "
                         "address, such as -a 127.0.0.1:8001")
    # Zensical's preview of the guide, which another preview may be serving, is left alone.
    assert not (guide / ".cache/rubric-guide/zensical").exists()


def test_a_project_that_is_a_file_is_a_usage_error_with_the_fix(guide):
    code, lines = rubric_guide("check", "--project", "mkdocs.yml")
    assert code == 2
    assert lines[-1] == ("Error: Invalid value for '--project' / '-p': mkdocs.yml is a file; "
                         "give the folder that holds the guide's mkdocs.yml, here --project .")


def test_run_from_a_folder_inside_a_guide_says_where_the_guide_is(guide, monkeypatch):
    monkeypatch.chdir(guide / "rubrics")
    for command in (["check"], ["build"], ["build", "-e", "zensical"], ["serve"]):
        code, lines = rubric_guide(*command)
        assert code == 2, command
        assert lines[-1] == ("Error: no mkdocs.yml in this folder; the guide is in ..: run "
                             "the command there, or add --project ..")


@pytest.mark.parametrize("command", [["check"], ["build"], ["build", "-e", "zensical"],
                                     ["serve"], ["export", "-t", "json"], ["new", "rubric", "x"],
                                     ["import", "rubric.csv"]])
def test_a_folder_that_is_no_guide_says_how_to_name_one(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rubric.csv").write_text("Criterion,Emerging\nA,B\n", encoding="utf-8")
    code, lines = rubric_guide(*command)
    assert code == 2
    assert lines[-1] == ("Error: no mkdocs.yml in this folder; cd into the guide's folder, or "
                         "name its settings with -f path/to/mkdocs.yml (or its folder with "
                         "--project DIR)")


def test_a_settings_file_named_from_outside_the_guide_is_the_guides(write_tree, monkeypatch):
    root = write_tree({f"guide/{path}": text for path, text in MINIMAL_GUIDE.items()})
    monkeypatch.chdir(root)
    assert rubric_guide("check", "-f", "guide/mkdocs.yml") == (
        0, ["OK: 1 rubric, 0 standards, 0 checklists, 1 source, 7 pages, 2 PDFs."])


@pytest.mark.parametrize("fmt", ["canvas", "case", "json"])
def test_an_export_format_given_as_f_says_f_is_config_and_how_to_give_the_format(guide, fmt):
    code, lines = rubric_guide("export", "-f", fmt)
    assert code == 2
    assert lines[-1] == (f"Error: Invalid value for '--config' / '-f': '{fmt}' is an export "
                         f"format, not a settings file: -f is --config in every command; give "
                         f"the format with --format {fmt} (or -t {fmt})")


def test_a_project_folder_that_is_no_guide_says_to_give_the_guides(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    assert rubric_guide("check", "--project", "notes")[1][-1] == (
        "Error: no mkdocs.yml in notes; give --project the guide's folder (the folder that "
        "holds mkdocs.yml)")


def test_a_content_folder_linked_from_elsewhere_is_read_and_named_as_linked(tmp_path,
                                                                             monkeypatch,
                                                                             warm_python):
    guide = write_files(tmp_path / "guide", MINIMAL_GUIDE)
    (guide / "content").rename(tmp_path / "shared-content")
    (guide / "content").symlink_to(tmp_path / "shared-content")
    monkeypatch.chdir(guide)
    assert rubric_guide("check") == (0, ["OK: 1 rubric, 0 standards, 0 checklists, 1 source, "
                                         "7 pages, 2 PDFs."])
    (tmp_path / "shared-content/scales.yml").write_text("scales: [\n", encoding="utf-8")
    code, lines = rubric_guide("check")
    assert code == 1 and lines[1].startswith("content/scales.yml:1:9: YAML syntax error")
    (tmp_path / "shared-content/scales.yml").write_text(MINIMAL_GUIDE["content/scales.yml"],
                                                         encoding="utf-8")
    result = warm_python.run("-m", "mkdocs", "build", "-d", str(tmp_path / "s"), cwd=guide)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s/rubrics/teamwork/index.html").is_file()
    assert not (tmp_path / "s/scales.yml").exists()  # data files stay out of the site


def test_a_content_folder_outside_the_project_is_read(tmp_path, monkeypatch):
    guide = write_files(tmp_path / "guide", {
        **MINIMAL_GUIDE, "mkdocs.yml": MKDOCS_YML.replace("docs_dir: content",
                                                          "docs_dir: ../shared")})
    (guide / "content").rename(tmp_path / "shared")
    monkeypatch.chdir(guide)
    assert rubric_guide("check")[0] == 0
    (tmp_path / "shared/principles.yml").write_text("title: [\n", encoding="utf-8")
    code, lines = rubric_guide("check")
    assert code == 1
    assert lines[1].startswith(f"{tmp_path}/shared/principles.yml:1:8: YAML syntax error")


def test_an_overrides_folder_that_is_a_file_is_refused_at_its_line(guide):
    (guide / "district.yml").write_text("overrides_dir: mkdocs.yml\n", encoding="utf-8")
    assert rubric_guide("check")[1][1:] == [
        "district.yml:1:16: overrides_dir: mkdocs.yml is a file, not a folder; move the file "
        "away, or set overrides_dir to the folder of the guide's templates and message "
        "catalogues"]


@pytest.mark.parametrize(("value", "expected"), [
    ("edition: 2026-01-01", 'district.yml:1:10: edition: expected text, found the date '
     '2026-01-01; YAML reads a date as a date, not as text: put it in quotes, as in edition: '
     '"2026-01-01"'),
    ("footer: !!binary /w==", "district.yml:1:9: footer: expected text, found binary data "
     "(!!binary) that is not UTF-8 text; write the text itself, without !!binary"),
])
def test_values_yaml_reads_as_something_else_are_explained(guide, value, expected):
    (guide / "district.yml").write_text(value + "\n", encoding="utf-8")
    assert rubric_guide("check")[1][1:] == [expected]


def test_a_score_that_is_no_number_is_explained(guide):
    scales = guide / "content/scales.yml"
    scales.write_text(scales.read_text("utf-8").replace("score: 3", "score: .inf"), "utf-8")
    assert rubric_guide("check")[1][1:] == [
        "content/scales.yml:7:44: scales[0].levels[2].score: expected a whole number, found "
        "the number inf; write a number such as 3"]


@pytest.mark.parametrize(("setting", "expected"), [
    ("site_name: 5", "site_name: expected text, found the number 5; YAML reads yes/no/on/off "
     "and numbers as values: put the text in quotes"),
    ("use_directory_urls: maybe", "use_directory_urls: expected true or false, found the text "
     "'maybe'"),
    ("nav: 5", "nav: expected a list of pages, found the number 5"),
    ("markdown_extensions: [nosuchext]", "markdown_extensions: there is no Markdown extension "
     "'nosuchext'; correct its name, or install the package that provides it"),
    ("hooks: [nothere.py]", "hooks: there is no file nothere.py; create it, or correct the "
     "path"),
])
def test_mkdocs_settings_are_explained_in_the_guides_words(guide, setting, expected):
    key = setting.split(":")[0]
    text = "".join(line for line in MKDOCS_YML.splitlines(keepends=True)
                   if not line.startswith(f"{key}:"))
    (guide / "mkdocs.yml").write_text(text + setting + "\n", encoding="utf-8")
    code, lines = rubric_guide("check")
    assert code == 1
    line = len(text.splitlines()) + 1
    assert lines[1:] == [f"mkdocs.yml:{line}:{len(key) + 3}: {expected}"]


def test_no_command_meets_a_traceback_for_these(guide, warm_python):
    """The same mistakes through the installed command, as an operator meets them."""
    (guide / "district.yml").write_text("edition: 2026-01-01\n", encoding="utf-8")
    for args, cwd in ((["check", "-p", "mkdocs.yml"], guide), (["build"], guide / "content"),
                      (["build", "-d", "/"], guide)):
        result = warm_python.run(*CLI[1:], *args, cwd=cwd)
        assert result.returncode in (1, 2), args
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output
        assert [line for line in output.splitlines() if line.startswith("Error:")], args


def test_a_folder_far_away_that_cannot_be_written_is_named_as_given(guide, tmp_path_factory):
    far = tmp_path_factory.mktemp("far") / "a" / "b" / "c" / "locked"
    far.mkdir(parents=True)
    far.chmod(0o555)
    try:
        result = run_as_a_user("rubric-guide", "build", "-d", str(far / "site"), cwd=guide)
    finally:
        far.chmod(0o755)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    shown = display(far)  # as typed from the guide's folder: relative when it is near
    assert [line for line in output.splitlines() if line.startswith("Error:")] == [
        f"Error: could not prepare the new site in {far}/site/: {shown}: permission denied; "
        f"make it writable (for example chmod u+w {shown}) or run as a user who may write it; "
        "the site is unchanged"]


@pytest.mark.parametrize(("args", "setup", "expected"), [
    (["export", "-t", "json", "-o", "README.md"], {"README.md": "# Read me\n"},
     "Error: cannot write the exports into README.md: README.md is a file, where a folder is "
     "needed; move the file away or choose another path"),
    (["export", "-t", "canvas", "-o", "README.md/x"], {"README.md": "# Read me\n"},
     "Error: cannot write the exports into README.md/x: a part of README.md/x is a file, not "
     "a folder; move that file away or choose another path"),
    (["new", "rubric", "a" * 300], {},
     "Error: Invalid value for ID: a rubric id, which is its file name and web address, has "
     "at most 100 characters, and this one has 300; choose a shorter one"),
    (["new", "rubric", "teams", "--force"], {"rubrics/teams.yml/.keep": ""},
     "Error: cannot write rubrics/teams.yml: it is a folder, not a file; rename or move the "
     "folder"),
    (["serve", "-a", "127.0.0.1:99999"], {},
     "Error: Invalid value for '--dev-addr' / '-a': '127.0.0.1:99999' is not IP:PORT with a "
     "port from 1 to 65535; give one such as 127.0.0.1:8000"),
    (["translate", "es"], {"translations": "a file\n"},
     "Error: translations/es.po:1:1: cannot write this file: translations is a file, where a "
     "folder is needed; move the file away or choose another path"),
    (["translate", "es"], {"translations/es.po/.keep": ""},
     "Error: translations/es.po:1:1: cannot read this file: it is a folder, not a file; rename or "
     "move the folder"),
    (["translate", "es"], {"translations/es.po": 'msgid ""\nmsgstr "Espa\udcf1ol"\n'},
     "Error: translations/es.po:2:13: the file is not UTF-8 text (byte 0xf1 here); save it as "
     "UTF-8 (Poedit and other PO editors do)"),
])
def test_a_command_meets_a_path_it_cannot_use_with_the_fix(guide, args, setup, expected):
    for name, text in setup.items():
        path = guide / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    code, lines = rubric_guide(*args)
    assert code in (1, 2)
    assert lines[-1] == expected, lines
