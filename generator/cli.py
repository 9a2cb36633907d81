"""The ``rubric-guide`` command. Each subcommand only calls the library."""

from __future__ import annotations

import errno
import logging
import os
import socket
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import click

from . import exports, imports, scaffold, schema, translate
from .build import GuideBuild
from .errors import counted, os_reason, shown, stopped_by_strict, warning_lines
from .i18n import unsupported_language
from .kinds import RUBRIC, SCALES
from .languages import interface_messages, navigation_texts, own_titles
from .mkdocs_config import load_mkdocs_config, plugin_options
from .options import PLUGIN
from .output import Output, check_guide_output, display
from .publish import Summary
from .settings import relabel_scale
from .validate import check_new_file, load_scales

FuncT = Callable[..., Any]


def _project_folder(context: click.Context, parameter: click.Parameter, value: Path) -> Path:
    """``--project`` as given, once it is known to be a folder."""
    if value.is_dir():
        return value
    hint = f", here --project {display(value.parent)}" if value.is_file() else ""
    what = "a file" if value.exists() else "not there"
    raise click.BadParameter(f"{value} is {what}; give the folder that holds the guide's "
                             f"mkdocs.yml{hint}", context, parameter)


def project_option(function: FuncT) -> FuncT:
    """The ``--project`` option every command shares."""
    return click.option(
        "--project", "-p", "project_dir", type=click.Path(path_type=Path),
        default=Path("."), show_default=True, callback=_project_folder,
        help="Folder holding mkdocs.yml, content/ and rubrics/.",
    )(function)


def settings_file(project_dir: Path, config_file: Path | None = None) -> Path:
    """The project's settings file (mkdocs.yml unless ``config_file``), which must exist. Run
    outside a guide, the message says how to name it; inside one, where the guide is."""
    path = project_dir / (config_file or "mkdocs.yml")
    if path.is_file() or config_file is not None:
        return path  # a file that cannot be read is reported with the reason
    named = project_dir != Path(".")
    here = display(project_dir) if named else "this folder"
    for folder in Path(os.path.abspath(project_dir)).parents:
        if (folder / "mkdocs.yml").is_file():
            raise click.UsageError(
                f"no mkdocs.yml in {here}; the guide is in {display(folder)}: run the command "
                f"there, or add --project {display(folder)}")
    if named:
        raise click.UsageError(f"no mkdocs.yml in {here}; give --project the guide's folder "
                               "(the folder that holds mkdocs.yml)")
    raise click.UsageError(f"no mkdocs.yml in {here}; cd into the guide's folder, or name its "
                           "settings with -f path/to/mkdocs.yml (or its folder with --project "
                           "DIR)")


def force_option(function: FuncT) -> FuncT:
    return click.option("--force", is_flag=True,
                        help="Replace the rubric file if it already exists.")(function)


def output_option(function: FuncT) -> FuncT:
    return click.option(
        "--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Folder to write the rubric file into; the project's rubrics folder by default.",
    )(function)


def _settings_file_named(context: click.Context, parameter: click.Parameter,
                         value: Path | None) -> Path | None:
    """``--config`` as given; to ``export``, an export format is a format given as ``-f``."""
    if value is not None and context.info_name == "export" and str(value) in exports.FORMATS:
        raise click.BadParameter(
            f"'{value}' is an export format, not a settings file: -f is --config in every "
            f"command; give the format with --format {value} (or -t {value})", context,
            parameter)
    return value


def config_option(function: FuncT) -> FuncT:
    """The ``--config`` option of the commands that read a project's settings."""
    return click.option(
        "--config", "-f", "config_file", type=click.Path(dir_okay=False, path_type=Path),
        default=None, metavar="FILE", callback=_settings_file_named,
        help="The settings file, as `mkdocs build -f FILE` reads it (a district's file that "
             "INHERITs mkdocs.yml, say), relative to the project folder; mkdocs.yml when "
             "left out.",
    )(function)


def project_build(project_dir: Path, config_file: Path | None = None) -> GuideBuild:
    """The project's build, its folders read from its settings file as `mkdocs build` would."""
    return GuideBuild.from_mkdocs_yml(settings_file(project_dir, config_file))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rubric-guide")
def cli() -> None:
    """Publish rubric guides from YAML: check content, export and import rubrics, then build
    the site with MkDocs or Zensical (build --engine zensical).

    Every command that reads a guide takes --project DIR (the folder that holds mkdocs.yml;
    the current folder when left out) and -f/--config FILE (another settings file)."""


@cli.command()
@click.option("--strict", "-s", is_flag=True,
              help="Refuse warnings too (placeholders not yet replaced), as `mkdocs build "
                   "--strict` does.")
@config_option
@project_option
def check(strict: bool, config_file: Path | None, project_dir: Path) -> None:
    """Validate every YAML file and template; print every problem, one per line.

    Folders are read from the project's mkdocs.yml (docs_dir and the rubric-guide plugin's
    options) and district.yml, as `mkdocs build` would. Exits 0 when the guide is ready to
    build, 1 when there are problems. Warnings (a placeholder left from `rubric-guide new
    rubric`) are listed too; the guide still builds, but not with --strict.
    """
    settings = load_mkdocs_config(settings_file(project_dir, config_file))
    build = GuideBuild.from_config(settings, plugin_options(settings))
    build.prepare(render_pdfs=False)
    check_guide_output(settings, build, clean=True)  # what the settings name as the output
    warnings = [*build.guide.warnings, *build.link_warnings]
    if warnings:
        lines, advice = warning_lines(warnings)
        click.echo(f"Warning: {counted(len(warnings), 'thing')} to finish in the guide's "
                   "content:", err=True)
        for line in [*lines, *advice]:
            click.echo(line, err=True)
        if strict:
            raise click.ClickException(stopped_by_strict(warnings))
    click.echo(f"OK: {Summary.of(build)}.")


ENGINES = ("mkdocs", "zensical")


def engine_option(function: FuncT) -> FuncT:
    return click.option(
        "--engine", "-e", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
        help="mkdocs: MkDocs with Material for MkDocs, as `mkdocs build`; zensical: "
             "Zensical, Material's successor (pip install -e '.[zensical]').",
    )(function)


def _mkdocs_logging() -> None:
    """The build's log lines on the terminal, as `mkdocs build` shows them."""
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    if not any(h.name == "MkDocsStreamHandler" for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(ColorFormatter())
        handler.name = "MkDocsStreamHandler"
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


@cli.command("build")
@engine_option
@click.option("--site-dir", "-d", type=click.Path(path_type=Path), default=None,
              help="Where to write the site, relative to the current folder; the settings' "
                   "site_dir when left out.")
@click.option("--clean", is_flag=True,
              help="Replace the output folder even if it holds files no build of this guide "
                   "wrote (names starting with a dot and CNAME are kept).")
@click.option("--strict", "-s", is_flag=True, help="Stop on warnings, as `mkdocs build "
                                                   "--strict`.")
@config_option
@project_option
def build_command(engine: str, site_dir: Path | None, clean: bool, strict: bool,
                  config_file: Path | None, project_dir: Path) -> None:
    """Build the guide into its site folder, with MkDocs or Zensical.

    The new site is written beside the old one and takes its place only once it is complete,
    so a build that fails or is stopped leaves the published site as it was. The build writes
    only there: it refuses a folder of the guide's sources, and a folder of files it did not
    write unless --clean. With the default engine this is `mkdocs build`.
    """
    _mkdocs_logging()
    config = settings_file(project_dir, config_file)
    output = Output.typed(site_dir) if site_dir is not None else None
    if engine == "zensical":
        from . import zensical_site

        zensical_site.build_site(config, output, strict=strict, clean=clean)
        return
    from mkdocs.commands.build import build as mkdocs_build

    settings = load_mkdocs_config(config, strict=True if strict else None)
    plugin = settings.plugins.get(PLUGIN)
    site = getattr(plugin, "site", None)
    if site is None:
        raise click.UsageError(f"{config} does not use the {PLUGIN} plugin, which builds the "
                               f"guide; add `- {PLUGIN}` under plugins:")
    if output is not None:
        settings["site_dir"] = str(output.path)
    site.named(output, clean=clean)
    settings.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(settings)
    finally:
        settings.plugins.on_shutdown()


def _address(context: click.Context, parameter: click.Parameter, value: str) -> str:
    """``--dev-addr`` as given, once it is an address and a port a server can listen at."""
    host, colon, port = value.rpartition(":")
    if colon and host and port.isdigit() and 0 < int(port) < 65536:
        return value
    raise click.BadParameter(f"'{value}' is not IP:PORT with a port from 1 to 65535; give one "
                             "such as 127.0.0.1:8000", context, parameter)


@cli.command("serve")
@engine_option
@click.option("--dev-addr", "-a", "address", default="127.0.0.1:8000", show_default=True,
              metavar="IP:PORT", callback=_address, help="Where to serve the preview.")
@config_option
@project_option
def serve_command(engine: str, address: str, config_file: Path | None,
                  project_dir: Path) -> None:
    """Preview the guide, rebuilt whenever a file of it changes.

    While an edit leaves problems in the content, every page lists them, and the browser
    reloads into the guide once they are fixed.
    """
    _mkdocs_logging()
    config = settings_file(project_dir, config_file)
    if engine == "zensical":
        from . import zensical_site

        # Zensical's server says so only once the guide is staged, and exits with 0.
        if (reason := _listen_problem(address)) is not None:
            raise _cannot_serve(address, reason)
        zensical_site.serve_site(config, address)
        return
    from mkdocs.commands.serve import serve

    from .mkdocs_preview import quiet_dirty_warning

    load_mkdocs_config(config)  # mistakes in the settings, each at its line
    # Dirty rebuilds: MkDocs builds only the pages an edit changed (see mkdocs_preview).
    quiet_dirty_warning()
    try:
        serve(config_file=str(config), dev_addr=address, livereload=True, build_type="dirty")
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        raise _cannot_serve(address, exc.strerror or str(exc)) from None


def _cannot_serve(address: str, reason: str) -> click.ClickException:
    return click.ClickException(f"cannot serve the preview at {address}: {reason}; stop what "
                                "serves there (another preview?) or choose another address, "
                                "such as -a 127.0.0.1:8001")


def _listen_problem(address: str) -> str | None:
    """Why a server cannot listen at ``address`` (``IP:PORT``), or None."""
    host, _, port = address.rpartition(":")
    try:
        family, kind, _, _, where = socket.getaddrinfo(host.strip("[]"), int(port),
                                                       type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind) as listener:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
            listener.bind(where)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


@cli.command("export")
# -t as pandoc's --to: -f is --config in every command.
@click.option("--format", "-t", "fmt", type=click.Choice(list(exports.FORMATS)), required=True,
              help="canvas: Canvas's rubric import CSV; case: a CASE 1.1 package; json: the "
                   "rubric with its scale, principles and sources.")
@click.option("--rubric", "-r", "rubric_ids", multiple=True, metavar="ID",
              help="A rubric to export (repeat for more); every rubric when left out.")
@click.option("--output", "-o", default="exports", show_default=True, metavar="DIR|-",
              help="Folder to write <id>.canvas.csv, <id>.case.json or <id>.json into, or - "
                   "to print one rubric.")
@config_option
@project_option
def export(fmt: str, rubric_ids: tuple[str, ...], output: str, config_file: Path | None,
           project_dir: Path) -> None:
    """Export rubrics for other systems: Canvas, CASE 1.1 or JSON.

    The same files are published beside each rubric in the built site.
    """
    build = project_build(project_dir, config_file)
    build.load()
    rubrics = exports.select_rubrics(build.guide, rubric_ids)
    settings = build.case_settings()
    if output == "-":
        if len(rubrics) != 1:
            raise click.UsageError(
                "--output - prints one rubric; choose it with --rubric ID (this guide has "
                f"{len(rubrics)}: {', '.join(r.id for r in rubrics)})")
        # Bytes, so the CSV keeps its CRLF line ends on every platform.
        text = exports.export_text(build.guide, rubrics[0], fmt, settings)
        click.echo(text.encode("utf-8"), nl=False)
        return
    try:
        written = exports.write_files(build.guide, rubrics, fmt, settings, Path(output))
    except OSError as exc:
        raise click.ClickException(
            f"cannot write the exports into {output}: "
            f"{os_reason(exc, output, writing=True)}") from None
    for path in written:
        click.echo(f"Wrote {path}")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "rubric_id", metavar="ID",
              help="The new rubric's id and file name; made from its title when left out.")
@click.option("--scale", "scale_id", metavar="SCALE",
              help="The scale to use, by its id in the guide's scales file; found from the "
                   "CSV's level labels when left out.")
@click.option("--title", help="The rubric's title; a Canvas CSV's Rubric Name, or the file's "
                              "name, when left out.")
@output_option
@force_option
@config_option
@project_option
def import_(file: Path, rubric_id: str | None, scale_id: str | None, title: str | None,
            output: Path | None, force: bool, config_file: Path | None,
            project_dir: Path) -> None:
    """Turn a spreadsheet CSV into a rubric file, rubrics/<id>.yml.

    FILE is a CSV in Canvas's rubric import layout (Rubric Name, Criteria Name, ...) or a
    plain table: a header row "Criterion,<level label>,<level label>,...", optionally with
    Description and Evidence columns, then one row per criterion. Principles and sources are
    not in a CSV: add them to the written file.
    """
    build = project_build(project_dir, config_file)
    if rubric_id is not None:
        scaffold.check_rubric_id(rubric_id)
    rubric = imports.read_rubric(file, load_scales(build.project), scale_id=scale_id,
                                 defined_in=build.project.home_of(SCALES),
                                 title=title, rubric_id=rubric_id,
                                 check=partial(check_new_file, build.project, RUBRIC))
    scaffold.check_rubric_id(rubric.id)
    path = scaffold.write_rubric(output or build.project.rubrics_dir, rubric.id, rubric.text,
                                 force)
    criteria = counted(rubric.criteria, "criterion", "criteria")
    click.echo(f"Wrote {shown(path)}: {criteria} on the scale "
               f"'{rubric.scale}'. Add any principles and sources, then run "
               "`rubric-guide check`.")


@cli.group()
def new() -> None:
    """Start new content from a template."""


@new.command("rubric")
@click.argument("rubric_id", metavar="ID")
@click.option("--scale", "scale_id", metavar="SCALE",
              help="The scale to use, by its id in the guide's scales file; needed when "
                   "there are several.")
@click.option("--title", help="The rubric's title; made from its id when left out.")
@output_option
@force_option
@config_option
@project_option
def new_rubric(rubric_id: str, scale_id: str | None, title: str | None, output: Path | None,
               force: bool, config_file: Path | None, project_dir: Path) -> None:
    """Write a new rubric, rubrics/ID.yml, with placeholder criteria on a scale.

    Every descriptor reads "Describe ... at <level>" (in the guide's language, with its
    level labels) until you replace it: the guide still builds, `rubric-guide check` lists
    each one left, and --strict builds refuse them.
    """
    build = project_build(project_dir, config_file)
    scale = scaffold.choose_scale(load_scales(build.project), scale_id,
                                  build.project.home_of(SCALES))
    # In the district's language, with its labels for the levels.
    text = scaffold.new_rubric(rubric_id, relabel_scale(scale, build.options.levels), title,
                               interface_messages(build)[0])
    path = scaffold.write_rubric(output or build.project.rubrics_dir, rubric_id, text, force)
    click.echo(f"Wrote {shown(path)}. Replace its placeholders, then run "
               "`rubric-guide check`.")


@cli.command("translate")
@click.argument("language")
@config_option
@project_option
def translate_command(language: str, config_file: Path | None, project_dir: Path) -> None:
    """Write the guide's texts into translations/LANGUAGE.po for translators.

    Every text of the content (rubrics, principles, standards, checklists, the pages in
    paragraphs, headings, list items and table cells, navigation titles) becomes an entry
    with its source location. Run again after an upstream release: new texts are added,
    removed ones kept as obsolete, and a text whose source changed keeps its translation
    marked fuzzy, with the previous source text. Translate with any PO editor (Poedit,
    Weblate, Crowdin); list the language under `translations:` in district.yml to publish it
    at /LANGUAGE/.
    """
    build = project_build(project_dir, config_file)
    if reason := unsupported_language(language, build.overrides_dir):
        raise click.BadParameter(reason, param_hint="LANGUAGE")
    if language == build.content_language:
        raise click.BadParameter(
            f"'{language}' is the language the content is written in (content_language in "
            "district.yml); give the language to translate it into", param_hint="LANGUAGE")
    build.load()
    try:
        path, report = translate.translate(build.guide, build.project, language,
                                           build.site_name, navigation_texts(build),
                                           own_titles(build, language))
    except translate.TranslationError as exc:
        raise click.ClickException("\n".join(map(str, exc.problems))) from None
    click.echo(f"Wrote {shown(path)}: {translate.summary(report)}.")
    if language not in build.translations:
        click.echo(f"To publish it at /{language}/, add it to district.yml: "
                   f"translations: [{language}]")


@cli.command("schema")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 and name every file that differs from the model.")
@click.option(
    "--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
    default=schema.SCHEMAS_DIR, help="Folder of the schema files.  [default: generator/schemas]",
)
def schema_command(check_only: bool, directory: Path) -> None:
    """Write the JSON Schemas of the YAML files, generated from the data model.

    Editors use them to complete keys, explain each one and mark mistakes while you type; see
    "Editor support" on the YAML format reference page. Run it after changing
    generator/model.py, and commit the files.
    """
    if check_only:
        schema.check(directory)
        click.echo(f"OK: {len(schema.generated())} schemas match the data model.")
        return
    changed = schema.write(directory)
    where = shown(directory)
    for line in changed:
        click.echo(f"{where}/{line}")
    click.echo(f"OK: {len(schema.generated())} schemas in {where}/, {len(changed)} updated.")


def main() -> None:
    cli(prog_name="rubric-guide")
