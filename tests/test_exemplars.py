"""Exemplars: works a rubric's editors scored, checked like all content, shown on the rubric page
with their rationale folded, and taken as the key of team calibration in one click."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.cli import cli

from .browser import as_file, built_and_served, member_export, page_data
from .helpers import MINIMAL_GUIDE, NO_PDF_GUIDE, WarmPython

EXEMPLARS = """\
exemplars:
  - id: term-minutes
    title: A term of meeting minutes
    description: Twelve meetings of *one* team.
    link: exemplars/minutes.pdf
    scores: {meetings: growing, roles: strong}
    rationale:
      meetings: Held every week, but decisions are rarely recorded.
  - id: video
    title: A recorded meeting
    link: https://example.org/meeting
    scores: {meetings: strong}
"""

RUBRIC = """\
title: Teamwork
scale: three
criteria:
  - id: meetings
    title: Meetings & agendas
    levels: {beginning: Sometimes., growing: Regular., strong: Decisive.}
  - id: roles
    title: Roles
    levels: {beginning: Unclear., growing: Named., strong: Shared.}
""" + EXEMPLARS


def test_exemplar_mistakes_are_reported_at_their_line(runner, write_tree):
    broken = RUBRIC.replace("{meetings: growing, roles: strong}",
                            "{meetngs: growing, roles: strnog}").replace(
        "link: exemplars/minutes.pdf", "link: exemplars/minute.pdf").replace(
        "      meetings: Held", "      meeting: Held").replace("id: video", "id: term-minutes")
    root = write_tree({**MINIMAL_GUIDE, "rubrics/teamwork.yml": broken})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "rubrics/teamwork.yml:14:11: exemplars[0].link: no file 'exemplars/minute.pdf' in "
        "content/; put the file there, or link to the work's web address",
        "rubrics/teamwork.yml:15:14: exemplars[0].scores.meetngs: unknown criterion 'meetngs'; "
        "did you mean 'meetings'?",
        "rubrics/teamwork.yml:15:39: exemplars[0].scores.roles: 'strnog' is not a level of "
        "scale 'three'; did you mean 'strong'?",
        "rubrics/teamwork.yml:17:7: exemplars[0].rationale.meeting: unknown criterion "
        "'meeting'; did you mean 'meetings'?",
        "rubrics/teamwork.yml:18:9: exemplars[1].id: duplicate exemplar id 'term-minutes' "
        "(already used on line 11); each exemplar id must be unique",
    ]


@pytest.fixture(scope="module")
def exemplar_site(tmp_path_factory: pytest.TempPathFactory,
                  warm_python: WarmPython) -> Iterator[tuple[str, Path]]:
    files = {**NO_PDF_GUIDE, "rubrics/teamwork.yml": RUBRIC,
             "content/exemplars/minutes.pdf": "%PDF-1.4 minutes"}
    with built_and_served(tmp_path_factory.mktemp("exemplars"), files,
                          warm_python) as served:
        yield served


def test_exemplars_are_shown_with_their_rationale_folded(page, exemplar_site):
    url, site = exemplar_site
    page.goto(url + "rubrics/teamwork/")
    first = page.locator("#exemplar-term-minutes")
    expect(first.get_by_role("heading")).to_have_text("A term of meeting minutes")
    expect(first.locator("em")).to_have_text("one")
    link = first.get_by_role("link", name="Open the work: A term of meeting minutes")
    assert page.request.get(link.evaluate("a => a.href")).text() == "%PDF-1.4 minutes"
    expect(page.locator("#exemplar-video a")).to_have_attribute(
        "href", "https://example.org/meeting")
    # Folded until the team has scored; opened, the master scores and why.
    expect(first.locator("table")).to_be_hidden()
    first.get_by_text("Master scores and rationale").click()
    rows = first.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("Meetings & agendasLevel 2: GrowingHeld every week")
    expect(rows.nth(1).locator("td")).to_have_text(["Level 3: Strong", ""])
    # The rubric's JSON export carries them as written.
    exported = json.loads((site / "rubrics/teamwork/teamwork.json").read_text("utf-8"))
    assert exported["exemplars"][0]["scores"] == {"meetings": "growing", "roles": "strong"}


def test_an_exemplar_is_the_key_of_team_calibration_in_one_click(page, exemplar_site):
    url, _ = exemplar_site
    page.goto(url + "rubrics/teamwork/")
    data = page_data(page)
    members = [member_export(data, "Ana", {"meetings": "growing", "roles": "growing"}, {}),
               member_export(data, "Ben", {"meetings": "strong", "roles": "strong"}, {})]
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file(f"{m['respondent']}.json", m) for m in members])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(2)
    page.locator("#exemplar-term-minutes").get_by_role(
        "button", name="Use as the key in team calibration").click()
    expect(page.locator("[data-rg-key-status]")).to_have_text(
        "Key: the master scores of the exemplar \u201cA term of meeting minutes\u201d; members "
        "are compared with it.")
    assert page.evaluate("document.activeElement.matches('[data-rg-key]')")
    raters = page.locator("[data-rg-raters] tbody tr")
    expect(raters.nth(0).locator("td")).to_have_text(
        ["50% (1/2 criteria)", "100% (2/2 criteria)", "\u22120.50"])
    expect(raters.nth(1).locator("td")).to_have_text(
        ["50% (1/2 criteria)", "100% (2/2 criteria)", "+0.50"])
    with page.expect_download() as info:
        page.locator("[data-rg-action='calibration-json']").click()
    merged = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert merged["key"] == {"name": "A term of meeting minutes", "exemplar": "term-minutes",
                             "scores": {"meetings": "growing", "roles": "strong"}}
