// The plans page's map: the plans of the list below that have a place, as pins. The list is
// the page (without JavaScript, and for the keyboard); each pin opens a card whose link goes to
// the plan's entry in the list, so the map never holds anything the list does not. The map's
// common parts are cityMap's (maps/city-map.js, served ahead of this).
(function () {
  'use strict';
  var box = document.querySelector('[data-plan-map]');
  if (!box || !window.L) return;
  var L = window.L;
  var t = cityMap.texts(box.querySelector('[data-map-text]').textContent);
  var say = cityMap.statusSlots(box.querySelector('[data-map-status]'));

  var items = Array.prototype.slice.call(document.querySelectorAll('[data-plan-lat]'));
  var map = cityMap.open(L, box, box.querySelector('.map-canvas'));
  cityMap.addTiles(L, map, box, function () {
    say('tiles', t('budr.map.tilesFailed'));
  });

  // The card is the list entry's own text: its title (in its own language) and its meta line.
  var count = cityMap.addPins(
    L,
    map,
    items.map(function (item) {
      var title = item.querySelector('[data-plan-title]');
      return {
        latlng: [Number(item.getAttribute('data-plan-lat')), Number(item.getAttribute('data-plan-lon'))],
        className: 'public-pin',
        title: title.textContent,
        card: { href: '#' + item.id, title: title.textContent, lang: title.getAttribute('lang'), meta: item.getAttribute('data-plan-meta') },
      };
    }),
  );
  say('points', count === 0 ? t('budr.map.none') : count === 1 ? t('budr.map.one') : t('budr.map.many', { n: count }));
})();
