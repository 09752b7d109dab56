/*
 * Keyboard shortcuts for the judges' workspace.
 *
 * Any link or button with data-judging-key="<key>" is activated when that key
 * is pressed (event.key: "n", "ArrowLeft", "="), unless the judge is typing in
 * a box. Ctrl+S (or Cmd+S) presses the button whose key is "s" from anywhere.
 * A button with data-judging-confirm asks before it sends its form.
 * Leaving an entry with typed, unsaved scores (n and p, or a click) asks first:
 * static/js/unsaved.js, loaded beside this file.
 * Loaded as a file (no inline script), so it works under a strict CSP.
 */
(function () {
  "use strict";

  function isTyping(target) {
    return Boolean(
      target.closest && target.closest("input, textarea, select, [contenteditable]")
    );
  }

  function shortcutFor(key) {
    var elements = document.querySelectorAll("[data-judging-key]");
    for (var i = 0; i < elements.length; i += 1) {
      if (elements[i].getAttribute("data-judging-key") === key && !elements[i].disabled) {
        return elements[i];
      }
    }
    return null;
  }

  function activate(element, event) {
    event.preventDefault();
    if (element.tagName === "BUTTON" && element.form) {
      element.form.requestSubmit(element);
    } else {
      element.click();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) {
      return;
    }
    var save = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s";
    if (save) {
      var saver = shortcutFor("s");
      if (saver) {
        activate(saver, event);
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      return;
    }
    var element = shortcutFor(event.key);
    if (element) {
      activate(element, event);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-judging-confirm]");
    if (button && !window.confirm(button.getAttribute("data-judging-confirm"))) {
      event.preventDefault();
    }
  });
})();
