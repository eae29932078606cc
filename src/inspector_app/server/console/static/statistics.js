// Draws the statistics page's charts with Chart.js (served from static/vendor/chartjs) from the
// JSON the server embeds in <script id="st-data" type="application/json">: no inline script,
// so the console's Content-Security-Policy (script-src 'self') holds.
"use strict";
(function () {
  const PALETTE = ["#1f5fa8", "#b3261e", "#a05a00", "#2e7d32", "#6a4c93", "#00838f",
                   "#c2185b", "#5d4037", "#546e7a", "#9e9d24", "#ef6c00", "#3949ab"];
  function draw() {
    const source = document.getElementById("st-data");
    if (!source || typeof Chart === "undefined") return;
    const specs = JSON.parse(source.textContent);
    for (const spec of specs) {
      const canvas = document.getElementById(spec.id);
      if (!canvas) continue;
      const round = spec.type === "doughnut";
      // Grades in the console's own colours: critical red, major amber, general blue.
      const palette = spec.id === "chart-grade" ? ["#b3261e", "#a05a00", "#1f5fa8"] : PALETTE;
      const colours = round ? spec.labels.map((_, i) => palette[i % palette.length]) : PALETTE[0];
      const chart = new Chart(canvas, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: [{ label: spec.title, data: spec.data, backgroundColor: colours,
                       borderColor: round ? "#fff" : PALETTE[0] }],
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          indexAxis: spec.type === "bar" && spec.labels.length > 6 ? "y" : "x",
          plugins: { legend: { display: round } },
          scales: round ? {} : { x: { beginAtZero: true }, y: { beginAtZero: true } },
        },
      });
      // For the browser test and for anyone checking the page drew: the points it shows.
      canvas.dataset.drawn = String(chart.data.datasets[0].data.length);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
