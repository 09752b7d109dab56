/* Copy buttons for the partners' toolkit snippets.
 *
 * Each read-only textarea marked data-toolkit-snippet gets a "Copy" button
 * after it; without JavaScript the text can still be selected and copied.
 * A static file, so the page's Content-Security-Policy needs no nonce for it.
 */
(function () {
  "use strict";
  if (window.openCallToolkit) {
    return; // Included once per toolkit section; run once.
  }
  window.openCallToolkit = true;

  function copy(area, button) {
    var done = function () {
      button.textContent = button.getAttribute("data-copied");
    };
    area.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(area.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  }

  function addButtons() {
    var areas = document.querySelectorAll("textarea[data-toolkit-snippet]");
    Array.prototype.forEach.call(areas, function (area) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button toolkit__copy";
      button.textContent = area.getAttribute("data-copy-label") || "Copy";
      button.setAttribute("data-copied", area.getAttribute("data-copied-label") || "Copied");
      button.addEventListener("click", function () {
        copy(area, button);
      });
      area.insertAdjacentElement("afterend", button);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
