// The moderation review screen, for a volunteer clearing the queue from the
// keyboard. The plain forms work without this script; it adds two things.
//
// Keys: "a", "r" and "c" go to approve, reject (its reason) and ask for
// changes; "n" follows the next-entry link; Ctrl+Enter sends the decision
// being typed; Esc leaves a field so the keys work again. The list of keys
// shows beside the entry ("?" stays Wagtail's, for its own shortcuts). No key
// fires while typing in a field, and the single keys follow the admin's
// setting for keyboard shortcuts, for people whose tools use single keys.
// A decision typed but not sent is not lost to a stray "n" (Esc, then n) or a
// click on a link: leaving the page then asks first (static/js/unsaved.js).
//
// The claim: opening the page claimed the entry for a few minutes. While the
// page is open and visible it asks the server to keep the claim, and says so
// if someone else has taken the entry over.
(function () {
  "use strict";
  var root = document.querySelector("[data-moderation-review]");
  if (!root) return;

  // The admin's own setting (Account > Keyboard shortcuts) turns these off too.
  var keysOn = root.getAttribute("data-keys-enabled") !== "false";
  var panel = root.querySelector("[data-moderation-keys]");
  if (panel) panel.hidden = false;

  function typing(target) {
    return (
      target instanceof Element &&
      target.closest(
        "input, textarea, select, [contenteditable]:not([contenteditable='false'])"
      ) !== null
    );
  }

  function go(key) {
    var element = root.querySelector('[data-moderation-key="' + key + '"]');
    if (!element) return false;
    if (element.tagName === "A") {
      element.click();
      return true;
    }
    var target = element.tagName === "LABEL" ? element.control : element;
    if (!target) return false;
    target.scrollIntoView({ block: "center" });
    target.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = target instanceof Element && target.closest("[data-moderation-decision]");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
    if (typing(target)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || !keysOn) return;
    if (target instanceof Element && target.closest('[role="dialog"]')) return;
    if (["a", "r", "c", "n"].indexOf(event.key) !== -1 && go(event.key)) {
      event.preventDefault();
    }
  });

  var renewForm = root.querySelector("[data-moderation-renew]");
  var claimNote = root.querySelector('[data-moderation-claim="own"]');
  if (!renewForm) return;
  var every = Number(renewForm.getAttribute("data-renew-seconds") || 300) * 1000;
  var lastAsked = Date.now();
  var stopped = false;

  function renew() {
    if (stopped || document.visibilityState !== "visible") return;
    lastAsked = Date.now();
    fetch(renewForm.action, {
      method: "POST",
      body: new FormData(renewForm),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        if (response.status !== 200 && response.status !== 409) {
          stopped = true; // signed out or no longer allowed: nothing to keep
          return null;
        }
        return response.json();
      })
      .then(function (answer) {
        if (!answer || !claimNote) return;
        claimNote.textContent = answer.message;
        if (!answer.held) {
          stopped = true;
          claimNote.classList.add("help-warning");
        }
      })
      .catch(function () {
        // Offline for a moment: the next turn tries again.
      });
  }

  window.setInterval(renew, every);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && Date.now() - lastAsked >= every) {
      renew();
    }
  });
})();
