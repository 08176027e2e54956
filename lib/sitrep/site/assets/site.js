// The report's small script: chart/table switches, print sizing, highlighted source lines, the offline search box.
(function () {
  "use strict";

  function resizeAll() {
    if (!window.Plotly) return;
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) { window.Plotly.Plots.resize(plot); });
  }

  // "Show as table": the chart and its data table take turns in one place, by one button (one tab stop).
  function switches() {
    document.querySelectorAll("button.view-switch").forEach(function (button) {
      var table = document.getElementById(button.getAttribute("aria-controls"));
      var chart = button.parentNode.querySelector(".plot-scroll");
      button.addEventListener("click", function () {
        var showTable = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(showTable));
        button.textContent = button.getAttribute(showTable ? "data-chart-label" : "data-table-label");
        table.hidden = !showTable;
        if (chart) chart.hidden = showTable;
        if (!showTable) resizeAll();
      });
    });
  }

  // source.html?l=12,40-44#L12 highlights exactly the lines a citation names.
  function highlightLines() {
    var match = /[?&]l=([0-9,\-]+)/.exec(window.location.search);
    if (!match || !document.querySelector(".source-text")) return;
    match[1].split(",").forEach(function (part) {
      var bounds = part.split("-").map(Number), last = bounds[1] || bounds[0];
      for (var line = bounds[0]; line <= last && line - bounds[0] < 5000; line++) {
        var row = document.getElementById("L" + line);
        if (row) row.classList.add("cited");
      }
    });
  }

  // Printing shows every chart's quotes as footnotes.
  function openQuotes(open) {
    document.querySelectorAll("details.view-quotes").forEach(function (details) {
      if (open) { details.dataset.wasOpen = details.open ? "1" : ""; details.open = true; }
      else if (!details.dataset.wasOpen) { details.open = false; }
    });
  }

  // The search box reads the small index every page loads (search-index.js), no network.
  function search() {
    var form = document.querySelector("form.search");
    var index = window.SitrepSearch;
    if (!form || !index) return;
    var input = form.querySelector("input"), list = form.querySelector("ol"), status = form.querySelector(".search-status");
    var root = form.getAttribute("data-root") || "";
    function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
    var entries = index.entries.map(function (entry) { return {entry: entry, text: fold(entry.t + " " + entry.x)}; });
    function run() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) { status.textContent = ""; return; }
      var found = entries.filter(function (item) { return words.every(function (w) { return item.text.indexOf(w) >= 0; }); });
      found.slice(0, 12).forEach(function (item) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = root + item.entry.h;
        a.textContent = item.entry.t;
        li.appendChild(a);
        if (item.entry.p) { var span = document.createElement("span"); span.textContent = " · " + item.entry.p; li.appendChild(span); }
        list.appendChild(li);
      });
      status.textContent = (found.length ? index.found : index.none).replace("{count}", String(found.length));
    }
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) window.location.href = first.href;
    });
  }

  window.addEventListener("beforeprint", function () { openQuotes(true); resizeAll(); });
  window.addEventListener("afterprint", function () { openQuotes(false); resizeAll(); });
  function ready() { switches(); highlightLines(); search(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
// A table or chart wider than the screen shows a cue that it scrolls sideways.
(function () {
  function mark() {
    document.querySelectorAll(".table-wrap, .plot-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 2;
      box.classList.toggle("scrolls", scrolls);
      // A box that scrolls must be reachable by keyboard to be scrolled without a mouse.
      if (scrolls) box.setAttribute("tabindex", "0"); else box.removeAttribute("tabindex");
    });
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
