/* reCAPTCHA v3 for forms rendered with core.captcha.CaptchaWidget.
 *
 * Loads Google's api.js once, and when a form holding a captcha input is sent,
 * asks reCAPTCHA for a token for that input's action, puts it in the input and
 * sends the form on (with the button that was pressed). If reCAPTCHA cannot be
 * reached the form is sent without a token and the server explains. No inline
 * script, so the page's Content-Security-Policy needs no nonce for it.
 */
(function () {
  "use strict";
  if (window.openCallCaptcha) {
    return; // Each captcha form includes this file; run once.
  }
  var selector = "input[data-captcha-action]";
  var first = document.querySelector(selector);
  if (!first) {
    return;
  }
  var siteKey = first.getAttribute("data-captcha-sitekey");
  var loaded = new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src =
      "https://" + first.getAttribute("data-captcha-domain") +
      "/recaptcha/api.js?render=" + encodeURIComponent(siteKey);
    script.async = true;
    script.onload = function () { window.grecaptcha.ready(resolve); };
    script.onerror = reject;
    document.head.appendChild(script);
    window.setTimeout(reject, 10000);
  });
  window.openCallCaptcha = { loaded: loaded };

  function send(form, submitter) {
    form.setAttribute("data-captcha-ready", "");
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
    } else {
      form.submit();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var input = form.querySelector(selector);
    if (!input) {
      return;
    }
    if (form.hasAttribute("data-captcha-ready")) {
      form.removeAttribute("data-captcha-ready"); // The token is in; let it go.
      return;
    }
    event.preventDefault();
    if (form.hasAttribute("data-captcha-busy")) {
      return; // Already fetching a token for this form.
    }
    form.setAttribute("data-captcha-busy", "");
    var submitter = event.submitter;
    loaded
      .then(function () {
        return window.grecaptcha.execute(siteKey, {
          action: input.getAttribute("data-captcha-action"),
        });
      })
      .then(function (token) { input.value = token; })
      .catch(function () { input.value = ""; })
      .then(function () {
        form.removeAttribute("data-captcha-busy");
        // A new task: while the first submit event is still being fired (a
        // token that came at once), browsers ignore requestSubmit().
        window.setTimeout(function () { send(form, submitter); }, 0);
      });
  });
})();
