/* The site's menus are <details> disclosures and work without this script. With it, an open
   menu closes on Escape (focus returns to its button) and when the page is clicked elsewhere. */
(function () {
  "use strict";
  var menus = document.querySelectorAll("details[data-menu]");
  function closeAll(except) {
    menus.forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    var inside = event.target.closest && event.target.closest("details[data-menu]");
    closeAll(inside);
  });
})();

/* A row of tabs that scrolls sideways on a narrow screen shows the current tab. */
(function () {
  "use strict";
  document.querySelectorAll(".ws-tabs .nav").forEach(function (row) {
    var current = row.querySelector("[aria-current=page]");
    if (current && row.scrollWidth > row.clientWidth) {
      row.scrollLeft = current.offsetLeft - row.offsetLeft - 16;
    }
  });
})();

/* A form part with one field per kind (e.g. evidence: a link, a file or a text) shows only the
   field of the kind chosen in its radio buttons. Without this script every field shows. */
(function () {
  "use strict";
  document.querySelectorAll("[data-kind-fields]").forEach(function (part) {
    var radios = part.querySelectorAll('input[type=radio][name="' + part.dataset.kindFields + '"]');
    function show() {
      var chosen = part.querySelector('input[type=radio][name="' + part.dataset.kindFields + '"]:checked');
      part.querySelectorAll("[data-kind]").forEach(function (field) {
        field.hidden = Boolean(chosen) && field.dataset.kind !== chosen.value;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  });
})();
