// Service worker: keeps the app shell, the engine and the data in the Cache Storage so the simulator
// works with the network cut after the first visit. It caches only files of our own origin, listed at
// build time (ci/build_site.mjs replaces the placeholder below with {version, files}); it never sees
// the answers (they live in the page, and a resume link's data sits after `#`, which is not sent).
/* eslint-env serviceworker */
const PRECACHE = self.__PRECACHE__;
const CACHE = `mesaides-${PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.files.map((f) => new Request(f, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('mesaides-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// Cache first for our files (they are versioned together: a new build is a new cache); pages are
// matched without their query string, so index.html?lang=en works offline too.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    try {
      return await fetch(request);
    } catch (error) {
      if (request.mode === 'navigate') {
        const shell = await cache.match('./');
        if (shell) return shell;
      }
      throw error;
    }
  })());
});
