// Projected balance of payment plans (Chart.js, served by the app), on the proposal page.
// Each <canvas data-wk-capacity-chart="ID"> reads its figures from the JSON block with that
// id (rendered by Django's json_script: data, not executed, so the CSP allows it). The same
// figures are in the table next to the chart, for screen readers and without script.
(function () {
  "use strict";

  var COLOURS = ["#b2290c", "#01689b", "#39870c", "#6b3e91"];
  var DASHES = [[6, 4], [], [2, 3], [10, 3, 2, 3]];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-wk-capacity-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "nl";
    var euro = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
    var datasets = data.series.map(function (series, index) {
      return {
        label: series.label,
        // Amounts arrive as exact decimal strings; the chart only needs them to draw.
        data: series.amounts.map(Number),
        borderColor: COLOURS[index % COLOURS.length],
        borderDash: DASHES[index % DASHES.length],
        pointRadius: 0,
        fill: false,
        tension: 0
      };
    });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 2.5,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: true, labels: { color: "#333" } },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + euro.format(context.parsed.y);
              }
            }
          }
        },
        scales: {
          y: {
            beginAtZero: true,
            ticks: { color: "#333", callback: function (value) { return euro.format(value); } },
            grid: { color: "#ddd" }
          },
          x: {
            title: { display: true, text: data.x_title, color: "#333" },
            ticks: { color: "#333", maxTicksLimit: 15 },
            grid: { display: false }
          }
        }
      }
    });
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-wk-capacity-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
