// Small enhancements; every page works without this file.
(function () {
  'use strict';
  // "Use my location" fills the coordinate fields from the browser's geolocation.
  var button = document.querySelector('[data-geolocate]');
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById('f-lat').value = pos.coords.latitude.toFixed(6);
        document.getElementById('f-lon').value = pos.coords.longitude.toFixed(6);
      });
    });
  }
  // The error summary takes focus so screen readers announce it at once.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.focus();
    // A link in the summary puts the focus in its field (without JS the page only scrolls there).
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.getAttribute('href').slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: 'center' });
    });
  }
  // A table wider than its box scrolls sideways; the box becomes a region that a keyboard can
  // focus and scroll, named by the heading above it (its visible label).
  function scrollRegions() {
    document.querySelectorAll('.table-scroll').forEach(function (box, i) {
      if (box.scrollWidth <= box.clientWidth) {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        return;
      }
      var heading = box.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      box.tabIndex = 0;
      if (heading) {
        if (!heading.id) heading.id = 'table-heading-' + i;
        box.setAttribute('role', 'region');
        box.setAttribute('aria-labelledby', heading.id);
      }
    });
  }
  scrollRegions();
  window.addEventListener('resize', scrollRegions);
  // Copy buttons (the new Open311 key).
  document.querySelectorAll('[data-copy]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var target = document.getElementById(b.getAttribute('data-copy'));
      if (target && navigator.clipboard) navigator.clipboard.writeText(target.textContent.trim());
    });
  });
})();
