// The admin's periodic-task form (templates/admin/djcelery/change_periodictask_form.html): the chosen crontab
// in words under its field, as django-celery-beat's own inline script does. Written as text, never as HTML.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("readable-crontabs");
    var select = document.getElementById("id_crontab");
    var help = document.querySelector(".field-crontab .help");
    if (!data || !select || !help) return;
    var readable = JSON.parse(data.textContent);
    var words = document.createElement("div");
    words.setAttribute("data-crontab-in-words", "");
    help.appendChild(words);
    function update() {
      words.textContent = readable[select.value] || "";
    }
    select.addEventListener("change", update);
    update();
    // The read-only "translation" row the form also has repeats the same words.
    document.querySelectorAll(".field-crontab_translation").forEach(function (row) {
      row.style.display = "none";
    });
  });
})();
