// The plans page's map: the plans of the list below that have a place, as pins. The list is
// the page (without JavaScript, and for the keyboard); each pin opens a card whose link goes to
// the plan's entry in the list, so the map never holds anything the list does not.
(function () {
  'use strict';
  var box = document.querySelector('[data-plan-map]');
  if (!box || !window.L) return;
  var L = window.L;
  var text = JSON.parse(box.querySelector('[data-map-text]').textContent);
  var statusEl = box.querySelector('[data-map-status]');
  function t(key, n) {
    return (text[key] || key).split('{n}').join(String(n));
  }
  var said = { points: '', tiles: '' };
  function say(slot, message) {
    said[slot] = message;
    statusEl.textContent = [said.points, said.tiles].filter(Boolean).join(' ');
  }

  var items = Array.prototype.slice.call(document.querySelectorAll('[data-plan-lat]'));
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
        if (failed === 3) say('tiles', t('budr.map.tilesFailed'));
      })
      .addTo(map);
  }

  /** The card a pin opens, from the list entry's own text (text nodes only, never markup). */
  function card(item) {
    var title = item.querySelector('[data-plan-title]');
    var root = document.createElement('div');
    var heading = document.createElement('p');
    heading.className = 'public-map-card-title';
    var link = document.createElement('a');
    link.href = '#' + item.id;
    link.textContent = title.textContent;
    if (title.getAttribute('lang')) link.setAttribute('lang', title.getAttribute('lang'));
    heading.appendChild(link);
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = item.getAttribute('data-plan-meta');
    root.appendChild(heading);
    root.appendChild(meta);
    return root;
  }

  var bounds = [];
  items.forEach(function (item) {
    var latlng = [Number(item.getAttribute('data-plan-lat')), Number(item.getAttribute('data-plan-lon'))];
    var icon = L.divIcon({ className: 'public-pin', html: '<span></span>', iconSize: [22, 22] });
    // keyboard: the pin is a button in the tab order; its title is the plan's name.
    L.marker(latlng, { icon: icon, keyboard: true, title: item.querySelector('[data-plan-title]').textContent, riseOnHover: true })
      .bindPopup(card(item))
      .addTo(map);
    bounds.push(latlng);
  });
  if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  say('points', bounds.length === 0 ? t('budr.map.none') : bounds.length === 1 ? t('budr.map.one') : t('budr.map.many', bounds.length));
})();
