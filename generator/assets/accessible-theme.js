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

  /* Material's instant navigation swaps the drawer's contents, not the header. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
