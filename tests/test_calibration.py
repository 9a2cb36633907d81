"""Team calibration as a facilitator uses it: members' files exported from real pages, each
member counted once, who chose what, the agreement figures rater calibration uses, printing
the merged view; and the arithmetic itself on hand-worked cases."""

from __future__ import annotations

import io
import itertools
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .browser import (
    CHECKLIST,
    DISTRICT,
    LONG_TODAY,
    RUBRIC,
    TODAY,
    as_file,
    csv_rows,
    member_export,
    new_page,
    page_data,
    radio,
    without_print_dialog,
)
from .references import reference_ac1, reference_alpha

# -- the arithmetic ----------------------------------------------------------------------------

# Level positions (0 = lowest) chosen by the members for one criterion, None for no answer,
# and what pairwise agreement is, worked out by hand.
AGREEMENT_CASES = [
    # Three members, two on one level, one next to it: of 3 pairs, 1 exact, all 3 adjacent.
    ([1, 1, 2], {"answered": 3, "pairs": 3, "exact": 1, "adjacent": 3, "low": 1, "high": 2,
                 "spread": 1, "wide": False}),
    # Ties: two and two on neighbouring levels: 6 pairs, 2 exact, all adjacent.
    ([0, 0, 1, 1], {"answered": 4, "pairs": 6, "exact": 2, "adjacent": 6, "low": 0, "high": 1,
                    "spread": 1, "wide": False}),
    # A missing answer takes part in no pair: one pair, three levels apart.
    ([0, None, 3], {"answered": 2, "pairs": 1, "exact": 0, "adjacent": 0, "low": 0, "high": 3,
                    "spread": 3, "wide": True}),
    # Every level once: 6 pairs, none exact, three of them neighbours (0-1, 1-2, 2-3).
    ([0, 1, 2, 3], {"answered": 4, "pairs": 6, "exact": 0, "adjacent": 3, "low": 0, "high": 3,
                    "spread": 3, "wide": True}),
    # Two levels apart is the first wide disagreement.
    ([0, 2], {"answered": 2, "pairs": 1, "exact": 0, "adjacent": 0, "low": 0, "high": 2,
              "spread": 2, "wide": True}),
    # A single member: no pair, so no agreement to speak of.
    ([2], {"answered": 1, "pairs": 0, "exact": 0, "adjacent": 0, "low": 2, "high": 2,
           "spread": 0, "wide": False}),
    # Nobody answered.
    ([None, None], {"answered": 0, "pairs": 0, "exact": 0, "adjacent": 0, "low": None,
                    "high": None, "spread": None, "wide": False}),
]


@pytest.fixture(scope="module")
def rubric_script(browser: Any, site_url: str) -> Iterator[Page]:
    """The rubric page, loaded once, for the cases that call its script's functions, which
    keep nothing between calls; the page must raise no script error."""
    with new_page(browser) as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site_url + RUBRIC)
        yield page
    assert errors == [], "the page raised script errors"


def test_agreement_is_pairwise_as_worked_out_by_hand(rubric_script):
    page = rubric_script
    found = page.evaluate("cases => cases.map(c => rubricGuide.agreement.agreement(c))",
                          [positions for positions, _ in AGREEMENT_CASES])
    assert found == [expected for _, expected in AGREEMENT_CASES]
    # Overall: the pairs of every criterion pooled (3+6+1+6+1 pairs; 1+2+0+0+0 exact;
    # 3+6+0+3+0 adjacent), not an average of the criteria's percentages.
    pooled = page.evaluate("cases => rubricGuide.agreement.pool(cases.map("
                           "c => rubricGuide.agreement.agreement(c)))",
                           [positions for positions, _ in AGREEMENT_CASES])
    assert pooled == {"pairs": 17, "exact": 3, "adjacent": 12}
    percents = page.evaluate("pairs => pairs.map(([a, b]) => rubricGuide.agreement.percent(a, b))",
                             [[1, 3], [2, 3], [1, 6], [3, 17], [12, 17], [0, 1], [0, 0]])
    assert percents == [33, 67, 17, 18, 71, 0, None]


def state(respondent: str, answers: dict[str, tuple[str | None, str]],
          updated: str = "") -> dict[str, Any]:
    return {"respondent": respondent, "updated": updated,
            "answers": {key: {"choice": choice, "notes": notes}
                        for key, (choice, notes) in answers.items()}}


ANA = state("Ana", {"a": ("proficient", "minutes")}, "2026-12-01T10:00:00Z")
UNNAMED = state("", {"a": ("emerging", "")}, "2026-12-01T09:00:00Z")


@pytest.mark.parametrize(("candidate", "decision"), [
    # The same file again, or the same person with the same answers (spelt otherwise).
    (ANA, {"action": "duplicate", "index": 0}),
    (state(" ana ", {"a": ("proficient", "minutes"), "b": (None, "")}, "2026-12-02T00:00:00Z"),
     {"action": "duplicate", "index": 0}),
    # Ana's answers changed: the newer file replaces hers, an older one is left out.
    (state("Ana", {"a": ("advanced", "minutes")}, "2026-12-02T10:00:00Z"),
     {"action": "replace", "index": 0}),
    (state("ANA", {"a": ("advanced", "")}, "2026-11-30T10:00:00Z"),
     {"action": "older", "index": 0}),
    # Without a saving time, the file loaded last is taken as the newer.
    (state("Ana", {"a": ("advanced", "")}), {"action": "replace", "index": 0}),
    # Someone else who answered the same is another member.
    (state("Ben", {"a": ("proficient", "minutes")}, "2026-12-01T10:00:00Z"),
     {"action": "add", "index": 2}),
    # Unnamed files are one member only when the whole file is the same.
    (UNNAMED, {"action": "duplicate", "index": 1}),
    (state("", {"a": ("emerging", "")}, "2026-12-01T09:30:00Z"), {"action": "add", "index": 2}),
])
def test_a_member_counts_once(rubric_script, candidate, decision):
    assert rubric_script.evaluate("""([members, candidate]) => {
      const roster = new rubricGuide.agreement.Roster();
      for (const state of members) roster.put(roster.admit(state), { state });
      const { action, index } = roster.admit(candidate);
      return { action, index }; }""", [[ANA, UNNAMED], candidate]) == decision


# -- a team, with files exported from the real page ---------------------------------------------

TEAM = {
    "Ana": {"roles-and-responsibilities": 3, "communication": 2, "feedback-and-support": 1,
            "inclusivity-and-engagement": 4},
    "Ben": {"roles-and-responsibilities": 3, "communication": 3, "feedback-and-support": 3,
            "inclusivity-and-engagement": 2, "problem-solving-and-decision-making": 2},
    "Chen": {"roles-and-responsibilities": 2, "communication": 4,
             "inclusivity-and-engagement": 1, "problem-solving-and-decision-making": 2},
}


def export_from_page(browser: Any, site_url: str, name: str, levels: dict[str, int],
                     folder: Path) -> Path:
    """``name`` scores the rubric on the page in a browser of their own and exports JSON."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + RUBRIC)
    page.get_by_label("Your name (optional, shown in team calibration)").fill(name)
    for criterion, level in levels.items():
        radio(page, criterion, f"Level {level}:").check()
        page.locator(f"#{criterion} ~ .rg-evidence textarea").fill(f"{name} on {criterion}")
    with page.expect_download() as info:
        page.locator("[data-rg-action='export-json']").click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    context.close()
    return path


@pytest.fixture(scope="module")
def team_files(browser: Any, site_url: str, tmp_path_factory: pytest.TempPathFactory
               ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("team")
    return {name: export_from_page(browser, site_url, name, levels, folder)
            for name, levels in TEAM.items()}


def report(page: Page) -> list[str]:
    return page.locator("[data-rg-calibration-report] li").all_inner_texts()


def cells(page: Page, criterion: str, selector: str) -> list[str]:
    return page.locator(f"tr[data-criterion='{criterion}'] {selector}").all_inner_texts()


def test_three_members_are_merged_each_once(page, site_url, team_files):
    page.goto(site_url + RUBRIC)
    today = page.evaluate(TODAY)
    assert [p.name for p in team_files.values()] == [
        f"collaboration-structures-{n}-{today}.json" for n in ("ana", "ben", "chen")]
    picker = page.locator("[data-rg-calibrate]")
    picker.set_input_files([str(p) for p in team_files.values()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    assert report(page) == ["Members loaded: 3."]
    # Ben's file again: recognised and reported, not counted.
    picker.set_input_files([str(team_files["Ben"])])
    ben = team_files["Ben"].name
    expect(page.locator("[data-rg-calibration-report] li").first).to_have_text(
        f"{ben}: the same answers as Ben (from {ben}), already counted; not added again.")
    assert report(page)[1] == "Members loaded: 3."
    assert page.locator("[data-rg-member-list] .rg-member__name").all_inner_texts() == [
        "Ana", "Ben", "Chen"]
    # Who chose each level.
    assert cells(page, "communication", ".rg-who") == ["Ana", "Ben", "Chen"]
    assert cells(page, "roles-and-responsibilities", "td[data-level] .rg-count") == [
        "0", "1", "2", "0"]
    assert cells(page, "roles-and-responsibilities", ".rg-who") == ["Chen", "Ana, Ben"]
    # Agreement per criterion: roles 3,3,2; communication 2,3,4; feedback 1,3 (Chen did not
    # score it); inclusivity 4,2,1; decision-making 2,2 (Ana did not).
    rows = ["roles-and-responsibilities", "communication", "feedback-and-support",
            "inclusivity-and-engagement", "problem-solving-and-decision-making"]
    assert [cells(page, r, ".rg-exact")[0] for r in rows] == [
        "33% (1/3 pairs)", "0% (0/3 pairs)", "0% (0/1 pairs)", "0% (0/3 pairs)",
        "100% (1/1 pairs)"]
    assert [cells(page, r, ".rg-adjacent")[0] for r in rows] == [
        "100% (3/3 pairs)", "67% (2/3 pairs)", "0% (0/1 pairs)", "33% (1/3 pairs)",
        "100% (1/1 pairs)"]
    # Overall: 11 pairs, 2 exact, 7 within one level.
    expect(page.locator("[data-rg-overall]")).to_have_text(
        "Overall agreement: exact 18% (2/11 pairs); adjacent (within one level) 64% "
        "(7/11 pairs).")
    # The wide disagreements, the widest first, named in words (and marked on their rows).
    expect(page.locator("[data-rg-wide]")).to_have_text(
        "Wide disagreements (two or more levels apart), to discuss first: Inclusivity & "
        "Engagement: Level 1\u20134 (3 levels apart); Communication & Information Sharing: "
        "Level 2\u20134 (2 levels apart); Feedback & Support Mechanisms: Level 1\u20133 (2 "
        "levels apart).")
    wide = page.locator("tr.rg-calibration__row--wide")
    assert [w.get_attribute("data-criterion") for w in wide.all()] == rows[1:4]
    expect(wide.first.locator(".rg-spread")).to_have_text(
        "Wide disagreement: Level 2\u20134 (2 levels apart)")
    expect(page.locator("tr[data-criterion='roles-and-responsibilities'] .rg-spread")
           ).to_have_text("Level 2\u20133 (1 level apart)")
    assert cells(page, "communication", ".rg-member-notes li") == [
        "Ana: Ana on communication", "Ben: Ben on communication", "Chen: Chen on communication"]
    expect(page.locator("[data-rg-calibration-how]")).to_contain_text(
        "Exact agreement is the share of those pairs who chose the same level; adjacent "
        "agreement is the share whose levels are at most one apart, exact matches included.")

    # The merged files carry the names, each member once.
    with page.expect_download() as info:
        page.locator("[data-rg-action='calibration-json']").click()
    assert info.value.suggested_filename == f"collaboration-structures-calibration-{today}.json"
    merged = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert [m["name"] for m in merged["members"]] == ["Ana", "Ben", "Chen"]
    # Chance-corrected, and as the reference implementations work them out.
    table = [[2, 2, 1], [1, 2, 3], [0, 2, None], [3, 1, 0], [None, 1, 1]]
    assert merged["agreement"] == {"pairs": 11, "exact": 2, "adjacent": 7, "exactPercent": 18,
                                   "adjacentPercent": 64,
                                   "ac1": round(reference_ac1(table, 4), 4),
                                   "alpha": round(reference_alpha(table, 4), 4)}
    expect(page.locator("[data-rg-chance]")).to_have_text(
        "Chance-corrected agreement: Gwet's AC1 0.04; Krippendorff's alpha (ordinal) -0.23.")
    assert merged["key"] is None and merged["severityFrom"] == "median"
    roles = merged["criteria"][0]
    assert roles["chosenBy"] == {"emerging": [], "developing": ["Chen"],
                                 "proficient": ["Ana", "Ben"], "advanced": []}
    assert roles["answers"][2] == {"member": "Chen", "level": "developing",
                                   "notes": "Chen on roles-and-responsibilities"}
    assert (roles["exactPercent"], roles["adjacentPercent"], roles["wide"]) == (33, 100, False)
    with page.expect_download() as info:
        page.locator("[data-rg-action='calibration-csv']").click()
    assert info.value.suggested_filename == f"collaboration-structures-calibration-{today}.csv"
    table = csv_rows(Path(info.value.path()).read_text("utf-8"))
    assert table[0] == [
        "criterion_id", "criterion", "Level 1: Emerging", "Level 2: Developing",
        "Level 3: Proficient", "Level 4: Advanced", "pairs", "exact_agreement_percent",
        "adjacent_agreement_percent", "ac1", "alpha", "spread", "key_level",
        "key_exact_percent", "key_adjacent_percent"] + [
        f"{name}: {column}" for name in ("Ana", "Ben", "Chen")
        for column in ("level", "notes", "exact_percent", "adjacent_percent", "severity")]
    # Communication, 2,3,4: one criterion's AC1: observed 0, chance (3 x 2/9) / 3 = 2/9, so
    # -2/7; alpha needs two criteria, so its cell is empty. No key: its columns are empty.
    assert table[2][:15] == ["communication", "Communication & Information Sharing", "0", "1",
                             "1", "1", "3", "0", "67", str(round(-2 / 7, 4)), "",
                             "Level 2\u20134 (2 levels apart)", "", "", ""]
    # Feedback: Ana at level 1, Ben at 3, Chen none: the median is 2, so -1 and +1.
    assert table[3][15:] == ["Level 1: Emerging", "Ana on feedback-and-support", "", "", "-1",
                             "Level 3: Proficient", "Ben on feedback-and-support", "", "", "1",
                             "", "", "", "", ""]
    assert table[-1][:11] == ["", "All criteria", "2", "5", "4", "2", "11", "18", "64",
                              str(merged["agreement"]["ac1"]),
                              str(merged["agreement"]["alpha"])]
    assert len(table) == 7


def test_members_are_removed_and_the_team_started_over_from_the_keyboard(page, site_url,
                                                                         team_files):
    page.goto(site_url + RUBRIC)
    page.locator("[data-rg-calibrate]").set_input_files([str(p) for p in team_files.values()])
    remove_ben = page.get_by_role("button", name="Remove Ben")
    remove_ben.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-rg-member-list] .rg-member__name")).to_have_text(["Ana", "Chen"])
    assert report(page) == ["Removed Ben.", "Members loaded: 2."]
    # The focus stays in the list, on the member after the one removed.
    expect(page.get_by_role("button", name="Remove Chen")).to_be_focused()
    # Without Ben: roles 3,2; communication 2,4; inclusivity 4,1: 3 pairs, 1 adjacent.
    expect(page.locator("[data-rg-overall]")).to_have_text(
        "Overall agreement: exact 0% (0/3 pairs); adjacent (within one level) 33% "
        "(1/3 pairs).")
    assert cells(page, "feedback-and-support", ".rg-exact") == ["\u2013 (fewer than 2 answers)"]
    page.keyboard.press("Enter")
    # A single member: names and notes, but no pairs to agree.
    expect(page.locator("[data-rg-overall]")).to_have_text(
        "Agreement needs two members who scored the same criterion.")
    assert cells(page, "communication", ".rg-exact") == ["\u2013 (fewer than 2 answers)"]
    # One answer is not agreement.
    assert cells(page, "communication", ".rg-spread") == ["one answer only"]
    assert cells(page, "communication", ".rg-who") == ["Ana"]
    # The last member's button falls back to the one before it, then to the file picker.
    expect(page.get_by_role("button", name="Remove Ana")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[data-rg-calibrate]")).to_be_focused()
    expect(page.locator("[data-rg-calibration-members]")).to_be_hidden()
    page.locator("[data-rg-calibrate]").set_input_files([str(p) for p in team_files.values()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    page.get_by_role("button", name="Start over").press("Enter")
    expect(page.locator("[data-rg-calibration-members]")).to_be_hidden()
    expect(page.locator("[data-rg-calibration-view] table")).to_have_count(0)
    assert report(page) == ["Started over: no member files loaded."]
    assert page.evaluate("document.activeElement.matches('[data-rg-calibrate]')")


def test_a_members_newer_file_replaces_the_older_one(page, site_url):
    page.goto(site_url + RUBRIC)
    data = page_data(page)
    older = member_export(data, "Ben", {"communication": "emerging"}, {},
                          updated="2026-12-01T09:00:00.000Z")
    newer = member_export(data, "Ben", {"communication": "advanced"}, {"communication": "x"},
                          updated="2026-12-02T09:00:00.000Z")
    picker = page.locator("[data-rg-calibrate]")
    picker.set_input_files(files=[as_file("ben-monday.json", older)])
    picker.set_input_files(files=[as_file("ben-tuesday.json", newer)])
    expect(page.locator("[data-rg-calibration-report] li").first).to_have_text(
        "ben-tuesday.json replaces the earlier answers of Ben (from ben-monday.json): each "
        "member counts once, with their newest file.")
    expect(page.locator("[data-rg-member-list] li")).to_have_text(
        ["Ben (ben-tuesday.json) Remove"])
    assert cells(page, "communication", ".rg-who") == ["Ben"]
    assert cells(page, "communication", "td[data-level='advanced'] .rg-count") == ["1"]
    picker.set_input_files(files=[as_file("ben-monday.json", older)])
    expect(page.locator("[data-rg-calibration-report] li").first).to_have_text(
        "ben-monday.json: older answers of Ben than the ones loaded (from ben-tuesday.json); "
        "not added.")
    assert cells(page, "communication", "td[data-level='advanced'] .rg-count") == ["1"]


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_merged_view_prints_landscape_with_title_date_and_members(page, site_url, team_files,
                                                                  paper):
    page.goto(site_url + RUBRIC)
    page.locator("[data-rg-calibrate]").set_input_files([str(p) for p in team_files.values()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    without_print_dialog(page)
    page.get_by_role("button", name="Print the merged view").click()
    assert page.evaluate("window.printCalls") == 1
    page.emulate_media(media="print")
    widths = page.eval_on_selector_all(".rg-calibration__table thead th",
                                       "ths => ths.map(th => th.offsetWidth)")
    assert widths[-1] == max(widths), "the notes are the widest column"
    printed = page.pdf(format=paper, prefer_css_page_size=True)
    with pdfplumber.open(io.BytesIO(printed)) as document:
        assert all(p.width > p.height for p in document.pages)
        assert len(document.pages) == 1
        text = " ".join((p.extract_text() or "") for p in document.pages)
    first = text.split("\n")
    assert first[0] == "Strengthening Collaboration Structures"
    assert first[1] == f"Team calibration · {page.evaluate(LONG_TODAY)} · Members: Ana, Ben, Chen"
    for absent in ("Members' exported files", "drop the files", "Remove", "Start over",
                   "Export merged", "Score this rubric", "Level 1: Emerging Roles"):
        assert absent not in text
    assert "Overall agreement: exact 18%" in text
    # The explanations are the screen's; paper keeps the figures.
    assert "How agreement is counted" not in text
    # Once printed, the page prints as itself again.
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.documentElement.classList.contains('rg-print-calibration')"
                         ) is False
    assert page.locator("style[data-rg-print-page]").count() == 0


# -- checklists -----------------------------------------------------------------------------


def checklist_export(data: dict, name: str, responses: dict[int, str],
                     notes: dict[int, str]) -> dict:
    items = data["items"]
    return {
        "format": "rubric-guide", "formatVersion": 1, "kind": "checklist", "id": data["id"],
        "title": data["title"], "contentVersion": data["version"], "respondent": name,
        "updated": "2026-12-01T10:00:00.000Z",
        "answers": {items[i]["id"]: {"response": r, "notes": notes.get(i, ""),
                                     "version": items[i]["version"]}
                    for i, r in responses.items()},
    }


def test_checklists_get_the_same_team_view(page, site_url):
    page.goto(site_url + CHECKLIST)
    data = page_data(page)
    files = [
        checklist_export(data, "Ana", {0: "In place", 1: "Not yet"}, {0: "Charter signed"}),
        checklist_export(data, "Ben", {0: "In place", 1: "In place"}, {}),
        checklist_export(data, "Chen", {0: "In progress"}, {}),
    ]
    picker = page.locator("[data-rg-calibrate]")
    picker.set_input_files(files=[as_file(f"{f['respondent']}.json", f) for f in files])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    picker.set_input_files(files=[as_file("ana-again.json", files[0])])
    expect(page.locator("[data-rg-calibration-report] li").first).to_have_text(
        "ana-again.json: the same answers as Ana (from Ana.json), already counted; not added "
        "again.")
    first, second = data["items"][0]["id"], data["items"][1]["id"]
    row = page.locator(f"tr[data-item='{first}']")
    assert row.locator("td[data-response] .rg-count").all_inner_texts() == ["0", "1", "2"]
    assert row.locator(".rg-who").all_inner_texts() == ["Chen", "Ana, Ben"]
    expect(row.locator(".rg-exact")).to_have_text("33% (1/3 pairs)")
    expect(row.locator(".rg-adjacent")).to_have_text("100% (3/3 pairs)")
    expect(page.locator(f"tr[data-item='{second}'] .rg-spread")).to_have_text(
        "Wide disagreement: Not yet to In place (2 responses apart)")
    expect(page.locator("[data-rg-overall]")).to_have_text(
        "Overall agreement: exact 25% (1/4 pairs); adjacent (within one response) 75% "
        "(3/4 pairs).")
    with page.expect_download() as info:
        page.locator("[data-rg-action='calibration-csv']").click()
    assert info.value.suggested_filename == (
        f"evidence-of-practice-calibration-{page.evaluate(TODAY)}.csv")
    table = csv_rows(Path(info.value.path()).read_text("utf-8"))
    assert table[0][:6] == ["item_id", "item", "Not yet", "In progress", "In place", "pairs"]
    assert table[0][14:] == [f"{name}: {column}" for name in ("Ana", "Ben", "Chen") for column in
                             ("response", "notes", "exact_percent", "adjacent_percent",
                              "severity")]
    # Without a key, severity is the difference from the team's median (In place here).
    assert table[1][14:] == ["In place", "Charter signed", "", "", "0", "In place", "", "", "",
                             "0", "In progress", "", "", "", "-1"]
    assert table[-1][1] == "All items"


# -- a key of master scores ------------------------------------------------------------------

MASTER = {"roles-and-responsibilities": "proficient", "communication": "proficient",
          "feedback-and-support": "developing", "inclusivity-and-engagement": "developing",
          "problem-solving-and-decision-making": "proficient"}


def test_a_key_scores_each_member_and_travels_in_the_exports(page, site_url, team_files):
    page.goto(site_url + RUBRIC)
    page.locator("[data-rg-calibrate]").set_input_files([str(p) for p in team_files.values()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    key = member_export(page_data(page), "Master", MASTER, {})
    page.get_by_label("Key (master scores)").set_input_files(files=[as_file("master.json", key)])
    expect(page.locator("[data-rg-key-status]")).to_have_text(
        "Key: the master scores in master.json (Master); members are compared with it.")
    # The key is not a member.
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    # Ana: roles 3 (key 3), communication 2 (3), feedback 1 (2), inclusivity 4 (2): one exact,
    # three within one level, severity (0 - 1 - 1 + 2) / 4 = 0. Ben: 3/3, 3/3, 3/2, 2/2, 2/3:
    # three exact, all adjacent, (0 + 0 + 1 + 0 - 1) / 5 = 0. Chen: 2/3, 4/3, 1/2, 2/3: none
    # exact, all adjacent, (-1 + 1 - 1 - 1) / 4 = -0.5.
    raters = page.locator("[data-rg-raters] tbody tr")
    assert [raters.nth(i).inner_text().split("\t") for i in range(3)] == [
        ["Ana", "25% (1/4 criteria)", "75% (3/4 criteria)", "0.00"],
        ["Ben", "60% (3/5 criteria)", "100% (5/5 criteria)", "0.00"],
        ["Chen", "0% (0/4 criteria)", "100% (4/4 criteria)", "\u22120.50"]]
    expect(page.locator("[data-rg-key-overall]")).to_have_text(
        "Agreement with the key (Master): exact 31% (4/13 answers); adjacent 92% (12/13 "
        "answers).")
    assert cells(page, "communication", ".rg-key") == ["Level 3: Proficient \u00b7 1 of 3 match"]
    # The matrix is now the key's level against each answer; the widest first.
    widest = page.locator("[data-rg-widest] li").all_inner_texts()
    assert widest[0] == ("Key Level 2: Developing, member Level 4: Advanced (2 levels apart): "
                         "1 answer")
    with page.expect_download() as info:
        page.locator("[data-rg-action='calibration-json']").click()
    merged = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert merged["key"] == {"name": "Master", "file": "master.json", "scores": MASTER}
    assert merged["severityFrom"] == "key"
    assert merged["members"][2]["accuracy"] == {"compared": 4, "exact": 0, "adjacent": 4,
                                                "exactPercent": 0, "adjacentPercent": 100}
    assert merged["members"][2]["severity"] == -0.5
    assert merged["matrix"]["of"] == "key"
    assert merged["criteria"][1]["key"] == {"level": "proficient", "compared": 3, "exact": 1,
                                            "adjacent": 3}
    # Cleared, the members are compared with the team's median again.
    page.get_by_role("button", name="Clear key").click()
    expect(page.locator("[data-rg-key-overall]")).to_have_count(0)
    expect(page.locator("[data-rg-raters] thead th")).to_have_text(["Member", "Severity"])
    assert page.evaluate("document.activeElement.matches('[data-rg-key]')")


FRAMES = """() => { window.buttonTops = [];
  const actions = document.querySelector("[data-rg-calibration-actions]");
  const record = () => {
    if (!actions.hidden) window.buttonTops.push(actions.getBoundingClientRect().top);
    requestAnimationFrame(record); };
  requestAnimationFrame(record); }"""
"""Records, at every frame, where the merged view's buttons are (below the member list and
the tables) once they are shown."""


def test_a_teams_view_is_whole_in_its_first_frame_so_nothing_moves_under_the_pointer(
        page, site_url, team_files):
    page.goto(site_url + RUBRIC)
    page.evaluate(FRAMES)
    page.locator("[data-rg-calibrate]").set_input_files([str(p) for p in team_files.values()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    key = member_export(page_data(page), "Master", MASTER, {})
    page.get_by_label("Key (master scores)").set_input_files(files=[as_file("master.json", key)])
    expect(page.locator("[data-rg-key-overall]")).to_have_count(1)
    page.wait_for_function("window.buttonTops.length > 30")
    # Drawn again with the key, the view keeps its size from the first frame on.
    places = [top for top, _ in itertools.groupby(page.evaluate("window.buttonTops"))]
    assert len(places) == 2, places  # the team's view, then the view with the key


def test_a_key_from_another_rubric_is_refused_with_the_reason(page, site_url):
    page.goto(site_url + RUBRIC)
    other = member_export(page_data(page), "Master", {}, {}, id="another-rubric")
    page.get_by_label("Key (master scores)").set_input_files(files=[as_file("k.json", other)])
    expect(page.locator("[data-rg-key-status]")).to_have_text(
        "Could not import k.json: it holds the answers to another rubric or checklist "
        "(another-rubric)")


# -- any team size ---------------------------------------------------------------------------

LONG_TASKS = """() => { window.longTasks = []; window.changed = Infinity;
  /* Tasks from the moment the page is handed the files: Playwright first makes a thousand
     File objects in the page, in a task of its own that ends with the change event. */
  document.querySelector("[data-rg-calibrate]").addEventListener("change", () => {
    window.changed = performance.now(); }, { capture: true });
  new PerformanceObserver(list => { for (const entry of list.getEntries())
    if (entry.startTime >= window.changed)
      window.longTasks.push(entry.duration); }).observe({ type: "longtask" });
  window.progress = [];
  const line = document.querySelector("[data-rg-progress]");
  new MutationObserver(() => { if (line.textContent) window.progress.push(line.textContent); })
    .observe(line, { childList: true, characterData: true, subtree: true }); }"""


def test_a_thousand_member_files_merge_without_freezing_the_page(page, site_url):
    page.goto(site_url + RUBRIC)
    data = page_data(page)
    rng = random.Random(1000)
    levels = [level["id"] for level in data["levels"]]
    files = [as_file(f"member-{i}.json", member_export(
        data, f"Member {i}", {c["id"]: rng.choice(levels) for c in data["criteria"]},
        {data["criteria"][0]["id"]: f"Note {i}"})) for i in range(1000)]
    page.evaluate(LONG_TASKS)
    page.locator("[data-rg-calibrate]").set_input_files(files=files)
    expect(page.locator("[data-rg-calibration-report] li").last).to_have_text(
        "Members loaded: 1,000.", timeout=60_000)
    expect(page.locator("[data-rg-member-list] li")).to_have_count(1000)
    longest = page.evaluate("Math.max(0, ...window.longTasks)")
    assert longest < 200, f"the longest task took {longest:.0f} ms"
    progress = page.evaluate("window.progress")
    assert progress[0] == "Reading files: 0 of 1,000"
    assert progress[-1] == "Reading files: 1,000 of 1,000" and len(progress) > 10
    expect(page.locator("[data-rg-progress]")).to_be_hidden()
    # Names in a cell are summarised; the exports keep every one.
    who = cells(page, data["criteria"][0]["id"], ".rg-who")
    assert all(re.fullmatch(r"(Member \d+, ){9}Member \d+ and \d+ more", w) for w in who), who
    # Large counts read as the page's other numbers do, grouped: 1,000 members make 499,500
    # pairs a criterion.
    exact = cells(page, data["criteria"][0]["id"], ".rg-exact")
    assert re.fullmatch(r"\d+% \([\d,]+/499,500 pairs\)", exact[0]), exact
    matrix = page.locator(".rg-matrix td:not([aria-hidden])").all_inner_texts()
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+", n) for n in matrix), matrix
    # A thousand more files are refused at once, each with the reason, the list summarised.
    more = [as_file(f"extra-{i}.json", member_export(data, f"Extra {i}", {}, {}))
            for i in range(30)]
    page.locator("[data-rg-calibrate]").set_input_files(files=more)
    expect(page.locator("[data-rg-calibration-report] li").first).to_have_text(
        "extra-0.json: not added: calibration holds at most 1,000 members at once.")
    lines = page.locator("[data-rg-calibration-report] li").all_inner_texts()
    assert lines[10:] == ["…and 20 more files reported.", "Members loaded: 1,000."]
    page.locator("[data-rg-calibrate]").set_input_files(files=more[:11])
    expect(page.locator("[data-rg-calibration-report] li").nth(10)).to_have_text(
        "…and 1 more file reported.")


def test_files_over_the_limits_are_refused_at_once(page, site_url):
    page.goto(site_url + RUBRIC)
    data = page_data(page)
    huge = {"name": "huge.json", "mimeType": "application/json", "buffer": b" " * 1_100_000}
    files = [huge] + [as_file(f"m-{i}.json", member_export(data, f"M {i}", {}, {}))
                      for i in range(1000)]
    page.locator("[data-rg-calibrate]").set_input_files(files=files)
    expect(page.locator("[data-rg-calibration-report] li").last).to_have_text(
        "Members loaded: 999.", timeout=30_000)
    lines = page.locator("[data-rg-calibration-report] li").all_inner_texts()
    assert lines[:2] == [
        "1 file was not read: calibration merges at most 1,000 member files at once.",
        "Could not import huge.json: it is larger than 1 MB"]


def test_on_a_phone_each_criterion_is_a_card_with_all_its_figures(browser, site_url, team_files):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site_url + RUBRIC)
    page.locator("[data-rg-calibrate]").set_input_files([str(p) for p in team_files.values()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    view = page.locator("[data-rg-calibration-view]")
    assert view.evaluate("v => v.scrollWidth <= v.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    row = page.locator("tr[data-criterion='communication']")
    # Every figure is on screen, under its column's heading.
    for selector in (".rg-exact", ".rg-adjacent", ".rg-ac1", ".rg-spread",
                     ".rg-calibration__notes", "td[data-level='advanced']"):
        box = row.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, selector
    label = row.locator(".rg-exact").evaluate(
        "td => getComputedStyle(td, '::before').content")
    assert label == '"Exact agreement"'
    context.close()


# The facilitator's walk-through on the seven-level rubric: three members, one criterion
# scored by one member only, another by nobody but the first two.
SEVEN_LEVEL_TEAM = {
    "Ana": {"roles-and-responsibilities": "proficient", "communication": "developing",
            "problem-solving-and-decision-making": "advanced"},
    "Ben": {"roles-and-responsibilities": "proficient", "communication": "minimal"},
    "Cruz": {"roles-and-responsibilities": "proficient", "communication": "transformational"},
}


def load_seven_level_team(page: Page) -> None:
    data = page_data(page)
    page.locator("[data-rg-calibrate]").set_input_files(
        files=[as_file(f"{name}.json", member_export(data, name, levels, {}))
               for name, levels in SEVEN_LEVEL_TEAM.items()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)


def test_a_criterion_with_one_answer_says_so_in_every_figure(page, site_url):
    page.goto(site_url + DISTRICT)
    load_seven_level_team(page)
    lone = "problem-solving-and-decision-making"
    assert cells(page, lone, ".rg-spread") == ["one answer only"]
    # Its own AC1 is missing for its own reason, not the whole team's ("no criterion has
    # two answers" is untrue: two criteria have three).
    for criterion in (lone, "feedback-and-support"):  # one answer; none
        assert cells(page, criterion, ".rg-ac1") == ["\u2013 (fewer than 2 answers)"]
    with page.expect_download() as download:
        page.locator("[data-rg-action='calibration-json']").click()
    merged = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    criteria = {c["id"]: c for c in merged["criteria"]}
    assert criteria[lone]["ac1Reason"] == "fewer than 2 answers"
    assert criteria[lone]["alphaReason"] == "fewer than 2 answers"
    assert merged["agreement"]["ac1"] is not None


def test_on_a_phone_the_seven_level_matrix_fits_the_screen(browser, site_url):
    with new_page(browser, 360, 780) as phone:
        phone.goto(site_url + DISTRICT)
        load_seven_level_team(phone)
        phone.get_by_label("Key (master scores)").set_input_files(files=[as_file(
            "key.json", member_export(page_data(phone), "Key", SEVEN_LEVEL_TEAM["Ana"], {}))])
        expect(phone.locator("[data-rg-key-overall]")).to_have_count(1)
        for matrix in phone.locator(".rg-matrix").all():
            box = matrix.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
        overflow = phone.evaluate(
            "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
        assert overflow <= 0, "the page scrolls sideways"


# The walk-through's printed case: the seven-level rubric, three members who scored every
# criterion and wrote a few notes, and a key of master scores.
SEVEN_LEVEL_FULL_TEAM = {
    "Ana": {"roles-and-responsibilities": "proficient", "communication": "developing",
            "feedback-and-support": "emerging", "inclusivity-and-engagement": "advanced",
            "problem-solving-and-decision-making": "advanced"},
    "Ben": {"roles-and-responsibilities": "proficient", "communication": "minimal",
            "feedback-and-support": "developing", "inclusivity-and-engagement": "developing",
            "problem-solving-and-decision-making": "ineffective"},
    "Cruz": {"roles-and-responsibilities": "advanced", "communication": "transformational",
             "feedback-and-support": "proficient", "inclusivity-and-engagement": "emerging",
             "problem-solving-and-decision-making": "proficient"},
}
SEVEN_LEVEL_NOTES = {
    "Ana": {"communication": "Monthly principals' meeting, no shared data yet."},
    "Ben": {"problem-solving-and-decision-making": "Decisions are made by the superintendent."},
    "Cruz": {"communication": "The dashboard is live in every school."},
}
SEVEN_LEVEL_KEY = {"roles-and-responsibilities": "proficient", "communication": "developing",
                   "feedback-and-support": "developing", "inclusivity-and-engagement": "developing",
                   "problem-solving-and-decision-making": "proficient"}


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_the_seven_level_merged_view_with_a_key_prints_on_one_page(page, site_url, paper):
    page.goto(site_url + DISTRICT)
    data = page_data(page)
    page.locator("[data-rg-calibrate]").set_input_files(files=[
        as_file(f"{name}.json", member_export(data, name, levels, SEVEN_LEVEL_NOTES[name]))
        for name, levels in SEVEN_LEVEL_FULL_TEAM.items()])
    expect(page.locator("[data-rg-member-list] li")).to_have_count(3)
    page.get_by_label("Key (master scores)").set_input_files(files=[as_file(
        "key.json", member_export(data, "Master", SEVEN_LEVEL_KEY, {}))])
    expect(page.locator("[data-rg-key-overall]")).to_have_count(1)
    without_print_dialog(page)
    page.get_by_role("button", name="Print the merged view").click()
    page.emulate_media(media="print")
    printed = page.pdf(format=paper, prefer_css_page_size=True)
    assert len(PdfReader(io.BytesIO(printed)).pages) == 1
    with pdfplumber.open(io.BytesIO(printed)) as document:
        sheet = document.pages[0]
        assert sheet.width > sheet.height
        # (A level's name reading upwards is measured along the line, so only upright type.)
        assert min(c["size"] for c in sheet.chars if c["upright"]) >= 7, "type under 7pt"
        text = sheet.extract_text() or ""
    words = " ".join(text.split())
    # Everything a facilitator reads from paper is on it; the explanations are not.
    assert text.startswith("District Collective Accountability\nTeam calibration")
    for present in ("Members: Ana, Ben, Cruz", "Overall agreement", "Agreement with the key",
                    "Agreement matrix", "Each member", "Clarity of Roles",
                    "The dashboard is live in every school."):
        assert present in words, present
    for absent in ("How agreement is counted", "Members' exported files", "Start over",
                   "Clear key", "Print the merged view", "Score this rubric"):
        assert absent not in words, absent
