/* Suggested partners of a listing on a map: the listing's site and each partner (an
   approximate place where the partner keeps its site confidential), joined by a line.
   Markers are SVG, so they render without any tile server. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var data = document.getElementById("suggestion-points");
  if (!el || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(el).setView([62.5, 23.5], 6);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
  }
  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  var layer = L.featureGroup();
  var home = points.home;
  points.partners.forEach(function (p) {
    if (home) {
      L.polyline([[home.lat, home.lon], [p.lat, p.lon]], { weight: 1, color: "#1b7f4b", opacity: 0.6 }).addTo(layer);
    }
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: 6, weight: 1, color: "#fff", fillOpacity: 0.9,
      fillColor: p.exact ? "#2b5fa8" : "#8a8f98", className: "gc-partner"
    });
    marker.bindTooltip(escape(p.name) + " – " + escape(p.title) + " (" + p.km + " km)");
    layer.addLayer(marker);
  });
  if (home) {
    layer.addLayer(L.circleMarker([home.lat, home.lon], {
      radius: 8, weight: 2, color: "#fff", fillOpacity: 1, fillColor: "#1b7f4b", className: "gc-home"
    }).bindTooltip(escape(home.name)));
  }
  layer.addTo(map);
  if (points.partners.length || home) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 11 }); }
  el.setAttribute("data-markers", String(points.partners.length));
})();
