/* The dashboard's only script (no inline scripts: the Content-Security-Policy allows scripts from this
   server alone). Draws the charts with vega-embed and Vega's CSP-safe expression interpreter (no eval),
   submits the as-of control when a date is picked, and sorts tables by a clicked header. */
"use strict";

function drawChart(el) {
  el.dataset.state = "loading";
  return fetch(el.dataset.spec, {credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok) { throw new Error("chart: HTTP " + response.status); }
      return response.json();
    })
    .then(function (spec) {
      return vegaEmbed(el, spec, {
        renderer: "svg", actions: false, defaultStyle: false,
        ast: true, expr: vegaInterpreter.expressionInterpreter,
        tooltip: {disableDefaultStyle: true, theme: "light"},
        loader: {target: "_self"}
      });
    })
    .then(function () {
      el.dataset.points = String(el.querySelectorAll(".mark-symbol.role-mark path").length);
      el.dataset.state = "rendered";
    })
    .catch(function (error) {
      el.dataset.state = "failed";
      el.textContent = "The chart could not be drawn: " + error.message;
    });
}

function sortTable(table, column, th) {
  var body = table.tBodies[0];
  var ascending = th.dataset.order !== "asc";
  Array.prototype.forEach.call(th.parentNode.children, function (h) { delete h.dataset.order; });
  th.dataset.order = ascending ? "asc" : "desc";
  var rows = Array.prototype.slice.call(body.rows);
  function key(row) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    var raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    var number = parseFloat(raw);
    return raw !== "" && !isNaN(number) && /^-?[\d.]+(e[+-]?\d+)?$/i.test(raw) ? number : raw.toLowerCase();
  }
  rows.sort(function (a, b) {
    var x = key(a), y = key(b);
    if (x === y) { return 0; }
    if (typeof x === "number" && typeof y === "number") { return ascending ? x - y : y - x; }
    return (String(x) < String(y) ? -1 : 1) * (ascending ? 1 : -1);
  });
  rows.forEach(function (row) { body.appendChild(row); });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".chart[data-spec]").forEach(drawChart);
  var form = document.getElementById("asof-form");
  ["as-of", "recorded-by"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input && form) { input.addEventListener("change", function () { form.submit(); }); }
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) { return; }
    Array.prototype.forEach.call(head.cells, function (th, index) {
      th.classList.add("sort");
      th.title = "sort by " + th.textContent.trim();
      th.addEventListener("click", function () { sortTable(table, index, th); });
    });
  });
});
