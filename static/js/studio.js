/* Badge studio: redraw the preview from the form's choices as they change.
   The server draws the badge (POST to data-preview-url); without this script the form's
   "Preview" button does the same with a page load. No inline script, so a strict CSP holds. */
(function () {
  "use strict";

  function setUp(studio) {
    var form = studio.closest("form");
    var image = studio.querySelector("[data-studio-image]");
    var status = studio.querySelector("[data-studio-status]");
    var url = studio.getAttribute("data-preview-url");
    if (!form || !image || !url || !window.fetch) return;
    var timer = null;
    var latest = 0;
    var objectUrl = null;

    function redraw() {
      var asked = ++latest;
      var data = new FormData(form);
      var token = form.querySelector("[name=csrfmiddlewaretoken]");
      status.textContent = gettext("Drawing the preview…");
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
      })
        .then(function (response) {
          return (response.ok ? response.blob() : response.text()).then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (answer) {
          if (asked !== latest) return; // a newer choice is on its way
          if (!answer.ok) {
            status.textContent = answer.body || gettext("The preview could not be drawn.");
            studio.classList.add("studio-refused");
            return;
          }
          if (objectUrl) URL.revokeObjectURL(objectUrl);
          objectUrl = URL.createObjectURL(answer.body);
          image.src = objectUrl;
          status.textContent = gettext("Preview of your choices");
          studio.classList.remove("studio-refused");
        })
        .catch(function () {
          if (asked === latest) status.textContent = gettext("The preview could not be reached; use the Preview button.");
        });
    }

    function soon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(redraw, 250);
    }

    studio.addEventListener("input", soon);
    studio.addEventListener("change", soon);
    studio.classList.add("studio-live");
  }

  document.querySelectorAll("[data-studio]").forEach(setUp);
})();
