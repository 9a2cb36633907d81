"""The in-page tools' code as their maintainers and a district's translators meet it: kinds of
content as classes, sheet fields by key, and content whose ids are the names every JavaScript
object has."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from generator.cli import cli

from .browser import serve
from .conftest import MINIMAL_GUIDE, ROOT, mkdocs_build
from .test_interactive import LONG_TODAY, radio, without_print_dialog

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


def test_a_sheet_is_filled_by_its_fields_keys_whatever_their_words(browser, write_tree,
                                                                   tmp_path):
    """A district's own words for the fields (here the participants' line is the first
    field's old words, and the date's is reworded) change nothing of what the script fills."""
    catalogue = ("sheet:\n  fields:\n    participants: 'Team / school:'\n"
                 "    date: 'Day of the meeting:'\n")
    project = write_tree({**MINIMAL_GUIDE, "overrides/messages/en.yml": catalogue})
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    page = context.new_page()
    with serve(site) as url:
        page.goto(url + "rubrics/teamwork/")
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
    context.close()
