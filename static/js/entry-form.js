// The entry form: the guardian's agreement is asked for only when the member
// chooses the 13 to 17 age band. Without JavaScript the field is always shown,
// and the server decides whether it is needed. A form sent back with errors
// starts at its summary.
(function () {
  "use strict";
  var GUARDIAN_BAND = "13_17";

  function chosenBand(form) {
    var checked = form.querySelector('input[name="age_band"]:checked');
    return checked ? checked.value : "";
  }

  function enhance(form) {
    var guardian = form.querySelector('[data-field="guardian_confirmed"]');
    if (!guardian || !form.querySelector('input[name="age_band"]')) return;
    function update() {
      var needed = chosenBand(form) === GUARDIAN_BAND;
      // A field the server flagged stays in view, whatever is chosen.
      guardian.hidden = !needed && !guardian.classList.contains("field--error");
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "age_band") update();
    });
    update();
  }

  document.querySelectorAll("form.entry-form").forEach(enhance);

  // A form sent back with errors: start at its summary, so a screen reader reads
  // it and the next Tab reaches its links (it is focusable: tabindex="-1").
  var summary = document.querySelector("form.entry-form .error-summary");
  if (summary && !location.hash) summary.focus();
})();
