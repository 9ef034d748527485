// The report form's map, address search, "my location", "Is it one of these?" and the
// form's checks before sending. The form works without this file: the address and
// coordinate fields are always there, and the server checks everything again. The map's common
// parts are cityMap's (maps/city-map.js, served ahead of this).
(function () {
  'use strict';
  var form = document.querySelector('form[action="/feedback/new"]');
  if (!form) return;
  var lang = document.documentElement.lang || 'fi';
  var textEl = document.querySelector('[data-map-text]');
  var t = cityMap.texts(textEl ? textEl.textContent : '');
  function field(id) {
    return document.getElementById(id);
  }
  function api(path, query) {
    var q = new URLSearchParams(query);
    return fetch('/api/feedback/' + path + '?' + q.toString(), { headers: { Accept: 'application/json' } }).then(function (res) {
      return res.json().then(function (body) {
        return { ok: res.ok, status: res.status, body: body };
      });
    });
  }

  // ---------------------------------------------------------------------------------------
  // Character counter: the limit is stated up front, the count shows while typing.
  document.querySelectorAll('[data-char-count]').forEach(function (area) {
    var out = field(area.getAttribute('data-char-count'));
    if (!out) return;
    var timer;
    function update() {
      out.textContent = out.getAttribute('data-template').replace('{n}', String(area.value.length));
    }
    out.hidden = false;
    update();
    // Screen readers hear the count when typing pauses, not on every key.
    out.setAttribute('aria-live', 'polite');
    area.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
  });

  // ---------------------------------------------------------------------------------------
  // Photos: count, type and size checked before anything is uploaded.
  var photos = field('f-photos');
  var photoCheck = document.querySelector('[data-photo-check]');
  function photoProblem() {
    if (!photos || !photos.files) return '';
    var maxFiles = Number(photos.getAttribute('data-max-files'));
    var maxBytes = Number(photos.getAttribute('data-max-bytes'));
    if (photos.files.length > maxFiles) return photos.getAttribute('data-msg-count');
    for (var i = 0; i < photos.files.length; i++) {
      var f = photos.files[i];
      if (['image/jpeg', 'image/png', 'image/webp'].indexOf(f.type) < 0) return photos.getAttribute('data-msg-type');
      if (f.size > maxBytes) return photos.getAttribute('data-msg-size').replace('{name}', f.name);
    }
    return '';
  }
  function showPhotoProblem() {
    var problem = photoProblem();
    photoCheck.textContent = problem;
    photoCheck.hidden = !problem;
    var describedBy = (photos.getAttribute('aria-describedby') || '').split(' ').filter(function (id) {
      return id && id !== 'f-photos-check';
    });
    if (problem) describedBy.push('f-photos-check');
    photos.setAttribute('aria-describedby', describedBy.join(' '));
    if (problem) photos.setAttribute('aria-invalid', 'true');
    else if (!document.getElementById('f-photos-error')) photos.removeAttribute('aria-invalid');
    return problem;
  }
  if (photos && photoCheck) photos.addEventListener('change', showPhotoProblem);

  // One submission per form: a double click must not send twice (the server also dedupes by
  // the form's Idempotency-Key).
  var sending = false;
  form.addEventListener('submit', function (event) {
    if (photos && photoCheck && showPhotoProblem()) {
      event.preventDefault();
      photos.focus();
      return;
    }
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    var button = form.querySelector('[data-submit-once]');
    if (button) button.setAttribute('aria-disabled', 'true');
  });

  // ---------------------------------------------------------------------------------------
  // The map
  var box = document.querySelector('[data-report-map]');
  if (!box || !window.L) return;
  var L = window.L;
  var latField = field('f-lat');
  var lonField = field('f-lon');
  var addressField = field('f-address');
  var districtField = field('f-districtCode');
  var categoryField = field('f-categoryCode');
  var statusEl = box.querySelector('[data-map-status]');
  function say(message, isError) {
    statusEl.textContent = message;
    statusEl.classList.toggle('is-error', Boolean(isError));
  }

  var map = cityMap.open(L, box, field('f-map'));
  var crosshair = document.createElement('div');
  crosshair.className = 'map-crosshair';
  crosshair.setAttribute('aria-hidden', 'true');
  map.getContainer().appendChild(crosshair);

  cityMap.addTiles(L, map, box, function () {
    say(t('map.tilesFailed'));
  });

  api('districts/outlines', { lang: lang })
    .then(function (r) {
      if (r.ok) cityMap.addDistricts(L, map, r.body);
    })
    .catch(function () {});

  var pinIcon = L.divIcon({ className: 'report-pin', html: '<span></span>', iconSize: [28, 28] });
  var pin;
  // The address field is ours to fill only while the resident has not typed their own.
  var addressByMap = !addressField.value;
  addressField.addEventListener('input', function () {
    addressByMap = false;
  });

  function setPin(lat, lon, options) {
    options = options || {};
    var latlng = L.latLng(lat, lon);
    if (!pin) {
      pin = L.marker(latlng, { icon: pinIcon, draggable: true, keyboard: false, title: t('map.pinLabel'), alt: t('map.pinLabel') }).addTo(map);
      pin.on('dragend', function () {
        var p = pin.getLatLng();
        setPin(p.lat, p.lng);
      });
    } else {
      pin.setLatLng(latlng);
    }
    latField.value = lat.toFixed(6);
    lonField.value = lon.toFixed(6);
    if (options.address) {
      if (addressByMap || !addressField.value) {
        addressField.value = options.address;
        addressByMap = true;
      }
    }
    if (!options.keepView) map.panTo(latlng);
    lookUp(lat, lon, options.address);
    suggest();
  }

  function lookUp(lat, lon, knownAddress) {
    api('geocode/reverse', { lat: lat.toFixed(6), lon: lon.toFixed(6), lang: lang })
      .then(function (r) {
        if (!r.ok) {
          say(r.status === 400 ? t('map.outside') : t('map.pinPlaced'), r.status === 400);
          return;
        }
        var found = knownAddress || r.body.address;
        if (found && (addressByMap || !addressField.value)) {
          addressField.value = found;
          addressByMap = true;
        }
        if (r.body.district && districtField) districtField.value = r.body.district.code;
        var place = [found, r.body.district && r.body.district.name].filter(Boolean).join(', ');
        say(place ? t('map.pinPlacedAt', { address: place }) : t('map.noAddress'));
      })
      .catch(function () {
        say(t('map.pinPlaced'));
      });
  }

  map.on('click', function (e) {
    setPin(e.latlng.lat, e.latlng.lng, { keepView: true });
  });
  box.querySelector('[data-map-pin-centre]').addEventListener('click', function () {
    var c = map.getCenter();
    setPin(c.lat, c.lng, { keepView: true });
  });

  // Typed coordinates move the pin too (without a new lookup of the address the person typed).
  function coordsTyped() {
    var lat = Number(latField.value.replace(',', '.'));
    var lon = Number(lonField.value.replace(',', '.'));
    if (!latField.value || !lonField.value || !isFinite(lat) || !isFinite(lon)) return;
    if (!pin) pin = L.marker([lat, lon], { icon: pinIcon, keyboard: false, title: t('map.pinLabel'), alt: t('map.pinLabel') }).addTo(map);
    else pin.setLatLng([lat, lon]);
    map.setView([lat, lon], Math.max(map.getZoom(), 16));
    suggest();
  }
  latField.addEventListener('change', coordsTyped);
  lonField.addEventListener('change', coordsTyped);
  if (latField.value && lonField.value) coordsTyped();

  // Address search through the feedback service (never a third party from the browser).
  var searchField = field('f-map-search');
  var results = box.querySelector('[data-map-results]');
  function search() {
    var q = searchField.value.trim();
    results.hidden = true;
    results.innerHTML = '';
    if (q.length < 2) return;
    say(t('map.searching'));
    api('geocode', { q: q, lang: lang })
      .then(function (r) {
        if (!r.ok) {
          say(r.status === 503 ? t('map.searchFailed') : t('map.noResults'), true);
          return;
        }
        if (!r.body.items.length) {
          say(t('map.noResults'), true);
          return;
        }
        if (r.body.items.length === 1) {
          choose(r.body.items[0]);
          return;
        }
        r.body.items.forEach(function (item) {
          var li = document.createElement('li');
          var b = document.createElement('button');
          b.type = 'button';
          b.textContent = item.label;
          b.addEventListener('click', function () {
            choose(item);
          });
          li.appendChild(b);
          results.appendChild(li);
        });
        results.hidden = false;
        say('');
        results.querySelector('button').focus();
      })
      .catch(function () {
        say(t('map.searchFailed'), true);
      });
  }
  function choose(item) {
    results.hidden = true;
    results.innerHTML = '';
    addressField.value = item.address;
    addressByMap = true;
    map.setView([item.lat, item.lon], 17);
    setPin(item.lat, item.lon, { address: item.address, keepView: true });
  }
  box.querySelector('[data-map-search]').addEventListener('click', search);
  searchField.addEventListener('keydown', function (e) {
    // Enter searches; it must not send the whole form.
    if (e.key === 'Enter') {
      e.preventDefault();
      search();
    }
  });

  // "My location", with a visible answer when it is refused or fails.
  box.querySelector('[data-map-locate]').addEventListener('click', function () {
    if (!navigator.geolocation) {
      say(t('map.locationUnsupported'), true);
      return;
    }
    say(t('map.locating'));
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        map.setView([pos.coords.latitude, pos.coords.longitude], 17);
        setPin(pos.coords.latitude, pos.coords.longitude, { keepView: true });
      },
      function (err) {
        say(err && err.code === 1 ? t('map.locationDenied') : t('map.locationFailed'), true);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });

  // ---------------------------------------------------------------------------------------
  // "Is it one of these?": open reports of the chosen topic near the pin.
  var panel = document.querySelector('[data-suggestions]');
  var list = panel && panel.querySelector('[data-suggestion-list]');
  var supportForm = document.getElementById('f-support');
  var asked = '';
  function suggest() {
    if (!panel || !categoryField.value || !latField.value || !lonField.value) return;
    var query = { category: categoryField.value, lat: latField.value, lon: lonField.value, lang: lang };
    var key = JSON.stringify(query);
    if (key === asked) return;
    asked = key;
    api('nearby', query)
      .then(function (r) {
        if (key !== asked) return;
        list.innerHTML = '';
        var items = r.ok ? r.body.items : [];
        panel.hidden = items.length === 0;
        items.forEach(function (item) {
          var li = document.createElement('li');
          var p = document.createElement('p');
          if (item.published) {
            var a = document.createElement('a');
            a.href = '/feedback/track/' + encodeURIComponent(item.trackingCode);
            a.textContent = t('similar.published', { title: item.title, m: item.distanceMetres });
            p.appendChild(a);
            var meta = document.createElement('span');
            meta.className = 'meta';
            meta.textContent = ' ' + (text['status.' + item.status] || item.status) + (item.supporterCount ? ' · ' + t('similar.supporters', { n: item.supporterCount }) : '');
            p.appendChild(meta);
          } else {
            p.textContent = t('similar.private', { m: item.distanceMetres });
          }
          // A plain button: the report form's own submit button stays its only one.
          var b = document.createElement('button');
          b.type = 'button';
          b.className = 'btn btn-secondary btn-small';
          b.setAttribute('data-metoo', item.ref);
          b.textContent = t('similar.metoo');
          b.addEventListener('click', function () {
            supportForm.elements.ref.value = item.ref;
            supportForm.requestSubmit();
          });
          li.appendChild(p);
          li.appendChild(b);
          list.appendChild(li);
        });
      })
      .catch(function () {});
  }
  categoryField.addEventListener('change', suggest);
  // A supporter's contact (with consent) comes from the main form's fields.
  if (supportForm) {
    supportForm.addEventListener('submit', function () {
      var consent = field('f-contactConsent');
      supportForm.elements.email.value = field('f-email').value;
      supportForm.elements.phone.value = field('f-phone').value;
      supportForm.elements.contactConsent.value = consent && consent.checked ? 'true' : '';
    });
  }
})();
