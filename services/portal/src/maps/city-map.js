// What every map of the portal does alike: its texts, the map itself at the city's start view,
// background tiles that say when they fail, the districts' outlines, and pins that open a card.
// One copy, served ahead of each page's own map script (map-script-asset.ts), which calls it
// as `cityMap`; the page's script decides what the pins are and what the status line says.
var cityMap = (function () {
  'use strict';

  /** The page's map texts (the JSON its template wrote), as t(key, params) filling `{name}`. */
  function texts(json) {
    var text = json ? JSON.parse(json) : {};
    return function t(key, params) {
      var s = text[key] || key;
      Object.keys(params || {}).forEach(function (k) {
        s = s.split('{' + k + '}').join(String(params[k]));
      });
      return s;
    };
  }

  /** A status line with two things to say at once: how many pins, and that the tiles failed. */
  function statusSlots(statusEl) {
    var said = { points: '', tiles: '' };
    return function say(slot, message) {
      said[slot] = message;
      statusEl.textContent = [said.points, said.tiles].filter(Boolean).join(' ');
    };
  }

  /**
   * Shows the box and opens the map in `canvas` at the box's data-start ("lat,lon,zoom"). The
   * map's own container is what keyboard users focus, so it gets the canvas's name.
   */
  function open(L, box, canvas) {
    box.hidden = false;
    var start = box.getAttribute('data-start').split(',').map(Number);
    var map = L.map(canvas, { keyboard: true, zoomControl: true, attributionControl: true }).setView([start[0], start[1]], start[2]);
    map.getContainer().setAttribute('aria-label', canvas.getAttribute('aria-label'));
    return map;
  }

  /** The box's data-tiles as the background, if set; `failed` is told once, at the third tile that does not load. */
  function addTiles(L, map, box, failed) {
    var tiles = box.getAttribute('data-tiles');
    if (!tiles) return;
    var failures = 0;
    L.tileLayer(tiles, { maxZoom: 19, attribution: box.getAttribute('data-attribution') })
      .on('tileerror', function () {
        failures += 1;
        if (failures === 3) failed();
      })
      .addTo(map);
  }

  /** District outlines (GeoJSON), labelled: drawn whether or not the tiles load, so the map always says where it is. */
  function addDistricts(L, map, outlines) {
    L.geoJSON(outlines, {
      interactive: false,
      style: function () {
        return { color: '#0000bf', weight: 2, opacity: 0.8, fillColor: '#0000bf', fillOpacity: 0.06 };
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(feature.properties.name, { permanent: true, direction: 'center', className: 'district-label' });
      },
    }).addTo(map);
  }

  /** The card a pin opens: a linked title and a line of facts, built from text nodes, never from markup in the data. */
  function pinCard(card) {
    var root = document.createElement('div');
    var heading = document.createElement('p');
    heading.className = 'public-map-card-title';
    var link = document.createElement('a');
    link.href = card.href;
    link.textContent = card.title;
    if (card.lang) link.setAttribute('lang', card.lang);
    heading.appendChild(link);
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = card.meta;
    root.appendChild(heading);
    root.appendChild(meta);
    return root;
  }

  /** Pins ({ latlng, className, title, card }) with the view fitted to them; answers how many. */
  function addPins(L, map, pins) {
    var bounds = pins.map(function (pin) {
      var icon = L.divIcon({ className: pin.className, html: '<span></span>', iconSize: [22, 22] });
      // keyboard: the pin is a button in the tab order; its title is its name.
      L.marker(pin.latlng, { icon: icon, keyboard: true, title: pin.title, riseOnHover: true })
        .bindPopup(pinCard(pin.card))
        .addTo(map);
      return pin.latlng;
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    return bounds.length;
  }

  return { texts: texts, statusSlots: statusSlots, open: open, addTiles: addTiles, addDistricts: addDistricts, addPins: addPins };
})();
