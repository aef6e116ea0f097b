// Draws the daily credit usage as an inline SVG bar chart (no library, no CDN).
(function () {
  "use strict";
  var holder = document.getElementById("usage-chart");
  var source = document.getElementById("usage-data");
  if (!holder || !source) return;
  var points = JSON.parse(source.textContent || "[]");
  var NS = "http://www.w3.org/2000/svg";
  var width = 900, height = 220, pad = { l: 48, r: 10, t: 10, b: 28 };
  var max = Math.max.apply(null, points.map(function (p) { return p.credits; }).concat([1]));
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("width", "100%");
  svg.setAttribute("role", "img");
  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    svg.appendChild(node);
    return node;
  }
  var plotW = width - pad.l - pad.r, plotH = height - pad.t - pad.b;
  var step = plotW / Math.max(points.length, 1);
  [0, 0.5, 1].forEach(function (f) {
    var y = pad.t + plotH * (1 - f);
    el("line", { x1: pad.l, x2: width - pad.r, y1: y, y2: y, stroke: "#e4e7ec" });
    el("text", { x: pad.l - 6, y: y + 4, "text-anchor": "end", "font-size": 11, fill: "#667085" }, Math.round(max * f));
  });
  points.forEach(function (p, i) {
    var h = plotH * p.credits / max;
    var bar = el("rect", { x: pad.l + i * step + 1, y: pad.t + plotH - h, width: Math.max(step - 2, 1), height: h,
      fill: "#2f5bea", "data-date": p.date, "data-credits": p.credits });
    var title = document.createElementNS(NS, "title");
    title.textContent = p.date + ": " + p.credits + " credits";
    bar.appendChild(title);
    if (i % Math.ceil(points.length / 6) === 0) {
      el("text", { x: pad.l + i * step + step / 2, y: height - 8, "text-anchor": "middle", "font-size": 11,
        fill: "#667085" }, p.date.slice(5));
    }
  });
  holder.appendChild(svg);
})();
