// Service worker: keeps the app shell, the engine and the data in the Cache Storage so the simulator
// works with the network cut after the first visit. It caches only files of our own origin, listed at
// build time (ci/build_site.mjs replaces the placeholder below with {version, files}); it never sees the
// answers (they live in the page, and a resume link's data sits after `#`, which is not sent).
//
// No second download of what the page already fetched: the install step asks the browser's HTTP cache
// first (`cache: 'no-cache'`: a revalidation, answered 304 when the page has the file already), the
// engine's files first; the page waits for this worker before loading the engine (see app.js), so
// the engine, the largest file, is fetched once, here, and then served from the cache. Once active,
// files of the list fetched by the page are kept as they pass, and the page's list of what it loaded
// ({type: 'cache', urls}) fills whatever a first visit could not get. The files `onDemand` (the
// rule texts, which only explanations, traces and runtime errors need) are not fetched by the
// install, which the engine waits for: they are kept when the page asks for them, and fetched after
// everything else once the page's engine is ready (its 'cache' message), for explanations offline.
/* eslint-env serviceworker */
const PRECACHE = self.__PRECACHE__;
const CACHE = `mesaides-${PRECACHE.version}`;
const scope = new URL(self.registration.scope);
const ahead = new Set(PRECACHE.files.map((f) => new URL(f, scope).href));
const onDemand = (PRECACHE.onDemand ?? []).map((f) => new URL(f, scope).href);
const listed = new Set([...ahead, ...onDemand]);

self.addEventListener('install', (event) => {
  const engine = [...ahead].filter((u) => u.includes('/engine/'));
  event.waitUntil(
    fill(engine)
      .then(() => fill([...ahead]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('mesaides-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

function cacheKey(url) {
  const u = new URL(url);
  u.hash = '';
  if (u.pathname.endsWith('/index.html')) u.pathname = u.pathname.slice(0, -'index.html'.length);
  return u.href;
}

// Puts the listed files not cached yet in the cache, a few at a time, in the order given.
async function fill(urls, parallel = 6) {
  const cache = await caches.open(CACHE);
  const queue = urls.map(cacheKey).filter((key) => listed.has(key));
  const worker = async () => {
    for (let key = queue.shift(); key; key = queue.shift()) {
      if (await cache.match(key)) continue;
      try {
        const response = await fetch(key, { cache: 'no-cache' });
        if (response.ok) await cache.put(key, response);
      } catch {
        /* offline: kept for the next visit */
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache') return;
  // what the page already has first, then everything else the simulator needs offline
  event.waitUntil(
    fill((event.data.urls ?? []).map(cacheKey))
      .then(() => fill([...ahead]))
      .then(() => fill(onDemand)),
  );
});

// Cache first for our files (they are versioned together: a new build is a new cache); pages are
// matched without their query string, so index.html?lang=en works offline too.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
      if (hit) return hit;
      try {
        const response = await fetch(request);
        const key = cacheKey(request.url.split('?')[0]);
        if (response.ok && listed.has(key) && (request.mode === 'navigate' || !url.search)) {
          // kept as it passes, without holding the page's response back
          event.waitUntil(cache.put(request.mode === 'navigate' ? key : request, response.clone()).catch(() => {}));
        }
        return response;
      } catch (error) {
        if (request.mode === 'navigate') {
          const shell = await cache.match(new URL('./', scope).href);
          if (shell) return shell;
        }
        throw error;
      }
    })(),
  );
});
