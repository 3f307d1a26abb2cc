// Draws the Metrics panel's charts with uPlot. Each chart element names its data URL in data-chart. WEM fills that
// response from Prometheus with the evaluation times, one line per series, the PromQL and any error. Charts whose range ends
// now (data-live="true") are fetched and redrawn every 30 s.
(function () {
  var palette = ["#1f6feb", "#9a6700", "#1a7f37", "#c62828", "#8250df", "#0a7ea4", "#bc4c00", "#57606a"];

  function units(unit) {
    return unit === "bytes/s" ? function (u, values) { return values.map(humanBytes); } : undefined;
  }

  function humanBytes(value) {
    if (value === null || value === undefined) {
      return "";
    }
    var steps = ["B/s", "KiB/s", "MiB/s", "GiB/s"];
    var i = 0;
    while (Math.abs(value) >= 1024 && i < steps.length - 1) {
      value = value / 1024;
      i++;
    }
    return value.toFixed(value >= 10 || i === 0 ? 0 : 1) + " " + steps[i];
  }

  function draw(element, body) {
    var card = element.parentElement;
    var promql = card.querySelector("details.promql pre");
    if (promql) {
      promql.textContent = body.queries.join("\n\n");
    }
    var message = card.querySelector(".chart-error");
    if (!message) {
      message = document.createElement("p");
      message.className = "chart-error alert alert-critical";
      message.setAttribute("role", "alert");
      card.insertBefore(message, element);
    }
    message.hidden = !body.error;
    message.textContent = body.error ? body.error : "";

    var points = 0;
    body.lines.forEach(function (line) {
      line.values.forEach(function (value) { if (value !== null) { points++; } });
    });
    element.dataset.points = String(points);
    if (element.chart) {
      element.chart.destroy();
      element.chart = null;
    }
    element.textContent = "";
    if (body.lines.length === 0) {
      if (!body.error) {
        element.textContent = "No data in this range.";
      }
      return;
    }
    var series = [{}].concat(body.lines.map(function (line, i) {
      return { label: line.name, stroke: palette[i % palette.length], width: 1.5, spanGaps: false };
    }));
    var data = [body.times].concat(body.lines.map(function (line) { return line.values; }));
    element.chart = new uPlot({
      width: Math.max(element.clientWidth, 300),
      height: 200,
      series: series,
      axes: [{}, { label: body.unit, values: units(body.unit), size: body.unit === "bytes/s" ? 80 : 50 }],
      scales: { x: { time: true } }
    }, data, element);
  }

  function load(element) {
    fetch(element.dataset.chart, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) {
          var body = null;
          try {
            body = JSON.parse(text);
          } catch (ignored) {
            // An error page in HTML: only the status is worth showing.
          }
          if (!response.ok || body === null) {
            throw new Error((body && body.error) || ("HTTP " + response.status + " " + response.statusText));
          }
          return body;
        });
      })
      .then(function (body) { draw(element, body); })
      .catch(function (error) {
        element.dataset.points = "0";
        element.textContent = "Could not load the chart: " + error.message;
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof uPlot === "undefined") {
      return;
    }
    var charts = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
    charts.forEach(load);
    var live = charts.filter(function (element) { return element.dataset.live === "true"; });
    if (live.length > 0) {
      setInterval(function () { live.forEach(load); }, 30000);
    }
  });
})();
