// The public list's map: published reports with a location, as pins that open a short card
// linking to the report. The list below the map shows the same reports and is the page
// without JavaScript; this only adds the map. District outlines are drawn whether or not the
// background tiles load, so the map always shows where the pins are. The map's common parts
// are cityMap's (maps/city-map.js, served ahead of this).
(function () {
  'use strict';
  var box = document.querySelector('[data-public-map]');
  if (!box || !window.L || !window.fetch) return;
  var L = window.L;
  var t = cityMap.texts(box.querySelector('[data-map-text]').textContent);
  var lang = document.documentElement.lang || 'fi';
  // Two things may need saying: how many reports are on the map, and that tiles failed.
  var say = cityMap.statusSlots(box.querySelector('[data-map-status]'));
  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error(path + ': ' + res.status);
      return res.json();
    });
  }

  var map = cityMap.open(L, box, box.querySelector('.map-canvas'));
  cityMap.addTiles(L, map, box, function () {
    say('tiles', t('map.tilesFailed'));
  });

  getJson('/api/feedback/districts/outlines?lang=' + encodeURIComponent(lang))
    .then(function (outlines) {
      cityMap.addDistricts(L, map, outlines);
    })
    .catch(function () {});

  getJson('/api/feedback/public/map' + box.getAttribute('data-query'))
    .then(function (points) {
      var count = cityMap.addPins(
        L,
        map,
        points.features.map(function (f) {
          var p = f.properties;
          var name = p.title || p.category.name;
          return {
            latlng: [f.geometry.coordinates[1], f.geometry.coordinates[0]],
            className: 'public-pin public-pin-' + p.status,
            title: name + ', ' + t('status.' + p.status),
            card: {
              href: '/feedback/track/' + encodeURIComponent(p.trackingCode),
              title: name,
              meta: [t('status.' + p.status), p.category.name, p.trackingCode].join(' · '),
            },
          };
        }),
      );
      var message = count === 0 ? t('publicMap.none') : count === 1 ? t('publicMap.one') : t('publicMap.many', { n: count });
      say('points', points.truncated ? message + ' ' + t('publicMap.truncated') : message);
    })
    .catch(function () {
      say('points', t('publicMap.failed'));
    });
})();
