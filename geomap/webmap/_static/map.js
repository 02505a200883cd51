/*
 * geomap's map: every layer, panel and legend line built from one JSON document.
 *
 * Python (geomap.webmap.data.map_data) writes everything an article, a gazetteer or a layer
 * file says into that document; this script is the only code that puts it on the page.
 * Text reaches the DOM through textContent only. The one Leaflet API that takes HTML,
 * the layer control's names, gets text escaped by the DOM itself (htmlText). Nothing
 * here builds HTML from strings, so markup, template syntax ({{ }}, {% %}, ${ }) and
 * quotes in the data show exactly as written.
 */
/* exported geomapBuildMap */
function geomapBuildMap(map, tiles, data) {
    "use strict";

    // The page's "needs its scripts from the internet" message: Leaflet has loaded.
    var offlineMessage = document.getElementById("geomap-offline");
    if (offlineMessage) { offlineMessage.hidden = true; }

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined && text !== null) { node.textContent = String(text); }
        return node;
    }

    // Text as HTML, escaped by the browser (for APIs that only take HTML strings).
    function htmlText(text) {
        var box = document.createElement("div");
        box.textContent = String(text);
        return box.innerHTML;
    }

    function swatch(colour, shape, dashed) {
        var node = element("span", "geomap-swatch geomap-swatch-" + shape);
        if (shape === "text") {
            node.textContent = "Aa";
            node.style.color = colour;
        } else if (shape === "line") {
            node.style.borderTopColor = colour;
        } else {
            node.style.background = colour;
            node.style.borderColor = colour;
            if (dashed) { node.style.borderStyle = "dashed"; }
        }
        return node;
    }

    // A popup from its blocks: [kind, ...] with kind one of
    //   "head" text | "line" text | "field" label value | "quote" text | "note" text
    //   "sentence" article [[text, marked], ...]  (a list item, marked parts in <mark>)
    //   "more" text file after  (a note linking to the file beside the map)
    function popupElement(popup) {
        var box = element("div", "geomap-popup " + (popup.className || ""));
        var list = null;
        popup.blocks.forEach(function (block) {
            var kind = block[0];
            if (kind !== "sentence") { list = null; }
            if (kind === "head") {
                box.appendChild(element("b", "geomap-popup-head", block[1]));
            } else if (kind === "line") {
                box.appendChild(element("div", null, block[1]));
            } else if (kind === "field") {
                var row = element("div");
                row.appendChild(element("b", null, block[1] + ":"));
                row.appendChild(document.createTextNode(" " + block[2]));
                box.appendChild(row);
            } else if (kind === "quote") {
                box.appendChild(element("blockquote", "geomap-quote", block[1]));
            } else if (kind === "note") {
                box.appendChild(element("div", "geomap-note", block[1]));
            } else if (kind === "more") {
                var more = box.appendChild(element("div", "geomap-note geomap-more", block[1] + " "));
                var link = more.appendChild(element("a", null, block[2]));
                // Only a plain file name beside the map becomes a link: no scheme, no path.
                if (/^[\w.-]+$/.test(block[2])) { link.setAttribute("href", block[2]); }
                more.appendChild(document.createTextNode(" " + block[3]));
            } else if (kind === "sentence") {
                if (list === null) { list = box.appendChild(element("ul", "geomap-sentences")); }
                var item = element("li");
                item.appendChild(element("i", null, block[1]));
                item.appendChild(document.createTextNode(": "));
                block[2].forEach(function (part) {
                    item.appendChild(part[1] ? element("mark", null, part[0])
                                             : document.createTextNode(part[0]));
                });
                list.appendChild(item);
            }
        });
        return box;
    }

    function bindTexts(layer, item) {
        if (item.tooltip) {
            layer.bindTooltip(function () { return element("div", null, item.tooltip); });
        }
        if (item.popup) {
            layer.bindPopup(function () { return popupElement(item.popup); }, {maxWidth: 420});
        }
    }

    function fixedBox(className, parent) {
        var box = element("div", "geomap-box " + className);
        (parent || document.body).appendChild(box);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
    }

    // --- Layers -------------------------------------------------------------------

    var CONTROL_PANE = "geomapControl";
    var POINTS_PANE = "geomapPoints";
    var INCIDENTS_PANE = "geomapIncidents";
    var PLAY_STEP_MS = 1200;
    // The grid of the incidents' cluster view: cells this many pixels square, and the
    // zoom from which every marker shows (a street's scale: stacks left are one place).
    var CLUSTER_CELL_PX = 64;
    var CLUSTER_MAX_ZOOM = 16;
    // The canvas layers whose panes let events through, hit-tested on click (pointAt):
    // {layer, top, tooltip}. A top layer (the incidents, drawn above the places) takes
    // a click anywhere on the map first; the others (--layer points, drawn under the
    // places) only where nothing interactive but an area of control is.
    var hitLayers = [];
    // The slider's date and whether incidents after it are hidden, for the layers
    // that follow it (incidentsLayer); set by controlLayer.
    var timeline = {date: null, upTo: false, listeners: []};
    function timelineChanged() {
        timeline.listeners.forEach(function (listener) { listener(); });
    }

    // One marker per item, made by makeMarker(item), with the item's tooltip and popup.
    function markersLayer(items, makeMarker) {
        var group = L.featureGroup();
        items.forEach(function (item) {
            var marker = makeMarker(item);
            bindTexts(marker, item);
            marker.addTo(group);
        });
        return group;
    }

    function placesLayer(spec) {
        return markersLayer(spec.places, function (place) {
            return L.circleMarker([place.lat, place.lon], {
                radius: place.radius, color: spec.colour, weight: 2, fill: true,
                fillColor: spec.colour, fillOpacity: 0.45
            });
        });
    }

    // A diamond on a canvas: a circle marker (its options, bounds and hit test) drawn as
    // a square standing on a corner. Only ever given a canvas renderer.
    var Diamond = L.CircleMarker.extend({
        _updatePath: function () {
            var renderer = this._renderer;
            if (!renderer._drawing || this._empty()) { return; }
            var p = this._point, r = this._radius, ctx = renderer._ctx;
            ctx.beginPath();
            ctx.moveTo(p.x, p.y - r);
            ctx.lineTo(p.x + r, p.y);
            ctx.lineTo(p.x, p.y + r);
            ctx.lineTo(p.x - r, p.y);
            ctx.closePath();
            renderer._fillStroke(ctx, this);
        }
    });

    // The incidents: one table (see geomap.webmap.data.incidents_layer), drawn as
    // diamonds coloured by event type on one canvas, each made when first shown; a
    // popup is built from the table when a diamond is clicked. With the slider's box
    // "Only incidents up to this date" checked, an incident dated after the slider's
    // date is hidden (undated ones stay); unchecked, the default, every one shows.
    // With spec.cluster (thousands of markers), below CLUSTER_MAX_ZOOM the markers in
    // view are counted per grid cell of the screen, recomputed on every zoom and move:
    // a cell holding one marker shows it, a cell holding more a circle with the count,
    // which zooms in to its markers when clicked.
    function incidentsLayer(spec) {
        var renderer = L.canvas({padding: 0.5, pane: INCIDENTS_PANE});
        var diamonds = L.featureGroup();
        var clusters = L.layerGroup();
        var layer = L.layerGroup([diamonds, clusters]);
        var made = [];
        var base = null;  // each marker's point projected at zoom 0, made once
        function column(name) { return spec.columns.indexOf(name); }
        var tooltipColumn = column("tooltip");
        var quoteColumn = column("quote");
        function text(record, k) {
            var at = record[k + 2];
            return at < 0 ? null : spec.values[k][at];
        }
        function diamond(i) {
            if (!made[i]) {
                var m = spec.markers[i];
                var colour = spec.colours[spec.incidents[m[2]][0]];
                made[i] = new Diamond([m[1], m[0]], {
                    renderer: renderer, pane: INCIDENTS_PANE, radius: 8, color: colour,
                    weight: 2, fill: true, fillColor: colour, fillOpacity: 0.7
                });
                made[i].geomapIncident = m[2];
            }
            return made[i];
        }
        function dated(i) {
            var date = spec.incidents[spec.markers[i][2]][1];
            return !timeline.upTo || timeline.date === null || !date || date <= timeline.date;
        }
        function popup(index) {
            var record = spec.incidents[index];
            var blocks = [];
            spec.columns.forEach(function (name, k) {
                var value = text(record, k);
                if (value !== null && k !== tooltipColumn && k !== quoteColumn) {
                    blocks.push(["field", name, value]);
                }
            });
            blocks.push(["quote", text(record, quoteColumn)]);
            return popupElement({className: "geomap-incident", blocks: blocks});
        }
        function clusterMarker(members) {
            var lat = 0, lon = 0;
            members.forEach(function (m) { lat += m[1]; lon += m[0]; });
            var count = members.length;
            var size = Math.round(26 + 8 * Math.log10(count));
            var label = element("span", null, String(count));
            var marker = L.marker([lat / count, lon / count], {
                icon: L.divIcon({className: "geomap-cluster", html: label, iconSize: [size, size]}),
                title: count + " incidents: click to zoom in", keyboard: false
            });
            marker.on("click", function () {
                var bounds = L.latLngBounds(members.map(function (m) { return [m[1], m[0]]; }));
                var zoom = map.getBoundsZoom(bounds, false, L.point(80, 80));
                map.setView(bounds.getCenter(), Math.min(Math.max(zoom, map.getZoom() + 1),
                                                         CLUSTER_MAX_ZOOM));
            });
            return marker;
        }
        function redraw() {
            if (!map.hasLayer(layer)) { return; }
            var shown = [];
            diamonds.clearLayers();
            clusters.clearLayers();
            if (!spec.cluster) {
                spec.markers.forEach(function (m, i) { if (dated(i)) { diamonds.addLayer(diamond(i)); } });
                return;
            }
            var zoom = map.getZoom();
            var scale = Math.pow(2, zoom);
            var view = map.getPixelBounds().pad(0.5);
            if (base === null) {
                base = spec.markers.map(function (m) { return map.project([m[1], m[0]], 0); });
            }
            var grid = zoom < CLUSTER_MAX_ZOOM;
            var cells = {};
            spec.markers.forEach(function (m, i) {
                var x = base[i].x * scale, y = base[i].y * scale;
                if (x < view.min.x || x > view.max.x || y < view.min.y || y > view.max.y
                    || !dated(i)) {
                    return;
                }
                if (!grid) { shown.push(i); return; }
                var key = Math.floor(x / CLUSTER_CELL_PX) + ":" + Math.floor(y / CLUSTER_CELL_PX);
                (cells[key] = cells[key] || []).push(i);
            });
            Object.keys(cells).forEach(function (key) {
                var members = cells[key];
                if (members.length === 1) {
                    shown.push(members[0]);
                } else {
                    clusters.addLayer(clusterMarker(members.map(function (i) { return spec.markers[i]; })));
                }
            });
            shown.forEach(function (i) { diamonds.addLayer(diamond(i)); });
        }
        // A click on diamonds drawn over each other (incidents at one place: common in a
        // corpus of town-level reports) opens the topmost, with buttons through the rest.
        diamonds.on("click", function (event) {
            var stack = (event.stack || [event.layer]).map(function (m) { return m.geomapIncident; });
            var at = 0;
            var box = element("div");
            function show() {
                box.replaceChildren();
                if (stack.length > 1) {
                    var nav = box.appendChild(element("div", "geomap-stack"));
                    var back = nav.appendChild(element("button", null, "\u25c0"));
                    nav.appendChild(document.createTextNode(
                        " Incident " + (at + 1) + " of " + stack.length + " here "));
                    var next = nav.appendChild(element("button", null, "\u25b6"));
                    back.type = next.type = "button";
                    back.setAttribute("aria-label", "Previous incident here");
                    next.setAttribute("aria-label", "Next incident here");
                    back.disabled = at === 0;
                    next.disabled = at === stack.length - 1;
                    back.addEventListener("click", function () { at -= 1; show(); });
                    next.addEventListener("click", function () { at += 1; show(); });
                }
                box.appendChild(popup(stack[at]));
            }
            show();
            L.popup({maxWidth: 420}).setLatLng(event.layer.getLatLng()).setContent(box).openOn(map);
        });
        layer.on("add", redraw);
        if (spec.cluster) { map.on("zoomend moveend", redraw); }
        timeline.listeners.push(redraw);
        hitLayers.push({layer: diamonds, top: true, tooltip: function (marker) {
            return text(spec.incidents[marker.geomapIncident], tooltipColumn);
        }});
        // For the browser tests: the diamonds and the cluster circles drawn now.
        window.__geomapIncidents = {diamonds: diamonds, clusters: clusters};
        return layer;
    }

    function labelsLayer(spec) {
        var group = L.featureGroup();
        var markers = spec.labels.map(function (label) {
            var span = element("span", null, label[0]);
            return L.marker([label[1], label[2]], {
                icon: L.divIcon({className: "geomap-district-label", html: span, iconSize: null}),
                interactive: false, keyboard: false
            }).addTo(group);
        });
        // Labels only where they can be read: from zoom spec.minZoom on.
        function toggle() {
            map.getContainer().classList.toggle("geomap-labels-hidden",
                                                map.getZoom() < spec.minZoom);
        }
        // No pile of names: greedily, in the data's order (by name), a label whose box
        // overlaps a label already shown is hidden; run after every zoom and move.
        function declutter() {
            toggle();
            if (!map.hasLayer(group)) { return; }
            var shown = [];
            markers.forEach(function (marker) {
                var icon = marker.getElement();
                if (!icon) { return; }
                icon.classList.remove("geomap-label-clash");
                var span = icon.firstChild;
                var box = span ? span.getBoundingClientRect() : null;
                if (!box || (box.width === 0 && box.height === 0)) { return; }
                var clash = shown.some(function (other) {
                    return box.left < other.right + 2 && other.left < box.right + 2
                        && box.top < other.bottom && other.top < box.bottom;
                });
                if (clash) {
                    icon.classList.add("geomap-label-clash");
                } else {
                    shown.push(box);
                }
            });
        }
        map.on("zoomend moveend", declutter);
        group.on("add", function () { requestAnimationFrame(declutter); });
        map.whenReady(declutter);
        return group;
    }

    // A --layer file: a dictionary-encoded table, each row [lon, lat, i0, i1...].
    // Drawn on a canvas in the points pane, above the areas of control; the pane lets
    // clicks through, and a click on a point is found by pointAt (see the assembly).
    function pointsLayer(spec) {
        var table = spec.table;
        var renderer = L.canvas({padding: 0.5, pane: POINTS_PANE});
        function value(row, k) {
            var index = row[k + 2];
            return index < 0 ? null : table.values[k][index];
        }
        function colour(row) {
            if (table.category < 0) { return table.colours[0]; }
            var index = row[table.category + 2];
            return index < 0 ? table.colours[table.colours.length - 1] : table.colours[index];
        }
        var features = table.rows.map(function (row, i) {
            return {type: "Feature", properties: {row: i},
                    geometry: {type: "Point", coordinates: [row[0], row[1]]}};
        });
        var layer = L.geoJson(null, {
            pointToLayer: function (feature, latlng) {
                var c = colour(table.rows[feature.properties.row]);
                return L.circleMarker(latlng, {renderer: renderer, pane: POINTS_PANE,
                    radius: spec.radius,
                    color: c, weight: 1, opacity: 0.9, fillColor: c, fillOpacity: 0.6});
            }
        });
        layer.addData({type: "FeatureCollection", features: features});
        layer.on("click", function (event) {
            var row = table.rows[event.layer.feature.properties.row];
            var box = element("div", "geomap-layer-popup");
            box.appendChild(element("b", null, table.name));
            // Every field, an empty one too.
            table.fields.forEach(function (field, k) {
                var v = value(row, k);
                box.appendChild(element("div", null, field + ": " + (v === null ? "(empty)" : v)));
            });
            L.popup({maxWidth: 360}).setLatLng(event.latlng).setContent(box).openOn(map);
        });
        window.__geomapPointLayers = window.__geomapPointLayers || {};
        window.__geomapPointLayers[table.name] = layer;
        hitLayers.push({layer: layer, top: false, tooltip: null});
        return layer;
    }

    // Areas of control: only the features valid on the slider's date are shown.
    function controlLayer(spec) {
        var layer = L.geoJson(spec.features, {
            pane: CONTROL_PANE, renderer: L.svg({pane: CONTROL_PANE}),
            style: function (feature) { return feature.properties.style; },
            onEachFeature: function (feature, l) { bindTexts(l, feature.properties); }
        });
        var all = [];
        layer.eachLayer(function (l) { all.push(l); });
        var box = fixedBox("geomap-control-slider");
        var head = box.appendChild(element("div"));
        head.appendChild(element("b", null, spec.title));
        head.appendChild(document.createTextNode(" on "));
        var dateText = head.appendChild(element("span", "geomap-control-date"));
        var input = box.appendChild(element("input"));
        input.type = "range";
        input.min = "0";
        input.max = String(spec.dates.length - 1);
        input.step = "1";
        input.setAttribute("aria-label", "Date");
        var last = spec.dates.length - 1;
        // Step back, play/pause, step forward: buttons labelled by text.
        var buttons = box.appendChild(element("div", "geomap-control-buttons"));
        function button(label, aria) {
            var b = buttons.appendChild(element("button", null, label));
            b.type = "button";
            b.setAttribute("aria-label", aria);
            return b;
        }
        var back = button("\u25c0", "Previous date");
        var play = button("Play", "Play");
        var forward = button("\u25b6", "Next date");
        if (data.layers.some(function (s) { return s.kind === "incidents"; })) {
            var only = box.appendChild(element("label", "geomap-control-only"));
            var upTo = only.appendChild(element("input"));
            upTo.type = "checkbox";
            only.appendChild(document.createTextNode(" Only incidents up to this date"));
            upTo.addEventListener("change", function () {
                timeline.upTo = upTo.checked;
                timelineChanged();
            });
        }
        var legend = box.appendChild(element("div", "geomap-control-legend"));
        var timer = null;
        function stop() {
            if (timer !== null) { clearInterval(timer); timer = null; }
            play.textContent = "Play";
            play.setAttribute("aria-label", "Play");
        }
        function show(i) {
            i = Math.max(0, Math.min(last, i));
            input.value = String(i);
            back.disabled = i === 0;
            forward.disabled = i === last;
            var d = spec.dates[i];
            all.forEach(function (l) {
                var p = l.feature.properties;
                var on = p.valid_from <= d && (p.valid_to === null || d < p.valid_to);
                if (on && !layer.hasLayer(l)) { layer.addLayer(l); }
                if (!on && layer.hasLayer(l)) { layer.removeLayer(l); }
            });
            dateText.textContent = d;
            legend.replaceChildren();
            spec.legends[i].rows.forEach(function (row) {
                var line = legend.appendChild(element("div"));
                line.appendChild(swatch(row.colour, "square", row.dashed));
                line.appendChild(element("b", null, row.label));
                line.appendChild(document.createTextNode(": " + row.text));
            });
            spec.legends[i].notes.forEach(function (note) {
                legend.appendChild(element("div", "geomap-note", note));
            });
            timeline.date = d;
            timelineChanged();
        }
        input.addEventListener("input", function () { stop(); show(+input.value); });
        back.addEventListener("click", function () { stop(); show(+input.value - 1); });
        forward.addEventListener("click", function () { stop(); show(+input.value + 1); });
        play.addEventListener("click", function () {
            if (timer !== null) { stop(); return; }
            if (+input.value === last) { show(0); }
            play.textContent = "Pause";
            play.setAttribute("aria-label", "Pause");
            timer = setInterval(function () {
                show(+input.value + 1);
                if (+input.value === last) { stop(); }
            }, PLAY_STEP_MS);
        });
        show(typeof spec.start === "number" ? spec.start : last);
        return layer;
    }

    var builders = {
        places: placesLayer, incidents: incidentsLayer, labels: labelsLayer,
        points: pointsLayer, control: controlLayer
    };

    // --- Panels -------------------------------------------------------------------

    // The title heads a column at the top centre; notices (tiles that failed) go
    // below it in the same column, so they never cover it.
    function titleBox(title) {
        document.title = title;
        var top = element("div", "geomap-top");
        document.body.appendChild(top);
        fixedBox("geomap-title", top).textContent = title;
    }

    function unresolvedPanel(unresolved, attribution) {
        var box = fixedBox("geomap-unresolved");
        box.appendChild(element("div", "geomap-panel-head", "Unresolved names"));
        if (unresolved.length === 0) {
            box.appendChild(element("p", null, "None: the gazetteer has every place named."));
        } else {
            var list = box.appendChild(element("ul"));
            unresolved.forEach(function (name) {
                var item = list.appendChild(element("li"));
                item.appendChild(element("b", null, name.name));
                var more = name.moreArticles ? " and " + name.moreArticles + " more" : "";
                item.appendChild(element("span", "geomap-muted",
                    " (" + name.mentions + " × in " + name.articles.join(", ") + more + ")"));
                item.appendChild(element("div", null, name.suggestions.length
                    ? "Perhaps: " + name.suggestions.join("; ")
                    : "No similar name in the gazetteer."));
            });
        }
        box.appendChild(element("div", "geomap-sources", attribution));
    }

    function legendBox(legend) {
        var box = fixedBox("geomap-legend");
        box.appendChild(element("div", "geomap-panel-head", "Legend"));
        legend.sections.forEach(function (section) {
            var part = box.appendChild(element("div", "geomap-legend-section"));
            part.appendChild(element("i", null, section.name));
            section.entries.forEach(function (entry) {
                var line = part.appendChild(element("div", "geomap-legend-item"));
                line.appendChild(swatch(entry.colour, entry.shape, false));
                line.appendChild(document.createTextNode(" " + entry.label));
            });
        });
        var sources = box.appendChild(element("div", "geomap-sources"));
        sources.appendChild(element("b", null, "Sources"));
        legend.sources.forEach(function (source) {
            sources.appendChild(element("div", null, source));
        });
    }

    // --- Assembly -----------------------------------------------------------------

    // Panes: the areas of control lie low (under the overlay pane's places), the
    // --layer points just above them, the incidents above the places. The points' and
    // the incidents' panes let every event through (a canvas would swallow the clicks
    // meant for what is under it); a click on the map is hit-tested against their
    // markers first (pointAt).
    map.createPane(CONTROL_PANE).style.zIndex = "350";
    var pointsPane = map.createPane(POINTS_PANE);
    pointsPane.style.zIndex = "390";
    pointsPane.style.pointerEvents = "none";
    var incidentsPane = map.createPane(INCIDENTS_PANE);
    incidentsPane.style.zIndex = "450";
    incidentsPane.style.pointerEvents = "none";
    var container = map.getContainer();

    // Whether a click on target may be a click on a canvas marker: not on a control,
    // a popup, a tooltip or a marker icon (a cluster). Under a top layer's markers,
    // anything else; under the others', the tiles, the empty map or an area of control
    // (places, drawn above the --layer points, take their clicks first).
    function mayHit(target, top) {
        if (!container.contains(target) || target.closest(
            ".leaflet-control-container, .leaflet-popup-pane, .leaflet-marker-pane, "
            + ".leaflet-tooltip-pane")) {
            return false;
        }
        return top || !target.classList.contains("leaflet-interactive")
            || map.getPane(CONTROL_PANE).contains(target);
    }

    // The canvas markers drawn under the event, as [hit layer, topmost marker, every
    // marker of that layer there, topmost first], or null.
    function pointAt(event) {
        var at = map.mouseEventToLayerPoint(event);
        var hit = null;
        [true, false].forEach(function (top) {
            if (hit !== null || !mayHit(event.target, top)) { return; }
            hitLayers.forEach(function (entry) {
                if (entry.top !== top || !map.hasLayer(entry.layer)) { return; }
                var under = [];
                entry.layer.eachLayer(function (marker) {
                    if (marker._point && marker._containsPoint(at)) { under.unshift(marker); }
                });
                if (under.length) { hit = [entry, under[0], under]; }
            });
        });
        return hit;
    }

    container.addEventListener("click", function (event) {
        if (hitLayers.length === 0 || (map.dragging && map.dragging.moved())) { return; }
        var hit = pointAt(event);
        if (hit === null) { return; }
        event.stopPropagation();
        hit[0].layer.fire("click", {layer: hit[1], latlng: hit[1].getLatLng(), stack: hit[2]});
    }, true);
    // The pointer over a marker is a hand, as over any marker, and an incident shows
    // its tooltip (once a frame at most).
    var moved = null;
    var hoverTip = L.tooltip({direction: "top", offset: [0, -8]});
    container.addEventListener("mousemove", function (event) {
        if (hitLayers.length === 0) { return; }
        if (moved === null) {
            requestAnimationFrame(function () {
                var hit = pointAt(moved);
                container.classList.toggle("geomap-over-point", hit !== null);
                var tip = hit !== null && hit[0].tooltip ? hit[0].tooltip(hit[1]) : null;
                if (tip) {
                    hoverTip.setLatLng(hit[1].getLatLng()).setContent(element("div", null, tip));
                    map.openTooltip(hoverTip);
                } else {
                    map.closeTooltip(hoverTip);
                }
                moved = null;
            });
        }
        moved = event;
    });

    L.control.scale({metric: true, imperial: false}).addTo(map);
    var overlays = {};
    data.layers.forEach(function (spec) {
        var layer = builders[spec.kind](spec);
        overlays[htmlText(spec.name)] = layer;
        if (spec.show) { layer.addTo(map); }
    });
    var bases = {};
    if (tiles) { bases[htmlText(data.tilesName)] = tiles; }
    L.control.layers(bases, overlays, {collapsed: false}).addTo(map);
    titleBox(data.title);
    unresolvedPanel(data.unresolved, data.attribution);
    legendBox(data.legend);
    // Canvas layers draw on the next animation frame: two frames after the map is
    // ready, everything is drawn (the browser tests and the benchmark wait for this).
    map.whenReady(function () {
        requestAnimationFrame(function () {
            requestAnimationFrame(function () { window.__geomapReady = true; });
        });
    });
}
