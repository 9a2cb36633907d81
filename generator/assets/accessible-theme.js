/* Rubric Guide: keyboard access to Material for MkDocs' header buttons.
 *
 * On narrow screens, and in wide windows zoomed in, Material opens its navigation drawer and
 * its search with <label>s for hidden checkboxes, which the Tab key never reaches. Each becomes
 * a button here: focusable, named like what it opens (in the theme's language), worked with
 * Enter or Space, and saying whether it is open. Escape closes the drawer and puts the focus
 * back on its button.
 */
(function () {
  "use strict";

  /* Where each button's name comes from: what it opens carries a translated label. */
  var NAMED_BY = {
    __drawer: ".md-nav--primary[aria-label]",
    __search: ".md-search__input[aria-label]"
  };

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

  function makeButton(label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle || !toggle.classList.contains("md-toggle") || label.hasAttribute("role")) return;
    var named = NAMED_BY[label.htmlFor] ? document.querySelector(NAMED_BY[label.htmlFor]) : null;
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    if (named) label.setAttribute("aria-label", named.getAttribute("aria-label"));
    var expanded = function () { label.setAttribute("aria-expanded", String(toggle.checked)); };
    expanded();
    toggle.addEventListener("change", expanded);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      label.click();
      if (!toggle.checked) return;
      if (label.htmlFor === "__drawer") openDrawer(label);
      /* Material focuses the field on the click, while the closed dialog still hides it. */
      var field = document.querySelector(NAMED_BY.__search);
      if (label.htmlFor === "__search" && field) field.focus();
    });
  }

  function start() {
    document.querySelectorAll("label.md-header__button[for]").forEach(makeButton);
  }

  /* Material's instant navigation keeps the header, so this runs once per page load. */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
