"""Publishing recipes that are true: the shipped GitHub and GitLab files run the README's own
commands, CI runs the README's test command, the build publishes into GitLab's public/, and
the build and `rubric-guide check` count what is published the same way."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from generator.compiled import TEMPLATES_CACHE
from generator.output import CACHE_ROOT, MARKER, MARKER_TEXT, marker_text

from .helpers import MINIMAL_GUIDE, ROOT, RUBRIC_YML, WarmPython, rubric_guide_here, with_options

WORKFLOW = ROOT / ".github/workflows/publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def readme_commands() -> tuple[str, str]:
    """The README's first two commands, without their comments: set up and build the guide,
    set up and run the tests."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    build, test = (line.split("  #", 1)[0].strip() for line in block.splitlines())
    return build, test


def readme_debian_packages() -> list[str]:
    """The system packages the README has a Debian machine install to build the guide."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Debian/Ubuntu: `sudo apt-get install ([^`]+)`", readme)
    assert found, "the README names the Debian packages the build needs"
    return found.group(1).split()


def installed_packages(command: str) -> list[str]:
    """The packages an ``apt-get install`` in ``command`` installs."""
    install = command.split("apt-get install", 1)[1].split("&&", 1)[0]
    return [word for word in install.split() if not word.startswith("-")]


def test_the_readme_begins_with_the_two_commands_in_a_virtual_environment():
    build, test = readme_commands()
    setup = "python3 -m venv .venv && . .venv/bin/activate && pip install -e "
    assert build == setup + ". && mkdocs build"
    assert test == setup + "'.[test]' && pytest"


def test_ci_runs_exactly_the_readmes_test_command():
    script = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    last = [line for line in script if line.strip() and not line.startswith("#")][-1]
    assert last == readme_commands()[1]


# --- GitHub Pages ---------------------------------------------------------------------------


def workflow_steps() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return workflow, job["steps"]


def step_using(steps: list[dict[str, Any]], action: str) -> int:
    found = [i for i, step in enumerate(steps) if step.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"one step uses {action}"
    return found[0]


def test_the_github_workflow_builds_with_the_readmes_command():
    _, steps = workflow_steps()
    runs = [step.get("run", "") for step in steps]
    build = runs.index(readme_commands()[0])  # the very command, not a copy that drifts
    install = next(i for i, run in enumerate(runs) if "apt-get install" in run)
    assert installed_packages(runs[install]) == readme_debian_packages()
    assert step_using(steps, "actions/checkout") < install < build
    # The address GitHub publishes at, from the official action that knows it.
    pages = step_using(steps, "actions/configure-pages")
    assert pages < build and steps[pages]["id"] == "pages"
    assert steps[build]["env"] == {"SITE_URL": "${{ steps.pages.outputs.base_url }}"}


def test_the_github_workflow_deploys_site_with_the_official_actions():
    workflow, steps = workflow_steps()
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "!ENV", ""))
    site_dir = settings.get("site_dir", "site")
    build = [step.get("run") for step in steps].index(readme_commands()[0])
    upload = step_using(steps, "actions/upload-pages-artifact")
    deploy = step_using(steps, "actions/deploy-pages")
    assert build < upload < deploy
    assert steps[upload]["with"] == {"path": f"{site_dir}/"}
    assert workflow["permissions"] == {"contents": "read", "pages": "write",
                                       "id-token": "write"}
    (job,) = workflow["jobs"].values()
    assert job["environment"]["name"] == "github-pages"
    # Skipped, not failed, until Pages is on; only the default branch is published.
    assert job["if"] == ("github.event.repository.has_pages && github.ref_name == "
                         "github.event.repository.default_branch")


# --- GitLab Pages ---------------------------------------------------------------------------


def gitlab_job() -> dict[str, Any]:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]


def test_the_gitlab_job_builds_into_public_with_the_readmes_command():
    job = gitlab_job()
    install, build = job["script"]
    assert installed_packages(install) == readme_debian_packages()
    assert job["image"].startswith("debian:")  # the system the README's packages are for
    assert build == readme_commands()[0] + " -d public"
    assert job["artifacts"]["paths"] == ["public"]
    assert job["variables"]["SITE_URL"] == "$CI_PAGES_URL"
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_gitlab_build_publishes_the_guide_in_public(write_tree, warm_python):
    guide = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": with_options("pdf: false")})
    command = shlex.split(gitlab_job()["script"][-1].split(" && ")[-1])
    assert command == ["mkdocs", "build", "-d", "public"]
    before = {p.relative_to(guide).as_posix() for p in guide.rglob("*")}
    for _ in range(2):  # the second build replaces what the first published
        log = run(warm_python, ["-m", *command], guide)
        assert ("Published 1 rubric, 0 standards, 0 checklists, 1 source, 7 pages, 0 PDFs to "
                "public"
                in log)
    assert (guide / "public/index.html").is_file()
    assert (guide / "public/rubrics/teamwork/index.html").is_file()
    made = {p.relative_to(guide).as_posix() for p in guide.rglob("*")} - before
    # Besides the site: the templates it compiled, kept for the next build.
    kept = f"{CACHE_ROOT}/{TEMPLATES_CACHE}"
    assert {name.split("/")[0] for name in made} == {"public", ".public.lock", ".cache"}
    assert all(kept.startswith(name) or name.startswith(kept + "/")
               for name in made if name.startswith(".cache"))


def run(python: WarmPython, args: list[str], cwd: Path) -> str:
    """Run ``python ARGS`` in ``cwd`` (forked by ``python``), which must succeed; returns what
    it logged."""
    result = python.run(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stderr


# --- What is published, counted once -------------------------------------------------------


def published(log: str) -> str:
    """What a build's log says it published."""
    found = re.search(r"Published (.+?) to \S+", " ".join(log.split()))
    assert found, log
    return found.group(1)


def checked(cwd: Path) -> str:
    """What `rubric-guide check` in ``cwd`` says the guide will publish."""
    result = rubric_guide_here("check", cwd=cwd)
    assert result.returncode == 0, result.stderr
    found = re.fullmatch(r"OK: (.+)\.\n", result.stdout)
    assert found, result.stdout
    return found.group(1)


def counted_in(site: Path) -> str:
    """What ``site`` holds, counted from its files, in the words the build uses."""
    html = [p.relative_to(site).parts for p in site.rglob("*.html") if p.name != "404.html"]

    def count(number: int, noun: str) -> str:
        return f"{number} {noun}{'' if number == 1 else 's'}"

    def index_pages(section: str) -> int:
        return sum(1 for parts in html if len(parts) == 3 and parts[0] == section)

    sources = (site / "sources/index.html").read_text(encoding="utf-8").count(
        'class="rg-reference"')
    return ", ".join([count(index_pages("rubrics"), "rubric"),
                      count(index_pages("standards"), "standard"),
                      count(index_pages("checklists"), "checklist"), count(sources, "source"),
                      count(len(html), "page"), count(len(list(site.rglob("*.pdf"))), "PDF")])


def test_check_and_both_engines_count_what_the_seed_guide_publishes(built_site,
                                                                     zensical_build):
    expected = checked(ROOT)
    assert expected == "2 rubrics, 1 standard, 4 checklists, 7 sources, 28 pages, 3 PDFs"
    for site, log in (built_site, zensical_build):
        assert published(log) == expected
        assert counted_in(site) == expected
        # The marker lists every file of the site, which the next build may replace.
        files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                       if p.is_file() and not p.relative_to(site).parts[0].startswith("."))
        assert (site / MARKER).read_text("utf-8") == marker_text(expected, files)


HIDING_GUIDE = {
    **MINIMAL_GUIDE,
    "mkdocs.yml": with_options("pdf: false"),
    "rubrics/planning.yml": RUBRIC_YML.replace("Teamwork", "Planning"),
    "content/notes.md": "# Notes\n",
    "content/checklists/meetings.yml": "title: Meetings\nitems:\n  - {id: agenda, text: An "
                                       "agenda.}\n",
    "district.yml": "hide: [notes.md, rubrics/planning]\n",
}


def test_hidden_content_is_not_counted_and_a_smaller_site_says_what_it_held(write_tree,
                                                                            warm_python):
    guide = write_tree(HIDING_GUIDE)
    expected = checked(guide)
    assert expected == "1 rubric, 0 standards, 1 checklist, 1 source, 10 pages, 0 PDFs"
    log = run(warm_python, ["-m", "mkdocs", "build", "-d", "site"], guide)
    assert published(log) == expected == counted_in(guide / "site")
    assert "(before:" not in log
    (guide / "content/checklists/meetings.yml").unlink()
    log = " ".join(run(warm_python, ["-m", "mkdocs", "build", "-d", "site"], guide).split())
    assert ("Published 1 rubric, 0 standards, 0 checklists, 1 source, 7 pages, 0 PDFs to site/ "
            "(before: 1 rubric, 0 standards, 1 checklist, 1 source, 10 pages, 0 PDFs)") in log
    assert published(log) == checked(guide) == counted_in(guide / "site")


def test_a_site_published_before_its_marker_counted_says_no_before(write_tree, warm_python):
    guide = write_tree(HIDING_GUIDE)
    (guide / "site").mkdir()
    (guide / "site" / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    log = run(warm_python, ["-m", "mkdocs", "build", "-d", "site"], guide)
    assert "Published 1 rubric" in log and "(before:" not in log
