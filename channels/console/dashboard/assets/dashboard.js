// City dashboard charts (issue 17): Chart.js from the server's own copy, data from the page's
// JSON block. Each chart repeats a table that follows it, so the canvas is decoration for
// screen readers (role img with a summary) and the numbers stay readable without script.
(function () {
  'use strict';
  var block = document.getElementById('dash-data');
  if (!block || typeof window.Chart === 'undefined') return;
  var charts = JSON.parse(block.textContent || '{}');
  var palette = ['#0b57d0', '#0a7d4f', '#b45309', '#a50e0e', '#6d28d9', '#0e7490', '#4b5563', '#be185d'];
  window.Chart.defaults.animation = false;
  window.Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Object.keys(charts).forEach(function (id) {
    var spec = charts[id];
    var canvas = document.getElementById('chart-' + id);
    if (!canvas || !spec) return;
    var doughnut = spec.type === 'doughnut';
    var horizontal = spec.type === 'hbar';
    var stacked = spec.type === 'stacked';
    var datasets = spec.series.map(function (s, i) {
      return {
        label: s.label,
        data: s.data,
        backgroundColor: doughnut || spec.series.length === 1 ? s.data.map(function (_, j) { return palette[(doughnut ? j : i) % palette.length]; }) : palette[i % palette.length],
        borderWidth: doughnut ? 1 : 0,
      };
    });
    var options = { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: doughnut || spec.series.length > 1, position: 'bottom' } } };
    if (!doughnut) {
      options.indexAxis = horizontal ? 'y' : 'x';
      options.scales = { x: { stacked: stacked, beginAtZero: true }, y: { stacked: stacked, beginAtZero: true } };
    }
    canvas.setAttribute('data-rendered', 'true');
    new window.Chart(canvas, { type: doughnut ? 'doughnut' : 'bar', data: { labels: spec.labels, datasets: datasets }, options: options });
  });
  document.documentElement.setAttribute('data-charts', 'ready');
})();
