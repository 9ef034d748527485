// The public list's map: published reports with a location, as pins that open a short card
// linking to the report. The list below the map shows the same reports and is the page
// without JavaScript; this only adds the map. District outlines are drawn whether or not the
// background tiles load, so the map always shows where the pins are.
(function () {
  'use strict';
  var box = document.querySelector('[data-public-map]');
  if (!box || !window.L || !window.fetch) return;
  var L = window.L;
  var text = JSON.parse(box.querySelector('[data-map-text]').textContent);
  var statusEl = box.querySelector('[data-map-status]');
  var lang = document.documentElement.lang || 'fi';
  function t(key, params) {
    var s = text[key] || key;
    Object.keys(params || {}).forEach(function (k) {
      s = s.split('{' + k + '}').join(String(params[k]));
    });
    return s;
  }
  // Two things may need saying: how many reports are on the map, and that tiles failed.
  var said = { points: '', tiles: '' };
  function say(slot, message) {
    said[slot] = message;
    statusEl.textContent = [said.points, said.tiles].filter(Boolean).join(' ');
  }
  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error(path + ': ' + res.status);
      return res.json();
    });
  }

  box.hidden = false;
  var canvas = box.querySelector('.map-canvas');
  var start = box.getAttribute('data-start').split(',').map(Number);
  var map = L.map(canvas, { keyboard: true, zoomControl: true, attributionControl: true }).setView([start[0], start[1]], start[2]);
  map.getContainer().setAttribute('aria-label', canvas.getAttribute('aria-label'));

  var tiles = box.getAttribute('data-tiles');
  if (tiles) {
    var failed = 0;
    L.tileLayer(tiles, { maxZoom: 19, attribution: box.getAttribute('data-attribution') })
      .on('tileerror', function () {
        failed += 1;
        if (failed === 3) say('tiles', t('map.tilesFailed'));
      })
      .addTo(map);
  }

  getJson('/api/feedback/districts/outlines?lang=' + encodeURIComponent(lang))
    .then(function (outlines) {
      L.geoJSON(outlines, {
        interactive: false,
        style: function () {
          return { color: '#0000bf', weight: 2, opacity: 0.8, fillColor: '#0000bf', fillOpacity: 0.06 };
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.name, { permanent: true, direction: 'center', className: 'district-label' });
        },
      }).addTo(map);
    })
    .catch(function () {});

  /** The card a pin opens: built from text nodes, never from markup in the data. */
  function card(p) {
    var root = document.createElement('div');
    var link = document.createElement('a');
    link.href = '/feedback/track/' + encodeURIComponent(p.trackingCode);
    link.textContent = p.title || p.category.name;
    var heading = document.createElement('p');
    heading.className = 'public-map-card-title';
    heading.appendChild(link);
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = [t('status.' + p.status), p.category.name, p.trackingCode].join(' · ');
    root.appendChild(heading);
    root.appendChild(meta);
    return root;
  }

  getJson('/api/feedback/public/map' + box.getAttribute('data-query'))
    .then(function (points) {
      var bounds = [];
      points.features.forEach(function (f) {
        var p = f.properties;
        var latlng = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
        var icon = L.divIcon({ className: 'public-pin public-pin-' + p.status, html: '<span></span>', iconSize: [22, 22] });
        // keyboard: the pin is a button in the tab order; its title is its name.
        L.marker(latlng, { icon: icon, keyboard: true, title: (p.title || p.category.name) + ', ' + t('status.' + p.status), riseOnHover: true })
          .bindPopup(card(p))
          .addTo(map);
        bounds.push(latlng);
      });
      if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
      var count = points.features.length;
      var message = count === 0 ? t('publicMap.none') : count === 1 ? t('publicMap.one') : t('publicMap.many', { n: count });
      say('points', points.truncated ? message + ' ' + t('publicMap.truncated') : message);
    })
    .catch(function () {
      say('points', t('publicMap.failed'));
    });
})();
