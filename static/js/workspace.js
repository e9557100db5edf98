// Issuer workspace: live Markdown preview, repeatable form rows, a batch's progress bar.
// Every form works without it; this only saves round trips.
(function () {
  "use strict";

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // Markdown preview: a textarea with data-markdown-preview="<id of the preview element>".
  document.querySelectorAll("textarea[data-markdown-preview]").forEach(function (area) {
    var target = document.getElementById(area.dataset.markdownPreview);
    var timer = null;
    if (!target) return;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var body = new URLSearchParams({ text: area.value });
        fetch("/issue/preview/markdown", {
          method: "POST",
          headers: { "X-CSRFToken": csrfToken() },
          body: body,
          credentials: "same-origin",
        })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) { if (html !== null) target.innerHTML = html; });
      }, 300);
    });
  });

  // Repeatable rows of a Django formset: a <template id="<prefix>-template"> holding the
  // empty form (with __prefix__), rows in #<prefix>-rows, and a button data-add-row="<prefix>".
  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    var prefix = button.dataset.addRow;
    var template = document.getElementById(prefix + "-template");
    var rows = document.getElementById(prefix + "-rows");
    var total = document.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    if (!template || !rows || !total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });

  // A batch's page follows its progress without reloading.
  var job = document.querySelector("[data-job-url]");
  if (job) {
    var status = document.getElementById("job-status");
    var bar = document.getElementById("job-progress");
    var link = document.getElementById("job-awards");
    var poll = function () {
      fetch(job.dataset.jobUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (figures) {
          bar.value = figures.percent;
          bar.textContent = figures.percent + "%";
          if (figures.status === "done") {
            // One whole sentence per kind of batch, so a translation can agree with the count.
            var done = figures.doneWord === "renewed"
              ? ngettext("%(status)s: %(count)s renewed.", "%(status)s: %(count)s renewed.", figures.awarded)
              : ngettext("%(status)s: %(count)s awarded.", "%(status)s: %(count)s awarded.", figures.awarded);
            status.textContent = interpolate(done, { status: figures.statusLabel, count: figures.awarded }, true);
          } else {
            status.textContent = figures.statusLabel;
          }
          if (figures.finished) {
            link.hidden = false;
            if (figures.error) status.textContent += " " + figures.error;
          } else {
            setTimeout(poll, 1000);
          }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    // The page's meta refresh is the fallback without JavaScript; with it, poll instead.
    var refresh = document.querySelector("meta[http-equiv=refresh]");
    if (refresh) refresh.remove();
    poll();
  }
})();
