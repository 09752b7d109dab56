// A small rich-text editor for stories. Without JavaScript the plain textarea
// works (blank lines make paragraphs); the server sanitises whatever arrives.
(function () {
  "use strict";
  var BUTTONS = [
    ["bold", "Bold"],
    ["italic", "Italic"],
    ["insertUnorderedList", "Bulleted list"],
    ["insertOrderedList", "Numbered list"],
    ["formatBlock:blockquote", "Quote"],
    ["formatBlock:h3", "Heading"],
    ["createLink", "Link"],
  ];

  function toolbar(editor) {
    var bar = document.createElement("div");
    bar.className = "story-editor__toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[1];
      button.addEventListener("click", function () {
        var parts = spec[0].split(":");
        var value = parts[1] || null;
        if (parts[0] === "createLink") {
          value = window.prompt("Link address (https://…)");
          if (!value) return;
        }
        editor.focus();
        document.execCommand(parts[0], false, value);
      });
      bar.appendChild(button);
    });
    return bar;
  }

  function enhance(textarea) {
    var editor = document.createElement("div");
    editor.className = "story-editor__area";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "_label";
      editor.setAttribute("aria-labelledby", label.id);
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) editor.setAttribute("aria-describedby", described);
    var value = textarea.value.trim();
    if (value && value.indexOf("<") === -1) {
      value = value.split(/\n\s*\n/).map(function (p) {
        var div = document.createElement("div");
        div.textContent = p;
        return "<p>" + div.innerHTML + "</p>";
      }).join("");
    }
    editor.innerHTML = value;
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar(editor), textarea);
    textarea.parentNode.insertBefore(editor, textarea);
    textarea.form.addEventListener("submit", function () {
      textarea.value = editor.innerHTML;
    });
  }

  document.querySelectorAll("textarea[data-story-editor]").forEach(enhance);
})();
