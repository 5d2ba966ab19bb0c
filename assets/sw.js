// Mandate's service worker: after the first visit the app runs with no network.
//
// It learns the files of *this* build from index.html: on install it fetches
// ./index.html and caches every same-scope URL the page references (stylesheets,
// icon, the wasm-bindgen modules and their .wasm — named in <link>, and as './….js'
// and './….wasm' in the loader scripts it names), plus the manifest and its icons.
// The cache is named after the scope (several packages can share one LMS origin)
// and the release: index.html registers `./sw.js?v=<hash of its asset names>`, so a
// new release (new hashed names) is a new worker URL; the browser installs it, and
// on activate it deletes this scope's older caches.
//
// The binaries only some pages load (the instructor's, and the learner's app with its
// LMS support) and the instructor's stylesheet are left out of the install and cached the
// first time a page fetches them.
//
// Fetch: hashed assets cache-first; the page itself (./ or ./index.html, any query)
// network-first, the cached index.html when offline. Nothing else is intercepted:
// never cross-origin requests (LMS, cmi5, LRS), never other files of the folder.
'use strict';

const SCOPE = self.registration.scope; // ends with '/'
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const PREFIX = `mandate-${hash(SCOPE)}-`;
const CACHE = PREFIX + VERSION;
const INDEX = new URL('index.html', SCOPE).href;
const OPTIONAL = ['manifest.webmanifest', 'icon-192.png', 'icon-512.png', 'favicon.svg'];

/** FNV-1a, 32 bits, as 8 hex digits. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The URLs, inside the scope, that index.html references. */
function assetsOf(html) {
  const found = new Set();
  const patterns = [
    /\b(?:href|src)\s*=\s*["']([^"']+)["']/gi,
    /\bfrom\s*["']([^"']+)["']/g,
    /\bmodule_or_path\s*:\s*["']([^"']+)["']/g,
    // The loader's own names (scripts/index-loader.mjs): import('./x.js'), fetch('./x.wasm'),
    // the instructor's stylesheet.
    /["'](\.\/[^"'\s]+\.(?:js|wasm|css))["']/g,
  ];
  for (const re of patterns) {
    for (const m of html.matchAll(re)) {
      let url;
      try { url = new URL(m[1], INDEX); } catch { continue; }
      if (!url.href.startsWith(SCOPE) || url.pathname.endsWith('/sw.js')) continue;
      // The instructor's and the LMS launch's binaries are cached when a page first loads
      // them, not downloaded for every learner.
      if (isOnDemand(url)) continue;
      url.hash = '';
      found.add(url.href);
    }
  }
  return [...found];
}

/** The scripts scripts/index-loader.mjs writes, which name the binaries' files. */
function isLoaderScript(url) {
  return /\/(?:boot|loader)-[0-9a-f]+\.js$/.test(new URL(url).pathname);
}

/** The instructor's binary (`?facilitate`, `?classroom`) and stylesheet, and the LMS launch's binary: cached on first use. */
function isOnDemand(url) {
  return /\/mandate-(?:instructor|lms)-[0-9a-f]+(?:_bg\.wasm|\.js)$/.test(url.pathname)
    || /\/instructor-[0-9a-f]+\.css$/.test(url.pathname);
}

const fresh = (url) => new Request(url, { cache: 'reload' });

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const response = await fetch(fresh(INDEX));
    if (!response.ok) throw new Error(`index.html: ${response.status}`);
    const html = await response.clone().text();
    // The loader scripts name the binaries: their names are assets too.
    let text = html;
    for (const url of assetsOf(html).filter(isLoaderScript)) {
      const script = await fetch(fresh(url));
      if (!script.ok) throw new Error(`${url}: ${script.status}`);
      text += '\n' + await script.text();
    }
    const cache = await caches.open(CACHE);
    await cache.addAll(assetsOf(text).map(fresh));
    await cache.put(INDEX, response);
    // The manifest and its icons are nice to have; a missing one must not block offline play.
    await Promise.all(OPTIONAL.map((f) => cache.add(fresh(new URL(f, SCOPE).href)).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  const url = new URL(request.url);
  const path = url.origin + url.pathname;
  if (request.mode === 'navigate') {
    if (path !== SCOPE && path !== INDEX) return;
    event.respondWith(fetch(request).catch(async () => {
      const cached = await caches.match(INDEX, { cacheName: CACHE });
      if (cached) return cached;
      throw new TypeError('offline and index.html is not cached');
    }));
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(request, { cacheName: CACHE, ignoreVary: true });
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok && isOnDemand(url)) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {}));
    }
    return response;
  })());
});
