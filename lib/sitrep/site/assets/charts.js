// Charts on narrow screens: each chart names its phone layout (sitrep.report.charts.phone_layout); it is drawn
// with it when its box is narrower than the width it names, and redrawn when the screen crosses that width.
(function () {
  "use strict";

  function merge(base, patch) {
    if (!patch || typeof patch !== "object" || Array.isArray(patch)) return patch === undefined ? base : patch;
    var out = {};
    Object.keys(base || {}).forEach(function (key) { out[key] = base[key]; });
    Object.keys(patch).forEach(function (key) {
      var value = patch[key], old = out[key];
      out[key] = value && typeof value === "object" && !Array.isArray(value) && old && typeof old === "object" &&
        !Array.isArray(old) ? merge(old, value) : value;
    });
    return out;
  }

  function shapeFor(phone, box) {
    return !!phone && box.clientWidth < phone.below;
  }

  // A page defines what its charts share once (sitrep.site.export.shared_script): their template layout, which a
  // chart names as "sitrep-template:<hash>", and their config; each drawing gets its own copy, as plotly may write
  // into what it is given.
  var templates = {}, configs = {}, TEMPLATE = "sitrep-template:";
  function keep(into, found) {
    Object.keys(found || {}).forEach(function (key) { into[key] = JSON.stringify(found[key]); });
  }

  window.sitrepShared = function (found) {
    keep(templates, found.templates);
    keep(configs, found.configs);
  };

  window.sitrepConfig = function (key, own) {
    return merge(configs[key] ? JSON.parse(configs[key]) : {}, own);
  };

  function withTemplate(layout) {
    var template = layout.template, name = template && template.layout;
    if (typeof name === "string" && name.indexOf(TEMPLATE) === 0 && templates[name.slice(TEMPLATE.length)]) {
      template.layout = JSON.parse(templates[name.slice(TEMPLATE.length)]);
    }
    return layout;
  }

  // plotly writes what it works out (axis ranges) back into the layout it is given: each drawing gets a copy.
  function drawn(node, data, layoutText, phone, narrow) {
    var layout = withTemplate(JSON.parse(layoutText));
    if (!narrow) return [data, layout];
    layout = merge(layout, phone.layout || {});
    if (phone.aspect) layout.height = Math.round(node.parentNode.clientWidth * phone.aspect + (phone.extra || 0));
    var traces = data.map(function (trace, index) { return merge(trace, (phone.data || [])[index] || {}); });
    node.style.height = layout.height + "px";
    return [traces, layout];
  }

  // The row names of a matrix that scrolls sideways: a copy of them, held at the box's left edge while it scrolls.
  function stickyRows(node) {
    var box = node.parentNode, old = box.querySelector(".row-names");
    if (old) old.remove();
    var svg = node.querySelector(".main-svg"), rows = node.querySelector(".yaxislayer-above");
    if (!svg || !rows || box.scrollWidth <= box.clientWidth + 2 || !node._fullLayout) return;
    var size = node._fullLayout._size, namespace = "http://www.w3.org/2000/svg";
    var holder = document.createElement("div"), copy = document.createElementNS(namespace, "svg");
    holder.className = "row-names";
    holder.setAttribute("aria-hidden", "true");
    holder.style.width = size.l + "px";
    holder.style.height = node.offsetHeight + "px";
    copy.setAttribute("width", String(size.l));
    copy.setAttribute("height", String(node.offsetHeight));
    copy.appendChild(rows.cloneNode(true));
    holder.appendChild(copy);
    box.appendChild(holder);
    holder.style.transform = "translateX(" + box.scrollLeft + "px)";
  }

  window.sitrepPhone = function (id, data, layout, phone) {
    var node = document.getElementById(id), box = node.parentNode, layoutText = JSON.stringify(layout);
    var narrow = shapeFor(phone, box), width = box.clientWidth;
    if (phone && phone.sticky_rows) {
      box.classList.add("has-row-names");
      box.addEventListener("scroll", function () {
        var holder = box.querySelector(".row-names");
        if (holder) holder.style.transform = "translateX(" + box.scrollLeft + "px)";
      }, {passive: true});
      // plotly's events exist once the chart is made, just after this returns.
      window.setTimeout(function () {
        if (node.on) node.on("plotly_afterplot", function () { stickyRows(node); });
        stickyRows(node);
      }, 0);
    }
    // The page's script keeps each chart one tab stop; plotly makes its toolbar anew when it draws.
    window.setTimeout(function () {
      var drawnEvent = function () { node.dispatchEvent(new CustomEvent("sitrep:drawn", {bubbles: true})); };
      if (node.on) node.on("plotly_afterplot", drawnEvent);
      drawnEvent();
    }, 0);
    if (phone) {
      window.addEventListener("resize", function () {
        var now = shapeFor(phone, box);
        if (now === narrow && !(now && phone.aspect && box.clientWidth !== width)) return;
        narrow = now;
        width = box.clientWidth;
        if (!now) node.style.height = JSON.parse(layoutText).height + "px";
        var next = drawn(node, data, layoutText, phone, now);
        window.Plotly.react(node, next[0], next[1]);
      });
    }
    return drawn(node, data, layoutText, phone, narrow);
  };

  // When the page's charts are drawn: <html data-charts="drawing"> turns to "drawn" once the page has loaded,
  // every chart's Plotly.newPlot has settled (maps included), what plotly's handlers queued after it has run, and
  // the fonts are ready. The browser tests wait for it instead of a fixed pause, and a printer can too.
  var root = document.documentElement, plots = [], newPlot = window.Plotly && window.Plotly.newPlot;
  if (newPlot) {
    root.setAttribute("data-charts", "drawing");
    window.Plotly.newPlot = function () {
      var plot = newPlot.apply(this, arguments);
      plots.push(plot);
      return plot;
    };
    window.addEventListener("load", function () {
      var settled = plots.map(function (plot) { return Promise.resolve(plot).catch(function () {}); });
      Promise.all(settled).then(function () { return document.fonts ? document.fonts.ready : null; })
        .then(function () { window.setTimeout(function () { root.setAttribute("data-charts", "drawn"); }, 0); });
    });
  }
})();
