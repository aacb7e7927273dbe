/* A cluster's suggested pairs on a map: a line from offer to need, solid where the
   network-wide allocation uses the pair. SVG only, so it renders without tiles. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var data = document.getElementById("allocation-lines");
  if (!el || !data || typeof L === "undefined") { return; }
  var lines = JSON.parse(data.textContent);
  var map = L.map(el).setView([62.5, 23.5], 5);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
  }
  var layer = L.featureGroup();
  lines.forEach(function (l) {
    L.polyline([l.from, l.to], {
      weight: l.allocated ? 3 : 1, color: l.allocated ? "#1b7f4b" : "#8a8f98",
      dashArray: l.allocated ? null : "4 4", className: l.allocated ? "gc-allocated" : "gc-pair"
    }).bindTooltip(l.label).addTo(layer);
    L.circleMarker(l.from, { radius: 4, color: "#b06a1f", fillOpacity: 0.9 }).addTo(layer);
    L.circleMarker(l.to, { radius: 4, color: "#2b5fa8", fillOpacity: 0.9 }).addTo(layer);
  });
  layer.addTo(map);
  if (lines.length) { map.fitBounds(layer.getBounds().pad(0.1), { maxZoom: 11 }); }
  el.setAttribute("data-lines", String(lines.length));
})();
