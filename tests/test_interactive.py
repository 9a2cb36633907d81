"""Scoring, checklists and team calibration, clicked and typed in Chromium as a person would."""

from __future__ import annotations

import io
import json

import pdfplumber
import pytest
from playwright.sync_api import expect

from .browser import (
    LONG_TODAY,
    RUBRIC,
    SCHEMES,
    TODAY,
    as_file,
    csv_rows,
    download,
    member_export,
    page_data,
    radio,
    serve,
    without_print_dialog,
)
from .helpers import NO_PDF_GUIDE, mkdocs_build


def summary(page) -> str:
    return page.locator("[data-rg-summary]").inner_text()


def test_choice_survives_a_reload(page, site_url):
    page.goto(site_url + RUBRIC)
    # Clicking anywhere in a level's cell chooses it.
    page.locator("#communication ~ dl .rg-level").nth(2).click()
    expect(radio(page, "communication", "Level 3: Proficient")).to_be_checked()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "1 of 5 criteria scored. Total score: 3 of 20.")
    page.reload()
    expect(radio(page, "communication", "Level 3: Proficient")).to_be_checked()
    assert summary(page) == "1 of 5 criteria scored. Total score: 3 of 20."


def test_two_tabs_keep_each_others_answers(page, site_url):
    # A reader with the rubric open in two tabs: each shows what the other saves, so the next
    # answer given in either adds to them instead of saving over them.
    page.goto(site_url + RUBRIC)
    other = page.context.new_page()
    other.goto(site_url + RUBRIC)
    radio(page, "roles-and-responsibilities", "Level 2: Developing").check()
    page.get_by_label("Evidence notes for Clarity of Roles & Responsibilities").fill(
        "Seen in the minutes.")
    expect(radio(other, "roles-and-responsibilities", "Level 2: Developing")).to_be_checked()
    expect(other.get_by_label("Evidence notes for Clarity of Roles & Responsibilities")
           ).to_have_value("Seen in the minutes.")
    radio(other, "communication", "Level 4: Advanced").check()
    expect(radio(page, "communication", "Level 4: Advanced")).to_be_checked()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "2 of 5 criteria scored. Total score: 6 of 20.")
    page.get_by_label("Evidence notes for Communication & Information Sharing").fill("Weekly.")
    for tab in (page, other):
        tab.reload()
        expect(radio(tab, "roles-and-responsibilities", "Level 2: Developing")).to_be_checked()
        expect(radio(tab, "communication", "Level 4: Advanced")).to_be_checked()
        expect(tab.get_by_label("Evidence notes for Communication & Information Sharing")
               ).to_have_value("Weekly.")
    # Clearing in one clears the other, which then saves only what is given there.
    other.once("dialog", lambda dialog: dialog.accept())
    other.get_by_role("button", name="Clear answers").click()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "0 of 5 criteria scored. Total score: 0 of 20.")
    expect(page.get_by_label("Evidence notes for Communication & Information Sharing")
           ).to_have_value("")
    other.close()


def test_two_guides_on_one_host_keep_their_own_answers(page, built_site, tmp_path):
    # The same guide published twice on one host (an edition beside the next): answers given
    # in one are not the other's, and clearing one leaves the other's.
    site, _ = built_site
    for name in ("a", "b"):
        (tmp_path / name).symlink_to(site, target_is_directory=True)
    with serve(tmp_path) as url:
        page.goto(url + "a/" + RUBRIC)
        radio(page, "communication", "Level 3: Proficient").check()
        page.goto(url + "b/" + RUBRIC)
        expect(radio(page, "communication", "Level 3: Proficient")).not_to_be_checked()
        radio(page, "communication", "Level 1: Emerging").check()
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Clear answers").click()
        page.goto(url + "a/" + RUBRIC)
        expect(radio(page, "communication", "Level 3: Proficient")).to_be_checked()
        # Answers a version before this one kept for the whole host are taken up, and once
        # cleared they stay cleared.
        data = page_data(page)
        shared = member_export(data, "Ana", {"communication": "advanced"}, {})
        page.goto(url + "b/" + RUBRIC)
        page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                      [f"rubric-guide:v1:rubric:{data['id']}", json.dumps(shared)])
        page.evaluate("localStorage.removeItem(`rubric-guide:v1:${__md_scope.pathname}:"
                      f"rubric:{data['id']}`)")
        page.reload()
        expect(radio(page, "communication", "Level 4: Advanced")).to_be_checked()
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Clear answers").click()
        page.reload()
        expect(radio(page, "communication", "Level 4: Advanced")).not_to_be_checked()


INSTANT = {**NO_PDF_GUIDE, "mkdocs.yml": NO_PDF_GUIDE["mkdocs.yml"].replace(
    "theme: {name: material, font: false}",
    "site_url: !ENV SITE_URL\ntheme: {name: material, font: false, "
    "features: [navigation.instant]}")}
"""A small guide navigated instantly by Material, at the address SITE_URL gives."""


def test_choice_survives_instant_navigation(browser, write_tree, tmp_path, warm_python):
    # Material navigates instantly only within its site_url, so build for this address.
    project = write_tree(INSTANT)
    site = tmp_path / "site"
    site.mkdir()
    context = browser.new_context()
    page = context.new_page()
    with serve(site) as url:
        assert mkdocs_build(project, site, env={"SITE_URL": url},
                            python=warm_python).returncode == 0
        page.goto(url + "rubrics/teamwork/")
        radio(page, "meetings", "Level 2: Growing").check()
        page.evaluate("window.stillTheSameDocument = true")
        page.get_by_role("link", name="Trust").first.click()
        page.wait_for_url("**/principles/#trust")
        page.go_back()
        page.wait_for_url("**/rubrics/teamwork/")
        # Material swapped the pages in place: the same document, a re-rendered rubric.
        expect(radio(page, "meetings", "Level 2: Growing")).to_be_checked()
        assert page.evaluate("window.stillTheSameDocument") is True
    context.close()


def test_export_clear_import_restores_the_same_answers(page, site_url):
    page.goto(site_url + RUBRIC)
    radio(page, "roles-and-responsibilities", "Level 4: Advanced").check()
    radio(page, "communication", "Level 1: Emerging").check()
    page.get_by_label("Evidence notes for Communication & Information Sharing").fill(
        "Minutes from three meetings; \"quotes\", commas, and a\nsecond line.")
    page.get_by_label("Your name (optional, shown in team calibration)").fill("Ana")
    exported = json.loads(download(page, "export-json"))
    assert exported["format"] == "rubric-guide" and exported["id"] == "collaboration-structures"
    assert exported["answers"]["communication"]["level"] == "emerging"

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-rg-action='clear']").click()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "0 of 5 criteria scored. Total score: 0 of 20.")
    expect(radio(page, "communication", "Level 1: Emerging")).not_to_be_checked()

    page.locator("[data-rg-import]").set_input_files(files=[{
        "name": "ana.json", "mimeType": "application/json",
        "buffer": json.dumps(exported).encode()}])
    expect(radio(page, "communication", "Level 1: Emerging")).to_be_checked()
    expect(radio(page, "roles-and-responsibilities", "Level 4: Advanced")).to_be_checked()
    notes = page.get_by_label("Evidence notes for Communication & Information Sharing")
    expect(notes).to_have_value(
        "Minutes from three meetings; \"quotes\", commas, and a\nsecond line.")
    again = json.loads(download(page, "export-json"))
    assert {k: v for k, v in again.items() if k != "updated"} == {
        k: v for k, v in exported.items() if k != "updated"}


def test_csv_export_has_one_row_per_criterion(page, site_url):
    page.goto(site_url + RUBRIC)
    radio(page, "communication", "Level 2: Developing").check()
    page.get_by_label("Evidence notes for Communication & Information Sharing").fill(
        "=HYPERLINK(\"http://example.org\")")
    rows = csv_rows(download(page, "export-csv"))
    assert rows[0] == ["rubric_id", "rubric", "respondent", "criterion_id", "criterion",
                       "level_id", "level", "score", "notes"]
    assert len(rows) == 6
    assert rows[2][3:8] == ["communication", "Communication & Information Sharing",
                            "developing", "Developing", "2"]
    # A note that looks like a formula is kept as text in spreadsheets.
    assert rows[2][8] == "'=HYPERLINK(\"http://example.org\")"


def test_csv_export_keeps_every_formula_looking_cell_as_text(page, site_url):
    # Spreadsheets run cells starting with = + - @ (and a tab or return before them).
    page.goto(site_url + RUBRIC)
    criteria = [c["id"] for c in page_data(page)["criteria"]]
    notes = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\t=cmd|' /C calc'!A0"]
    for criterion, note in zip(criteria, notes, strict=True):
        radio(page, criterion, "Level 1: Emerging").check()
        page.locator(f"#{criterion} ~ .rg-evidence textarea").fill(note)
    page.get_by_label("Your name (optional, shown in team calibration)").fill("=HYPERLINK(1)")
    rows = csv_rows(download(page, "export-csv"))
    assert [row[8] for row in rows[1:]] == ["'" + note for note in notes]
    assert {row[2] for row in rows[1:]} == {"'=HYPERLINK(1)"}


def test_checklist_counts_answers_per_response(page, site_url):
    page.goto(site_url + "checklists/evidence-of-practice/")
    items = page.locator("[data-rg-item]")
    expect(items).to_have_count(8)
    items.nth(0).get_by_role("radio", name="In place").check()
    items.nth(1).get_by_role("radio", name="In progress").check()
    items.nth(4).get_by_role("radio", name="Not yet").check()
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "3 of 8 items answered. Not yet: 1 · In progress: 1 · In place: 1")
    page.reload()
    expect(items.nth(1).get_by_role("radio", name="In progress")).to_be_checked()
    rows = csv_rows(download(page, "export-csv"))
    assert rows[0] == ["checklist_id", "checklist", "respondent", "item_id", "item", "response",
                       "notes"]
    assert [r[5] for r in rows[1:]] == ["In place", "In progress", "", "", "Not yet", "", "", ""]


@pytest.mark.parametrize(("path", "count"), [
    ("checklists/qpl-collaboration-indicators/", 14),
    ("checklists/is-your-system-collaborative/", 8),
    ("checklists/strategies/", 7),
])
def test_shipped_checklists_offer_every_item(reading_page, site_url, path, count):
    page = reading_page
    page.goto(site_url + path)
    expect(page.locator("[data-rg-item] [role=radiogroup]")).to_have_count(count)
    expect(page.locator("[data-rg-summary]")).to_contain_text(f"0 of {count} items answered.")


def test_calibration_counts_three_members_and_reports_stray_files(reading_page, site_url):
    # Calibrating keeps nothing in the browser: the members' files are read, not saved.
    page = reading_page
    page.goto(site_url + RUBRIC)
    data = page_data(page)
    members = [
        member_export(data, "Ana", {"communication": "proficient", "inclusivity-and-engagement":
                                    "emerging"}, {"communication": "Weekly minutes"}),
        member_export(data, "Ben", {"communication": "proficient", "inclusivity-and-engagement":
                                    "advanced"}, {"communication": "Shared drive"}),
        # Two answers that are none of the rubric's levels: counted as not given, and said.
        member_export(data, "Chen", {"communication": "developing",
                                     "roles-and-responsibilities": "superb",
                                     "inclusivity-and-engagement": 3}, {}),
    ]
    other = member_export(data, "Dee", {}, {}, id="district-collective-accountability")
    older = member_export(data, "Eve", {"communication": "advanced"}, {})
    older["contentVersion"] = "0000"
    older["answers"]["communication"]["version"] = "0000"
    page.locator("[data-rg-calibrate]").set_input_files(files=[
        as_file(f"{m['respondent'].lower()}.json", m) for m in members
    ] + [as_file("dee.json", other), as_file("eve.json", older)])

    view = page.locator("[data-rg-calibration-view]")
    row = view.locator("tr[data-criterion='communication']")
    expect(row).to_be_visible()
    counts = [row.locator(f"td[data-level='{lv}'] .rg-count").inner_text()
              for lv in ("emerging", "developing", "proficient", "advanced")]
    assert counts == ["0", "1", "2", "0"]
    assert row.locator("td[data-level='proficient'] .rg-who").inner_text() == "Ana, Ben"
    assert row.locator(".rg-spread").inner_text() == "Level 2\u20133 (1 level apart)"
    assert row.locator(".rg-member-notes li").all_inner_texts() == [
        "Ana: Weekly minutes", "Ben: Shared drive"]
    inclusive = view.locator("tr[data-criterion='inclusivity-and-engagement']")
    assert inclusive.locator(".rg-spread").inner_text() == (
        "Wide disagreement: Level 1\u20134 (3 levels apart)")
    report = page.locator("[data-rg-calibration-report]").inner_text()
    assert "Could not import dee.json: it holds the answers to another rubric or checklist " \
           "(district-collective-accountability)" in report
    assert "Could not import eve.json: it was made with an earlier version of this page; " \
           "changed since: Communication & Information Sharing" in report
    assert "Members loaded: 3." in report
    assert ("chen.json: not counted, as none of this page's choices: Clarity of Roles & "
            "Responsibilities (\"superb\"); Inclusivity & Engagement (3).") in report
    merged = json.loads(download(page, "calibration-json"))
    communication = next(c for c in merged["criteria"] if c["id"] == "communication")
    assert communication["counts"] == {"emerging": 0, "developing": 1, "proficient": 2,
                                       "advanced": 0}
    assert [m["name"] for m in merged["members"]] == ["Ana", "Ben", "Chen"]
    # The merged file is the team's, not a member's: loaded again, it is refused as such.
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file("team.json", merged)])
    expect(page.locator("[data-rg-calibration-report] li").first).to_have_text(
        "Could not import team.json: it is a team calibration file; load the members' own "
        "files (\"Export JSON\" on their pages)")


def test_a_whole_rubric_can_be_scored_with_the_keyboard_alone(page, site_url):
    page.goto(site_url + "rubrics/district-collective-accountability/")
    criteria = [c["id"] for c in page_data(page)["criteria"]]
    for criterion in criteria:
        # Tab to the criterion's group of levels, then pick with the arrow keys.
        for _ in range(60):
            page.keyboard.press("Tab")
            name = page.evaluate("document.activeElement.name || ''")
            if name == f"rg-district-collective-accountability-{criterion}":
                break
        else:
            pytest.fail(f"Tab never reached the levels of {criterion}")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert focused != "none", "the focused choice has a visible outline"
        page.keyboard.press("Tab")
        page.keyboard.type("seen in the team's minutes")
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "5 of 5 criteria scored. Total score: 15 of 35.")
    for criterion in criteria:
        expect(radio(page, criterion, "Level 3: Emerging")).to_be_checked()


def test_an_edited_rubric_keeps_old_answers_and_names_what_changed(browser, write_tree,
                                                                   tmp_path, warm_python):
    project = write_tree(NO_PDF_GUIDE)
    site = tmp_path / "site"
    assert mkdocs_build(project, site, python=warm_python).returncode == 0
    context = browser.new_context()
    page = context.new_page()
    with serve(site) as url:
        page.goto(url + "rubrics/teamwork/")
        radio(page, "meetings", "Level 2: Growing").check()
        rubric = project / "rubrics" / "teamwork.yml"
        rubric.write_text(rubric.read_text().replace(
            "Meetings are regular.", "Meetings are held every week."))
        assert mkdocs_build(project, site, python=warm_python).returncode == 0
        page.reload()
        notice = page.locator("[data-rg-tool] [data-rg-notice]")
        expect(notice).to_have_text(
            "This content changed since you answered. Your answers are kept; check these "
            "again, and choose an answer again (the same one, if it still holds) to confirm "
            "it: Meetings & agendas.")
        expect(radio(page, "meetings", "Level 2: Growing")).to_be_checked()
        # Choosing the same level again confirms it under the new wording, at once and for
        # good: the answer exports as one of this version.
        radio(page, "meetings", "Level 2: Growing").click()
        expect(notice).to_be_hidden()
        page.reload()
        expect(radio(page, "meetings", "Level 2: Growing")).to_be_checked()
        expect(notice).to_be_hidden()
        versions = {c["id"]: c["version"] for c in page_data(page)["criteria"]}
        saved = json.loads(download(page, "export-json"))
        assert saved["answers"]["meetings"]["version"] == versions["meetings"]
    context.close()


def test_hostile_imports_are_refused_or_shown_as_text(page, site_url):
    page.goto(site_url + RUBRIC)
    data = page_data(page)
    notice = page.locator("[data-rg-tool] [data-rg-notice]")
    importer = page.locator("[data-rg-import]")

    importer.set_input_files(files=[as_file("list.json", [1, 2, 3])])
    expect(notice).to_have_text(
        "Could not import list.json: it is not a file exported from Rubric Guide")
    importer.set_input_files(files=[{"name": "bad.json", "mimeType": "application/json",
                                     "buffer": b"{\"format\": "}])
    expect(notice).to_have_text("Could not import bad.json: it is not valid JSON")
    huge = member_export(data, "X", {"communication": "advanced"},
                         {"communication": "a" * 1_200_000})
    importer.set_input_files(files=[as_file("huge.json", huge)])
    expect(notice).to_have_text("Could not import huge.json: it is larger than 1 MB")

    payload = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    hostile = member_export(data, payload, {"communication": "advanced",
                                            "feedback-and-support": "<b>nope</b>"},
                            {"communication": payload})
    importer.set_input_files(files=[as_file("hostile.json", hostile)])
    notes = page.get_by_label("Evidence notes for Communication & Information Sharing")
    expect(notes).to_have_value(payload)
    page.locator("[data-rg-calibrate]").set_input_files(files=[as_file("h.json", hostile)])
    expect(page.locator("[data-rg-calibration-view] .rg-member-notes li")).to_have_text(
        payload + ": " + payload)
    # An unknown level is ignored rather than trusted.
    expect(page.locator("#feedback-and-support ~ dl input:checked")).to_have_count(0)
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert page.locator("[data-rg-calibration-view] img, [data-rg-calibration-view] b").count() == 0


def test_without_javascript_the_rubric_is_complete_and_tools_stay_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + RUBRIC)
    expect(page.locator(".rg-criterion")).to_have_count(5)
    expect(page.locator(".rg-level dd")).to_have_count(20)
    expect(page.locator("[data-rg-tool]")).to_be_hidden()
    expect(page.locator(".rg-rubric input")).to_have_count(0)
    expect(page.get_by_role("link", name="Print blank sheet")).to_be_visible()
    context.close()


# The day as the page writes it in file names: yyyy-mm-dd in the reader's time zone.

LONG_NOTE = "START of the note.\n" + "Minutes of every meeting this term. " * 30 + "\nEND."


def test_printed_sheet_carries_the_saved_answers_and_their_total(page, site_url):
    page.goto(site_url + RUBRIC)
    without_print_dialog(page)
    page.get_by_label("Your name (optional, shown in team calibration)").fill("Ana")
    levels = {"roles-and-responsibilities": "Level 1", "communication": "Level 3: Proficient",
              "feedback-and-support": "Level 4", "inclusivity-and-engagement": "Level 2",
              "problem-solving-and-decision-making": "Level 3"}
    for criterion, level in levels.items():
        radio(page, criterion, level).check()
    page.get_by_label("Evidence notes for Communication & Information Sharing").fill(
        "Agendas posted")
    expect(page.locator("[data-rg-summary]")).to_have_text(
        "5 of 5 criteria scored. Total score: 13 of 20.")
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url("**/sheet/#filled")
    row = page.locator("tr[data-criterion='communication']")
    expect(row.locator("td.rg-sheet__chosen")).to_have_attribute("data-level", "proficient")
    expect(row.locator("td.rg-sheet__chosen .rg-sheet__box")).to_have_text("☒")
    expect(row.locator(".rg-sheet__evidence")).to_have_text("Agendas posted")
    expect(page.locator("[data-rg-fill-notice]")).to_have_text(
        "Filled in with the answers saved in this browser.")
    # Name, date, the summary and the total, as the rubric page says them.
    # The total is printed once, in its own field.
    expect(page.locator("[data-rg-sheet-summary]")).to_have_text("5 of 5 criteria scored.")
    expect(page.locator(".rg-sheet__field--total")).to_have_text("Total score: 13 of 20")
    expect(page.locator("[data-rg-sheet-field=participants]")).to_have_text("Participants: Ana")
    expect(page.locator("[data-rg-sheet-field=date]")).to_have_text(
        "Date: " + page.evaluate(LONG_TODAY))
    # The sheet printed itself once it was filled; a reload does not print it again.
    page.wait_for_function("window.printCalls === 1")
    # The notice is for the screen: the filled-in sheet prints on one page like the blank one.
    printed = page.pdf(format="Letter", prefer_css_page_size=True)
    with pdfplumber.open(io.BytesIO(printed)) as document:
        assert len(document.pages) == 1
        text = document.pages[0].extract_text() or ""
        assert "Filled in with the answers" not in text
        assert "Total score: 13 of 20" in text and "Ana" in text
    page.reload()
    expect(page.locator("[data-rg-sheet-summary]")).to_have_count(1)
    page.wait_for_timeout(200)
    assert page.evaluate("window.printCalls || 0") == 0
    # The blank sheet stays blank.
    page.goto(site_url + RUBRIC + "sheet/")
    expect(page.locator("td.rg-sheet__chosen")).to_have_count(0)
    expect(page.locator(".rg-sheet__field--total")).to_have_text("Total score: of 20")
    expect(page.locator("[data-rg-sheet-summary]")).to_have_count(0)


def test_checklist_prints_with_answers_as_a_rubric_does(page, site_url):
    page.goto(site_url + "checklists/evidence-of-practice/")
    without_print_dialog(page)
    page.get_by_label("Your name (optional)").fill("Ben")
    items = page.locator("[data-rg-item]")
    items.nth(0).get_by_role("radio", name="In place").check()
    items.nth(1).get_by_role("radio", name="In progress").check()
    items.nth(1).get_by_role("radio", name="Not yet").check()
    items.nth(0).locator("textarea").fill(LONG_NOTE)
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url("**/checklists/evidence-of-practice/sheet/#filled")
    page.wait_for_function("window.printCalls === 1")
    expect(page.locator("[data-rg-sheet-summary]")).to_have_text(
        "2 of 8 items answered. Not yet: 1 · In progress: 0 · In place: 1")
    expect(page.locator("[data-rg-sheet-field=name]")).to_have_text("Name: Ben")
    expect(page.locator("[data-rg-sheet-field=date]")).to_have_text(
        "Date: " + page.evaluate(LONG_TODAY))
    first = page.locator("tr[data-item]").first
    expect(first.locator("td.rg-sheet__chosen")).to_have_attribute("data-response", "In place")
    expect(first.locator(".rg-sheet__evidence")).to_have_text(LONG_NOTE)
    # Long notes print whole: their first and last words are on paper.
    printed = page.pdf(format="Letter", prefer_css_page_size=True)
    with pdfplumber.open(io.BytesIO(printed)) as document:
        text = " ".join(p.extract_text() or "" for p in document.pages)
        glyphs = [c["text"] for p in document.pages for c in p.chars if c["text"] in "☐☒"]
    assert "START of the note." in text and "END." in text
    assert "Name: Ben" in text and "2 of 8 items answered." in text
    # A box of at least 4 mm to tick per response of each item, drawn by its border alone: the
    # box's character is never drawn inside it.
    assert glyphs == []
    page.emulate_media(media="print")
    boxes = page.eval_on_selector_all(".rg-sheet__box", "els => els.map(e => [e.offsetWidth, "
                                      "e.offsetHeight])")
    page.emulate_media(media="screen")
    assert len(boxes) == 8 * 3 and min(min(box) for box in boxes) / (96 / 25.4) >= 4, boxes
    # Reached without JavaScript too, blank, from the checklist's own link.
    page.goto(site_url + "checklists/evidence-of-practice/")
    page.get_by_role("link", name="Print blank sheet").click()
    page.wait_for_url("**/checklists/evidence-of-practice/sheet/")
    expect(page.locator("tr[data-item]")).to_have_count(8)
    expect(page.locator("td.rg-sheet__chosen")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_printed_pages_tell_chosen_options_from_the_others_and_keep_whole_notes(
        browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + RUBRIC)
    radio(page, "communication", "Level 2: Developing").check()
    notes = page.get_by_label("Evidence notes for Communication & Information Sharing")
    notes.fill(LONG_NOTE)
    page.emulate_media(media="print")
    looks = page.evaluate("""() => [...document.querySelectorAll("#communication ~ dl input")]
      .map(input => { const s = getComputedStyle(input);
        return [input.checked, s.appearance, s.borderTopColor, parseFloat(s.borderTopWidth),
                s.backgroundColor]; })""")
    mm = 96 / 25.4
    for checked, appearance, colour, width, background in looks:
        assert appearance == "none" and colour == "rgb(0, 0, 0)"
        assert background == "rgba(0, 0, 0, 0)"
        # A ring of a quarter millimetre, or a dot filled by its border.
        assert (width > 1.5 * mm) if checked else (width < 0.5 * mm), looks
    expect(notes).to_be_hidden()
    printed = page.locator("#communication ~ .rg-evidence .rg-notes-print")
    expect(printed).to_have_text(LONG_NOTE)
    box = printed.bounding_box()
    assert box is not None and box["height"] >= printed.evaluate("e => e.scrollHeight") - 1
    # A criterion without a note keeps its box to write in.
    expect(page.locator("#feedback-and-support ~ .rg-evidence textarea")).to_be_visible()
    expect(page.locator("#feedback-and-support ~ .rg-evidence .rg-notes-print")).to_be_hidden()
    context.close()


def test_import_onto_a_page_without_answers_asks_nothing(page, site_url):
    page.goto(site_url + RUBRIC)
    incoming = member_export(page_data(page), "Ben", {"communication": "advanced",
                                                      "roles-and-responsibilities": "superb"}, {})
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("[data-rg-import]").set_input_files(files=[as_file("ben.json", incoming)])
    expect(radio(page, "communication", "Level 4: Advanced")).to_be_checked()
    assert asked == []
    # An answer that is none of the levels is left unanswered, and the notice says so.
    expect(page.locator("[data-rg-tool] [data-rg-notice]")).to_have_text(
        "Imported answers from ben.json. ben.json: not counted, as none of this page's "
        "choices: Clarity of Roles & Responsibilities (\"superb\").")


def test_import_over_answers_is_confirmed_or_cancelled(page, site_url):
    page.goto(site_url + RUBRIC)
    data = page_data(page)
    radio(page, "communication", "Level 1: Emerging").check()
    radio(page, "feedback-and-support", "Level 2: Developing").check()
    page.get_by_label("Evidence notes for Communication & Information Sharing").fill("Mine")
    incoming = member_export(data, "Ben", {"communication": "advanced", "feedback-and-support":
                                           "emerging", "roles-and-responsibilities": "emerging"},
                             {"communication": "Shared drive"})
    importer = page.locator("[data-rg-import]")
    notice = page.locator("[data-rg-tool] [data-rg-notice]")
    asked: list[str] = []

    def answer(accept: bool):
        def reply(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return reply

    page.once("dialog", answer(False))
    importer.set_input_files(files=[as_file("ben.json", incoming)])
    expect(notice).to_have_text("Nothing was imported; your answers are unchanged.")
    assert asked == [
        "Replace your answers on this page with the ones in ben.json?\n\n"
        "On this page now: criteria scored: 2 of 5, notes: 1.\n"
        "In the file: criteria scored: 3 of 5, notes: 1.\n\n"
        "Your current answers cannot be brought back afterwards unless you export them first."]
    expect(radio(page, "communication", "Level 1: Emerging")).to_be_checked()
    expect(page.get_by_label("Evidence notes for Communication & Information Sharing")
           ).to_have_value("Mine")

    page.once("dialog", answer(True))
    importer.set_input_files(files=[as_file("ben.json", incoming)])
    expect(notice).to_have_text("Imported answers from ben.json.")
    expect(radio(page, "communication", "Level 4: Advanced")).to_be_checked()
    expect(page.get_by_label("Evidence notes for Communication & Information Sharing")
           ).to_have_value("Shared drive")
    assert len(asked) == 2


def test_exports_are_named_after_rubric_respondent_and_day(page, site_url):
    page.goto(site_url + RUBRIC)
    today = page.evaluate(TODAY)
    radio(page, "communication", "Level 2: Developing").check()

    def names() -> list[str]:
        found = []
        for action in ("export-json", "export-csv"):
            with page.expect_download() as info:
                page.locator(f"[data-rg-action='{action}']").first.click()
            found.append(info.value.suggested_filename)
        return found

    assert names() == [f"collaboration-structures-{today}.json",
                       f"collaboration-structures-{today}.csv"]
    name = page.get_by_label("Your name (optional, shown in team calibration)")
    name.fill("Ana")
    assert names()[0] == f"collaboration-structures-ana-{today}.json"
    name.fill(" José María / Ñúñez: \"2nd\" ")
    assert names()[0] == f"collaboration-structures-jose-maria-nunez-2nd-{today}.json"
    name.fill("陈 静")
    assert names()[0] == f"collaboration-structures-陈-静-{today}.json"
    page.goto(site_url + "checklists/strategies/")
    page.get_by_label("Your name (optional)").fill("Ben")
    assert names()[1] == f"strategies-ben-{today}.csv"


def test_answer_buttons_and_rubric_files_are_labelled_apart(reading_page, site_url):
    page = reading_page
    page.goto(site_url + RUBRIC)
    answers = page.get_by_role("group", name="Your answers:")
    for name in ["Export JSON", "Export CSV", "Import JSON", "Print with my answers",
                 "Clear answers"]:
        expect(answers.get_by_role("button", name=name, exact=True)).to_have_count(1)
    expect(page.locator(".rg-exports")).to_have_text(
        "Download this rubric: Canvas rubric (CSV) · CASE 1.1 (JSON) · Rubric data (JSON)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_import_button_shows_its_focus_as_the_other_buttons_do(reading_page, site_url, scheme):
    page = reading_page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + RUBRIC)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    look = """el => { const s = getComputedStyle(el);
      return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.backgroundColor, s.color]; }"""
    export = page.locator("[data-rg-tool] [data-rg-action='export-csv']")
    export.focus()
    page.keyboard.press("Tab")
    label = page.locator("[data-rg-tool] .rg-file-button")
    assert page.evaluate("document.activeElement.matches('[data-rg-import]')")
    page.wait_for_timeout(300)  # Material's buttons fade their colours in
    focused_label = label.evaluate(look)
    page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(300)
    assert focused_label == export.evaluate(look)
    assert focused_label != label.evaluate(look)


def sheet_words(page) -> set[str]:
    """Every word on the sheet as the page holds it, with the parts of hyphenated words as a
    printed line may end and begin them ("Decision-" and "making")."""
    words: set[str] = set()
    for word in page.locator(".rg-sheet").inner_text().split():
        words.add(word)
        parts = word.split("-")
        words.update(part + "-" for part in parts[:-1])
        words.update(parts)
    return words


@pytest.mark.parametrize("rubric", ["collaboration-structures",
                                    "district-collective-accountability"])
def test_print_with_my_answers_is_one_page_the_total_once_no_word_broken(page, site_url, rubric):
    page.goto(site_url + f"rubrics/{rubric}/")
    without_print_dialog(page)
    data = page_data(page)
    page.get_by_label("Your name (optional, shown in team calibration)").fill(
        "Ana María Rodríguez")
    for i, criterion in enumerate(data["criteria"]):
        radio(page, criterion["id"], f"Level {i % len(data['levels']) + 1}:").check()
        page.locator(f"#{criterion['id']} ~ .rg-evidence textarea").fill(
            "Agendas, minutes and the shared drive show this every week.")
    page.locator("[data-rg-action='print-filled']").click()
    page.wait_for_url("**/sheet/#filled")
    page.wait_for_function("window.printCalls === 1")
    words = sheet_words(page)
    for paper in ("Letter", "A4"):
        printed = page.pdf(format=paper, prefer_css_page_size=True)
        with pdfplumber.open(io.BytesIO(printed)) as document:
            assert len(document.pages) == 1, paper
            sheet = document.pages[0]
            assert sheet.width > sheet.height
            text = sheet.extract_text() or ""
            printed_words = {w["text"] for w in sheet.extract_words()}
        assert text.count("of " + str(data["maxScore"])) == 1, "the total is printed once"
        # Every printed word is a whole word of the sheet (the footer's date and address
        # aside): none is broken inside, as "communicatio" / "n" was.
        footer = {w for w in printed_words if "/" in w or w[:4].isdigit()}
        assert printed_words - words - footer <= {"Page", "1", "of", "·"}, paper
