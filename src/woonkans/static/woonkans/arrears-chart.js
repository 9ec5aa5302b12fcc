// Arrears history charts on the household page (Chart.js, served by the app).
// Each <canvas data-wk-arrears-chart="ID"> reads its figures from the JSON block with that
// id (rendered by Django's json_script: data, not executed, so the CSP allows it). The
// same figures are in a table next to the chart, for screen readers and without script.
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-wk-arrears-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "nl";
    var euro = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          // Amounts arrive as exact decimal strings; the chart only needs them to draw.
          data: data.amounts.map(Number),
          borderColor: "#01689b",
          backgroundColor: "rgba(1, 104, 155, 0.15)",
          pointBackgroundColor: "#01689b",
          fill: true,
          stepped: false,
          tension: 0
        }]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 2.5,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return euro.format(context.parsed.y) + " (" + data.terms[context.dataIndex] + ")";
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
          x: { ticks: { color: "#333" }, grid: { display: false } }
        }
      }
    });
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-wk-arrears-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
