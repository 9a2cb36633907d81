/* Rubric Guide: scoring, checklists and team calibration, entirely in the page.
 *
 * Answers are kept in this browser's localStorage, keyed by rubric or checklist id, together
 * with the content version each answer was given under. Nothing is sent anywhere. Every text
 * that comes from a person or a file is written with textContent, never parsed as HTML.
 */
(function () {
  "use strict";

  var FORMAT = "rubric-guide";
  var FORMAT_VERSION = 1;
  var STORAGE_PREFIX = "rubric-guide:v1:";
  var MAX_FILE_BYTES = 1024 * 1024;
  var MAX_NOTE_CHARS = 20000;

  /* --- small helpers ------------------------------------------------------------------- */

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
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

  function storageKey(data) {
    return STORAGE_PREFIX + data.kind + ":" + data.id;
  }

  function load(data) {
    try {
      var raw = window.localStorage.getItem(storageKey(data));
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  function save(data, state) {
    state.updated = new Date().toISOString();
    try {
      window.localStorage.setItem(storageKey(data), JSON.stringify(exportState(state, data)));
    } catch (error) {
      /* Storage full or disabled: the page still works, answers last until it closes. */
    }
  }

  function emptyState(data) {
    return {
      format: FORMAT, formatVersion: FORMAT_VERSION, kind: data.kind, id: data.id,
      title: data.title, contentVersion: data.version, respondent: "", updated: "",
      answers: {}
    };
  }

  function entries(data) {
    return data.kind === "rubric" ? data.criteria : data.items;
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
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* Clicks on [data-rg-action] buttons inside ``container`` call handlers[action]. */
  function bindActions(container, handlers) {
    container.addEventListener("click", function (event) {
      var button = event.target instanceof Element ? event.target.closest("[data-rg-action]") : null;
      var handler = button ? handlers[button.getAttribute("data-rg-action")] : null;
      if (handler) handler();
    });
  }

  function csv(rows) {
    return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* --- checking a saved or imported state ----------------------------------------------- */

  /* A state from storage or a file, checked field by field. Returns {state} or {error}. */
  function validateState(value, data) {
    var m = data.messages;
    if (!value || typeof value !== "object" || Array.isArray(value) || value.format !== FORMAT
        || typeof value.id !== "string" || typeof value.kind !== "string"
        || !value.answers || typeof value.answers !== "object" || Array.isArray(value.answers)) {
      return { error: m.notAnExport };
    }
    if (value.kind !== data.kind || value.id !== data.id) {
      return { error: format(m.otherRubric, { id: value.id.slice(0, 80) }) };
    }
    var state = emptyState(data);
    state.contentVersion = typeof value.contentVersion === "string" ? value.contentVersion : "";
    state.respondent = typeof value.respondent === "string" ? value.respondent.slice(0, 200) : "";
    var choices = data.kind === "rubric"
      ? data.levels.map(function (level) { return level.id; }) : data.responses;
    Object.keys(value.answers).slice(0, 2000).forEach(function (key) {
      var answer = value.answers[key];
      if (!answer || typeof answer !== "object" || !/^[a-z0-9][a-z0-9.-]{0,99}$/.test(key)) return;
      var choice = data.kind === "rubric" ? answer.level : answer.response;
      state.answers[key] = {
        choice: typeof choice === "string" && choices.indexOf(choice) >= 0 ? choice : null,
        notes: typeof answer.notes === "string" ? answer.notes.slice(0, MAX_NOTE_CHARS) : "",
        version: typeof answer.version === "string" ? answer.version.slice(0, 40) : ""
      };
    });
    return { state: state };
  }

  /* Criteria or items whose words changed since they were answered, and answers to ones
     that no longer exist. */
  function changes(state, data) {
    var current = {};
    entries(data).forEach(function (entry) { current[entry.id] = entry; });
    var changed = [];
    var removed = [];
    Object.keys(state.answers).forEach(function (key) {
      var answer = state.answers[key];
      if (!current[key]) removed.push(key);
      else if (answer.version && answer.version !== current[key].version) {
        changed.push(current[key].title);
      }
    });
    return { changed: changed, removed: removed };
  }

  /* The exported form of a state: the stored one, with the field name of its kind. */
  function exportState(state, data) {
    var answers = {};
    Object.keys(state.answers).forEach(function (key) {
      var answer = state.answers[key];
      var out = { notes: answer.notes, version: answer.version };
      out[data.kind === "rubric" ? "level" : "response"] = answer.choice;
      answers[key] = out;
    });
    return {
      format: FORMAT, formatVersion: FORMAT_VERSION, kind: data.kind, id: data.id,
      title: data.title, contentVersion: state.contentVersion, respondent: state.respondent,
      updated: state.updated, answers: answers
    };
  }

  function readFile(file, data) {
    var m = data.messages;
    return new Promise(function (resolve) {
      if (file.size > MAX_FILE_BYTES) {
        resolve({ error: format(m.tooBig, { size: "1 MB" }) });
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        var parsed;
        try {
          parsed = JSON.parse(String(reader.result));
        } catch (error) {
          resolve({ error: m.badJson });
          return;
        }
        resolve(validateState(parsed, data));
      };
      reader.onerror = function () { resolve({ error: m.badJson }); };
      reader.readAsText(file);
    });
  }

  /* --- one rubric or checklist page ------------------------------------------------------ */

  function Tool(root, data, panel) {
    this.root = root;
    this.data = data;
    this.panel = panel;
    this.m = data.messages;
    this.controls = {};
    var stored = load(data);
    var checked = stored ? validateState(stored, data) : null;
    this.state = checked && checked.state ? checked.state : emptyState(data);
  }

  Tool.prototype.notice = function (text) {
    var notice = this.panel.querySelector("[data-rg-notice]");
    notice.textContent = text;
    notice.hidden = !text;
  };

  Tool.prototype.reportChanges = function () {
    var found = changes(this.state, this.data);
    var lines = [];
    if (found.changed.length) lines.push(format(this.m.changed, { items: found.changed.join("; ") }));
    if (found.removed.length) lines.push(format(this.m.removed, { items: found.removed.join(", ") }));
    this.notice(lines.join(" "));
  };

  Tool.prototype.answer = function (key) {
    if (!this.state.answers[key]) {
      this.state.answers[key] = { choice: null, notes: "", version: "" };
    }
    return this.state.answers[key];
  };

  Tool.prototype.entry = function (key) {
    return entries(this.data).filter(function (e) { return e.id === key; })[0];
  };

  Tool.prototype.record = function (key, change) {
    var answer = this.answer(key);
    change(answer);
    answer.version = this.entry(key).version;
    this.state.contentVersion = this.data.version;
    save(this.data, this.state);
    this.update();
  };

  /* Radio buttons and a notes box for one criterion or item. */
  Tool.prototype.addControls = function (key, group, choices, notesHost, title) {
    var self = this;
    var name = "rg-" + this.data.id + "-" + key;
    var radios = [];
    choices.forEach(function (choice) {
      var input = el("input", { type: "radio", name: name, value: choice.value,
                                "class": "rg-choice__input" });
      if (choice.describedBy) input.setAttribute("aria-describedby", choice.describedBy);
      input.addEventListener("change", function () {
        self.record(key, function (answer) { answer.choice = choice.value; });
      });
      choice.host(input);
      radios.push(input);
    });
    var notes = el("textarea", { "class": "rg-notes", rows: "3", "aria-label":
      format(this.m.notesFor, { title: title }), maxlength: String(MAX_NOTE_CHARS) });
    notes.addEventListener("input", function () {
      self.record(key, function (answer) { answer.notes = notes.value; });
    });
    notesHost.appendChild(notes);
    this.controls[key] = { radios: radios, notes: notes, group: group };
  };

  /* Put the saved state into the controls. */
  Tool.prototype.show = function () {
    var self = this;
    Object.keys(this.controls).forEach(function (key) {
      var answer = self.state.answers[key] || { choice: null, notes: "" };
      var control = self.controls[key];
      control.radios.forEach(function (radio) { radio.checked = radio.value === answer.choice; });
      control.notes.value = answer.notes || "";
    });
    var respondent = this.panel.querySelector("[data-rg-respondent]");
    respondent.value = this.state.respondent || "";
    this.reportChanges();
    this.update();
  };

  Tool.prototype.bindPanel = function () {
    var self = this;
    var panel = this.panel;
    panel.hidden = false;
    panel.querySelector("[data-rg-respondent]").addEventListener("input", function (event) {
      self.state.respondent = event.target.value.slice(0, 200);
      save(self.data, self.state);
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

  Tool.prototype.exportJson = function () {
    download(this.data.id + ".json", "application/json",
             JSON.stringify(exportState(this.state, this.data), null, 2) + "\n");
  };

  Tool.prototype.importFile = function (file) {
    var self = this;
    return readFile(file, this.data).then(function (result) {
      if (result.error) {
        self.notice(format(self.m.refused, { file: file.name, reason: result.error }));
        return;
      }
      self.state = result.state;
      save(self.data, self.state);
      self.show();
      var changed = self.panel.querySelector("[data-rg-notice]").textContent;
      self.notice((format(self.m.imported, { file: file.name }) + " " + changed).trim());
    });
  };

  Tool.prototype.clear = function () {
    if (!window.confirm(this.m.confirmClear)) return;
    this.state = emptyState(this.data);
    try { window.localStorage.removeItem(storageKey(this.data)); } catch (error) { /* none */ }
    this.show();
    this.notice(this.m.cleared);
  };

  /* --- rubrics --------------------------------------------------------------------------- */

  function RubricTool(root, data, panel) {
    Tool.call(this, root, data, panel);
    var self = this;
    var matrix = root.querySelector(".rg-rubric");
    if (matrix) matrix.classList.add("rg-rubric--scoring");
    root.querySelectorAll(".rg-rubric .rg-criterion").forEach(function (section) {
      var heading = section.querySelector("h3[id]");
      var key = heading.id;
      var entry = self.entry(key);
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
    var scored = data.levels.every(function (level) { return typeof level.score === "number"; });
    var answered = 0;
    var total = 0;
    var body = this.panel.querySelector("[data-rg-results] tbody");
    body.textContent = "";
    data.criteria.forEach(function (criterion) {
      var answer = self.state.answers[criterion.id];
      var level = answer && answer.choice ? self.level(answer.choice) : null;
      var cell = self.controls[criterion.id];
      if (cell) {
        cell.radios.forEach(function (radio) {
          radio.closest(".rg-level").classList.toggle("rg-level--chosen", radio.checked);
        });
      }
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, criterion.title));
      var index = level ? data.levels.indexOf(level) + 1 : 0;
      row.appendChild(el("td", {}, level ? format(self.m.level, { n: index, label: level.label }) : self.m.notChosen));
      if (scored) row.appendChild(el("td", {}, level ? String(level.score) : "–"));
      body.appendChild(row);
      if (level) {
        answered += 1;
        total += scored ? level.score : 0;
      }
    });
    var text = format(this.m.summaryRubric, { answered: answered, total: data.criteria.length });
    if (scored) {
      var best = Math.max.apply(null, data.levels.map(function (l) { return l.score; }));
      text += " " + format(this.m.total, { score: total, max: best * data.criteria.length });
    }
    this.panel.querySelector("[data-rg-summary]").textContent = text;
  };

  RubricTool.prototype.exportCsv = function () {
    var self = this;
    var rows = [["rubric_id", "rubric", "respondent", "criterion_id", "criterion", "level_id",
                 "level", "score", "notes"]];
    this.data.criteria.forEach(function (criterion) {
      var answer = self.state.answers[criterion.id] || {};
      var level = answer.choice ? self.level(answer.choice) : null;
      rows.push([self.data.id, self.data.title, self.state.respondent, criterion.id,
                 criterion.title, level ? level.id : "", level ? level.label : "",
                 level && typeof level.score === "number" ? level.score : "", answer.notes || ""]);
    });
    download(this.data.id + ".csv", "text/csv", csv(rows));
  };

  RubricTool.prototype.printFilled = function () {
    window.location.href = this.root.querySelector("[data-rg-sheet-link]").href + "#filled";
  };

  /* --- checklists ------------------------------------------------------------------------ */

  function ChecklistTool(root, data, panel) {
    Tool.call(this, root, data, panel);
    var self = this;
    root.querySelectorAll("[data-rg-item]").forEach(function (item) {
      var key = item.getAttribute("data-rg-item");
      var entry = self.entry(key);
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
    var counts = {};
    var answered = 0;
    this.data.responses.forEach(function (response) { counts[response] = 0; });
    this.data.items.forEach(function (item) {
      var answer = self.state.answers[item.id];
      if (answer && answer.choice) {
        answered += 1;
        counts[answer.choice] += 1;
      }
    });
    var parts = this.data.responses.map(function (response) {
      return response + ": " + counts[response];
    });
    this.panel.querySelector("[data-rg-summary]").textContent =
      format(this.m.summaryChecklist, { answered: answered, total: this.data.items.length })
      + " " + parts.join(" · ");
  };

  ChecklistTool.prototype.exportCsv = function () {
    var self = this;
    var rows = [["checklist_id", "checklist", "respondent", "item_id", "item", "response",
                 "notes"]];
    this.data.items.forEach(function (item) {
      var answer = self.state.answers[item.id] || {};
      rows.push([self.data.id, self.data.title, self.state.respondent, item.id, item.title,
                 answer.choice || "", answer.notes || ""]);
    });
    download(this.data.id + ".csv", "text/csv", csv(rows));
  };

  ChecklistTool.prototype.printFilled = function () {
    window.print();
  };

  /* --- team calibration ------------------------------------------------------------------ */

  function Calibration(root, data, section) {
    this.data = data;
    this.m = data.messages;
    this.section = section;
    this.members = [];
    var self = this;
    section.hidden = false;
    var input = section.querySelector("[data-rg-calibrate]");
    input.addEventListener("change", function () {
      self.add(Array.prototype.slice.call(input.files || []));
      input.value = "";
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
    bindActions(section, {
      "calibration-json": function () { self.exportJson(); },
      "calibration-csv": function () { self.exportCsv(); },
      "calibration-print": function () { self.print(); }
    });
  }

  Calibration.prototype.add = function (files) {
    var self = this;
    var report = this.section.querySelector("[data-rg-calibration-report]");
    report.textContent = "";
    return Promise.all(files.map(function (file) {
      return readFile(file, self.data).then(function (result) {
        if (!result.error) {
          var found = changes(result.state, self.data);
          var stale = result.state.contentVersion !== self.data.version
            && (found.changed.length || found.removed.length);
          if (stale) {
            result = { error: format(self.m.olderVersion, {
              items: found.changed.concat(found.removed).join("; ") }) };
          }
        }
        if (result.error) {
          report.appendChild(el("li", { "class": "rg-report__refused" },
            format(self.m.refused, { file: file.name, reason: result.error })));
        } else {
          var name = result.state.respondent || format(self.m.member, { n: self.members.length + 1 });
          self.members.push({ name: name, file: file.name, state: result.state });
        }
      });
    })).then(function () {
      report.appendChild(el("li", {}, format(self.m.members, { count: self.members.length })));
      self.render();
    });
  };

  Calibration.prototype.rows = function () {
    var self = this;
    var levels = this.data.levels;
    return this.data.criteria.map(function (criterion) {
      var counts = levels.map(function () { return 0; });
      var chosen = [];
      var notes = [];
      self.members.forEach(function (member) {
        var answer = member.state.answers[criterion.id];
        if (!answer) return;
        var index = levels.map(function (l) { return l.id; }).indexOf(answer.choice);
        if (index >= 0) {
          counts[index] += 1;
          chosen.push(index);
        }
        if (answer.notes) notes.push({ name: member.name, text: answer.notes });
      });
      var spread = chosen.length ? Math.max.apply(null, chosen) - Math.min.apply(null, chosen) : null;
      return { criterion: criterion, counts: counts, spread: spread, notes: notes,
               low: chosen.length ? Math.min.apply(null, chosen) : null,
               high: chosen.length ? Math.max.apply(null, chosen) : null };
    });
  };

  Calibration.prototype.spreadText = function (row) {
    if (row.spread === null) return this.m.nobody;
    if (row.spread === 0) return this.m.agreement;
    var apart = row.spread === 1 ? this.m.levelApart : format(this.m.levelsApart, { n: row.spread });
    return format(this.m.levelRange, { low: row.low + 1, high: row.high + 1, apart: apart });
  };

  Calibration.prototype.render = function () {
    var self = this;
    var view = this.section.querySelector("[data-rg-calibration-view]");
    view.textContent = "";
    this.section.querySelector("[data-rg-calibration-actions]").hidden = !this.members.length;
    if (!this.members.length) return;
    var table = el("table", { "class": "rg-calibration__table" });
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, this.m.criteria));
    this.data.levels.forEach(function (level, i) {
      head.appendChild(el("th", { scope: "col" }, format(self.m.level, { n: i + 1, label: level.label })));
    });
    head.appendChild(el("th", { scope: "col" }, this.m.spread));
    head.appendChild(el("th", { scope: "col" }, this.m.notes));
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    this.rows().forEach(function (row) {
      var tr = el("tr", { "data-criterion": row.criterion.id });
      tr.appendChild(el("th", { scope: "row" }, row.criterion.title));
      row.counts.forEach(function (count, i) {
        var td = el("td", { "data-level": self.data.levels[i].id, "data-count": String(count) },
                    String(count));
        if (count) td.classList.add("rg-count--chosen");
        tr.appendChild(td);
      });
      tr.appendChild(el("td", { "class": "rg-spread" }, self.spreadText(row)));
      var notes = el("td");
      var list = notes.appendChild(el("ul", { "class": "rg-member-notes" }));
      row.notes.forEach(function (note) {
        var item = list.appendChild(el("li"));
        item.appendChild(el("strong", {}, note.name + ": "));
        item.appendChild(document.createTextNode(note.text));
      });
      tr.appendChild(notes);
      body.appendChild(tr);
    });
    view.appendChild(table);
  };

  Calibration.prototype.exportJson = function () {
    var self = this;
    var merged = {
      format: FORMAT, formatVersion: FORMAT_VERSION, kind: "calibration", id: this.data.id,
      title: this.data.title, contentVersion: this.data.version,
      members: this.members.map(function (m) { return { name: m.name, file: m.file }; }),
      criteria: this.rows().map(function (row) {
        var counts = {};
        row.counts.forEach(function (count, i) { counts[self.data.levels[i].id] = count; });
        return { id: row.criterion.id, title: row.criterion.title, counts: counts,
                 spread: row.spread, notes: row.notes };
      })
    };
    download(this.data.id + "-calibration.json", "application/json",
             JSON.stringify(merged, null, 2) + "\n");
  };

  Calibration.prototype.exportCsv = function () {
    var self = this;
    var header = ["criterion_id", "criterion"].concat(
      this.data.levels.map(function (l) { return l.label; }), ["spread", "notes"]);
    var rows = [header];
    this.rows().forEach(function (row) {
      rows.push([row.criterion.id, row.criterion.title].concat(row.counts, [
        self.spreadText(row),
        row.notes.map(function (n) { return n.name + ": " + n.text; }).join("\n")]));
    });
    download(this.data.id + "-calibration.csv", "text/csv", csv(rows));
  };

  Calibration.prototype.print = function () {
    document.documentElement.classList.add("rg-print-calibration");
    window.print();
    document.documentElement.classList.remove("rg-print-calibration");
  };

  /* --- the printed sheet, filled in with saved answers ----------------------------------- */

  function fillSheet(sheet) {
    var note = document.querySelector("[data-rg-fill-notice]");
    if (window.location.hash !== "#filled" || !note) return;
    var stored = load({ kind: "rubric", id: sheet.getAttribute("data-rubric") });
    note.hidden = false;
    if (!stored || !stored.answers || typeof stored.answers !== "object") {
      note.textContent = note.getAttribute("data-nothing");
      return;
    }
    note.textContent = note.getAttribute("data-filled");
    sheet.querySelectorAll("tr[data-criterion]").forEach(function (row) {
      var answer = stored.answers[row.getAttribute("data-criterion")];
      if (!answer || typeof answer !== "object") return;
      row.querySelectorAll("td[data-level]").forEach(function (cell) {
        if (cell.getAttribute("data-level") !== answer.level) return;
        cell.classList.add("rg-sheet__chosen");
        var box = cell.querySelector(".rg-sheet__box");
        if (box) box.textContent = "☒";
      });
      var evidence = row.querySelector(".rg-sheet__evidence");
      if (evidence && typeof answer.notes === "string") evidence.textContent = answer.notes;
    });
    if (typeof stored.respondent === "string" && stored.respondent) {
      var field = sheet.querySelector(".rg-sheet__field--4");
      if (field) field.appendChild(el("span", { "class": "rg-sheet__filled" }, " " + stored.respondent));
    }
  }

  /* --- start ----------------------------------------------------------------------------- */

  function start() {
    document.querySelectorAll("[data-rg-print]").forEach(function (button) {
      button.hidden = false;
    });
    var root = document.querySelector("article") || document.body;
    var panel = root.querySelector("[data-rg-tool]");
    if (panel) {
      var data = readData(root);
      if (data && data.kind === "rubric") {
        var tool = new RubricTool(root, data, panel);
        var calibration = root.querySelector("[data-rg-calibration]");
        if (calibration) new Calibration(root, data, calibration);
        window.rubricGuide = { tool: tool };
      } else if (data && data.kind === "checklist") {
        window.rubricGuide = { tool: new ChecklistTool(root, data, panel) };
      }
    }
    var sheet = root.querySelector(".rg-sheet[data-rubric]");
    if (sheet) fillSheet(sheet);
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
