(function () {
  "use strict";
  var table = document.getElementById("orgs");
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var phase = document.getElementById("phase-filter");
  var shown = document.getElementById("shown");
  var none = document.getElementById("no-match");
  var heads = Array.prototype.slice.call(table.querySelectorAll("th[data-type]"));

  function key(row, index, type) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-sort");
    if (raw === null) { raw = cell.textContent.trim(); }
    if (type === "num") { return raw === "" ? null : parseFloat(raw); }
    return raw === "" ? null : raw.toLowerCase();
  }

  function sortBy(th) {
    var index = th.cellIndex, type = th.getAttribute("data-type");
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, index, type), y = key(b, index, type);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
      var c = type === "num" ? x - y : x.localeCompare(y);
      return c * sign;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var want = phase.value, n = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var ok = (!want || row.getAttribute("data-phase") === want) &&
        words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
    none.hidden = n !== 0;
  }

  heads.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () { sortBy(th); });
  });
  filter.addEventListener("input", apply);
  phase.addEventListener("change", apply);
})();
