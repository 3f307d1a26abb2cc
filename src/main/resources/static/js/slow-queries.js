// Draws the Slow Queries chart with uPlot: the number of slow statements per hour as bars and their total duration
// in seconds as a line on a second axis. The data comes from the panel's histogram endpoint with the form's filters.
document.addEventListener("DOMContentLoaded", function () {
  var chart = document.getElementById("slow-chart");
  if (!chart || typeof uPlot === "undefined") {
    return;
  }
  fetch(chart.dataset.histogram, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("the chart request failed with HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (body) {
      var totalSeconds = body.totalMs.map(function (ms) { return ms / 1000; });
      var middles = body.hours.map(function (start) { return start + 1800; });
      new uPlot({
        width: Math.max(chart.clientWidth, 400),
        height: 240,
        series: [
          {},
          { label: "Slow statements", stroke: "#1f6feb", fill: "rgba(31, 111, 235, 0.35)", paths: uPlot.paths.bars({ size: [0.8, 40] }),
            points: { show: false } },
          { label: "Total duration (s)", stroke: "#9a6700", width: 2, scale: "seconds" }
        ],
        // Each bar sits in the middle of its hour, and the axis spans whole hours.
        scales: { x: { time: true, range: [body.hours[0], body.hours[body.hours.length - 1] + 3600] }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
        axes: [{}, { label: "statements" }, { scale: "seconds", side: 1, grid: { show: false }, label: "s" }]
      }, [middles, body.counts, totalSeconds], chart);
    })
    .catch(function (error) {
      chart.textContent = "Could not draw the chart: " + error.message;
    });
});
