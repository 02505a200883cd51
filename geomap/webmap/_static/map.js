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

    // Diamonds (leaflet-dvf), coloured by event type.
    function incidentsLayer(spec) {
        return markersLayer(spec.incidents, function (incident) {
            return new L.RegularPolygonMarker([incident.lat, incident.lon], {
                numberOfSides: 4, radius: 8, rotation: 45, color: incident.colour, weight: 2,
                fill: true, fillColor: incident.colour, fillOpacity: 0.7
            });
        });
    }

    function labelsLayer(spec) {
        var group = L.featureGroup();
        spec.labels.forEach(function (label) {
            var span = element("span", null, label[0]);
            L.marker([label[1], label[2]], {
                icon: L.divIcon({className: "geomap-district-label", html: span, iconSize: null}),
                interactive: false, keyboard: false
            }).addTo(group);
        });
        // Labels only where they can be read: from zoom spec.minZoom on.
        function toggle() {
            map.getContainer().classList.toggle("geomap-labels-hidden",
                                                map.getZoom() < spec.minZoom);
        }
        map.on("zoomend", toggle);
        map.whenReady(toggle);
        return group;
    }

    // A --layer file: a dictionary-encoded table, each row [lon, lat, i0, i1...].
    function pointsLayer(spec) {
        var table = spec.table;
        var renderer = L.canvas({padding: 0.5});
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
                return L.circleMarker(latlng, {renderer: renderer, radius: spec.radius,
                    color: c, weight: 1, opacity: 0.9, fillColor: c, fillOpacity: 0.6});
            }
        });
        layer.addData({type: "FeatureCollection", features: features});
        layer.on("click", function (event) {
            var row = table.rows[event.layer.feature.properties.row];
            var box = element("div", "geomap-layer-popup");
            box.appendChild(element("b", null, table.name));
            table.fields.forEach(function (field, k) {
                var v = value(row, k);
                if (v !== null) { box.appendChild(element("div", null, field + ": " + v)); }
            });
            L.popup({maxWidth: 360}).setLatLng(event.latlng).setContent(box).openOn(map);
        });
        window.__geomapPointLayers = window.__geomapPointLayers || {};
        window.__geomapPointLayers[table.name] = layer;
        return layer;
    }

    // Areas of control: only the features valid on the slider's date are shown.
    function controlLayer(spec) {
        var layer = L.geoJson(spec.features, {
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
        input.value = "0";
        input.step = "1";
        input.setAttribute("aria-label", "Date");
        var legend = box.appendChild(element("div", "geomap-control-legend"));
        function show(i) {
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
        }
        input.addEventListener("input", function () { show(+input.value); });
        show(0);
        return layer;
    }

    var builders = {
        places: placesLayer, incidents: incidentsLayer, labels: labelsLayer,
        points: pointsLayer, control: controlLayer
    };

    // --- Panels -------------------------------------------------------------------

    function titleBox(title) {
        document.title = title;
        fixedBox("geomap-title").textContent = title;
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
                item.appendChild(element("span", "geomap-muted",
                    " (" + name.mentions + " × in " + name.articles.join(", ") + ")"));
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
