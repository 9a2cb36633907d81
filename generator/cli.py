"""The ``rubric-guide`` command. Each subcommand only calls the library."""

from __future__ import annotations

from pathlib import Path

import click

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


def main() -> None:
    cli(prog_name="rubric-guide")
