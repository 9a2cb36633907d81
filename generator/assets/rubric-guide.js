/* Rubric Guide: small behaviours for the pages it generates. No request leaves the site. */
(function () {
  "use strict";

  /* Print buttons are hidden until this script runs, so without JavaScript no dead button
     shows; the browser's own Print command prints the same sheet. */
  function revealPrintButtons() {
    document.querySelectorAll("[data-rg-print]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-rg-print]") : null;
    if (target) {
      window.print();
    }
  });

  /* Material's instant navigation swaps pages without reloading scripts. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(revealPrintButtons);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", revealPrintButtons);
  } else {
    revealPrintButtons();
  }
})();
