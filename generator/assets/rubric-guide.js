/* Rubric Guide: scoring, checklists and team calibration, entirely in the page.
 *
 * Answers are kept in this browser's localStorage, keyed by the guide's address and the
 * rubric or checklist id, together with the content version each answer was given under. Nothing is sent anywhere. Every text
 * that comes from a person or a file is written with textContent, never parsed as HTML.
 * The arithmetic of calibration is in rubric-guide-agreement.js, loaded before this file.
 */
(function () {
  "use strict";

  var FORMAT = "rubric-guide";
  var FORMAT_VERSION = 1;
  var STORAGE_PREFIX = "rubric-guide:v1:";
  /* The storage listener of the page's answers (see Tool.follow). */
  var following = null;
  /* Set by "Print with my answers" for the sheet it opens, which prints once it is filled. */
  var PRINT_REQUEST = "rubric-guide:print";
  /* Files larger than this are refused before they are read, with the reason. */
  var MAX_FILE_BYTES = 1024 * 1024;
  var MAX_FILE_SIZE = "1 MB";
  var MAX_NOTE_CHARS = 20000;
  /* The most member files team calibration merges, and the most members it holds; at a
     thousand the page still answers within 200 ms while it reads and merges them. */
  var MAX_MEMBERS = 1000;
  /* Files read at a time, and the milliseconds of work before the page is given back. The
     browser then needs several times as long to lay out and paint what a slice added (a
     slice of 16 ms gave frames of 60 to 130 ms, and over 200 on a busy machine; one of 6 ms
     gives frames of about 60 ms), so each slice waits for the frame of the one before. */
  var READ_CHUNK = 25;
  var TASK_BUDGET = 6;
  /* Rows of a long list added with the view itself, before the page is drawn. */
  var WHOLE_LIST = 50;
  /* How much of a long list is shown before "and 1,990 more". */
  var LIST_LIMIT = 10;
  var agreement = window.rubricGuideAgreement;

  /* --- small helpers ------------------------------------------------------------------- */

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  /* A map keyed by content or file data (ids, responses, names): nothing inherited, so an id
     such as "constructor" or "__proto__" is a key like any other. */
  function dict() {
    return Object.create(null);
  }

  /* A count in the page's language: "1,990". */
  function number(n) {
    try {
      return n.toLocaleString(document.documentElement.lang || undefined);
    } catch (error) {
      return String(n);
    }
  }

  /* The message ``key`` of ``content`` for ``count`` things, with the count in the page's
     language and ``values``: the key's singular form (``key`` + "One") when there is one. */
  function counted(content, key, count, values) {
    var filled = { count: number(count) };
    Object.keys(values || {}).forEach(function (name) { filled[name] = values[name]; });
    var one = count === 1 ? content.say(key + "One") : undefined;
    return format(one === undefined ? content.say(key) : one, filled);
  }

  /* ``items`` joined by ``separator``, the first LIST_LIMIT of a longer list with
     "and 1,990 more". */
  function shortList(items, separator, m) {
    if (items.length <= LIST_LIMIT) return items.join(separator);
    return items.slice(0, LIST_LIMIT).join(separator)
      + format(m.andMore, { count: number(items.length - LIST_LIMIT) });
  }

  /* A promise kept once the page has drawn a frame, so that the work of a slice and the
     layout of what it added are never one long task. In a hidden tab, which draws no
     frames, the wait ends after 100 ms. */
  function pause() {
    return new Promise(function (resolve) {
      var resumed = false;
      function resume() {
        if (!resumed) setTimeout(resolve, 0);
        resumed = true;
      }
      requestAnimationFrame(resume);
      setTimeout(resume, 100);
    });
  }

  /* Call ``each(item, index)`` for every item, giving the page back to the reader every
     TASK_BUDGET ms, so that no task holds it for long. */
  function inSlices(items, each) {
    var i = 0;
    function slice() {
      var start = performance.now();
      while (i < items.length) {
        each(items[i], i);
        i += 1;
        if (performance.now() - start > TASK_BUDGET) return pause().then(slice);
      }
      return Promise.resolve();
    }
    return slice();
  }

  /* The headings of the exported CSV files, in the guide's language. */
  function headings(data, names) {
    return names.map(function (name) { return data.messages["csv." + name] || name; });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Kept in an attribute, not a script element: Material's instant navigation re-runs the
     scripts of each page it swaps in. */
  function readData(root) {
    var holder = root.querySelector(".rg-data[data-rg-json]");
    return holder ? JSON.parse(holder.getAttribute("data-rg-json")) : null;
  }

  /* Answers are kept for each guide: two guides published on one host (an edition beside
     the next, two projects of one GitHub account) share the browser's storage, so the key
     holds the guide's address, the one the theme keeps its own settings under (its scope),
     as in "rubric-guide:v1:/guide/:rubric:teamwork". */
  function storageKey(data) {
    var scope = window.__md_scope instanceof URL ? window.__md_scope.pathname + ":" : "";
    return STORAGE_PREFIX + scope + data.kind + ":" + data.id;
  }

  /* Where versions before the guide's address was in the key kept the answers. */
  function sharedKey(data) {
    return STORAGE_PREFIX + data.kind + ":" + data.id;
  }

  /* The saved answers; those saved before answers were kept for each guide are taken up
     until the first answer given here saves them under this guide's key. */
  function load(data) {
    try {
      var raw = window.localStorage.getItem(storageKey(data));
      if (raw === null) raw = window.localStorage.getItem(sharedKey(data));
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  /* The answers saved for ``content``, checked against it, or an empty state. */
  function savedState(content) {
    var stored = load(content.data);
    var checked = stored ? validateState(stored, content) : null;
    return checked && checked.state ? checked.state : emptyState(content.data);
  }

  function save(content, state) {
    state.updated = new Date().toISOString();
    try {
      window.localStorage.setItem(storageKey(content.data),
                                  JSON.stringify(exportState(state, content)));
    } catch (error) {
      /* Storage full or disabled: the page still works, answers last until it closes. */
    }
  }

  function emptyState(data) {
    return {
      format: FORMAT, formatVersion: FORMAT_VERSION, kind: data.kind, id: data.id,
      title: data.title, contentVersion: data.version, respondent: "", updated: "",
      answers: dict()
    };
  }

  function hasAnswers(state) {
    return Boolean(state.respondent) || Object.keys(state.answers).some(function (key) {
      return state.answers[key].choice || state.answers[key].notes;
    });
  }

  /* --- what a page is about: a rubric or a checklist -------------------------------------- */

  /* The content the page's tools work on, as the page describes it (data-rg-json): its
     entries (a rubric's criteria, a checklist's items), what a person may choose for each,
     and how answers add up. Each kind of content is a class; the tools, team calibration and
     the sheets ask it, never which kind it is. ``names`` are the words of its kind: in
     exported files, in CSV headings and, as data-<name>, in the attributes of table cells. */
  function Content(data) {
    this.data = data;
    this.m = data.messages;
  }

  /* The message ``key`` as this kind of content words it. */
  Content.prototype.say = function (key) {
    return this.m[key];
  };

  /* The attributes naming an entry's row and a choice's cell in tables and sheets. */
  Content.prototype.cells = function () {
    return { entry: "data-" + this.names.entry, choice: "data-" + this.names.choice };
  };

  Content.prototype.entry = function (key) {
    if (!this.byId) {
      var byId = this.byId = new Map();
      this.entries().forEach(function (entry) { byId.set(entry.id, entry); });
    }
    return this.byId.get(key);
  };

  /* What ``state`` holds: entries answered and notes written, with what the kind counts of
     each answer (``count``). */
  Content.prototype.tally = function (state) {
    var self = this;
    var result = this.startTally();
    result.answered = 0;
    result.notes = 0;
    this.entries().forEach(function (entry) {
      var answer = state.answers[entry.id];
      if (!answer) return;
      if (answer.notes) result.notes += 1;
      if (!answer.choice) return;
      result.answered += 1;
      self.count(result, answer.choice);
    });
    return result;
  };

  /* "criteria scored: 3 of 5, notes: 2": what a confirmation says a state holds. */
  Content.prototype.describe = function (state) {
    var counted = this.tally(state);
    return format(this.say("holds"), { answered: counted.answered,
                                       total: this.entries().length, notes: counted.notes });
  };

  function Rubric(data) {
    Content.call(this, data);
  }
  Rubric.prototype = Object.create(Content.prototype);
  Rubric.prototype.names = { entry: "criterion", entries: "criteria", choice: "level" };

  Rubric.prototype.entries = function () {
    return this.data.criteria;
  };

  /* The levels, lowest first, each with the id answers store and the label people read. */
  Rubric.prototype.choices = function () {
    var m = this.m;
    return this.data.levels.map(function (level, i) {
      return { id: level.id, label: format(m.level, { n: i + 1, label: level.label }),
               short: String(i + 1) };
    });
  };

  /* The one place a level's score is decided: the scale's score for it, or null for a level
     the page does not know or a scale without scores. */
  Rubric.prototype.score = function (levelId) {
    var level = this.data.levels.filter(function (l) { return l.id === levelId; })[0];
    return level && typeof level.score === "number" ? level.score : null;
  };

  /* The total of a scored rubric and its highest possible total (both null without scores). */
  Rubric.prototype.startTally = function () {
    var max = this.data.maxScore;
    return { total: max === null ? null : 0, max: max };
  };

  Rubric.prototype.count = function (result, choice) {
    if (result.total !== null) result.total += this.score(choice) || 0;
  };

  /* "3 of 5 criteria scored. Total score: 9 of 20." (without the total when ``noTotal``:
     a sheet prints it in its own field). */
  Rubric.prototype.summary = function (state, noTotal) {
    var counted = this.tally(state);
    var text = format(this.m.summaryRubric, { answered: counted.answered,
                                              total: this.data.criteria.length });
    if (counted.max !== null && !noTotal) {
      text += " " + format(this.m.total, { score: counted.total, max: counted.max });
    }
    return text;
  };

  function Checklist(data) {
    Content.call(this, data);
  }
  Checklist.prototype = Object.create(Content.prototype);
  Checklist.prototype.names = { entry: "item", entries: "items", choice: "response" };

  /* A checklist's own wording where it has one (``keyChecklist``), the rubric's otherwise. */
  Checklist.prototype.say = function (key) {
    var own = this.m[key + "Checklist"];
    return own === undefined ? this.m[key] : own;
  };

  Checklist.prototype.entries = function () {
    return this.data.items;
  };

  /* The responses, least in place first; each is its own id and label. */
  Checklist.prototype.choices = function () {
    return this.data.responses.map(function (response) {
      return { id: response, label: response, short: response };
    });
  };

  /* How many answers gave each response. */
  Checklist.prototype.startTally = function () {
    var counts = dict();
    this.data.responses.forEach(function (response) { counts[response] = 0; });
    return { counts: counts };
  };

  Checklist.prototype.count = function (result, choice) {
    result.counts[choice] += 1;
  };

  /* "3 of 8 items answered. Not yet: 1 · …" */
  Checklist.prototype.summary = function (state) {
    var counted = this.tally(state);
    return format(this.m.summaryChecklist, { answered: counted.answered,
                                             total: this.data.items.length })
      + " " + this.data.responses.map(function (response) {
        return response + ": " + counted.counts[response];
      }).join(" · ");
  };

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* A date as yyyy-mm-dd in the reader's own time zone (toISOString would give UTC's). */
  function isoDate(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  /* A date for people, in the page's language: "December 2, 2026". */
  function longDate(date) {
    try {
      return date.toLocaleDateString(document.documentElement.lang || undefined,
                                     { year: "numeric", month: "long", day: "numeric" });
    } catch (error) {
      return isoDate(date);
    }
  }

  /* The day answers were last saved (today when they carry no time), for people. */
  function answeredOn(state) {
    return longDate(state.updated ? new Date(state.updated) : new Date());
  }

  /* A part of a file name: letters and digits of any script, accents dropped, the rest
     hyphens, so that the name is safe on every system. */
  function fileNamePart(text) {
    return String(text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 40)
      .replace(/-+$/, "");
  }

  /* "collaboration-structures-ana-2026-12-02" from the parts that are not empty. */
  function fileStem(parts) {
    return parts.map(fileNamePart).filter(Boolean).concat([isoDate(new Date())]).join("-");
  }

  function download(name, type, text) {
    var link = el("a", { href: URL.createObjectURL(new Blob([text], { type: type })),
                         download: name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  /* Spreadsheet programs run cells that start with = + - @ as formulas; quote them. */
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    /* A number, such as a severity of -1, is data, not a formula. */
    if (typeof value !== "number" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* ``value`` rounded to ``places`` decimals, for exports. */
  function round(value, places) {
    var scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }

  /* ``value`` with ``places`` decimals in the page's language: "0.42", "0,42". */
  function decimal(value, places) {
    try {
      return value.toLocaleString(document.documentElement.lang || undefined, {
        minimumFractionDigits: places, maximumFractionDigits: places });
    } catch (error) {
      return value.toFixed(places);
    }
  }

  /* A chance-corrected figure in a CSV cell: rounded, or empty when there is none. */
  function csvFigure(figure) {
    return figure.value === null ? "" : round(figure.value, 4);
  }

  /* Starts with a byte-order mark: Excel reads a CSV without one in the computer's older
     encoding, so "Ana Müller" would open as "Ana MÃ¼ller". */
  function csv(rows) {
    return "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(","); })
      .join("\r\n") + "\r\n";
  }

  /* Clicks on [data-rg-action] buttons inside ``container`` call handlers[action](button). */
  function bindActions(container, handlers) {
    container.addEventListener("click", function (event) {
      var button = event.target instanceof Element ? event.target.closest("[data-rg-action]") : null;
      var handler = button ? handlers[button.getAttribute("data-rg-action")] : null;
      if (handler) handler(button);
    });
  }

  /* --- checking a saved or imported state ----------------------------------------------- */

  /* A state from storage or a file, checked field by field. Returns {state} or {error}. */
  function validateState(value, content) {
    var data = content.data;
    var m = data.messages;
    if (!value || typeof value !== "object" || Array.isArray(value) || value.format !== FORMAT
        || typeof value.id !== "string" || typeof value.kind !== "string"
        || !value.answers || typeof value.answers !== "object" || Array.isArray(value.answers)) {
      return { error: value && value.format === FORMAT && value.kind === "calibration"
        ? m.teamFile : m.notAnExport };
    }
    if (value.kind !== data.kind || value.id !== data.id) {
      return { error: format(m.otherRubric, { id: value.id.slice(0, 80) }) };
    }
    var state = emptyState(data);
    state.contentVersion = typeof value.contentVersion === "string" ? value.contentVersion : "";
    state.respondent = typeof value.respondent === "string" ? value.respondent.slice(0, 200) : "";
    state.updated = typeof value.updated === "string" && !isNaN(Date.parse(value.updated))
      ? value.updated.slice(0, 40) : "";
    var choices = content.choices().map(function (choice) { return choice.id; });
    /* Answers whose choice is none of this page's ("superb", 3), named with what they say. */
    var unusable = [];
    Object.keys(value.answers).slice(0, 2000).forEach(function (key) {
      var answer = value.answers[key];
      if (!answer || typeof answer !== "object" || key.length > 100
          || !new RegExp(data.idPattern).test(key)) return;
      var choice = answer[content.names.choice];
      var entry = content.entry(key);
      if (choice !== null && choice !== undefined && choice !== "" && entry
          && !(typeof choice === "string" && choices.indexOf(choice) >= 0)) {
        unusable.push(entry.title + " (" + String(JSON.stringify(choice)).slice(0, 40) + ")");
      }
      state.answers[key] = {
        choice: typeof choice === "string" && choices.indexOf(choice) >= 0 ? choice : null,
        notes: typeof answer.notes === "string" ? answer.notes.slice(0, MAX_NOTE_CHARS) : "",
        version: typeof answer.version === "string" ? answer.version.slice(0, 40) : ""
      };
    });
    return { state: state, unusable: unusable };
  }

  /* Criteria or items whose words changed since they were answered, and answers to ones
     that no longer exist. */
  function changes(state, content) {
    var changed = [];
    var removed = [];
    Object.keys(state.answers).forEach(function (key) {
      var answer = state.answers[key];
      var entry = content.entry(key);
      if (!entry) removed.push(key);
      else if (answer.version && answer.version !== entry.version) changed.push(entry.title);
    });
    return { changed: changed, removed: removed };
  }

  /* The exported form of a state: the stored one, with the field name of its kind. */
  function exportState(state, content) {
    var data = content.data;
    var answers = dict();
    Object.keys(state.answers).forEach(function (key) {
      var answer = state.answers[key];
      var out = { notes: answer.notes, version: answer.version };
      out[content.names.choice] = answer.choice;
      answers[key] = out;
    });
    return {
      format: FORMAT, formatVersion: FORMAT_VERSION, kind: data.kind, id: data.id,
      title: data.title, contentVersion: state.contentVersion, respondent: state.respondent,
      updated: state.updated, answers: answers
    };
  }

  /* A file's text, read off the page's main thread, or {error} at once for a file too large. */
  function readText(file, m) {
    if (file.size > MAX_FILE_BYTES) {
      return Promise.resolve({ error: format(m.tooBig, { size: MAX_FILE_SIZE }) });
    }
    return file.text().then(function (text) { return { text: text }; },
                            function () { return { error: m.badJson }; });
  }

  /* A file read by readText as a checked state: {state} or {error}. */
  function parseState(read, content) {
    if (read.error) return read;
    var parsed;
    try {
      parsed = JSON.parse(read.text);
    } catch (error) {
      return { error: content.m.badJson };
    }
    return validateState(parsed, content);
  }

  function readFile(file, content) {
    return readText(file, content.m).then(function (read) { return parseState(read, content); });
  }

  /* --- one rubric or checklist page ------------------------------------------------------ */

  /* The tools of one page: the reader's answers to ``content``, saved as they are given. */
  function Tool(root, content, panel) {
    this.root = root;
    this.content = content;
    this.data = content.data;
    this.panel = panel;
    this.m = content.m;
    this.controls = new Map();
    this.state = savedState(content);
    this.follow();
  }

  /* Another tab or window of the guide saved these answers, or cleared them: show them here
     too, so that the next answer given here adds to them instead of saving over them. */
  Tool.prototype.follow = function () {
    var self = this;
    var key = storageKey(this.data);
    /* Instant navigation keeps the window: the page it left stops following. */
    if (following) window.removeEventListener("storage", following);
    function saved(event) {
      if (!document.contains(self.root)) return;
      if (event.storageArea !== window.localStorage || (event.key !== key && event.key !== null)) {
        return;
      }
      self.state = savedState(self.content);
      self.show();
    }
    window.addEventListener("storage", saved);
    following = saved;
  };

  Tool.prototype.notice = function (text) {
    var notice = this.panel.querySelector("[data-rg-notice]");
    notice.textContent = text;
    notice.hidden = !text;
  };

  Tool.prototype.reportChanges = function () {
    var found = changes(this.state, this.content);
    var lines = [];
    var m = this.m;
    if (found.changed.length) {
      lines.push(format(m.changed, { items: shortList(found.changed, "; ", m) }));
    }
    if (found.removed.length) {
      lines.push(format(m.removed, { items: shortList(found.removed, ", ", m) }));
    }
    this.notice(lines.join(" "));
  };

  Tool.prototype.answer = function (key) {
    if (!this.state.answers[key]) {
      this.state.answers[key] = { choice: null, notes: "", version: "" };
    }
    return this.state.answers[key];
  };

  /* Give ``key`` an answer: ``change`` sets it. An answer given under an earlier version of
     its criterion or item is confirmed under this one, even unchanged, and the notice naming
     what changed says so at once. */
  Tool.prototype.record = function (key, change) {
    var answer = this.answer(key);
    var version = this.content.entry(key).version;
    var confirmed = Boolean(answer.version) && answer.version !== version;
    change(answer);
    answer.version = version;
    this.state.contentVersion = this.data.version;
    save(this.content, this.state);
    this.update();
    if (confirmed) this.reportChanges();
  };

  /* The printed copy of a note; a box with a note prints as that copy, an empty one as a box
     to write in. */
  function showPrinted(notes, printed) {
    printed.textContent = notes.value;
    notes.classList.toggle("rg-notes--written", Boolean(notes.value));
  }

  /* Radio buttons and a notes box for one criterion or item. A text box prints only the
     lines it shows, so each note also has a copy that prints instead, whole. */
  Tool.prototype.addControls = function (key, group, choices, notesHost, title) {
    var self = this;
    var name = "rg-" + this.data.id + "-" + key;
    var radios = [];
    choices.forEach(function (choice) {
      var input = el("input", { type: "radio", name: name, value: choice.value,
                                "class": "rg-choice__input" });
      if (choice.describedBy) input.setAttribute("aria-describedby", choice.describedBy);
      /* A click, not a change: choosing the answer already chosen confirms it (see
         record). Arrow keys and Space click too. */
      input.addEventListener("click", function () {
        self.record(key, function (answer) { answer.choice = choice.value; });
      });
      choice.host(input);
      radios.push(input);
    });
    var notes = el("textarea", { "class": "rg-notes", rows: "3", "aria-label":
      format(this.m.notesFor, { title: title }), maxlength: String(MAX_NOTE_CHARS) });
    var printed = el("div", { "class": "rg-notes-print", "aria-hidden": "true" });
    notes.addEventListener("input", function () {
      showPrinted(notes, printed);
      self.record(key, function (answer) { answer.notes = notes.value; });
    });
    notesHost.appendChild(notes);
    notesHost.appendChild(printed);
    this.controls.set(key, { radios: radios, notes: notes, printed: printed, group: group });
  };

  /* Put the saved state into the controls. */
  Tool.prototype.show = function () {
    var self = this;
    this.controls.forEach(function (control, key) {
      var answer = self.state.answers[key] || { choice: null, notes: "" };
      control.radios.forEach(function (radio) { radio.checked = radio.value === answer.choice; });
      /* Only a note that differs is written: writing one moves the caret of a box in use. */
      if (control.notes.value !== (answer.notes || "")) control.notes.value = answer.notes || "";
      showPrinted(control.notes, control.printed);
    });
    var respondent = this.panel.querySelector("[data-rg-respondent]");
    if (respondent.value !== (this.state.respondent || "")) {
      respondent.value = this.state.respondent || "";
    }
    this.reportChanges();
    this.update();
  };

  Tool.prototype.update = function () {
    this.panel.querySelector("[data-rg-summary]").textContent = this.content.summary(this.state);
    this.showPrintedAnswers();
  };

  /* What the page prints (Ctrl+P) of the answers, at its top: the respondent, the day they
     answered and the summary with the total, as a sheet filled in with them prints them. */
  Tool.prototype.showPrintedAnswers = function () {
    var line = this.root.querySelector("[data-rg-print-answers]");
    if (!line) return;
    var state = this.state;
    var parts = [];
    if (state.respondent.trim()) parts.push(format(this.m.printName, { name: state.respondent }));
    parts.push(format(this.m.printDate, { date: answeredOn(state) }));
    parts.push(this.content.summary(state));
    line.textContent = parts.join(" · ");
    line.hidden = !hasAnswers(state);
  };

  Tool.prototype.bindPanel = function () {
    var self = this;
    var panel = this.panel;
    panel.hidden = false;
    panel.querySelector("[data-rg-respondent]").addEventListener("input", function (event) {
      self.state.respondent = event.target.value.slice(0, 200);
      save(self.content, self.state);
      self.showPrintedAnswers();
    });
    bindActions(panel, {
      "export-json": function () { self.exportJson(); },
      "export-csv": function () { self.exportCsv(); },
      "clear": function () { self.clear(); },
      "print-filled": function () { self.printFilled(); }
    });
    var input = panel.querySelector("[data-rg-import]");
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) self.importFile(input.files[0]);
      input.value = "";
    });
  };

  /* Exports are named after the rubric or checklist, the respondent and the day, so that a
     facilitator collecting them gets one distinct file per member. */
  Tool.prototype.fileName = function (extension) {
    return fileStem([this.data.id, this.state.respondent]) + "." + extension;
  };

  Tool.prototype.exportJson = function () {
    download(this.fileName("json"), "application/json",
             JSON.stringify(exportState(this.state, this.content), null, 2) + "\n");
  };

  /* Importing replaces every answer on the page: when there are any, the reader is asked
     first, and told what the page and the file each hold. */
  Tool.prototype.importFile = function (file) {
    var self = this;
    return readFile(file, this.content).then(function (result) {
      if (result.error) {
        self.notice(format(self.m.refused, { file: file.name, reason: result.error }));
        return;
      }
      if (hasAnswers(self.state) && !window.confirm(format(self.m.confirmImport, {
        file: file.name, current: self.content.describe(self.state),
        incoming: self.content.describe(result.state) }))) {
        self.notice(self.m.importCancelled);
        return;
      }
      self.state = result.state;
      save(self.content, self.state);
      self.show();
      var changed = self.panel.querySelector("[data-rg-notice]").textContent;
      var unusable = result.unusable.length ? format(self.m.unusable, {
        file: file.name, items: shortList(result.unusable, "; ", self.m) }) : "";
      self.notice([format(self.m.imported, { file: file.name }), changed, unusable]
        .filter(Boolean).join(" "));
    });
  };

  /* Cleared answers are saved as none, rather than removed: removed, those saved before
     answers were kept for each guide would come back (see load). */
  Tool.prototype.clear = function () {
    if (!window.confirm(this.m.confirmClear)) return;
    this.state = emptyState(this.data);
    save(this.content, this.state);
    this.show();
    this.notice(this.m.cleared);
  };

  /* The same on rubrics and checklists: open the sheet filled with these answers, which
     prints itself once (a reload of the sheet does not print again). */
  Tool.prototype.printFilled = function () {
    try { window.sessionStorage.setItem(PRINT_REQUEST, storageKey(this.data)); } catch (error) {
      /* Without session storage the sheet opens filled, and the reader prints it. */
    }
    window.location.href = this.root.querySelector("[data-rg-sheet-link]").href + "#filled";
  };

  /* --- rubrics --------------------------------------------------------------------------- */

  function RubricTool(root, content, panel) {
    Tool.call(this, root, content, panel);
    var self = this;
    var matrix = root.querySelector(".rg-rubric");
    if (matrix) matrix.classList.add("rg-rubric--scoring");
    root.querySelectorAll(".rg-rubric .rg-criterion").forEach(function (section) {
      var heading = section.querySelector("h3[id]");
      var key = heading.id;
      var entry = content.entry(key);
      if (!entry) return;
      /* The section, not the <dl>, is the group: a <dl> given another role no longer holds
         its <dt>/<dd> pairs for screen readers. */
      section.setAttribute("role", "radiogroup");
      section.setAttribute("aria-labelledby", key);
      var choices = [];
      section.querySelectorAll(".rg-level").forEach(function (cell) {
        var term = cell.querySelector("dt");
        var description = cell.querySelector("dd");
        description.id = description.id || "rg-" + key + "-" + cell.dataset.level;
        choices.push({
          value: cell.dataset.level, describedBy: description.id,
          host: function (input) {
            var label = el("label", { "class": "rg-choice" });
            var text = el("span", { "class": "rg-choice__text" });
            while (term.firstChild) text.appendChild(term.firstChild);
            label.appendChild(input);
            label.appendChild(text);
            term.appendChild(label);
            cell.addEventListener("click", function (event) {
              if (event.target === input || event.target.closest("label, a")) return;
              input.click();
            });
          }
        });
      });
      var notesHost = section.querySelector(".rg-evidence") || section;
      self.addControls(key, section, choices, notesHost, entry.title);
    });
    this.bindPanel();
    this.show();
  }
  RubricTool.prototype = Object.create(Tool.prototype);

  RubricTool.prototype.level = function (id) {
    return this.data.levels.filter(function (level) { return level.id === id; })[0];
  };

  RubricTool.prototype.update = function () {
    var self = this;
    var data = this.data;
    var body = this.panel.querySelector("[data-rg-results] tbody");
    body.textContent = "";
    data.criteria.forEach(function (criterion) {
      var answer = self.state.answers[criterion.id];
      var level = answer && answer.choice ? self.level(answer.choice) : null;
      var cell = self.controls.get(criterion.id);
      if (cell) {
        cell.radios.forEach(function (radio) {
          radio.closest(".rg-level").classList.toggle("rg-level--chosen", radio.checked);
        });
      }
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, criterion.title));
      var index = level ? data.levels.indexOf(level) + 1 : 0;
      row.appendChild(el("td", {}, level ? format(self.m.level, { n: index, label: level.label }) : self.m.notChosen));
      if (data.maxScore !== null) {
        row.appendChild(el("td", {}, level ? String(self.content.score(level.id)) : "–"));
      }
      body.appendChild(row);
    });
    Tool.prototype.update.call(this);
  };

  RubricTool.prototype.exportCsv = function () {
    var self = this;
    var rows = [headings(this.data, ["rubric_id", "rubric", "respondent", "criterion_id",
                                     "criterion", "level_id", "level", "score", "notes"])];
    this.data.criteria.forEach(function (criterion) {
      var answer = self.state.answers[criterion.id] || {};
      var level = answer.choice ? self.level(answer.choice) : null;
      var score = level ? self.content.score(level.id) : null;
      rows.push([self.data.id, self.data.title, self.state.respondent, criterion.id,
                 criterion.title, level ? level.id : "", level ? level.label : "",
                 score === null ? "" : score, answer.notes || ""]);
    });
    download(this.fileName("csv"), "text/csv", csv(rows));
  };

  /* --- checklists ------------------------------------------------------------------------ */

  function ChecklistTool(root, content, panel) {
    Tool.call(this, root, content, panel);
    var self = this;
    var data = this.data;
    root.querySelectorAll("[data-rg-item]").forEach(function (item) {
      var key = item.getAttribute("data-rg-item");
      var entry = content.entry(key);
      if (!entry) return;
      var text = item.querySelector(".rg-checklist__text");
      text.id = text.id || "rg-text-" + key;
      var group = el("div", { role: "radiogroup", "aria-labelledby": text.id,
                              "class": "rg-responses" });
      item.appendChild(group);
      var choices = data.responses.map(function (response) {
        return {
          value: response,
          host: function (input) {
            var label = el("label", { "class": "rg-choice" });
            label.appendChild(input);
            label.appendChild(document.createTextNode(" " + response));
            group.appendChild(label);
          }
        };
      });
      self.addControls(key, group, choices, item, entry.title);
    });
    this.bindPanel();
    this.show();
  }
  ChecklistTool.prototype = Object.create(Tool.prototype);

  ChecklistTool.prototype.update = function () {
    var self = this;
    this.controls.forEach(function (control) {
      control.radios.forEach(function (radio) {
        radio.closest(".rg-choice").classList.toggle("rg-choice--chosen", radio.checked);
      });
    });
    Tool.prototype.update.call(this);
  };

  ChecklistTool.prototype.exportCsv = function () {
    var self = this;
    var rows = [headings(this.data, ["checklist_id", "checklist", "respondent", "item_id",
                                     "item", "response", "notes"])];
    this.data.items.forEach(function (item) {
      var answer = self.state.answers[item.id] || {};
      rows.push([self.data.id, self.data.title, self.state.respondent, item.id, item.title,
                 answer.choice || "", answer.notes || ""]);
    });
    download(this.fileName("csv"), "text/csv", csv(rows));
  };

  /* --- team calibration ------------------------------------------------------------------ */

  /* Members' exported files merged, for a rubric or a checklist: each member once, listed by
     name, who chose what, how closely they agree (in percent and corrected for chance), each
     member against a key of master scores or the team's median, and everyone's notes. */
  function Calibration(root, content, section) {
    this.content = content;
    this.data = content.data;
    this.m = content.m;
    this.section = section;
    this.choices = content.choices();
    this.positions = new Map(this.choices.map(function (choice, i) { return [choice.id, i]; }));
    this.roster = new agreement.Roster();
    this.unnamed = 0;
    this.key = null;
    /* Files are read one selection after another; "Start over" ends a reading under way. */
    this.queue = Promise.resolve();
    this.generation = 0;
    var self = this;
    section.hidden = false;
    this.onFiles(section.querySelector("[data-rg-calibrate]"), function (files) {
      return self.add(files);
    });
    this.onFiles(section.querySelector("[data-rg-key]"), function (files) {
      return self.loadKey(files[0]);
    });
    var zone = section.querySelector("[data-rg-dropzone]");
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("rg-dropzone--over");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("rg-dropzone--over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("rg-dropzone--over");
      self.add(Array.prototype.slice.call(event.dataTransfer.files || []));
    });
    root.querySelectorAll("[data-rg-exemplar-key]").forEach(function (button) {
      button.hidden = false;
    });
    bindActions(root, {
      "exemplar-key": function (button) {
        self.useExemplar(button.getAttribute("data-rg-exemplar-key"));
      }
    });
    bindActions(section, {
      "calibration-json": function () { self.exportJson(); },
      "calibration-csv": function () { self.exportCsv(); },
      "calibration-print": function () { self.print(); },
      "calibration-reset": function () { self.reset(); },
      "calibration-clear-key": function () { self.clearKey(); },
      "calibration-remove": function (button) {
        self.remove(Number(button.getAttribute("data-rg-member")));
      }
    });
  }

  Calibration.prototype.onFiles = function (input, handle) {
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      input.value = "";
      if (files.length) handle(files);
    });
  };

  /* The report under the file inputs: a long one shows its first lines, then how many more. */
  Calibration.prototype.report = function (lines) {
    var report = this.section.querySelector("[data-rg-calibration-report]");
    report.textContent = "";
    var shown = lines;
    if (lines.length > LIST_LIMIT + 1) {
      shown = lines.slice(0, LIST_LIMIT).concat([
        { text: counted(this.content, "moreReported", lines.length - LIST_LIMIT - 1) },
        lines[lines.length - 1]]);
    }
    shown.forEach(function (line) {
      report.appendChild(el("li", line.refused ? { "class": "rg-report__refused" } : {}, line.text));
    });
  };

  /* "Reading files: 120 of 1,000", or nothing once they are read. */
  Calibration.prototype.progress = function (done, total) {
    var line = this.section.querySelector("[data-rg-progress]");
    line.hidden = done === null;
    line.textContent = done === null ? "" : format(this.m.reading, { done: number(done),
                                                                       total: number(total) });
  };

  Calibration.prototype.countLine = function () {
    return { text: format(this.m.members, { count: number(this.roster.members.length) }) };
  };

  /* Read ``files`` and add each as a member, in the order given, once each. */
  Calibration.prototype.add = function (files) {
    var self = this;
    this.queue = this.queue.then(function () { return self.read(files); });
    return this.queue;
  };

  Calibration.prototype.read = function (files) {
    var self = this;
    var m = this.m;
    var generation = this.generation;
    var lines = [];
    if (files.length > MAX_MEMBERS) {
      lines.push({ refused: true, text: counted(this.content, "tooMany",
                                                files.length - MAX_MEMBERS,
                                                { max: number(MAX_MEMBERS) }) });
      files = files.slice(0, MAX_MEMBERS);
    }
    var done = 0;
    var chunks = [];
    for (var i = 0; i < files.length; i += READ_CHUNK) chunks.push(files.slice(i, i + READ_CHUNK));
    this.progress(0, files.length);
    var reading = chunks.reduce(function (previous, chunk) {
      return previous.then(function () {
        if (generation !== self.generation) return null;
        return Promise.all(chunk.map(function (file) { return readText(file, m); }))
          .then(function (texts) {
            return inSlices(texts, function (text, j) {
              if (generation !== self.generation) return;
              self.join(chunk[j].name, self.checked(parseState(text, self.content)), lines);
              done += 1;
            });
          }).then(function () { self.progress(done, files.length); });
      });
    }, Promise.resolve());
    return reading.then(function () {
      if (generation !== self.generation) return null;
      self.progress(null);
      lines.push(self.countLine());
      self.report(lines);
      return self.render();
    });
  };

  /* A state from another version of the content, whose criteria changed since, is refused. */
  Calibration.prototype.checked = function (result) {
    if (result.error || result.state.contentVersion === this.data.version) return result;
    var found = changes(result.state, this.content);
    if (!found.changed.length && !found.removed.length) return result;
    return { error: format(this.m.olderVersion, {
      items: shortList(found.changed.concat(found.removed), "; ", this.m) }) };
  };

  /* The member a checked file is, by the roster's rules; what happened goes into ``lines``. */
  Calibration.prototype.join = function (file, result, lines) {
    var m = this.m;
    if (result.error) {
      lines.push({ refused: true, text: format(m.refused, { file: file, reason: result.error }) });
      return;
    }
    var decision = this.roster.admit(result.state);
    var known = this.roster.members[decision.index];
    var said = known ? { file: file, name: known.name, earlier: known.file } : {};
    if (decision.action === "duplicate") {
      lines.push({ refused: true, text: format(m.duplicate, said) });
    } else if (decision.action === "older") {
      lines.push({ refused: true, text: format(m.older, said) });
    } else if (decision.action === "add" && this.roster.members.length >= MAX_MEMBERS) {
      lines.push({ refused: true, text: format(m.full, { file: file, max: number(MAX_MEMBERS) }) });
    } else {
      if (decision.action === "replace") lines.push({ text: format(m.replaced, said) });
      this.roster.put(decision, { name: known ? known.name : this.nameFor(result.state),
                                  file: file, state: result.state });
      if (result.unusable && result.unusable.length) {
        lines.push({ text: format(m.unusable, {
          file: file, items: shortList(result.unusable, "; ", m) }) });
      }
    }
  };

  Calibration.prototype.nameFor = function (state) {
    var name = state.respondent.trim().replace(/\s+/g, " ");
    if (name) return name;
    this.unnamed += 1;
    return format(this.m.member, { n: this.unnamed });
  };

  /* Take a member out; the focus goes to the next member's button, or back to the files. */
  Calibration.prototype.remove = function (index) {
    var member = this.roster.members[index];
    if (!member) return;
    this.roster.remove(index);
    this.report([{ text: format(this.m.removedMember, { name: member.name }) }, this.countLine()]);
    var section = this.section;
    return this.render().then(function () {
      var buttons = section.querySelectorAll("[data-rg-action='calibration-remove']");
      var next = buttons[Math.min(index, buttons.length - 1)];
      (next || section.querySelector("[data-rg-calibrate]")).focus();
    });
  };

  Calibration.prototype.reset = function () {
    this.generation += 1;
    this.queue = Promise.resolve();
    this.roster.clear();
    this.unnamed = 0;
    this.progress(null);
    this.report([{ text: this.m.startedOver }]);
    this.render();
    this.section.querySelector("[data-rg-calibrate]").focus();
  };

  /* --- the key: master scores ----------------------------------------------------------- */

  /* A member file as the key: its answers are the master scores; it is not a member. */
  Calibration.prototype.loadKey = function (file) {
    var self = this;
    this.queue = this.queue.then(function () {
      return readFile(file, self.content).then(function (result) {
        result = self.checked(result);
        if (result.error) {
          self.keyStatus(format(self.m.refused, { file: file.name, reason: result.error }));
          return;
        }
        var scores = new Map();
        Object.keys(result.state.answers).forEach(function (id) {
          var choice = result.state.answers[id].choice;
          if (choice) scores.set(id, choice);
        });
        var name = result.state.respondent.trim();
        self.setKey({ name: name || file.name, file: file.name, scores: scores },
                    format(self.m.keyFromFile, { file: file.name,
                                                 name: name || self.m.keyUnnamed }));
      });
    });
    return this.queue;
  };

  /* An exemplar's master scores, from the rubric's content, as the key. */
  Calibration.prototype.useExemplar = function (id) {
    var exemplar = (this.data.exemplars || []).filter(function (e) { return e.id === id; })[0];
    if (!exemplar) return;
    var scores = new Map(Object.keys(exemplar.scores).map(function (criterion) {
      return [criterion, exemplar.scores[criterion]];
    }));
    this.setKey({ name: exemplar.title, exemplar: id, scores: scores },
                format(this.m.keyFromExemplar, { title: exemplar.title }));
    this.section.querySelector("[data-rg-key]").focus();
  };

  Calibration.prototype.setKey = function (key, status) {
    this.key = key;
    this.keyStatus(status);
    this.render();
  };

  Calibration.prototype.clearKey = function () {
    this.key = null;
    this.keyStatus(this.m.keyCleared);
    this.render();
    this.section.querySelector("[data-rg-key]").focus();
  };

  Calibration.prototype.keyStatus = function (text) {
    this.section.querySelector("[data-rg-key-status]").textContent = text;
    this.section.querySelector("[data-rg-action='calibration-clear-key']").hidden = !this.key;
  };

  /* --- the figures ---------------------------------------------------------------------- */

  Calibration.prototype.position = function (choice) {
    var p = choice ? this.positions.get(choice) : undefined;
    return p === undefined ? null : p;
  };

  /* Everything the view and the exports show, worked out once: per entry, who chose what and
     the agreement; per member, their comparison with the key or the team's median; overall,
     the pooled pairs, AC1, alpha, the matrix and its disagreements, widest first. */
  Calibration.prototype.figures = function () {
    var self = this;
    var q = this.choices.length;
    var members = this.roster.members;
    var entries = this.content.entries();
    var table = entries.map(function (entry) {
      return members.map(function (member) {
        var answer = member.state.answers[entry.id];
        return self.position(answer && answer.choice);
      });
    });
    var key = this.key ? entries.map(function (entry) {
      return self.position(self.key.scores.get(entry.id));
    }) : null;
    var reference = key || table.map(agreement.median);
    /* One criterion's figure lacks two answers of its own, whatever the other criteria hold. */
    function own(figure) {
      return figure.reason === "fewAnswers" ? { value: null, reason: "fewAnswersHere" } : figure;
    }
    var rows = entries.map(function (entry, e) {
      var positions = table[e];
      var who = self.choices.map(function () { return []; });
      var notes = [];
      var answers = members.map(function (member, i) {
        var answer = member.state.answers[entry.id] || { notes: "" };
        if (positions[i] !== null) who[positions[i]].push(member.name);
        if (answer.notes) notes.push({ name: member.name, text: answer.notes });
        return { member: member.name, position: positions[i], notes: answer.notes || "",
                 difference: positions[i] !== null && typeof reference[e] === "number"
                   ? positions[i] - reference[e] : null };
      });
      return { entry: entry, who: who, notes: notes, answers: answers,
               agreement: agreement.agreement(positions), ac1: own(agreement.ac1([positions], q)),
               alpha: own(agreement.alpha([positions], q)),
               key: key ? { position: key[e], against: agreement.compare(
                 positions, positions.map(function () { return key[e]; })) } : null };
    });
    var cells = key ? agreement.keyMatrix(table, key, q) : agreement.pairMatrix(table, q);
    return {
      rows: rows, overall: agreement.pool(rows.map(function (row) { return row.agreement; })),
      ac1: agreement.ac1(table, q), alpha: agreement.alpha(table, q), key: key,
      members: members.map(function (member, i) {
        return agreement.compare(table.map(function (row) { return row[i]; }), reference);
      }),
      matrix: cells, disagreements: agreement.disagreements(cells)
    };
  };

  /* "33% (1/3 pairs)", or why there is no figure. */
  Calibration.prototype.percentText = function (agree, pairs) {
    if (!pairs) return this.m.noPairs;
    return format(this.m.percentOfPairs, { percent: agreement.percent(agree, pairs),
                                           agree: number(agree), pairs: number(pairs) });
  };

  /* "67% (2/3 criteria)": a member's answers as close as ``agree`` to the key. */
  Calibration.prototype.againstText = function (agree, compared) {
    if (!compared) return this.m.noFigure;
    return format(this.content.say("percentOfCriteria"), {
      percent: agreement.percent(agree, compared), agree: agree, count: compared });
  };

  /* "0.42", or "– (reason)" for a figure that would mislead. */
  Calibration.prototype.chanceText = function (figure) {
    if (figure.value === null) return format(this.m.noFigureBecause, { reason: this.reason(figure) });
    return decimal(figure.value, 2);
  };

  Calibration.prototype.reason = function (figure) {
    return figure.reason === null ? null : this.content.say("reason_" + figure.reason);
  };

  /* "+0.50", "−0.25", "0.00", or "–" with nothing compared. */
  Calibration.prototype.severityText = function (severity) {
    if (severity === null) return this.m.noFigure;
    var text = decimal(Math.abs(severity), 2);
    return severity > 0.0005 ? "+" + text : severity < -0.0005 ? "\u2212" + text : text;
  };

  Calibration.prototype.spreadText = function (result) {
    var say = this.content.say.bind(this.content);
    if (result.spread === null) return this.m.nobody;
    if (result.answered === 1) return say("oneAnswer");
    if (result.spread === 0) return this.m.agreement;
    var apart = result.spread === 1 ? say("levelApart")
      : format(say("levelsApart"), { n: result.spread });
    var low = this.choices[result.low];
    var high = this.choices[result.high];
    return format(say("levelRange"), { low: low.short, high: high.short, apart: apart });
  };

  /* --- the view ------------------------------------------------------------------------- */

  Calibration.prototype.renderMembers = function () {
    var self = this;
    var holder = this.section.querySelector("[data-rg-calibration-members]");
    var list = holder.querySelector("[data-rg-member-list]");
    list.textContent = "";
    var members = this.roster.members;
    holder.hidden = !members.length;
    this.fill(list, members, function (member, i) {
      var item = el("li", { "class": "rg-member" });
      item.appendChild(el("span", { "class": "rg-member__name" }, member.name));
      item.appendChild(el("span", { "class": "rg-member__file" }, " (" + member.file + ") "));
      item.appendChild(el("button", {
        "class": "md-button rg-member__remove", type: "button",
        "data-rg-action": "calibration-remove", "data-rg-member": String(i),
        "aria-label": format(self.m.removeMember, { name: member.name }) }, self.m.remove));
      return item;
    });
  };

  /* Append ``make(item, i)`` of every item to ``parent``, one list after another, so that a
     team of a thousand never holds the page: the first WHOLE_LIST items with the view itself,
     so that a team of up to that many is whole in the first frame and nothing on the page
     moves after it, then the rest in slices of work. A newer rendering stops the slices of
     an older one. */
  Calibration.prototype.fill = function (parent, items, make) {
    var rendering = this.rendering;
    var self = this;
    function add(item, i) {
      if (self.rendering === rendering) parent.appendChild(make(item, i));
    }
    this.filling = this.filling.then(function () {
      items.slice(0, WHOLE_LIST).forEach(add);
      if (items.length <= WHOLE_LIST) return null;
      return pause().then(function () {
        return inSlices(items.slice(WHOLE_LIST), function (item, i) { add(item, WHOLE_LIST + i); });
      });
    });
  };

  /* Show the members and the merged view; the promise is kept once every long list is in. */
  Calibration.prototype.render = function () {
    this.rendering = (this.rendering || 0) + 1;
    this.filling = Promise.resolve();
    this.renderMembers();
    var view = this.section.querySelector("[data-rg-calibration-view]");
    view.textContent = "";
    var has = Boolean(this.roster.members.length);
    this.section.querySelector("[data-rg-calibration-actions]").hidden = !has;
    this.section.querySelector("[data-rg-calibration-how]").hidden = !has;
    view.hidden = !has;
    if (!has) return this.filling;
    var figures = this.figures();
    var say = this.content.say.bind(this.content);
    var overall = figures.overall;
    var summary = view.appendChild(el("div", { "class": "rg-calibration__summary" }));
    summary.appendChild(el("p", { "class": "rg-calibration__overall", "data-rg-overall": "" },
      overall.pairs ? format(say("overall"), {
        exact: this.percentText(overall.exact, overall.pairs),
        adjacent: this.percentText(overall.adjacent, overall.pairs) })
        : say("overallNone")));
    summary.appendChild(el("p", { "class": "rg-calibration__chance", "data-rg-chance": "" },
      format(this.m.chance, { ac1: this.chanceText(figures.ac1),
                              alpha: this.chanceText(figures.alpha) })));
    if (figures.key) summary.appendChild(this.keyLine(figures));
    var self = this;
    var wide = figures.rows.filter(function (row) { return row.agreement.wide; })
      .sort(function (a, b) { return b.agreement.spread - a.agreement.spread; });
    summary.appendChild(el("p", { "class": "rg-calibration__wide", "data-rg-wide": "" },
      wide.length ? format(say("wideList"), { items: wide.map(function (row) {
        return row.entry.title + ": " + self.spreadText(row.agreement);
      }).join("; ") }) : say("wideNone")));
    view.appendChild(this.entryTable(figures));
    var more = view.appendChild(el("div", { "class": "rg-calibration__more" }));
    more.appendChild(this.matrixPart(figures));
    more.appendChild(this.memberTable(figures));
    return this.filling;
  };

  /* "Agreement with the key (Exemplar A): exact 60% (3/5 answers); adjacent 100% (5/5)." */
  Calibration.prototype.keyLine = function (figures) {
    var sum = figures.members.reduce(function (total, r) {
      return { compared: total.compared + r.compared, exact: total.exact + r.exact,
               adjacent: total.adjacent + r.adjacent };
    }, { compared: 0, exact: 0, adjacent: 0 });
    return el("p", { "class": "rg-calibration__key", "data-rg-key-overall": "" },
      format(this.m.keyOverall, { name: this.key.name,
        exact: this.answersText(sum.exact, sum.compared),
        adjacent: this.answersText(sum.adjacent, sum.compared) }));
  };

  Calibration.prototype.answersText = function (agree, count) {
    if (!count) return this.m.noFigure;
    return format(this.m.percentOfAnswers, { percent: agreement.percent(agree, count),
                                             agree: agree, count: count });
  };

  /* A cell that, on a phone, shows its column's heading before its figures. */
  function cell(tag, heading, attrs, text) {
    var node = el(tag, attrs || {}, text);
    node.setAttribute("data-label", heading);
    return node;
  }

  /* One row per criterion or item: who chose each level, the agreement, the key, the spread
     and everyone's notes. Six levels or more leave narrow columns on paper: their headings
     read upwards there. */
  Calibration.prototype.entryTable = function (figures) {
    var self = this;
    var m = this.m;
    var say = this.content.say.bind(this.content);
    var table = el("table", { "class": this.choices.length > 5
      ? "rg-calibration__table rg-calibration__table--many" : "rg-calibration__table" });
    table.appendChild(el("caption", { "class": "rg-visually-hidden" }, say("caption")));
    var columns = table.appendChild(el("colgroup"));
    columns.appendChild(el("col", { "class": "rg-calibration__col-entry" }));
    this.choices.forEach(function () {
      columns.appendChild(el("col", { "class": "rg-calibration__col-choice" }));
    });
    var figureColumns = ["figure", "figure", "figure"].concat(figures.key ? ["key"] : [],
                                                              ["spread", "notes"]);
    figureColumns.forEach(function (kind) {
      columns.appendChild(el("col", { "class": "rg-calibration__col-" + kind }));
    });
    var headings = [m.exact, m.adjacent, m.ac1Column].concat(figures.key ? [m.keyColumn] : [],
                                                             [m.spread, m.notes]);
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, say("criteria")));
    this.choices.forEach(function (choice) {
      head.appendChild(el("th", { scope: "col", "class": "rg-calibration__choice" }, choice.label));
    });
    headings.forEach(function (text) { head.appendChild(el("th", { scope: "col" }, text)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    var names = this.content.cells();
    figures.rows.forEach(function (row) {
      var result = row.agreement;
      var tr = el("tr", {});
      tr.setAttribute(names.entry, row.entry.id);
      if (result.wide) tr.classList.add("rg-calibration__row--wide");
      tr.appendChild(el("th", { scope: "row" }, row.entry.title));
      row.who.forEach(function (who, i) {
        var td = cell("td", self.choices[i].label, { "data-count": String(who.length) });
        td.setAttribute(names.choice, self.choices[i].id);
        td.appendChild(el("span", { "class": who.length ? "rg-count rg-count--chosen" : "rg-count" },
                          number(who.length)));
        if (who.length) td.appendChild(el("span", { "class": "rg-who" }, shortList(who, ", ", m)));
        tr.appendChild(td);
      });
      tr.appendChild(cell("td", m.exact, { "class": "rg-exact" },
                          self.percentText(result.exact, result.pairs)));
      tr.appendChild(cell("td", m.adjacent, { "class": "rg-adjacent" },
                          self.percentText(result.adjacent, result.pairs)));
      tr.appendChild(cell("td", m.ac1Column, { "class": "rg-ac1" }, self.chanceText(row.ac1)));
      if (row.key) tr.appendChild(cell("td", m.keyColumn, { "class": "rg-key" }, self.keyText(row)));
      var spread = tr.appendChild(cell("td", m.spread, { "class": "rg-spread" }));
      if (result.wide) spread.appendChild(el("strong", { "class": "rg-flag" }, m.wide + " "));
      spread.appendChild(document.createTextNode(self.spreadText(result)));
      var notes = cell("td", m.notes, { "class": "rg-calibration__notes" });
      self.fill(notes.appendChild(el("ul", { "class": "rg-member-notes" })), row.notes,
                function (note) {
                  var item = el("li");
                  item.appendChild(el("strong", {}, note.name + ": "));
                  item.appendChild(document.createTextNode(note.text));
                  return item;
                });
      tr.appendChild(notes);
      body.appendChild(tr);
    });
    return table;
  };

  /* "Level 3: 2 of 3 match", or that the key has no score here. */
  Calibration.prototype.keyText = function (row) {
    if (row.key.position === null) return this.m.keyNone;
    return format(this.m.keyCell, { level: this.choices[row.key.position].label,
                                    exact: row.key.against.exact,
                                    answered: row.key.against.compared });
  };

  /* A part of the view under its own heading: <div class="rg-calibration__{name}"
     data-rg-{name}><h3 id="{id}">. */
  function viewPart(name, id, heading) {
    var part = el("div", { "class": "rg-calibration__" + name });
    part.setAttribute("data-rg-" + name, "");
    part.appendChild(el("h3", { id: id, "data-search-exclude": "" }, heading));
    return part;
  }

  /* The matrix level by level and, under it, its disagreements, the widest first. */
  Calibration.prototype.matrixPart = function (figures) {
    var self = this;
    var m = this.m;
    var part = viewPart("matrix", "agreement-matrix", m.matrixHeading);
    var body = part.appendChild(el("div", { "class": "rg-matrix__body" }));
    var table = body.appendChild(el("table", { "class": "rg-matrix" }));
    table.appendChild(el("caption", {}, figures.key ? this.content.say("matrixCaptionKey")
      : this.content.say("matrixCaption")));
    var head = el("tr");
    head.appendChild(el("td"));
    this.choices.forEach(function (choice) {
      head.appendChild(el("th", { scope: "col" }, choice.short));
    });
    table.appendChild(el("thead")).appendChild(head);
    var rows = table.appendChild(el("tbody"));
    figures.matrix.forEach(function (row, i) {
      var tr = rows.appendChild(el("tr"));
      tr.appendChild(el("th", { scope: "row" }, self.choices[i].label));
      row.forEach(function (count, j) {
        var empty = !figures.key && j < i;
        var td = tr.appendChild(el("td", {
          "class": Math.abs(i - j) >= agreement.WIDE && count ? "rg-matrix__wide"
            : i === j ? "rg-matrix__same" : "" }, empty ? "" : number(count)));
        if (empty) td.setAttribute("aria-hidden", "true");
      });
    });
    var list = body.appendChild(el("ul", { "class": "rg-matrix__widest", "data-rg-widest": "" }));
    var found = figures.disagreements;
    if (!found.length) list.appendChild(el("li", {}, this.content.say("noDisagreement")));
    found.slice(0, LIST_LIMIT).forEach(function (d) {
      var apart = d.apart === 1 ? self.content.say("levelApart")
        : format(self.content.say("levelsApart"), { n: d.apart });
      list.appendChild(el("li", {}, counted(self.content,
        figures.key ? "disagreementKey" : "disagreement", d.count,
        { from: self.choices[d.from].label, to: self.choices[d.to].label, apart: apart })));
    });
    if (found.length > LIST_LIMIT) {
      list.appendChild(el("li", {}, counted(this.content, "moreCells", found.length - LIST_LIMIT)));
    }
    return part;
  };

  /* Each member against the key (exact, adjacent, severity) or the team's median (severity). */
  Calibration.prototype.memberTable = function (figures) {
    var self = this;
    var m = this.m;
    var part = viewPart("raters", "each-member", m.ratersHeading);
    var table = part.appendChild(el("table", { "class": "rg-raters" }));
    table.appendChild(el("caption", {}, figures.key
      ? format(m.ratersCaptionKey, { name: this.key.name }) : m.ratersCaption));
    var headings = [m.memberColumn].concat(figures.key ? [m.accuracyExact, m.accuracyAdjacent] : [],
                                     [m.severity]);
    var head = el("tr");
    headings.forEach(function (text) { head.appendChild(el("th", { scope: "col" }, text)); });
    table.appendChild(el("thead")).appendChild(head);
    this.fill(table.appendChild(el("tbody")), figures.members, function (result, i) {
      var tr = el("tr", { "data-rg-rater": String(i) });
      tr.appendChild(el("th", { scope: "row" }, self.roster.members[i].name));
      if (figures.key) {
        tr.appendChild(cell("td", m.accuracyExact, { "class": "rg-accuracy-exact" },
                            self.againstText(result.exact, result.compared)));
        tr.appendChild(cell("td", m.accuracyAdjacent, { "class": "rg-accuracy-adjacent" },
                            self.againstText(result.adjacent, result.compared)));
      }
      tr.appendChild(cell("td", m.severity, { "class": "rg-severity" },
                          self.severityText(result.severity)));
      return tr;
    });
    return part;
  };

  /* --- exports -------------------------------------------------------------------------- */

  Calibration.prototype.fileName = function (extension) {
    return fileStem([this.data.id, this.m.calibrationFile]) + "." + extension;
  };

  /* A figure for the merged JSON: its value, or null with the reason in the guide's words. */
  Calibration.prototype.chanceJson = function (out, name, figure) {
    out[name] = figure.value === null ? null : round(figure.value, 4);
    if (figure.value === null) out[name + "Reason"] = this.reason(figure);
  };

  Calibration.prototype.keyJson = function () {
    if (!this.key) return null;
    var scores = dict();
    this.key.scores.forEach(function (choice, id) { scores[id] = choice; });
    var out = { name: this.key.name, scores: scores };
    if (this.key.file) out.file = this.key.file;
    if (this.key.exemplar) out.exemplar = this.key.exemplar;
    return out;
  };

  Calibration.prototype.exportJson = function () {
    var self = this;
    var field = this.content.names.choice;
    var figures = this.figures();
    function pairs(result) {
      return { pairs: result.pairs, exact: result.exact, adjacent: result.adjacent,
               exactPercent: agreement.percent(result.exact, result.pairs),
               adjacentPercent: agreement.percent(result.adjacent, result.pairs) };
    }
    var overall = pairs(figures.overall);
    this.chanceJson(overall, "ac1", figures.ac1);
    this.chanceJson(overall, "alpha", figures.alpha);
    var merged = {
      format: FORMAT, formatVersion: FORMAT_VERSION, kind: "calibration", of: this.data.kind,
      id: this.data.id, title: this.data.title, contentVersion: this.data.version,
      date: isoDate(new Date()), key: this.keyJson(),
      severityFrom: this.key ? "key" : "median",
      members: this.roster.members.map(function (member, i) {
        var result = figures.members[i];
        var out = { name: member.name, file: member.file, updated: member.state.updated,
                    severity: result.severity === null ? null : round(result.severity, 4) };
        if (self.key) {
          out.accuracy = { compared: result.compared, exact: result.exact,
                           adjacent: result.adjacent,
                           exactPercent: agreement.percent(result.exact, result.compared),
                           adjacentPercent: agreement.percent(result.adjacent, result.compared) };
        }
        return out;
      }),
      agreement: overall,
      matrix: { of: this.key ? "key" : "pairs",
                levels: this.choices.map(function (choice) { return choice.id; }),
                counts: figures.matrix }
    };
    merged[this.content.names.entries] = figures.rows.map(function (row) {
      var counts = dict();
      var chosenBy = dict();
      row.who.forEach(function (names, i) {
        counts[self.choices[i].id] = names.length;
        chosenBy[self.choices[i].id] = names;
      });
      var out = { id: row.entry.id, title: row.entry.title, counts: counts, chosenBy: chosenBy,
                  answers: row.answers.map(function (answer) {
                    var item = { member: answer.member, notes: answer.notes };
                    item[field] = answer.position === null ? null
                      : self.choices[answer.position].id;
                    return item;
                  }),
                  spread: row.agreement.spread, wide: row.agreement.wide, notes: row.notes };
      var figured = pairs(row.agreement);
      Object.keys(figured).forEach(function (key) { out[key] = figured[key]; });
      self.chanceJson(out, "ac1", row.ac1);
      self.chanceJson(out, "alpha", row.alpha);
      if (row.key) {
        out.key = { level: row.key.position === null ? null
          : self.choices[row.key.position].id, compared: row.key.against.compared,
                    exact: row.key.against.exact, adjacent: row.key.against.adjacent };
      }
      return out;
    });
    download(this.fileName("json"), "application/json", JSON.stringify(merged, null, 2) + "\n");
  };

  /* One row per criterion or item and, at the end, all of them together: the count of each
     level, the agreement, the key, and for each member by name their choice, notes, and how
     they compare with the key (or the team's median, for severity). */
  Calibration.prototype.exportCsv = function () {
    var self = this;
    var word = this.content.names;
    var names = headings(this.data, [word.entry + "_id", word.entry, "pairs",
                                     "exact_agreement_percent", "adjacent_agreement_percent",
                                     "ac1", "alpha", "spread", "key_level",
                                     "key_exact_percent", "key_adjacent_percent"]);
    var mine = headings(this.data, [word.choice, "notes", "exact_percent", "adjacent_percent",
                                    "severity"]);
    var header = names.slice(0, 2).concat(this.choices.map(function (c) { return c.label; }),
                                          names.slice(2));
    var members = this.roster.members;
    members.forEach(function (member) {
      mine.forEach(function (name) { header.push(member.name + ": " + name); });
    });
    var figures = this.figures();
    var rows = [header];
    var totals = this.choices.map(function () { return 0; });
    figures.rows.forEach(function (row) {
      var result = row.agreement;
      var key = row.key;
      var line = [row.entry.id, row.entry.title].concat(row.who.map(function (who, i) {
        totals[i] += who.length;
        return who.length;
      }), [result.pairs, agreement.percent(result.exact, result.pairs),
           agreement.percent(result.adjacent, result.pairs), csvFigure(row.ac1),
           csvFigure(row.alpha), self.spreadText(result),
           key && key.position !== null ? self.choices[key.position].label : "",
           key ? agreement.percent(key.against.exact, key.against.compared) : "",
           key ? agreement.percent(key.against.adjacent, key.against.compared) : ""]);
      row.answers.forEach(function (answer) {
        var d = answer.difference;
        var compared = self.key && d !== null;
        line.push(answer.position === null ? "" : self.choices[answer.position].label,
                  answer.notes, compared ? (d === 0 ? 100 : 0) : "",
                  compared ? (Math.abs(d) <= 1 ? 100 : 0) : "", d === null ? "" : round(d, 4));
      });
      rows.push(line);
    });
    var overall = figures.overall;
    var last = ["", this.content.say("overallRow")].concat(totals, [
      overall.pairs, agreement.percent(overall.exact, overall.pairs),
      agreement.percent(overall.adjacent, overall.pairs), csvFigure(figures.ac1),
      csvFigure(figures.alpha), "", "", "", ""]);
    figures.members.forEach(function (result) {
      last.push("", "", self.key ? agreement.percent(result.exact, result.compared) : "",
                self.key ? agreement.percent(result.adjacent, result.compared) : "",
                result.severity === null ? "" : round(result.severity, 4));
    });
    rows.push(last);
    download(this.fileName("csv"), "text/csv", csv(rows));
  };

  /* The merged view alone, landscape, headed with the title, the date and the members. */
  Calibration.prototype.print = function () {
    var head = this.section.querySelector("[data-rg-calibration-print-head]");
    head.textContent = "";
    head.appendChild(el("p", { "class": "rg-calibration__print-title" }, this.data.title));
    head.appendChild(el("p", {}, format(this.m.printHead, {
      heading: this.section.querySelector("h2").textContent, date: longDate(new Date()),
      names: shortList(this.roster.members.map(function (m) { return m.name; }), ", ",
                       this.m) })));
    var page = el("style", { "data-rg-print-page": "" }, "@page { size: landscape; margin: 8mm; }");
    document.head.appendChild(page);
    var html = document.documentElement;
    html.classList.add("rg-print-calibration");
    window.addEventListener("afterprint", function () {
      html.classList.remove("rg-print-calibration");
      page.remove();
    }, { once: true });
    window.print();
  };

  /* --- the printed sheets, filled in with saved answers ---------------------------------- */

  /* On a rubric's or checklist's sheet opened as …/sheet/#filled: mark the saved choices,
     write the notes, the respondent, the date and the summary (with a rubric's total). */
  function fillSheet(sheet, content) {
    var data = content.data;
    var note = document.querySelector("[data-rg-fill-notice]");
    if (window.location.hash !== "#filled" || !note) return false;
    var state = savedState(content);
    note.hidden = false;
    if (!hasAnswers(state)) {
      note.textContent = note.getAttribute("data-nothing");
      return false;
    }
    var m = content.m;
    note.textContent = note.getAttribute("data-filled");
    sheet.classList.add("rg-sheet--filled");
    var names = content.cells();
    sheet.querySelectorAll("tr[" + names.entry + "]").forEach(function (row) {
      var answer = state.answers[row.getAttribute(names.entry)];
      if (!answer) return;
      row.querySelectorAll("td[" + names.choice + "]").forEach(function (cell) {
        if (cell.getAttribute(names.choice) !== answer.choice) return;
        cell.classList.add("rg-sheet__chosen");
        var box = cell.querySelector(".rg-sheet__box");
        if (box) box.textContent = "☒";
        cell.appendChild(el("span", { "class": "rg-visually-hidden" }, " " + m.chosen));
      });
      var evidence = row.querySelector(".rg-sheet__evidence");
      if (evidence && answer.notes) {
        evidence.textContent = answer.notes;
        evidence.classList.add("rg-sheet__filled-notes");
      }
    });
    function fill(field, text) {
      var line = sheet.querySelector("[data-rg-sheet-field='" + field + "']");
      if (line && text) line.appendChild(el("span", { "class": "rg-sheet__filled" }, " " + text));
    }
    fill(content.sheetName, state.respondent);
    fill("date", answeredOn(state));
    var counted = content.tally(state);
    var total = sheet.querySelector("[data-rg-sheet-total]");
    var totalled = Boolean(total && counted.max !== null);
    if (totalled) {
      total.textContent = format(m.sheetTotal, { score: counted.total, max: counted.max });
      total.classList.add("rg-sheet__filled");
    }
    var fields = sheet.querySelector(".rg-sheet__fields");
    if (fields) {
      fields.after(el("p", { "class": "rg-sheet__summary rg-sheet__filled",
                             "data-rg-sheet-summary": "" }, content.summary(state, totalled)));
    }
    return true;
  }

  /* Whether "Print with my answers" asked for this sheet to print; asked once only. */
  function printRequested(data) {
    try {
      if (window.sessionStorage.getItem(PRINT_REQUEST) !== storageKey(data)) return false;
      window.sessionStorage.removeItem(PRINT_REQUEST);
      return true;
    } catch (error) {
      return false;
    }
  }

  /* --- start ----------------------------------------------------------------------------- */

  /* The kinds of content a page may hold, by the ``kind`` its data names, with the tool that
     scores it and the field of its sheet that prints the respondent's name. */
  var KINDS = { rubric: Rubric, checklist: Checklist };
  Rubric.prototype.Tool = RubricTool;
  Rubric.prototype.sheetName = "participants";
  Checklist.prototype.Tool = ChecklistTool;
  Checklist.prototype.sheetName = "name";

  /* A criterion reached by its link lands below the header and the level headings, which
     stay in view (sticky) on wide screens: their height as shown, which changes as they wrap,
     is the criteria's scroll margin (assets/rubric-guide.css). The browser may have gone to
     the address's criterion before this ran: it goes there again. */
  function keepCriteriaInView(root) {
    var head = root.querySelector(".rg-rubric__head");
    var matrix = head && head.parentElement;
    if (!matrix) return;
    var header = document.querySelector(".md-header");
    var measure = function () {
      var height = head.getBoundingClientRect().height +
        (header ? header.getBoundingClientRect().height : 0);
      matrix.style.setProperty("--rg-sticky-height", Math.ceil(height) + "px");
    };
    measure();
    if (window.ResizeObserver) new window.ResizeObserver(measure).observe(head);
    var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
    var target = id ? document.getElementById(id) : null;
    if (target && matrix.contains(target)) {
      target.scrollIntoView();
      stayAtCriterion(target);
    }
  }

  /* Zensical's instant navigation keeps where a page was scrolled to in its history entry, a
     tenth of a second after the page moves; when it goes to the address's criterion it goes
     to that kept place instead, if there is one. On a busy machine the place it keeps is the
     top of the page, before the criterion is reached, and the reader is taken back there.
     Until the reader does anything, a return to the top while the address still names the
     criterion takes them to the criterion again, once. */
  var READER_ACTIONS = ["wheel", "touchstart", "keydown", "mousedown"];

  function stayAtCriterion(target) {
    var address = window.location.href;
    var stop = function () {
      window.removeEventListener("scroll", back, { passive: true });
      READER_ACTIONS.forEach(function (name) {
        window.removeEventListener(name, stop, { capture: true, passive: true });
      });
    };
    var back = function () {
      if (window.location.href !== address) return stop();
      if (window.scrollY !== 0) return undefined;
      stop();
      target.scrollIntoView();
      return undefined;
    };
    window.addEventListener("scroll", back, { passive: true });
    READER_ACTIONS.forEach(function (name) {
      window.addEventListener(name, stop, { capture: true, passive: true });
    });
  }

  function start() {
    document.querySelectorAll("[data-rg-print]").forEach(function (button) {
      button.hidden = false;
    });
    var root = document.querySelector("article") || document.body;
    keepCriteriaInView(root);
    var data = readData(root);
    var api = { agreement: agreement };
    window.rubricGuide = api;
    var Kind = data && Object.prototype.hasOwnProperty.call(KINDS, data.kind) ? KINDS[data.kind]
      : null;
    if (!Kind) return;
    var content = new Kind(data);
    var panel = root.querySelector("[data-rg-tool]");
    if (panel) {
      api.tool = new content.Tool(root, content, panel);
      var calibration = root.querySelector("[data-rg-calibration]");
      if (calibration) api.calibration = new Calibration(root, content, calibration);
    }
    var sheet = root.querySelector(".rg-sheet");
    if (sheet) {
      var filled = fillSheet(sheet, content);
      if (printRequested(data) && filled) {
        window.requestAnimationFrame(function () { window.print(); });
      }
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-rg-print]") : null;
    if (target) window.print();
  });

  /* Material's instant navigation swaps pages without reloading scripts. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
