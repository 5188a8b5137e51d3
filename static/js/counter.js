// Text limits (protocol/forms.py, TextLimitsMixin): a live count under every field with data-limit, which
// warns once the text is too long. The browser's maxlength is not used: it would cut a pasted text silently;
// the server refuses what is too long with a message instead.
(function () {
  "use strict";

  // Counted as the server counts: characters, not UTF-16 units, and a textarea's newline is posted as CRLF.
  function length(field) {
    var count = Array.from(field.value).length;
    if (field.tagName === "TEXTAREA") count += (field.value.match(/\n/g) || []).length;
    return count;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function counterOf(field) {
    var id = field.id ? field.id + "-counter" : "";
    var counter = id ? document.getElementById(id) : null;
    if (!counter) {
      counter = document.createElement("div");
      counter.className = "form-text char-counter";
      if (id) counter.id = id;
      field.insertAdjacentElement("afterend", counter);
    }
    return counter;
  }

  // Numbers as the page's language writes them (2,000), like the limit stated under the field.
  function number(value) {
    return value.toLocaleString(document.documentElement.lang || undefined);
  }

  function update(field) {
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    var count = length(field);
    var over = count - limit;
    var counter = counterOf(field);
    if (over > 0) {
      counter.textContent = fill(field.getAttribute("data-counter-over"), { over: number(over), limit: number(limit) });
      counter.classList.add("text-danger", "fw-semibold");
      counter.setAttribute("role", "alert");
    } else {
      counter.textContent = fill(field.getAttribute("data-counter"), { count: number(count), limit: number(limit) });
      counter.classList.remove("text-danger", "fw-semibold");
      counter.removeAttribute("role");
    }
  }

  function start(root) {
    root.querySelectorAll("input[data-limit], textarea[data-limit]").forEach(update);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-limit], textarea[data-limit]")) update(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    start(document);
  });
  // Forms or rows swapped in by htmx (an agenda row, a picker) count too.
  document.addEventListener("htmx:load", function (event) {
    start(event.target);
  });
})();
