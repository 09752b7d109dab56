/* Vote in place: send the vote form with fetch and swap in the new section.
 *
 * Listens on window, so it runs after static/js/captcha.js (which listens on
 * document) has had its turn: while captcha.js is fetching a token it stops the
 * submit, and this script waits for the second submit that carries the token.
 * Without this script, or if fetch fails, the form posts as a normal page.
 */
(function () {
  "use strict";
  if (window.openCallVote) {
    return;
  }
  window.openCallVote = true;

  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-vote-form")) {
      return;
    }
    if (event.defaultPrevented || !window.fetch) {
      return;
    }
    event.preventDefault();
    var section = form.closest("[data-vote-section]");
    var button = form.querySelector("button[type=submit]");
    var hadFocus = button && document.activeElement === button;
    if (button) {
      button.disabled = true;
    }
    // getAttribute: the form's hidden input named "action" hides form.action.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (result) {
        var data = result.data;
        if (data.ok && data.html && section) {
          var holder = document.createElement("div");
          holder.innerHTML = data.html;
          var fresh = holder.querySelector("[data-vote-section]");
          if (fresh) {
            section.replaceWith(fresh);
            section = fresh;
            // Keep a keyboard or screen-reader user where they were: on the
            // section's new button (Vote / Withdraw), not back at the page top.
            var next = fresh.querySelector("[data-vote-form] button[type=submit]");
            if (next && (hadFocus || document.activeElement === document.body)) {
              next.focus();
            }
          }
        }
        var status = section && section.querySelector("[data-vote-status]");
        if (status && data.message) {
          status.textContent = data.message;
        }
        if (button && !data.ok) {
          button.disabled = false;
        }
      })
      .catch(function () {
        form.submit(); // Let the server answer as a page instead.
      });
  });
})();
