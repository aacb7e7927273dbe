/* Heat project map: buildings (green connected, grey not, blue not yet evaluated), the plant
   and the chosen pipe routes, all drawn as SVG so that no tile server is needed. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var source = document.getElementById("heat-map-data");
  if (!el || !source || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(el).setView([data.plant.lat, data.plant.lon], 15);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
  }
  var layer = L.featureGroup();
  (data.streets || []).forEach(function (s) {
    L.polyline([[s[0], s[1]], [s[2], s[3]]], { color: "#8a8a8a", weight: 2, dashArray: "4 4", className: "gc-heat-street" }).addTo(layer);
  });
  data.pipes.forEach(function (pipe) {
    L.polyline(pipe, { color: "#b3392f", weight: 4, className: "gc-heat-pipe" }).addTo(layer);
  });
  var connected = 0;
  data.customers.forEach(function (c) {
    var state = c.connected === null ? "candidate" : (c.connected ? "connected" : "unconnected");
    if (c.connected) { connected += 1; }
    var colour = { candidate: "#2b5fa8", connected: "#1b7f4b", unconnected: "#9a9a9a" }[state];
    var marker = L.circleMarker([c.lat, c.lon], {
      radius: 7, weight: 1, color: "#fff", fillOpacity: 0.95, fillColor: colour,
      className: "gc-heat-building gc-heat-" + state
    });
    marker.bindTooltip(c.name + (c.mwh ? " (" + c.mwh + " MWh/a)" : ""));
    layer.addLayer(marker);
  });
  var d = 0.00022;
  L.rectangle([[data.plant.lat - d, data.plant.lon - 2 * d], [data.plant.lat + d, data.plant.lon + 2 * d]],
    { color: "#222", weight: 2, fillColor: "#f0b429", fillOpacity: 1, className: "gc-heat-plant" })
    .bindTooltip("plant").addTo(layer);
  layer.addTo(map);
  map.fitBounds(layer.getBounds().pad(0.15), { maxZoom: 17 });
  el.setAttribute("data-buildings", String(data.customers.length));
  el.setAttribute("data-connected", String(connected));
  el.setAttribute("data-pipes", String(data.pipes.length));
})();
