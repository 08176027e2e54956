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

  // A table that holds long text reflows on a phone, each row a block and each cell under its column's name
  // (site.css). The names, and the roles that keep it a table for screen readers whatever its display, are
  // written here once rather than into every cell of the page; a table this has not labelled scrolls instead.
  function labelTables() {
    document.querySelectorAll("table.data-table.reflow").forEach(function (table) {
      var names = [].map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent; });
      table.setAttribute("role", "table");
      [].forEach.call(table.tBodies, function (group) { group.setAttribute("role", "rowgroup"); });
      if (table.tHead) table.tHead.setAttribute("role", "rowgroup");
      [].forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        [].forEach.call(row.cells, function (cell, index) {
          if (cell.tagName === "TH") { cell.setAttribute("role", "columnheader"); return; }
          cell.setAttribute("role", "cell");
          cell.setAttribute("data-label", names[index] || "");
        });
      });
      table.classList.add("labelled");
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

  // Printing shows every chart's quotes as footnotes, and every folded table whole.
  function openQuotes(open) {
    document.querySelectorAll("details.view-quotes, details.view-rows").forEach(function (details) {
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

  // A chart or table is one tab stop: Tab reaches its first control (the table switch, else its source line) and
  // the arrow keys move between its controls: its link, the switch, the PNG button, source lines, CSV and quotes,
  // and the links of abbreviations used first in its table or notes.
  var MEMBERS = ".view-anchor, .view-switch, .modebar-btn, .glossary-link, .view-source a, " +
    "details.view-quotes > summary";

  function members(figure) {
    var all = [].slice.call(figure.querySelectorAll(MEMBERS));
    return all.filter(function (item) { return item.getClientRects().length; });
  }

  function rove(figure) {
    var items = [].slice.call(figure.querySelectorAll(MEMBERS)), hint = figure.querySelector(".view-keys");
    if (!items.length) return;
    var current = items.filter(function (item) { return item.getAttribute("tabindex") === "0"; })[0] ||
      figure.querySelector(".view-switch") || figure.querySelector(".view-source a") || items[0];
    items.forEach(function (item) {
      item.setAttribute("tabindex", item === current ? "0" : "-1");
      item.setAttribute("data-rove", "");
      if (hint) item.setAttribute("aria-describedby", hint.id);
    });
  }

  function roving() {
    document.querySelectorAll("figure.view").forEach(rove);
    document.addEventListener("sitrep:drawn", function (event) {
      var figure = event.target.closest && event.target.closest("figure.view");
      if (figure) rove(figure);
    });
    document.addEventListener("keydown", function (event) {
      var item = event.target;
      if (!item.hasAttribute || !item.hasAttribute("data-rove")) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var items = members(item.closest("figure.view")), at = items.indexOf(item), next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (at + 1) % items.length;
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (at - 1 + items.length) % items.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = items.length - 1;
      if (next === null || at < 0) return;
      event.preventDefault();
      items.forEach(function (other) { other.setAttribute("tabindex", "-1"); });
      items[next].setAttribute("tabindex", "0");
      items[next].focus();
    });
    function hint(event, shown) {
      var item = event.target;
      if (!item.hasAttribute || !item.hasAttribute("data-rove")) return;
      var keys = item.closest("figure.view").querySelector(".view-keys");
      if (keys) keys.hidden = !shown;
    }
    document.addEventListener("focusin", function (event) { hint(event, true); });
    document.addEventListener("focusout", function (event) { hint(event, false); });
  }

  window.addEventListener("load", function () { document.querySelectorAll("figure.view").forEach(rove); });
  window.addEventListener("beforeprint", function () { openQuotes(true); resizeAll(); });
  window.addEventListener("afterprint", function () { openQuotes(false); resizeAll(); });
  function ready() { labelTables(); switches(); highlightLines(); search(); roving(); }
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
