/* Rubric Guide: keyboard access to Material for MkDocs' skip link and its menus on narrow
 * screens; a language switch that keeps the page.
 *
 * On narrow screens, and in wide windows zoomed in, Material opens its navigation drawer, its
 * search, and the sections of the drawer with <label>s for hidden checkboxes, which the Tab
 * key never reaches. Each becomes a button here: focusable, named (in the theme's language),
 * worked with Enter or Space, and saying whether it is open. Escape closes the drawer and puts
 * the focus back on its button.
 */
(function () {
  "use strict";

  /* Where the icon-only header buttons' names come from: what they open carries a label. */
  var NAMED_BY = {
    __drawer: ".md-nav--primary[aria-label]",
    __search: ".md-search__input[aria-label]"
  };

  /* Material's own breakpoint: below it the navigation is a drawer. */
  var NARROW = window.matchMedia("(max-width: 76.234375em)");

  /* Section labels (and their "back" titles) in the drawer, which open and close a section. */
  var DRAWER_LABELS = ".md-sidebar--primary label.md-nav__link[for], " +
                      ".md-sidebar--primary label.md-nav__title[for]:not([for='__drawer'])";

  function openDrawer(button) {
    var drawer = document.querySelector(".md-sidebar--primary");
    var first = drawer ? drawer.querySelector("a[href], [tabindex='0']") : null;
    if (first) first.focus();
    document.addEventListener("keydown", function close(event) {
      if (event.key !== "Escape") return;
      document.removeEventListener("keydown", close);
      var toggle = document.getElementById("__drawer");
      if (toggle && toggle.checked) button.click();
      button.focus();
    });
  }

  /* After Enter or Space: where the focus goes once the label has done its work. */
  function afterPress(label, toggle) {
    if (toggle.checked && label.htmlFor === "__drawer") openDrawer(label);
    /* Material focuses the field on the click, while the closed dialog still hides it. */
    var field = document.querySelector(NAMED_BY.__search);
    if (toggle.checked && label.htmlFor === "__search" && field) field.focus();
    /* A section's "back" title hides itself: return to the label that opened the section. */
    if (!toggle.checked && label.classList.contains("md-nav__title")) {
      var opener = document.querySelector("label.md-nav__link[for='" + label.htmlFor + "']");
      if (opener) opener.focus();
    }
  }

  function makeButton(label, toggle) {
    if (label.getAttribute("role") === "button") return;
    label.setAttribute("data-rg-tabindex", label.getAttribute("tabindex") || "");
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    var named = NAMED_BY[label.htmlFor] ? document.querySelector(NAMED_BY[label.htmlFor]) : null;
    if (named) label.setAttribute("aria-label", named.getAttribute("aria-label"));
    label.setAttribute("aria-expanded", String(toggle.checked));
  }

  /* On wide screens the drawer's sections are always open: their labels are plain again. */
  function unmakeButton(label) {
    if (!label.hasAttribute("data-rg-tabindex")) return;
    label.setAttribute("tabindex", label.getAttribute("data-rg-tabindex"));
    ["role", "aria-expanded", "data-rg-tabindex"].forEach(function (name) {
      label.removeAttribute(name);
    });
  }

  function bind(label, whenNarrowOnly) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle || !toggle.classList.contains("md-toggle") || label.rgBound) return;
    label.rgBound = true;
    var apply = function () {
      if (whenNarrowOnly && !NARROW.matches) unmakeButton(label);
      else makeButton(label, toggle);
    };
    apply();
    if (whenNarrowOnly) NARROW.addEventListener("change", apply);
    toggle.addEventListener("change", function () {
      if (label.getAttribute("role") === "button") {
        label.setAttribute("aria-expanded", String(toggle.checked));
      }
    });
    label.addEventListener("keydown", function (event) {
      if ((event.key !== "Enter" && event.key !== " ") || label.getAttribute("role") !== "button") {
        return;
      }
      /* Material clicks a focused label on Enter too, from window: one click is enough. */
      event.preventDefault();
      event.stopPropagation();
      label.click();
      afterPress(label, toggle);
    });
  }

  function start() {
    document.querySelectorAll("label.md-header__button[for]").forEach(function (label) {
      bind(label, false);
    });
    document.querySelectorAll(DRAWER_LABELS).forEach(function (label) {
      bind(label, true);
    });
  }

  /* 2.4.1: "Skip to content" moves the focus to the page's heading itself. Followed as a
     link, it changes the address, and Material's instant navigation then fetches the page
     again and replaces its content, dropping the focus the link is there to move. So the
     click stops here, before Material's handler, and the address is updated in place. */
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.md-skip") : null;
    var id = link && link.hash ? decodeURIComponent(link.hash.slice(1)) : "";
    var target = id ? document.getElementById(id) : null;
    // Zensical's link leads to an empty anchor before the content: its heading takes the focus.
    var heading = target && !target.textContent.trim() && target.parentElement
      ? target.parentElement.querySelector("h1") : null;
    if (heading) target = heading;
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    history.replaceState(history.state, "", link.hash);
  }, true);

  /* The language switch leads to this same page in the other language: the guide writes
     each link's address itself. Material's handler would look the page up in the other
     language's sitemap.xml, which is empty without site_url and names another host in a
     preview, and then send the reader to that language's home page instead. So the click
     stops here, and the browser follows the link. */
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element
      ? event.target.closest("a.md-select__link[hreflang]") : null;
    if (link) event.stopPropagation();
  }, true);

  /* --- Zensical's search dialog ---------------------------------------------------------
     Zensical draws its search dialog in a shadow root of its own, with English words only, a
     section name in a grey too light to read (1.4.3), and each result named by its title
     alone while it shows its section and snippet too (2.5.3). Here its words are the guide's
     language (the theme's "Search" and counts of results, the rest from the footer's
     data-rg-search-* attributes, see theme/partials/copyright.html), each result is named
     by all it shows, and the grey is darker. Material's search has none of this to mend. */

  var SEARCH_STYLE = ".n, .f { color: rgb(var(--color-foreground) / .72); }";

  /* The dialog's English words, by the footer attribute (or theme word) that translates them. */
  var SEARCH_WORDS = {
    "Close search": "close", "Filters": "filters", "Search results": "results",
    "Loading search\u2026": "loading", "Tags": "tags",
    "Search is unavailable. Reload the page to try again.": "unavailable",
    "Use Up and Down arrow keys to move between tags. Press Space or Enter to toggle a tag.":
      "tagsHint"
  };

  function searchWords() {
    var footer = document.querySelector(".md-copyright");
    var config = document.getElementById("__config");
    var theme = {};
    try {
      theme = config ? JSON.parse(config.textContent).translations || {} : {};
    } catch (error) { /* the theme's words stay English */ }
    var words = {};
    Object.keys(SEARCH_WORDS).forEach(function (english) {
      var word = footer ? footer.dataset["rgSearch" + SEARCH_WORDS[english].charAt(0)
        .toUpperCase() + SEARCH_WORDS[english].slice(1)] : "";
      if (word) words[english] = word;
    });
    var search = document.querySelector(".md-search[aria-label]");
    if (search) words.Search = search.getAttribute("aria-label");
    if (theme["search.result.none"]) words["No results"] = theme["search.result.none"];
    return { words: words, one: theme["search.result.one"], other: theme["search.result.other"] };
  }

  /* "12 results" in the guide's words: the theme's, with the number as the language writes it. */
  function countOf(text, said) {
    var found = /^([\d,.\s]+) results?$/.exec(text);
    if (!found || !said.other) return null;
    var n = Number(found[1].replace(/[^\d]/g, ""));
    if (n === 1 && said.one) return said.one;
    var number = new Intl.NumberFormat(document.documentElement.lang || undefined).format(n);
    return said.other.replace("#", number);
  }

  function mendSearch(root, said) {
    root.querySelectorAll("[aria-label], [placeholder]").forEach(function (el) {
      ["aria-label", "placeholder"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value && said.words[value] && said.words[value] !== value) {
          el.setAttribute(name, said.words[value]);
        }
      });
    });
    root.querySelectorAll("[role=status], h3, h4, span[id]").forEach(function (el) {
      /* The words are changed in the dialog's own text node, which it updates later. */
      var node = el.childNodes.length === 1 ? el.firstChild : null;
      if (!node || node.nodeType !== Node.TEXT_NODE) return;
      var word = said.words[node.data] || countOf(node.data, said);
      if (word && word !== node.data) node.data = word;
    });
    root.querySelectorAll("[role=option][aria-labelledby]").forEach(function (option) {
      option.removeAttribute("aria-labelledby");
      option.removeAttribute("aria-describedby");
    });
  }

  function watchSearch(host) {
    /* The dialog's host is the page's only element with a shadow root; it may be drawn
       into it later. */
    if (host.rgWatched || !host.shadowRoot) return false;
    host.rgWatched = true;
    var root = host.shadowRoot;
    var style = document.createElement("style");
    style.textContent = SEARCH_STYLE;
    root.appendChild(style);
    var said = searchWords();
    var mend = function () { mendSearch(root, said); };
    mend();
    new MutationObserver(mend).observe(root, { subtree: true, childList: true,
      characterData: true, attributes: true, attributeFilter: ["aria-label", "placeholder"] });
    return true;
  }

  function findSearch() {
    var found = false;
    Array.prototype.forEach.call(document.body.children, function (el) {
      if (watchSearch(el)) found = true;
    });
    return found;
  }

  if (!findSearch()) {
    var looking = new MutationObserver(function () {
      if (findSearch()) looking.disconnect();
    });
    looking.observe(document.body, { childList: true });
  }

  /* Material's instant navigation swaps the drawer's contents, not the header. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
