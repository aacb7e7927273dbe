/* Member map: circle markers are drawn as SVG, so they render even when no tile server is
   reachable; tiles are added only when a tile URL is configured. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { preferCanvas: false }).setView([62.5, 23.5], 5);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
  }
  var colours = { company: "#1b7f4b", research: "#2b5fa8", training: "#8a4fb0",
                  public: "#b06a1f", financier: "#a8322b", association: "#4f6f7a" };
  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  function draw(points) {
    var layer = L.featureGroup();
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 7, weight: 1, color: "#fff", fillOpacity: 0.9,
        fillColor: colours[p.type] || "#1b7f4b", className: "gc-marker"
      });
      var title = p.slug ? '<a href="/organisations/' + encodeURIComponent(p.slug) + '/">' + escape(p.name) + "</a>" : escape(p.name);
      marker.bindPopup(title + "<br>" + escape(p.site || "") + (p.place ? ", " + escape(p.place) : ""));
      marker.bindTooltip(escape(p.name));
      layer.addLayer(marker);
    });
    layer.addTo(map);
    if (points.length) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 12 }); }
    var count = document.getElementById("map-count");
    if (count) { count.textContent = points.length + " " + (el.getAttribute("data-count-label") || ""); }
    el.setAttribute("data-markers", String(points.length));
  }
  var inline = document.getElementById("site-points");
  if (inline) {
    draw(JSON.parse(inline.textContent));
  } else if (el.getAttribute("data-points")) {
    fetch(el.getAttribute("data-points"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { draw(data.points); });
  }
})();
