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
