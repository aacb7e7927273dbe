/* Network view: an SVG force-directed graph (a small spring layout: repulsion between every
   two nodes, springs along edges, gravity to the centre, cooled over 300 steps; seeded so the
   same data draws the same picture) and a Leaflet map of the same nodes and edges, both
   filtered by resource class, value network and scope. No external library besides the
   vendored Leaflet; no inline script (the Content-Security-Policy forbids it). */
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  if (!box) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var palette = ["#1b7f4b", "#2b5fa8", "#b06a1f", "#8a4fb0", "#a8322b", "#4f6f7a", "#6a8f1f",
                 "#c04f8a", "#1f8f8f", "#7a5a2b"];
  var strong = { realised_flow: 3, potential_flow: 2, agreement: 1.6, meeting: 1.2 };
  var filters = { cls: "", network: "", scope: true };
  var data = null;
  var map = null;
  var mapLayer = null;

  function colour(node) {
    return node.network ? palette[(node.network - 1) % palette.length] : "#9aa5a8";
  }

  function random(seed) {
    var s = seed >>> 0;
    return function () {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 4294967296;
    };
  }

  function layout(nodes, edges, width, height) {
    var rand = random(42);
    var index = {};
    nodes.forEach(function (n, i) {
      index[n.id] = i;
      n.x = width / 2 + (rand() - 0.5) * width * 0.8;
      n.y = height / 2 + (rand() - 0.5) * height * 0.8;
    });
    var links = edges.map(function (e) { return [index[e.source], index[e.target]]; })
      .filter(function (l) { return l[0] !== undefined && l[1] !== undefined; });
    var k = Math.sqrt((width * height) / Math.max(nodes.length, 1)) * 0.6;
    var temperature = width / 8;
    for (var step = 0; step < 300; step++) {
      var dx = new Float64Array(nodes.length);
      var dy = new Float64Array(nodes.length);
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
          var d2 = Math.max(x * x + y * y, 0.01);
          var f = (k * k) / d2;
          dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
        }
      }
      links.forEach(function (l) {
        var a = nodes[l[0]], b = nodes[l[1]];
        var x = a.x - b.x, y = a.y - b.y;
        var d = Math.max(Math.sqrt(x * x + y * y), 0.1);
        var f = d / k;
        dx[l[0]] -= x * f; dy[l[0]] -= y * f; dx[l[1]] += x * f; dy[l[1]] += y * f;
      });
      for (var n = 0; n < nodes.length; n++) {
        dx[n] += (width / 2 - nodes[n].x) * 0.05;
        dy[n] += (height / 2 - nodes[n].y) * 0.05;
        var len = Math.max(Math.sqrt(dx[n] * dx[n] + dy[n] * dy[n]), 0.01);
        var move = Math.min(len, temperature);
        nodes[n].x = Math.min(width - 12, Math.max(12, nodes[n].x + (dx[n] / len) * move));
        nodes[n].y = Math.min(height - 12, Math.max(12, nodes[n].y + (dy[n] / len) * move));
      }
      temperature *= 0.985;
    }
  }

  function visible() {
    var edges = data.edges.filter(function (e) {
      return !filters.cls || e.class_id === filters.cls;
    });
    var keep = {};
    data.nodes.forEach(function (n) {
      var inNetwork = !filters.network || String(n.network) === filters.network;
      if (inNetwork && (n.in_scope || !filters.scope)) { keep[n.id] = n; }
    });
    edges = edges.filter(function (e) { return keep[e.source] && keep[e.target]; });
    var nodes = Object.keys(keep).map(function (id) { return keep[id]; });
    if (filters.cls) {
      var touched = {};
      edges.forEach(function (e) { touched[e.source] = true; touched[e.target] = true; });
      nodes = nodes.filter(function (n) { return touched[n.id]; });
    }
    return { nodes: nodes, edges: edges };
  }

  function drawGraph(view) {
    var width = box.clientWidth || 600, height = Math.max(420, Math.round(width * 0.75));
    box.textContent = "";
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("class", "network-svg");
    layout(view.nodes, view.edges, width, height);
    var at = {};
    view.nodes.forEach(function (n) { at[n.id] = n; });
    view.edges.forEach(function (e) {
      var a = at[e.source], b = at[e.target];
      var line = document.createElementNS(SVG, "line");
      line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
      line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
      line.setAttribute("class", "gc-edge gc-edge-" + e.kind);
      line.setAttribute("stroke-width", String(strong[e.kind] || 0.8));
      if (!strong[e.kind]) { line.setAttribute("stroke-dasharray", "3 3"); }
      svg.appendChild(line);
    });
    view.nodes.forEach(function (n) {
      var g = document.createElementNS(SVG, "g");
      g.setAttribute("class", "gc-node" + (n.locomotive ? " gc-locomotive" : ""));
      var circle = document.createElementNS(SVG, "circle");
      circle.setAttribute("cx", n.x); circle.setAttribute("cy", n.y);
      circle.setAttribute("r", n.locomotive ? 11 : 6);
      circle.setAttribute("fill", colour(n));
      circle.setAttribute("stroke", n.in_scope ? "#fff" : "#333");
      var title = document.createElementNS(SVG, "title");
      title.textContent = n.name;
      circle.appendChild(title);
      g.appendChild(circle);
      if (n.locomotive) {
        var label = document.createElementNS(SVG, "text");
        label.setAttribute("x", n.x + 13); label.setAttribute("y", n.y + 4);
        label.textContent = n.name;
        g.appendChild(label);
      }
      svg.appendChild(g);
    });
    box.appendChild(svg);
    box.setAttribute("data-nodes", String(view.nodes.length));
    box.setAttribute("data-edges", String(view.edges.length));
  }

  function drawMap(view) {
    var el = document.getElementById("network-map");
    if (!el || typeof L === "undefined") { return; }
    if (!map) {
      map = L.map(el).setView([62.5, 23.5], 6);
      var tiles = el.getAttribute("data-tiles");
      if (tiles) {
        L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
      }
    }
    if (mapLayer) { map.removeLayer(mapLayer); }
    mapLayer = L.featureGroup();
    var at = {};
    view.nodes.forEach(function (n) { if (n.lat !== null && n.lon !== null) { at[n.id] = n; } });
    view.edges.forEach(function (e) {
      var a = at[e.source], b = at[e.target];
      if (!a || !b) { return; }
      mapLayer.addLayer(L.polyline([[a.lat, a.lon], [b.lat, b.lon]], {
        weight: strong[e.kind] || 1, color: "#555", opacity: 0.5,
        dashArray: strong[e.kind] ? null : "3 4", className: "gc-map-edge"
      }));
    });
    Object.keys(at).forEach(function (id) {
      var n = at[id];
      var marker = L.circleMarker([n.lat, n.lon], {
        radius: n.locomotive ? 10 : 6, weight: 1, color: "#fff", fillOpacity: 0.9,
        fillColor: colour(n), className: "gc-marker"
      });
      var tip = document.createElement("span");
      tip.textContent = n.name;
      marker.bindTooltip(tip);
      mapLayer.addLayer(marker);
    });
    mapLayer.addTo(map);
    if (Object.keys(at).length) { map.fitBounds(mapLayer.getBounds().pad(0.2), { maxZoom: 11 }); }
    el.setAttribute("data-markers", String(Object.keys(at).length));
  }

  function redraw() {
    var view = visible();
    drawGraph(view);
    drawMap(view);
  }

  function bind() {
    var cls = document.getElementById("filter-class");
    data.classes.forEach(function (c) {
      var option = document.createElement("option");
      option.value = c; option.textContent = c;
      cls.appendChild(option);
    });
    cls.addEventListener("change", function () { filters.cls = cls.value; redraw(); });
    var network = document.getElementById("filter-network");
    network.addEventListener("change", function () { filters.network = network.value; redraw(); });
    var scope = document.getElementById("filter-scope");
    scope.addEventListener("change", function () { filters.scope = scope.checked; redraw(); });
    var cluster = document.getElementById("filter-cluster");
    cluster.addEventListener("change", function () { window.location.href = cluster.value; });
  }

  fetch(box.getAttribute("data-url"), { headers: { "Accept": "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (payload) { data = payload; bind(); redraw(); });
})();
