#!/usr/bin/env bash
# Rebuilds plotly.min.js in this folder: a partial plotly.js bundle holding only the trace
# types the site draws (bar, scatter, heatmap, choropleth, scattergeo, sankey): a third of
# the full bundle's size, and about five times quicker to run. Also writes plotly.LICENSE
# beside it. A chart that uses another trace type needs that type added to entry.js below.
#
# Needs node and npm (registry access). Run from anywhere:
#     bash lib/sitrep/site/assets/build-plotly-bundle.sh
# The settings mirror plotly.js's own esbuild-config.js (iife, global Plotly, es2016,
# global=window, define.amd=false, NODE_DEBUG=false), except the maplibre CSS, which only
# the `map` subplot loads and is left out here.
set -euo pipefail

ASSETS="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# Exact versions: plotly.js and esbuild, plus every package that ends up in the bundle
# (plotly.js asks for most of them with ^ ranges).
cat > package.json <<'EOF'
{
  "name": "plotly-partial-bundle",
  "private": true,
  "dependencies": { "plotly.js": "4.1.1", "esbuild": "0.28.2" },
  "overrides": {
    "@turf/area": "7.4.0", "@turf/centroid": "7.4.0", "@turf/helpers": "7.4.0", "@turf/meta": "7.4.0",
    "base64-arraybuffer": "1.0.2", "country-iso-search": "0.1.2", "culori": "4.0.2",
    "d3-collection": "1.0.7", "d3-color": "3.1.1", "d3-dispatch": "1.0.6", "d3-force": "1.2.1",
    "d3-format": "1.4.5", "d3-geo": "1.12.1", "d3-geo-projection": "2.9.0", "d3-interpolate": "3.0.2",
    "d3-path": "1.0.9", "d3-quadtree": "1.0.7", "d3-shape": "1.3.7", "d3-time": "1.1.0",
    "d3-time-format": "2.3.0", "d3-timer": "1.0.10", "elementary-circuits-directed-graph": "1.3.1",
    "events": "3.3.0", "fast-isnumeric": "1.1.4", "gl-mat4": "1.2.0", "has-hover": "1.0.1",
    "has-passive-events": "1.0.0", "is-browser": "2.1.0", "is-mobile": "5.0.0",
    "is-string-blank": "1.0.1", "mouse-event-offset": "3.0.2", "native-promise-only": "0.8.1",
    "parse-svg-path": "0.2.0", "point-in-polygon": "1.1.0", "polybooljs": "1.2.2",
    "strongly-connected-components": "1.0.1", "topojson-client": "3.1.0"
  }
}
EOF
npm install --no-audit --no-fund --loglevel=error

# The entry point: plotly's core plus the trace modules the site's charts use.
cat > entry.js <<'EOF'
'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/sankey')
]);
module.exports = Plotly;
EOF

BANNER='/**
* plotly.js (custom: bar, scatter, heatmap, choropleth, scattergeo, sankey - minified) v4.1.1
* Copyright 2012-2026, Plotly, Inc.
* All rights reserved.
* Licensed under the MIT license
*/'

./node_modules/.bin/esbuild entry.js --bundle --minify --platform=browser --target=es2016 \
  --format=iife --global-name=Plotly \
  --define:global=window --define:define.amd=false --define:process.env.NODE_DEBUG=false \
  --loader:.css=empty --legal-comments=eof \
  --banner:js="$BANNER" --footer:js='window.Plotly = Plotly;' \
  --metafile=meta.json --log-level=warning --outfile="$ASSETS/plotly.min.js"

# Licence: plotly.js's own, then that of every other package compiled into the bundle.
node - "$ASSETS/plotly.LICENSE" <<'EOF'
const fs = require('fs'), path = require('path');
const inputs = Object.keys(Object.values(require('./meta.json').outputs)[0].inputs);
const dirs = [...new Set(inputs.map(p => (p.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//) || [])[1]).filter(Boolean))]
  .sort((a, b) => (a !== 'node_modules/plotly.js') - (b !== 'node_modules/plotly.js') || a.localeCompare(b));
let text = '';
const seen = new Set();
for (const dir of dirs) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (seen.has(meta.name + '@' + meta.version)) continue;  // nested copies of one version
  seen.add(meta.name + '@' + meta.version);
  const file = fs.readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (dir.endsWith('/maplibre-gl')) continue;  // only its CSS is referenced, and that is left out
  text += `${'='.repeat(72)}\n${meta.name} ${meta.version} (${meta.license})\n${'='.repeat(72)}\n`;
  text += (file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `License: ${meta.license} (no licence file shipped)`) + '\n\n';
}
fs.writeFileSync(process.argv[2], text);
EOF

echo "wrote $ASSETS/plotly.min.js ($(wc -c < "$ASSETS/plotly.min.js") bytes) and plotly.LICENSE"
sha256sum "$ASSETS/plotly.min.js"
