// Live progress: poll the batch API for batches still running and update their bar, counters and phase
// table in place (one request per batch per tick). A batch page reloads once its batch has finished.
(function () {
  var FINAL = ["completed", "failed", "cancelled"];
  var labelsNode = document.getElementById("phase-status-labels");
  var LABELS = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  function label(code) { return LABELS[code] || code; }
  function number(n) { return typeof n === "number" ? n.toLocaleString("en-US") : (n == null ? "" : String(n)); }
  function seconds(s) {
    if (typeof s !== "number") return "";
    if (s < 0.05) return "< 0.1 s";
    return s < 60 ? s.toFixed(1) + " s" : Math.floor(s / 60) + " min " + Math.floor(s % 60) + " s";
  }
  function running(node) { return FINAL.indexOf(node.dataset.status) === -1; }
  function setStatus(el, code) {
    el.textContent = label(code);
    el.className = "status status-" + code;
  }
  function updatePhases(progress) {
    Object.keys(progress || {}).forEach(function (phase) {
      var row = document.querySelector('tr[data-phase="' + phase + '"]');
      if (!row) return;
      var p = progress[phase] || {};
      var status = row.querySelector('[data-cell="status"]');
      if (status) setStatus(status, p.status || "pending");
      var rows = row.querySelector('[data-cell="rows"]');
      if (rows && p.total != null) rows.textContent = number(p.done || 0) + " of " + number(p.total);
      var time = row.querySelector('[data-cell="seconds"]');
      if (time && p.seconds != null) time.textContent = seconds(p.seconds);
    });
  }
  function update(node, b) {
    node.dataset.status = b.status;
    var status = node.querySelector('[data-field="status"]');
    if (status) setStatus(status, b.status);
    ["current_phase", "leads_total", "leads_qualified", "leads_processed", "leads_rejected", "leads_duplicate",
     "credits_consumed", "credits_estimated"].forEach(function (f) {
      var el = node.querySelector('[data-field="' + f + '"]');
      if (!el) return;
      el.textContent = f === "current_phase" ? label(b[f]) : number(b[f]);
    });
    var bar = node.querySelector('[data-field="percent"]');
    if (bar) bar.style.width = b.percent_complete + "%";
    if (node.dataset.reload === "1") updatePhases(b.progress);
    if (FINAL.indexOf(b.status) !== -1) {
      if (node.dataset.reload === "1") { window.location.reload(); return; }
      var link = node.querySelector('[data-field="download"]');
      if (link && b.download_url) link.innerHTML = '<a href="' + b.download_url + '">Download CSV</a>';
    }
  }
  function tick() {
    var nodes = Array.prototype.filter.call(document.querySelectorAll("[data-batch]"), running);
    if (!nodes.length) return;
    nodes.forEach(function (node) {
      fetch("/api/batches/" + node.dataset.batch, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (b) { if (b) update(node, b); })
        .catch(function () {});
    });
    setTimeout(tick, 1500);
  }
  setTimeout(tick, 1000);
})();
