"""The ``rubric-guide`` command. Each subcommand only calls the library."""

from __future__ import annotations

from pathlib import Path

import click

from . import schema
from .build import GuideBuild


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rubric-guide")
def cli() -> None:
    """Publish rubric guides from YAML: check content, then build with MkDocs."""


@cli.command()
@click.option(
    "--project", "-p", "project_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("."), show_default=True, help="Folder holding mkdocs.yml, content/ and rubrics/.",
)
def check(project_dir: Path) -> None:
    """Validate every YAML file and template; print every problem, one per line.

    Folders are read from the project's mkdocs.yml (docs_dir and the rubric-guide plugin's
    options), as `mkdocs build` would. Exits 0 when the guide is ready to build, 1 when there
    are problems.
    """
    build = GuideBuild.from_mkdocs_yml(project_dir / "mkdocs.yml")
    build.prepare(render_pdfs=False)
    guide = build.guide
    click.echo(
        f"OK: {len(guide.rubrics)} rubrics, {len(guide.standards)} standards, "
        f"{len(guide.sources)} sources, {len(build.pages)} generated pages."
    )


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
        click.echo(f"OK: {len(schema.KINDS)} schemas match the data model.")
        return
    changed = schema.write(directory)
    where = schema.display(directory)
    for line in changed:
        click.echo(f"{where}/{line}")
    click.echo(f"OK: {len(schema.KINDS)} schemas in {where}/, {len(changed)} updated.")


def main() -> None:
    cli(prog_name="rubric-guide")
