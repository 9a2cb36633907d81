"""The arithmetic of team calibration (generator/assets/rubric-guide-agreement.js), run with
Node.js and checked against reference implementations: Krippendorff's alpha against the
``krippendorff`` package, Gwet's AC1 against ``irrCAC`` and a case worked by hand, on seeded
random teams and on the edge cases where a figure would mislead (one answer, one criterion,
everyone agreeing)."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess

import numpy as np
import pytest

from .conftest import ROOT
from .references import Table, reference_ac1, reference_alpha

AGREEMENT = ROOT / "generator" / "assets" / "rubric-guide-agreement.js"

RUN = """
const agreement = require(process.argv[1]);
const calls = JSON.parse(require("fs").readFileSync(0, "utf8"));
const results = calls.map(([name, args]) => agreement[name](...args));
process.stdout.write(JSON.stringify(results));
"""


def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail("Node.js not found; install it (Debian/Ubuntu: apt-get install nodejs)")
    return found


def run(calls: list[tuple[str, list[object]]]) -> list[object]:
    """Call the script's functions, each (name, arguments), in one Node.js process."""
    result = subprocess.run([node(), "-e", RUN, str(AGREEMENT)], input=json.dumps(calls),
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def random_table(rng: random.Random) -> tuple[Table, int]:
    """A team of 2 to 12 members scoring 2 to 9 criteria on 2 to 7 levels, some answers left
    out, the levels drawn with a bias so that agreement varies from chance to near-perfect."""
    q = rng.randint(2, 7)
    members = rng.randint(2, 12)
    criteria = rng.randint(2, 9)
    table: Table = []
    for _ in range(criteria):
        centre = rng.randrange(q)
        spread = rng.choice([0, 0.5, 1, 2, q])
        row: list[int | None] = []
        for _ in range(members):
            if rng.random() < 0.15:
                row.append(None)
            else:
                row.append(min(q - 1, max(0, round(rng.gauss(centre, spread)))))
        table.append(row)
    return table, q


def pairable_units(table: Table) -> int:
    return sum(1 for row in table if sum(p is not None for p in row) >= 2)


def test_alpha_and_ac1_match_the_references_on_random_teams():
    rng = random.Random(20261205)
    cases = [random_table(rng) for _ in range(300)]
    found = run([(name, [table, q]) for table, q in cases for name in ("alpha", "ac1")])
    compared = {"alpha": 0, "ac1": 0}
    for (table, q), alpha, ac1 in zip(cases, found[::2], found[1::2], strict=True):
        assert isinstance(alpha, dict) and isinstance(ac1, dict)
        if pairable_units(table) >= 2 and len({p for row in table for p in row
                                               if p is not None}) > 1:
            assert alpha["value"] == pytest.approx(reference_alpha(table, q), abs=1e-9), table
            compared["alpha"] += 1
        if pairable_units(table) >= 1:
            assert ac1["value"] == pytest.approx(reference_ac1(table, q), abs=1e-9), table
            compared["ac1"] += 1
    # Nearly every random team has figures to compare.
    assert compared["alpha"] > 250 and compared["ac1"] > 290, compared


def test_ac1_as_worked_by_hand():
    """Three members, four criteria, levels 0-3. Criteria with two or more answers: (1,1,2),
    (0,0,0), (3,None,2), (2,2,2). Observed agreement: (2/6 + 6/6 + 0/2 + 6/6) / 4 = 7/12.
    Shares at each level, averaged over the four criteria: level 0: (0+1+0+0)/4 = 1/4;
    level 1: (2/3)/4 = 1/6; level 2: (1/3 + 1/2 + 1)/4 = 11/24; level 3: (1/2)/4 = 1/8.
    Chance: the sum of pi_k (1 - pi_k) over the levels, divided by q - 1 = 3; AC1 is
    (observed - chance) / (1 - chance), worked below in exact fractions."""
    from fractions import Fraction as F

    pi = [F(1, 4), F(1, 6), F(11, 24), F(1, 8)]
    assert sum(pi) == 1
    pa = F(7, 12)
    pe = sum(p * (1 - p) for p in pi) / 3
    expected = (pa - pe) / (1 - pe)
    table = [[1, 1, 2], [0, 0, 0], [3, None, 2], [2, 2, 2]]
    (found,) = run([("ac1", [table, 4])])
    assert found == {"value": pytest.approx(float(expected), abs=1e-12), "reason": None}
    assert float(expected) == pytest.approx(reference_ac1(table, 4), abs=1e-9)


@pytest.mark.parametrize(("table", "alpha", "ac1"), [
    # Nobody answered, or one member per criterion: no pair, no figure.
    ([[None, None], [None, None]], "fewAnswers", "fewAnswers"),
    ([[2], [1]], "fewAnswers", "fewAnswers"),
    # One criterion: alpha would be 0 whatever the answers (the reference says 0); AC1 is that
    # criterion's own: observed 2/6, chance (2/9 + 2/9) / 3 = 4/27, so (1/3 - 4/27) / (23/27).
    ([[1, 1, 2]], "oneUnit", 5 / 23),
    # Everyone on one level everywhere: alpha is 0/0 (the reference gives NaN); AC1 is 1.
    ([[2, 2, 2], [2, 2, None]], "noVariation", 1.0),
])
def test_figures_that_would_mislead_are_refused_with_the_reason(table, alpha, ac1):
    found = run([("alpha", [table, 4]), ("ac1", [table, 4])])
    assert found[0] == {"value": None, "reason": alpha}
    if isinstance(ac1, str):
        assert found[1] == {"value": None, "reason": ac1}
    else:
        assert found[1] == {"value": pytest.approx(ac1, abs=1e-12), "reason": None}
    if alpha == "noVariation":
        with np.errstate(all="ignore"):
            assert math.isnan(reference_alpha(table, 4))
    if alpha == "oneUnit":
        assert reference_alpha(table, 4) == 0


def test_92_percent_agreement_can_give_alpha_zero_but_ac1_stays_high():
    """The paradox districts meet: a skewed team where nearly every pair agrees, yet alpha
    and kappa-like figures collapse. AC1 does not."""
    table = [[3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [3, 3],
             [3, 3], [2, 3]]
    pct, alpha, ac1 = run([("pool", [[{"pairs": 1, "exact": int(a == b), "adjacent": 1}
                                       for a, b in table]]),
                           ("alpha", [table, 4]), ("ac1", [table, 4])])
    assert pct == {"pairs": 12, "exact": 11, "adjacent": 12}  # 92% exact
    assert alpha["value"] == pytest.approx(reference_alpha(table, 4), abs=1e-9)
    assert alpha["value"] < 0.05
    assert ac1["value"] == pytest.approx(reference_ac1(table, 4), abs=1e-9)
    assert ac1["value"] > 0.85


def test_pairwise_agreement_from_counts_equals_counting_every_pair():
    rng = random.Random(7)
    rows = [[rng.choice([None, 0, 1, 2, 3, 4, 5]) for _ in range(rng.randint(0, 40))]
            for _ in range(200)]
    found = run([("agreement", [row]) for row in rows])
    for row, result in zip(rows, found, strict=True):
        chosen = [p for p in row if p is not None]
        pairs = [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:]]
        assert isinstance(result, dict)
        assert (result["answered"], result["pairs"]) == (len(chosen), len(pairs))
        assert result["exact"] == sum(a == b for a, b in pairs)
        assert result["adjacent"] == sum(abs(a - b) <= 1 for a, b in pairs)
        assert result["spread"] == (max(chosen) - min(chosen) if chosen else None)


def test_severity_accuracy_and_matrices():
    key = [2, 1, None, 3]
    member = [3, 1, 0, 1]
    team = [[2, 3, 2], [1, 1, 0], [None, 0, None], [3, 1, 3]]
    found = run([("compare", [member, key]), ("median", [[3, 1, None, 2]]),
                 ("median", [[None]]), ("pairMatrix", [team, 4]),
                 ("keyMatrix", [team, key, 4]),
                 ("disagreements", [[[1, 2, 0], [0, 0, 1], [3, 0, 0]]])])
    # Compared on criteria 1, 2 and 4: +1, 0, -2: one exact, two within one level.
    assert found[0] == {"compared": 3, "exact": 1, "adjacent": 2, "severity": -1 / 3}
    assert found[1:3] == [2, None]
    # Pairs: criterion 1 (2,3,2): one 2-2, two 2-3; criterion 2 (1,1,0): one 1-1, two 0-1;
    # criterion 4 (3,1,3): one 3-3, two 1-3.
    assert found[3] == [[0, 2, 0, 0], [0, 1, 0, 2], [0, 0, 1, 2], [0, 0, 0, 1]]
    # Answers by the key's level (rows) and the member's (columns).
    assert found[4] == [[0, 0, 0, 0], [1, 2, 0, 0], [0, 0, 2, 1], [0, 1, 0, 2]]
    assert found[5] == [{"from": 2, "to": 0, "apart": 2, "count": 3},
                        {"from": 0, "to": 1, "apart": 1, "count": 2},
                        {"from": 1, "to": 2, "apart": 1, "count": 1}]


def test_a_thousand_members_are_admitted_each_once_in_linear_time():
    states = [{"respondent": f"Member {i % 900}", "updated": f"2026-12-01T10:{i % 60:02d}:00Z",
               "answers": {"a": {"choice": "x" if i < 900 else "y", "notes": ""}}}
              for i in range(1000)]
    script = """(states) => { const roster = new Roster(); const seen = {};
      for (const state of states) { const d = roster.admit(state);
        seen[d.action] = (seen[d.action] || 0) + 1;
        if (d.action === "add" || d.action === "replace") roster.put(d, { state }); }
      return [seen, roster.members.length]; }"""
    harness = f"""
const {{ Roster }} = require(process.argv[1]);
const states = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(({script})(states)));
"""
    result = subprocess.run([node(), "-e", harness, str(AGREEMENT)], input=json.dumps(states),
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    # 900 members; the last 100 files are 100 of them again with other answers, saved at a
    # time that is sometimes earlier than theirs.
    seen, members = json.loads(result.stdout)
    assert members == 900 and seen["add"] == 900
    assert seen.get("replace", 0) + seen.get("older", 0) == 100
