/*
 * Leaving a page with typed, unsent work asks first.
 *
 * An element with data-unsaved-question="<question>" (a form, or a box of forms)
 * counts as changed once anything inside it is typed into. A click on a link
 * while it is changed (a keyboard shortcut that clicks a link counts too) asks
 * that question, and the page stays unless the answer is yes. Sending a form
 * clears it. Used by the judges' score sheet and the moderators' review page,
 * whose single-key shortcuts would otherwise drop what was typed without a word.
 * Loaded as a file (no inline script), so it works under a strict CSP.
 */
(function () {
  "use strict";

  var question = null; // The changed element's question; null while nothing is typed.

  document.addEventListener("input", function (event) {
    var box = event.target instanceof Element && event.target.closest("[data-unsaved-question]");
    if (box) {
      question = box.getAttribute("data-unsaved-question");
    }
  });

  document.addEventListener("submit", function () {
    question = null;
  });

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a[href]");
    if (!question || !link || link.getAttribute("href").charAt(0) === "#") {
      return;
    }
    if (window.confirm(question)) {
      question = null;
    } else {
      event.preventDefault();
    }
  });
})();
