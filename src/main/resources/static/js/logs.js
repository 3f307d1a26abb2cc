// Live tail of the Logs panel. Ticking "Live tail" opens a server-sent event stream from WEM, which polls Loki for
// lines newer than the last one sent. Each arrives as an event named "line" whose id is its time in nanoseconds.
// Unticking closes the stream and keeps the rows; ticking again resumes after the last line received. The browser
// closes the stream when the page goes away, and WEM stops polling at its next send.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.getElementById("live-tail");
  var panel = document.getElementById("live-panel");
  if (!toggle || !panel) {
    return;
  }
  var status = document.getElementById("live-status");
  var body = panel.querySelector("tbody");
  var maxRows = 1000;
  var source = null;
  var lastId = null;

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) {
      td.className = className;
    }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function addLine(line) {
    var row = document.createElement("tr");
    row.className = "log-row";
    row.dataset.severity = line.severity;
    cell(row, line.time, "nowrap");
    var severity = cell(row, "");
    var badge = document.createElement("span");
    badge.className = "badge severity-" + line.severity.toLowerCase();
    badge.textContent = line.severity;
    severity.appendChild(badge);
    cell(row, line.host, "text-cell");
    cell(row, line.segment);
    cell(row, line.user, "text-cell");
    cell(row, line.database, "text-cell");
    cell(row, line.line, "query-cell");
    body.insertBefore(row, body.firstChild);
    while (body.children.length > maxRows) {
      body.removeChild(body.lastChild);
    }
  }

  function start() {
    panel.hidden = false;
    var url = toggle.dataset.tail + (lastId ? "&since=" + encodeURIComponent(lastId) : "");
    source = new EventSource(url);
    status.textContent = "following new lines";
    source.addEventListener("line", function (event) {
      lastId = event.lastEventId;
      addLine(JSON.parse(event.data));
    });
    source.addEventListener("failure", function (event) {
      status.textContent = "Loki error: " + event.data;
    });
    source.onerror = function () {
      status.textContent = "connection lost, reconnecting…";
    };
  }

  function stop() {
    if (source) {
      source.close();
      source = null;
    }
    status.textContent = "paused";
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      start();
    } else {
      stop();
    }
  });
});
