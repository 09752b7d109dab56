// A small rich-text editor for stories. Without JavaScript the plain textarea
// works (blank lines make paragraphs); the server sanitises whatever arrives.
//
// The editor never inserts HTML it has not cleaned: the textarea's value is
// parsed in an inert document (DOMParser) and copied node by node, keeping only
// the allow-list of core/sanitize.py; pasted or dropped content goes in as
// plain text. The word count follows core/sanitize.py's counting policy.
(function () {
  "use strict";

  // core/sanitize.py: STORY_ALLOWED_TAGS, REMOVED_WITH_CONTENT, STORY_LINK_SCHEMES.
  var ALLOWED = ["STRONG", "B", "EM", "I", "A", "P", "BR", "UL", "OL", "LI",
    "BLOCKQUOTE", "H2", "H3", "H4"];
  var BLOCKS = ["P", "BR", "UL", "OL", "LI", "BLOCKQUOTE", "H2", "H3", "H4"];
  var REMOVED = ["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT",
    "EMBED", "SVG", "MATH", "TEXTAREA", "SELECT", "TITLE", "NOEMBED", "NOFRAMES",
    "XMP"];
  var LINK = /^(https?:|mailto:)/i;

  var BUTTONS = [
    ["bold", "Bold"],
    ["italic", "Italic"],
    ["insertUnorderedList", "Bulleted list"],
    ["insertOrderedList", "Numbered list"],
    ["formatBlock:blockquote", "Quote"],
    ["formatBlock:h3", "Heading"],
    ["createLink", "Link"],
  ];

  // Cleaning -------------------------------------------------------------------

  function cleanChildren(source, target) {
    source.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.data));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        cleanElement(node, target);
      }
    });
    return target;
  }

  function cleanElement(node, target) {
    var tag = node.tagName.toUpperCase();
    if (REMOVED.indexOf(tag) !== -1) return;
    if (tag === "DIV" && !node.querySelector("p,ul,ol,blockquote,h2,h3,h4,div")) {
      tag = "P"; // Browsers make a <div> for a new line in a contenteditable.
    }
    if (ALLOWED.indexOf(tag) === -1) {
      cleanChildren(node, target); // Unwrapped: the words stay, the tag goes.
      return;
    }
    var copy = document.createElement(tag);
    if (tag === "A") {
      var href = (node.getAttribute("href") || "").trim();
      if (LINK.test(href)) copy.setAttribute("href", href);
    }
    target.appendChild(cleanChildren(node, copy));
  }

  function parsed(html) {
    var inert = new DOMParser().parseFromString(html, "text/html");
    return cleanChildren(inert.body, document.createDocumentFragment());
  }

  function paragraphs(text) {
    var fragment = document.createDocumentFragment();
    text.split(/\n\s*\n/).forEach(function (part) {
      if (!part.trim()) return;
      var paragraph = document.createElement("p");
      part.trim().split("\n").forEach(function (line, index) {
        if (index) paragraph.appendChild(document.createElement("br"));
        paragraph.appendChild(document.createTextNode(line));
      });
      fragment.appendChild(paragraph);
    });
    return fragment;
  }

  function isEmpty(element) {
    return !element.textContent.trim();
  }

  // Wrap loose top-level text in paragraphs and drop empty ones (Enter-Enter).
  function tidy(fragment) {
    var result = document.createDocumentFragment();
    var loose = null;
    Array.prototype.slice.call(fragment.childNodes).forEach(function (node) {
      var block = node.nodeType === Node.ELEMENT_NODE &&
        BLOCKS.indexOf(node.tagName) !== -1 && node.tagName !== "BR";
      if (block) {
        loose = null;
        if (!(node.tagName === "P" && isEmpty(node))) result.appendChild(node);
      } else if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "BR") {
        loose = null;
      } else {
        if (!loose) {
          loose = document.createElement("p");
          result.appendChild(loose);
        }
        loose.appendChild(node);
      }
    });
    Array.prototype.slice.call(result.childNodes).forEach(function (node) {
      if (node.tagName === "P" && isEmpty(node)) result.removeChild(node);
    });
    return result;
  }

  function serialise(editor) {
    var holder = document.createElement("div");
    holder.appendChild(tidy(cleanChildren(editor, document.createDocumentFragment())));
    return holder.innerHTML;
  }

  // Counting words (core/sanitize.py count_text_words) ---------------------------

  var IGNORED = [[0x00AD, 0x00AD], [0x034F, 0x034F], [0x061C, 0x061C],
    [0x17B4, 0x17B5], [0x180B, 0x180F], [0x200C, 0x200F], [0x202A, 0x202E],
    [0x2060, 0x206F], [0xFE00, 0xFE0F], [0xFEFF, 0xFEFF], [0xFFF0, 0xFFF8],
    [0x1BCA0, 0x1BCA3], [0x1D173, 0x1D17A], [0xE0000, 0xE0FFF]];
  var IDEOGRAPHS = [[0x3005, 0x3007], [0x3021, 0x3029], [0x3038, 0x303C],
    [0x3041, 0x30FF], [0x31F0, 0x31FF], [0x3400, 0x4DBF], [0x4E00, 0x9FFF],
    [0xF900, 0xFAFF], [0xFF66, 0xFF9F], [0x20000, 0x323AF]];
  var BLANK_LETTERS = "\u115f\u1160\u3164\uffa0";
  var WORD_JOINERS = "'\u2019-\u2010\u2011";
  var NUMBER_JOINERS = ".,";
  var WORD = /I|[WD]M*(?:(?:J|(?<=D)P(?=D))?[WD]M*)*/g;

  function inRanges(point, ranges) {
    return ranges.some(function (range) {
      return range[0] <= point && point <= range[1];
    });
  }

  function characterClass(character) {
    var point = character.codePointAt(0);
    if (inRanges(point, IGNORED)) return "";
    if (/[\p{L}\p{N}]/u.test(character) && BLANK_LETTERS.indexOf(character) === -1) {
      if (inRanges(point, IDEOGRAPHS)) return "I";
      return /\p{L}/u.test(character) ? "W" : "D";
    }
    if (/\p{M}/u.test(character)) return "M";
    if (WORD_JOINERS.indexOf(character) !== -1) return "J";
    return NUMBER_JOINERS.indexOf(character) !== -1 ? "P" : "S";
  }

  function countWords(text) {
    var classes = "";
    for (var character of text) classes += characterClass(character);
    return (classes.match(WORD) || []).length;
  }

  function visibleText(node, parts) {
    node.childNodes.forEach(function (child) {
      if (child.nodeType === Node.TEXT_NODE) {
        parts.push(child.data);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        var block = BLOCKS.indexOf(child.tagName) !== -1 || child.tagName === "DIV";
        if (block) parts.push(" ");
        visibleText(child, parts);
        if (block) parts.push(" ");
      }
    });
    return parts;
  }

  function showCount(counter, words) {
    var limit = parseInt(counter.dataset.wordLimit, 10);
    var format = counter.dataset.formatOther;
    if (limit && words > limit) format = counter.dataset.formatOver;
    else if (limit) format = counter.dataset.formatLimit;
    else if (words === 1) format = counter.dataset.formatOne;
    counter.textContent = format
      .replace("{count}", words)
      .replace("{over}", words - limit);
    counter.classList.toggle("word-count--over", Boolean(limit) && words > limit);
  }

  // The editor -------------------------------------------------------------------

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
          if (!value || !LINK.test(value.trim())) return;
        }
        editor.focus();
        document.execCommand(parts[0], false, value);
      });
      bar.appendChild(button);
    });
    return bar;
  }

  function insertPlainText(event, data) {
    event.preventDefault();
    var text = data ? data.getData("text/plain") : "";
    if (text) document.execCommand("insertText", false, text);
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
    var counter = document.getElementById(textarea.id + "_count");
    var described = [textarea.getAttribute("aria-describedby"), counter && counter.id]
      .filter(Boolean).join(" ");
    if (described) editor.setAttribute("aria-describedby", described);

    var value = textarea.value.trim();
    editor.replaceChildren(value.indexOf("<") === -1 ? paragraphs(value) : parsed(value));
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar(editor), textarea);
    textarea.parentNode.insertBefore(editor, textarea);

    editor.addEventListener("focus", function () {
      document.execCommand("defaultParagraphSeparator", false, "p");
    });
    editor.addEventListener("paste", function (event) {
      insertPlainText(event, event.clipboardData);
    });
    editor.addEventListener("drop", function (event) {
      insertPlainText(event, event.dataTransfer);
    });
    if (counter) {
      var update = function () {
        showCount(counter, countWords(visibleText(editor, []).join("")));
      };
      editor.addEventListener("input", update);
      update();
    }
    textarea.form.addEventListener("submit", function () {
      textarea.value = serialise(editor);
    });
    if (textarea.getAttribute("aria-invalid")) {
      editor.setAttribute("aria-invalid", textarea.getAttribute("aria-invalid"));
    }
    // The label and the error summary's link point at the hidden textarea: send
    // them to the editor box instead, where the words are typed.
    var toEditor = function (event) {
      event.preventDefault();
      editor.focus();
      editor.scrollIntoView({ block: "center" });
    };
    if (label) label.addEventListener("click", toEditor);
    document.querySelectorAll('a[href="#' + textarea.id + '"]').forEach(function (link) {
      link.addEventListener("click", toEditor);
    });
  }

  document.querySelectorAll("textarea[data-story-editor]").forEach(enhance);
})();
