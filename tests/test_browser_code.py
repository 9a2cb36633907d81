"""The in-page tools' code as their maintainers and a district's translators meet it: kinds of
content as classes, sheet fields by key, and content whose ids are the names every JavaScript
object has."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.cli import cli

from .browser import LONG_TODAY, as_file, built_and_served, page_data, radio, without_print_dialog
from .helpers import MINIMAL_GUIDE, NO_PDF_GUIDE, ROOT

SCRIPT = ROOT / "generator" / "assets" / "rubric-guide.js"


def test_shared_code_asks_the_kind_of_content_never_tests_it():
    """A rubric and a checklist are classes (the tools, calibration and sheets call their
    methods); no shared code branches on which kind a page holds."""
    script = SCRIPT.read_text("utf-8")
    assert re.findall(r"kind\s*[!=]==?\s*\"(?:rubric|checklist)\"", script) == []
    assert "var KINDS = { rubric: Rubric, checklist: Checklist };" in script


def test_a_catalogue_giving_sheet_fields_as_a_list_is_told_their_keys(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "overrides/messages/en.yml":
                       'sheet:\n  fields: ["Team:", "Date:", "Lead:", "People:"]\n'})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "overrides/messages/en.yml:2:3: sheet.fields: 'sheet.fields' is a group of messages, "
        "one for each of: team, date, facilitator, participants; give each by its key, as in "
        "'sheet.fields.team: ...', not a list"]


def test_a_sheet_is_filled_by_its_fields_keys_whatever_their_words(page, proto_site):
    """A district's own words for the fields (here the participants' line is the first
    field's old words, and the date's is reworded: see :data:`FIELD_WORDS`) change nothing of
    what the script fills."""
    page.goto(proto_site + "rubrics/teamwork/")
    without_print_dialog(page)
    page.get_by_label("Your name (optional, shown in team calibration)").fill("Ana")
    radio(page, "meetings", "Level 2: Growing").check()
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url("**/sheet/#filled")
    expect(page.locator(".rg-sheet__field").first).to_have_text("Team / school:")
    expect(page.locator("[data-rg-sheet-field=participants]")).to_have_text(
        "Team / school: Ana")
    expect(page.locator("[data-rg-sheet-field=date]")).to_have_text(
        "Day of the meeting: " + page.evaluate(LONG_TODAY))
    expect(page.locator("[data-rg-sheet-field=facilitator]")).to_have_text("Facilitator:")


# -- content whose ids are the names every JavaScript object has -----------------------------

PROTO_SCALES = """\
scales:
  - id: three
    title: Three levels
    levels:
      - {id: constructor, label: Beginning, score: 1}
      - {id: growing, label: Growing, score: 2}
      - {id: strong, label: Strong, score: 3}
"""

PROTO_RUBRIC = """\
title: Teamwork
scale: three
criteria:
  - id: constructor
    title: Building the team
    levels: {constructor: Starts., growing: Grows., strong: Strong.}
  - id: meetings
    title: Meetings
    levels: {constructor: Rare., growing: Regular., strong: Decisive.}
"""

PROTO_CHECKLIST = """\
title: Odd answers
responses: ["__proto__", "toString", "hasOwnProperty", "constructor"]
items:
  - {id: constructor, text: The team has a charter.}
  - {id: valueof, text: The team meets weekly.}
"""

HOSTILE_KEYS = ["__proto__", "toString", "hasOwnProperty", "constructor", "valueOf"]


FIELD_WORDS = ("sheet:\n  fields:\n    participants: 'Team / school:'\n"
               "    date: 'Day of the meeting:'\n")
"""A district's own words for two of the sheet's fields."""


@pytest.fixture(scope="module")
def proto_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A guide whose ids and responses are the names every JavaScript object has, and whose
    sheet fields are worded by the district (:data:`FIELD_WORDS`), built without PDFs."""
    files = {**NO_PDF_GUIDE, "content/scales.yml": PROTO_SCALES,
             "rubrics/teamwork.yml": PROTO_RUBRIC, "content/checklists/odd.yml": PROTO_CHECKLIST,
             "overrides/messages/en.yml": FIELD_WORDS}
    with built_and_served(tmp_path_factory.mktemp("proto"), files) as (url, _):
        yield url


def export(data: dict, name: str, answers: dict[str, str], field: str) -> dict:
    entries = data["criteria" if field == "level" else "items"]
    versions = {e["id"]: e["version"] for e in entries}
    return {"format": "rubric-guide", "formatVersion": 1, "kind": data["kind"],
            "id": data["id"], "title": data["title"], "contentVersion": data["version"],
            "respondent": name, "updated": "2026-12-01T10:00:00.000Z",
            "answers": {key: {field: value, "notes": f"{name} on {key}",
                              "version": versions.get(key, "")}
                        for key, value in answers.items()}}


def test_a_criterion_and_a_level_named_constructor_keep_their_answers(page, proto_site):
    page.goto(proto_site + "rubrics/teamwork/")
    radio(page, "constructor", "Level 1: Beginning").check()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "1 of 2 criteria scored. Total score: 1 of 6.")
    page.reload()
    expect(radio(page, "constructor", "Level 1: Beginning")).to_be_checked()
    expect(page.locator("[data-rg-results] tbody tr").first.locator("th, td")).to_have_text(
        ["Building the team", "Level 1: Beginning", "1"])
    # An imported file naming the keys every object has: the one a criterion has is kept,
    # the others are not ids and are left out; nothing else on the page changes.
    data = page_data(page)
    hostile = export(data, "Ben", dict.fromkeys(HOSTILE_KEYS, "growing"), "level")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-rg-import]").set_input_files(files=[as_file("ben.json", hostile)])
    expect(radio(page, "constructor", "Level 2: Growing")).to_be_checked()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "1 of 2 criteria scored. Total score: 2 of 6.")
    assert page.evaluate("({}).constructor === Object && Object.prototype.growing === undefined")


def test_calibration_counts_levels_and_members_named_like_object_keys(reading_page, proto_site):
    # Calibrating keeps nothing in the browser: the members' files are read, not saved.
    page = reading_page
    page.goto(proto_site + "rubrics/teamwork/")
    data = page_data(page)
    members = [export(data, name, {"constructor": level, "meetings": "constructor"}, "level")
               for name, level in [("__proto__", "constructor"), ("constructor", "constructor"),
                                   ("toString", "growing")]]
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file(f"m{i}.json", m) for i, m in enumerate(members)])
    expect(page.locator("[data-rg-member-list] .rg-member__name")).to_have_text(
        ["__proto__", "constructor", "toString"])
    row = page.locator("tr[data-criterion='constructor']")
    expect(row.locator("td[data-level='constructor'] .rg-who")).to_have_text(
        "__proto__, constructor")
    expect(row.locator(".rg-exact")).to_have_text("33% (1/3 pairs)")
    with page.expect_download() as info:
        page.locator("[data-rg-action='calibration-json']").click()
    merged = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert merged["criteria"][0]["id"] == "constructor"
    assert merged["criteria"][0]["counts"] == {"constructor": 2, "growing": 1, "strong": 0}
    assert merged["criteria"][1]["chosenBy"]["constructor"] == ["__proto__", "constructor",
                                                                "toString"]
    # The same member again is recognised by name, whatever the name.
    page.locator("[data-rg-calibrate]").set_input_files(files=[as_file("again.json", members[0])])
    expect(page.locator("[data-rg-calibration-report] li").first).to_have_text(
        "again.json: the same answers as __proto__ (from m0.json), already counted; not added "
        "again.")


def test_a_checklist_whose_responses_are_object_keys_counts_them(page, proto_site):
    page.goto(proto_site + "checklists/odd/")
    items = page.locator("[data-rg-item]")
    items.nth(0).get_by_role("radio", name="__proto__").check()
    items.nth(1).get_by_role("radio", name="hasOwnProperty").check()
    expected = ("2 of 2 items answered. __proto__: 1 · toString: 0 · hasOwnProperty: 1 · "
                "constructor: 0")
    expect(page.locator("[data-rg-summary]")).to_have_text(expected)
    page.reload()
    expect(items.nth(0).get_by_role("radio", name="__proto__")).to_be_checked()
    expect(page.locator("[data-rg-summary]")).to_have_text(expected)
    data = page_data(page)
    files = [export(data, name, {"constructor": response, "valueof": "toString"}, "response")
             for name, response in [("Ana", "__proto__"), ("Ben", "__proto__"),
                                    ("Chen", "constructor")]]
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file(f"{f['respondent']}.json", f) for f in files])
    row = page.locator("tr[data-item='constructor']")
    expect(row.locator("td[data-response] .rg-count")).to_have_text(["2", "0", "0", "1"])
    expect(row.locator(".rg-spread")).to_have_text(
        "Wide disagreement: __proto__ to constructor (3 responses apart)")
    with page.expect_download() as info:
        page.locator("[data-rg-action='calibration-json']").click()
    merged = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert merged["items"][0]["counts"] == {"__proto__": 2, "toString": 0, "hasOwnProperty": 0,
                                            "constructor": 1}


def test_an_import_naming_two_thousand_unknown_criteria_is_summarised(page, site_url):
    page.goto(site_url + "rubrics/collaboration-structures/")
    data = page_data(page)
    unknown = export(data, "Ben", {f"unknown-{i}": "emerging" for i in range(2000)}, "level")
    page.locator("[data-rg-import]").set_input_files(files=[as_file("ben.json", unknown)])
    notice = page.locator("[data-rg-tool] [data-rg-notice]")
    expect(notice).to_contain_text("and 1,990 more.")
    assert notice.inner_text() == (
        "Imported answers from ben.json. No longer part of this page (answers kept in your "
        "exports): " + ", ".join(f"unknown-{i}" for i in range(10)) + " and 1,990 more.")
