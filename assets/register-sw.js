// Registers ./sw.js, versioned by this build's hashed asset names, so a new release is
// a new worker. Silent where service workers are unavailable: insecure http, file://,
// sandboxed iframes without allow-same-origin (reading navigator.serviceWorker throws).
(function () {
  try {
    if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
    var container = navigator.serviceWorker;
    window.addEventListener('load', function () {
      try {
        var names = [];
        // The page's own names, not the script the loader adds for the instructor's or
        // the LMS launch's binary, nor the instructor's stylesheet: every page of one
        // build must register the same worker.
        document.querySelectorAll('link[href], script[src], meta[name="mandate-build"]').forEach(function (e) {
          var name = e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('content');
          if (e.tagName === 'SCRIPT' && /mandate-(instructor|lms)-/.test(name)) return;
          if (e.tagName === 'LINK' && /instructor-[0-9a-f]+\.css$/.test(name)) return;
          names.push(name);
        });
        var text = names.sort().join('|'), h = 0x811c9dc5;
        for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
        container.register('./sw.js?v=' + h.toString(16), { scope: './' }).catch(function () {});
      } catch (e) { /* no service worker here: the app works online as before */ }
    });
  } catch (e) { /* idem */ }
})();
