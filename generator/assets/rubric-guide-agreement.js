/* Rubric Guide: the arithmetic of team calibration, apart from the page so that it can be
 * checked on its own (tests/test_calibration.py runs it in Chromium on hand-worked cases).
 *
 * Agreement is pairwise percent agreement, as rater calibration reports it: every pair of
 * members who both answered a criterion is one comparison. Exact agreement is the share of
 * those pairs who chose the same level; adjacent agreement the share whose levels are at
 * most one apart, exact matches included ("exact plus adjacent"). Overall figures pool the
 * pairs of every criterion, so each comparison counts once. A member who left a criterion
 * unanswered takes part in none of its pairs; with fewer than two answers there is no pair
 * and no figure.
 *
 * Members: a file whose respondent and answers match a member already loaded is that member
 * again; a file with the same respondent and other answers is that member's newer or older
 * answers, and the newer ones count. Unnamed files are the same member only when the whole
 * file, its saving time included, is the same.
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

  /* Agreement among ``positions``, the level positions (0 = lowest) the members chose for one
     criterion; null or undefined for a member who did not answer it. */
  function agreement(positions) {
    var chosen = positions.filter(function (p) { return typeof p === "number"; });
    var result = { answered: chosen.length, pairs: 0, exact: 0, adjacent: 0,
                   low: null, high: null, spread: null, wide: false };
    for (var i = 0; i < chosen.length; i += 1) {
      for (var j = i + 1; j < chosen.length; j += 1) {
        var apart = Math.abs(chosen[i] - chosen[j]);
        result.pairs += 1;
        if (apart === 0) result.exact += 1;
        if (apart <= 1) result.adjacent += 1;
      }
    }
    if (chosen.length) {
      result.low = Math.min.apply(null, chosen);
      result.high = Math.max.apply(null, chosen);
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

  /* How a newly read ``state`` joins ``members`` (each with a ``state``): {action, index}.
     action is "add", "duplicate" (index: the member it repeats), "replace" (index: the member
     whose older answers it replaces) or "older" (index: the member whose newer answers stay). */
  function admit(members, state) {
    var name = nameKey(state.respondent);
    var answers = answersKey(state.answers);
    for (var i = 0; i < members.length; i += 1) {
      var other = members[i].state;
      if (name) {
        if (nameKey(other.respondent) !== name) continue;
        if (answersKey(other.answers) === answers) return { action: "duplicate", index: i };
        var older = state.updated && other.updated && Date.parse(state.updated)
          < Date.parse(other.updated);
        return { action: older ? "older" : "replace", index: i };
      }
      if (!nameKey(other.respondent) && answersKey(other.answers) === answers
          && (other.updated || "") === (state.updated || "")) {
        return { action: "duplicate", index: i };
      }
    }
    return { action: "add", index: members.length };
  }

  return { WIDE: WIDE, agreement: agreement, pool: pool, percent: percent, nameKey: nameKey,
           answersKey: answersKey, admit: admit };
});
