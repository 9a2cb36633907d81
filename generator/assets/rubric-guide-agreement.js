/* Rubric Guide: the arithmetic of team calibration, apart from the page so that it can be
 * checked on its own (tests/test_agreement.py runs it with Node.js against reference
 * implementations; tests/test_calibration.py in Chromium on hand-worked cases).
 *
 * A "table" is one array per criterion (or checklist item) of the level positions the members
 * chose (0 = lowest), in the members' order; null or undefined for a member who did not answer.
 *
 * Percent agreement is pairwise, as rater calibration reports it: every pair of members who
 * both answered a criterion is one comparison. Exact agreement is the share of those pairs who
 * chose the same level; adjacent agreement the share whose levels are at most one apart, exact
 * matches included. Overall figures pool the pairs of every criterion, so each comparison
 * counts once. Every figure is worked out from the count of answers at each level, so a team
 * of a thousand costs no more than the number of levels.
 *
 * Chance-corrected agreement: Gwet's AC1 (Gwet 2008; criteria as subjects, levels as
 * categories) and Krippendorff's alpha with the ordinal metric (criteria as units). Each is
 * {value, reason}: a number, or null with the reason there is none (too few answers, a single
 * criterion, no variation), never a misleading figure.
 *
 * Members: a file whose respondent and answers match a member already loaded is that member
 * again; a file with the same respondent and other answers is that member's newer or older
 * answers, and the newer ones count. Unnamed files are the same member only when the whole
 * file, its saving time included, is the same. Members are indexed by these keys (Roster), so
 * each file joins in constant time.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.rubricGuideAgreement = api;
})(this, function () {
  "use strict";

  /* Answers this many levels apart or more are a wide disagreement, to discuss first. */
  var WIDE = 2;

  function answered(positions) {
    return positions.filter(function (p) { return typeof p === "number"; });
  }

  /* How many of ``positions`` chose each level: a Map of position to count. */
  function countsOf(positions) {
    var counts = new Map();
    answered(positions).forEach(function (p) { counts.set(p, (counts.get(p) || 0) + 1); });
    return counts;
  }

  /* Agreement among ``positions``, the level positions the members chose for one criterion. */
  function agreement(positions) {
    var counts = countsOf(positions);
    var n = 0;
    var result = { answered: 0, pairs: 0, exact: 0, adjacent: 0,
                   low: null, high: null, spread: null, wide: false };
    counts.forEach(function (c, p) {
      n += c;
      result.exact += c * (c - 1) / 2;
      result.adjacent += c * (c - 1) / 2 + c * (counts.get(p + 1) || 0);
      result.low = result.low === null ? p : Math.min(result.low, p);
      result.high = result.high === null ? p : Math.max(result.high, p);
    });
    result.answered = n;
    result.pairs = n * (n - 1) / 2;
    if (n) {
      result.spread = result.high - result.low;
      result.wide = result.spread >= WIDE;
    }
    return result;
  }

  /* The pairs of several criteria taken together. */
  function pool(results) {
    return results.reduce(function (sum, r) {
      return { pairs: sum.pairs + r.pairs, exact: sum.exact + r.exact,
               adjacent: sum.adjacent + r.adjacent };
    }, { pairs: 0, exact: 0, adjacent: 0 });
  }

  /* ``part`` of ``whole`` as a whole percentage, or null when there is nothing to divide. */
  function percent(part, whole) {
    return whole ? Math.round((100 * part) / whole) : null;
  }

  function none(reason) {
    return { value: null, reason: reason };
  }

  /* Gwet's AC1 of ``table`` on ``q`` levels. Observed agreement is the mean, over criteria
     answered by two or more, of the share of agreeing pairs; chance agreement is
     sum(pi_k (1 - pi_k)) / (q - 1), pi_k the mean share of each criterion's answers at level
     k, over criteria answered at all. Reason "fewAnswers" when no criterion has two answers. */
  function ac1(table, q) {
    var rated = 0;
    var paired = 0;
    var observed = 0;
    var pi = [];
    for (var k = 0; k < q; k += 1) pi.push(0);
    table.forEach(function (positions) {
      var r = answered(positions).length;
      if (!r) return;
      rated += 1;
      var counts = countsOf(positions);
      counts.forEach(function (c, p) { pi[p] += c / r; });
      if (r < 2) return;
      paired += 1;
      var agree = 0;
      counts.forEach(function (c) { agree += c * (c - 1); });
      observed += agree / (r * (r - 1));
    });
    if (!paired) return none("fewAnswers");
    var pa = observed / paired;
    var pe = pi.reduce(function (sum, share) {
      var p = share / rated;
      return sum + p * (1 - p);
    }, 0) / (q - 1);
    return { value: (pa - pe) / (1 - pe), reason: null };
  }

  /* Krippendorff's alpha of ``table`` on ``q`` ordered levels, with the ordinal metric:
     1 - (n - 1) * sum(o_ck d_ck) / sum(n_c n_k d_ck) over the coincidences o of the pairable
     answers (criteria answered by two or more), n_c their count at each level and d_ck the
     squared ordinal distance. Reasons: "fewAnswers" (no criterion with two answers),
     "oneUnit" (one such criterion: alpha compares disagreement within criteria with that
     among all answers, so needs two), "noVariation" (one level used throughout: 0/0). */
  function alpha(table, q) {
    var o = [];
    var c;
    var k;
    for (c = 0; c < q; c += 1) {
      o.push([]);
      for (k = 0; k < q; k += 1) o[c].push(0);
    }
    var units = 0;
    table.forEach(function (positions) {
      var m = answered(positions).length;
      if (m < 2) return;
      units += 1;
      var counts = countsOf(positions);
      counts.forEach(function (nc, pc) {
        counts.forEach(function (nk, pk) {
          o[pc][pk] += (nc * nk - (pc === pk ? nc : 0)) / (m - 1);
        });
      });
    });
    if (!units) return none("fewAnswers");
    if (units < 2) return none("oneUnit");
    var totals = o.map(function (row) {
      return row.reduce(function (a, b) { return a + b; }, 0);
    });
    var n = totals.reduce(function (a, b) { return a + b; }, 0);
    var observed = 0;
    var expected = 0;
    for (c = 0; c < q; c += 1) {
      for (k = 0; k < q; k += 1) {
        var d = distance(totals, c, k);
        observed += o[c][k] * d;
        expected += totals[c] * totals[k] * d;
      }
    }
    if (!expected) return none("noVariation");
    return { value: 1 - (n - 1) * observed / expected, reason: null };
  }

  /* The squared ordinal distance between levels c and k, given the count at each level. */
  function distance(totals, c, k) {
    var low = Math.min(c, k);
    var high = Math.max(c, k);
    var sum = 0;
    for (var g = low; g <= high; g += 1) sum += totals[g];
    var d = sum - (totals[c] + totals[k]) / 2;
    return d * d;
  }

  /* The middle of the answered ``positions`` (between the two middle ones for an even count),
     or null if nobody answered. */
  function median(positions) {
    var sorted = answered(positions).sort(function (a, b) { return a - b; });
    if (!sorted.length) return null;
    var half = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  }

  /* One member's answers (a position or null per criterion) against ``reference`` (the key's
     positions, or the team's medians): how many criteria both answered, how many the member
     chose exactly or within one level, and the member's severity, the mean signed level
     difference (above zero: scores higher than the reference), or null with nothing compared. */
  function compare(member, reference) {
    var result = { compared: 0, exact: 0, adjacent: 0, severity: null };
    var sum = 0;
    member.forEach(function (p, i) {
      var r = reference[i];
      if (typeof p !== "number" || typeof r !== "number") return;
      result.compared += 1;
      sum += p - r;
      if (p === r) result.exact += 1;
      if (Math.abs(p - r) <= 1) result.adjacent += 1;
    });
    if (result.compared) result.severity = sum / result.compared;
    return result;
  }

  function square(q) {
    var rows = [];
    for (var i = 0; i < q; i += 1) {
      rows.push([]);
      for (var j = 0; j < q; j += 1) rows[i].push(0);
    }
    return rows;
  }

  /* The agreement matrix of ``table``: cell [i][j] (i <= j) counts the pairs of members who
     chose levels i and j on the same criterion, each pair once; below the diagonal, zeros. */
  function pairMatrix(table, q) {
    var cells = square(q);
    table.forEach(function (positions) {
      var counts = countsOf(positions);
      counts.forEach(function (ci, i) {
        counts.forEach(function (cj, j) {
          if (i < j) cells[i][j] += ci * cj;
          else if (i === j) cells[i][i] += ci * (ci - 1) / 2;
        });
      });
    });
    return cells;
  }

  /* The matrix against a key: cell [i][j] counts the answers at level j where the key has
     level i. */
  function keyMatrix(table, key, q) {
    var cells = square(q);
    table.forEach(function (positions, row) {
      if (typeof key[row] !== "number") return;
      answered(positions).forEach(function (p) { cells[key[row]][p] += 1; });
    });
    return cells;
  }

  /* The cells of a matrix off its diagonal that hold any answers, the widest apart first (then
     the most answers): {from, to, apart, count}. */
  function disagreements(cells) {
    var found = [];
    cells.forEach(function (row, i) {
      row.forEach(function (count, j) {
        if (i !== j && count) found.push({ from: i, to: j, apart: Math.abs(i - j), count: count });
      });
    });
    return found.sort(function (a, b) { return b.apart - a.apart || b.count - a.count; });
  }

  /* A respondent's name as people tell names apart: case, spacing and Unicode forms aside. */
  function nameKey(name) {
    return String(name || "").normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase();
  }

  /* What a member answered, in one comparable string: unanswered entries left out. */
  function answersKey(answers) {
    var keys = Object.keys(answers || {}).filter(function (key) {
      return answers[key].choice || answers[key].notes;
    }).sort();
    return JSON.stringify(keys.map(function (key) {
      return [key, answers[key].choice || null, answers[key].notes || ""];
    }));
  }

  /* The members of a calibration (each an object with a ``state``), indexed by who they are:
     a named member by their name, an unnamed one by the whole of their file. */
  function Roster() {
    this.members = [];
    this.index = new Map();
  }

  /* How a newly read ``state`` joins: {action, index, key, answers}. action is "add",
     "duplicate" (index: the member it repeats), "replace" (index: the member whose older
     answers it replaces) or "older" (index: the member whose newer answers stay). */
  Roster.prototype.admit = function (state) {
    var name = nameKey(state.respondent);
    var answers = answersKey(state.answers);
    var key = name ? "name\n" + name : "file\n" + (state.updated || "") + "\n" + answers;
    var index = this.index.get(key);
    var decision = { action: "add", index: this.members.length, key: key, answers: answers };
    if (index === undefined) return decision;
    decision.index = index;
    var other = this.members[index];
    if (!name || other.answers === answers) decision.action = "duplicate";
    else {
      var older = state.updated && other.state.updated
        && Date.parse(state.updated) < Date.parse(other.state.updated);
      decision.action = older ? "older" : "replace";
    }
    return decision;
  };

  /* Put ``member`` where ``decision`` (from admit, "add" or "replace") says. */
  Roster.prototype.put = function (decision, member) {
    member.key = decision.key;
    member.answers = decision.answers;
    this.members[decision.index] = member;
    this.index.set(decision.key, decision.index);
  };

  Roster.prototype.remove = function (index) {
    var removed = this.members.splice(index, 1)[0];
    var self = this;
    this.index = new Map();
    this.members.forEach(function (member, i) { self.index.set(member.key, i); });
    return removed;
  };

  Roster.prototype.clear = function () {
    this.members = [];
    this.index = new Map();
  };

  return { WIDE: WIDE, agreement: agreement, pool: pool, percent: percent, ac1: ac1,
           alpha: alpha, median: median, compare: compare, pairMatrix: pairMatrix,
           keyMatrix: keyMatrix, disagreements: disagreements, nameKey: nameKey,
           answersKey: answersKey, Roster: Roster };
});
