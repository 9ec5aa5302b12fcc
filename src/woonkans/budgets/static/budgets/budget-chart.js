// The monthly budget chart on the budget management page (Chart.js, served by the app).
// The <canvas data-wk-budget-chart="ID"> reads its figures from the JSON block with that id
// (Django's json_script: data, not executed, so the CSP allows it). The same figures are in
// the table above the chart, for screen readers and without script.
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-wk-budget-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "nl";
    var euro = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
    var balance = Number(data.balance);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels.concat([data.balance_label]),
        datasets: [{
          data: data.amounts.map(Number).concat([balance]),
          backgroundColor: ["#01689b", "#8fcae7", "#8fcae7", "#8fcae7", balance < 0 ? "#d52b1e" : "#39870c"],
          borderColor: "#154273",
          borderWidth: 1
        }]
      },
      options: {
        animation: false,
        responsive: true,
        aspectRatio: 2.5,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (context) { return euro.format(context.parsed.y); } } }
        },
        scales: {
          y: { ticks: { color: "#333", callback: function (value) { return euro.format(value); } }, grid: { color: "#ddd" } },
          x: { ticks: { color: "#333" }, grid: { display: false } }
        }
      }
    });
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-wk-budget-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
