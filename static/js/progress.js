// Live progress: poll the batch API for rows still running and update them in place.
(function () {
  function running(row) {
    var s = row.querySelector('[data-field="status"]');
    return s && (s.textContent === "running" || s.textContent === "pending");
  }
  function update(row, b) {
    var status = row.querySelector('[data-field="status"]');
    if (status) { status.textContent = b.status; status.className = "status status-" + b.status; }
    ["current_phase", "leads_total", "leads_qualified", "leads_processed", "leads_rejected", "leads_duplicate"].forEach(function (f) {
      var el = row.querySelector('[data-field="' + f + '"]');
      if (el) el.textContent = b[f];
    });
    var bar = row.querySelector('[data-field="percent"]');
    if (bar) bar.style.width = b.percent_complete + "%";
    if (b.status === "completed" || b.status === "failed") {
      if (row.dataset.reload === "1") window.location.reload();
      var cells = row.querySelectorAll("td");
      if (b.download_url && cells.length) cells[cells.length - 1].innerHTML = '<a href="' + b.download_url + '">Download CSV</a>';
    }
  }
  function tick() {
    var rows = Array.prototype.filter.call(document.querySelectorAll("[data-batch]"), running);
    if (!rows.length) return;
    rows.forEach(function (row) {
      fetch("/api/batches/" + row.dataset.batch, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (b) { if (b) update(row, b); });
    });
    setTimeout(tick, 1500);
  }
  setTimeout(tick, 1000);
})();
