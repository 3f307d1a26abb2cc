// Draws the latency trend of one canary check with uPlot: latency in ms, its warning and critical thresholds, and the
// status code of each run (0 OK to 4 STALE) on a second axis. The data comes from WEM's own results API.
document.addEventListener("DOMContentLoaded", function () {
  var chart = document.getElementById("trend-chart");
  if (!chart || typeof uPlot === "undefined") {
    return;
  }
  var statusCodes = { OK: 0, WARNING: 1, CRITICAL: 2, ERROR: 3, STALE: 4 };

  fetch(chart.dataset.results, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("the results request failed with HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (body) {
      var results = body.results.slice().reverse();
      if (results.length === 0) {
        chart.textContent = "No runs in this range yet.";
        return;
      }
      var times = results.map(function (r) { return Date.parse(r.startedAt) / 1000; });
      var latency = results.map(function (r) { return r.durationMs; });
      var status = results.map(function (r) { return statusCodes[r.status]; });
      var warning = chart.dataset.warning ? Number(chart.dataset.warning) : null;
      var critical = chart.dataset.critical ? Number(chart.dataset.critical) : null;
      var data = [times, latency, status];
      var series = [
        {},
        { label: "Latency (ms)", stroke: "#1f6feb", width: 2, points: { show: true, size: 4 } },
        { label: "Status (0 OK, 1 warning, 2 critical, 3 error)", stroke: "#9a6700", scale: "status", paths: uPlot.paths.stepped({ align: 1 }) }
      ];
      if (warning !== null) {
        data.push(times.map(function () { return warning; }));
        series.push({ label: "Warning threshold", stroke: "#d4a72c", dash: [6, 4] });
      }
      if (critical !== null) {
        data.push(times.map(function () { return critical; }));
        series.push({ label: "Critical threshold", stroke: "#c62828", dash: [6, 4] });
      }
      new uPlot({
        width: Math.max(chart.clientWidth, 400),
        height: 260,
        series: series,
        // The x axis always spans the chosen range, so a few runs do not stretch over an automatic range.
        scales: { x: { time: true, range: [Date.parse(chart.dataset.from) / 1000, Date.now() / 1000] }, status: { range: [0, 4] } },
        axes: [{}, { label: "ms" }, { scale: "status", side: 1, grid: { show: false }, incrs: [1] }]
      }, data, chart);
    })
    .catch(function (error) {
      chart.textContent = "Could not draw the trend: " + error.message;
    });
});
