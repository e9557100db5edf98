// Issuer dashboard charts (Chart.js, served from static/vendor); the tables beside them hold
// the same figures for screen readers and for pages without JavaScript.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#1f6f43";

  function chart(id, type, series, options) {
    var canvas = document.getElementById(id);
    if (!canvas || !series.labels.length) return;
    new Chart(canvas, {
      type: type,
      data: {
        labels: series.labels,
        datasets: [{ label: gettext("Awards"), data: series.counts, backgroundColor: accent, borderColor: accent }],
      },
      options: Object.assign({ responsive: true, animation: false, plugins: { legend: { display: false } } }, options),
    });
  }

  chart("chart-over-time", "line", data.overTime, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } });
  chart("chart-by-badge", "bar", data.byBadge, { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
})();
