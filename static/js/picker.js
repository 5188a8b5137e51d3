// Pickers (templates/_picker_search.html): a search input inside a form, whose matches htmx swaps in below it.
// No inline handlers, so a content-security policy can forbid them.
(function () {
  "use strict";

  // Enter in a picker's search searches at once ("picker-search", in its hx-trigger) instead of submitting
  // the surrounding form. Done here rather than with an hx-trigger filter, which htmx would have to eval.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-picker-search]")) {
      event.preventDefault();
      event.target.dispatchEvent(new CustomEvent("picker-search", { bubbles: true }));
    }
  });

  // The keyboard between the search and its matches: ArrowDown from the search to the first match, Up and
  // Down along the matches (checkboxes have no arrow keys of their own), Escape back to the search.
  function searchOf(element) {
    var picker = element.closest("[data-picker]") || element.closest("form") || document;
    return picker.querySelector("[data-picker-search]");
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.matches("[data-picker-search]") && event.key === "ArrowDown") {
      var matches = document.getElementById(target.getAttribute("aria-controls"));
      var first = matches && matches.querySelector("input");
      if (first) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    var box = target.closest("[data-picker-matches]");
    if (!box || !target.matches("input")) return;
    var inputs = Array.prototype.slice.call(box.querySelectorAll("input"));
    var at = inputs.indexOf(target);
    if (event.key === "Escape" || (event.key === "ArrowUp" && at === 0)) {
      event.preventDefault();
      searchOf(box).focus();
    } else if (target.type === "checkbox" && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      var next = inputs[at + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    }
  });

  // Another party picked beside the search: search again at once.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-picker-among]")) return;
    var search = searchOf(event.target);
    if (search) search.dispatchEvent(new CustomEvent("picker-search", { bubbles: true }));
  });

  // A new search replaces the matches: first move what was ticked among them up to the chosen people,
  // so choosing several people takes several searches and loses none. Whoever was unticked meanwhile
  // leaves the chosen list, so the server (which leaves out the ticked) can offer them again.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var matches = event.detail.target;
    if (!matches || !matches.matches("[data-picker-matches]")) return;
    var picker = matches.closest("[data-picker]");
    var chosen = picker && picker.querySelector("[data-picker-chosen]");
    if (!chosen) return;
    matches.querySelectorAll("input:checked").forEach(function (input) {
      var row = input.closest("[data-picker-row]");
      var from = row.closest("[data-picker-party]");
      var party = from ? from.getAttribute("data-picker-party") : "";
      var group = chosen.querySelector('[data-picker-party="' + CSS.escape(party) + '"]');
      if (!group && from) {
        group = from.cloneNode(false);
        group.appendChild(from.firstElementChild.cloneNode(true)); // the party's name
        chosen.appendChild(group);
      }
      (group || chosen).appendChild(row);
    });
    chosen.querySelectorAll("[data-picker-row]").forEach(function (row) {
      if (!row.querySelector("input").checked) row.remove();
    });
    chosen.querySelectorAll("[data-picker-party]").forEach(function (group) {
      if (!group.querySelector("[data-picker-row]")) group.remove();
    });
  });
})();
