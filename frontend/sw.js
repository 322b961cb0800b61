/* global SHELL_VERSION, SHELL_FILES */
// The service worker. The server writes SHELL_VERSION and SHELL_FILES above this line: every change
// to any of the page's files changes the version, so the browser installs a new worker, which fetches
// the whole new set into a cache of its own before it takes over. A page is therefore always one
// version's files, from the network or from one cache, never a mix.
//
// It keeps only those files: the chat itself (WebSocket), history, exports, uploads and everything
// under /api are never cached; they are the server's alone.
const CACHE = `shell-${SHELL_VERSION}`;
const SHELL = new Set(SHELL_FILES);
const PAGES = new Set(['/', '/index.html']);
// A phone on a network where the server has gone may wait long for a connection; the shell comes sooner.
const NETWORK_WAIT_MS = 4000;
// A reverse proxy in front of a stopped server answers 502-504 instead of failing.
const SERVER_GONE = (response) => response.status >= 502 && response.status <= 504;

// Pages that were opened from the cache take every file from it too (the server may be back midway).
const fromCache = new Set();

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL_FILES.map((url) => new Request(url, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (PAGES.has(url.pathname)) event.respondWith(openPage(event));
  } else if (SHELL.has(url.pathname)) {
    event.respondWith(shellFile(request, event.clientId));
  }
});

async function openPage(event) {
  const cached = () => caches.match('/', { cacheName: CACHE });
  try {
    const response = await withinWait(fetch(event.request));
    if (SERVER_GONE(response)) throw new Error(`the server is gone (${response.status})`);
    fromCache.delete(event.resultingClientId);
    return response;
  } catch {
    const page = await cached();
    if (!page) throw new TypeError('offline, and the page was never stored');
    fromCache.add(event.resultingClientId);
    return page;
  }
}

async function shellFile(request, clientId) {
  const cache = await caches.open(CACHE);
  if (fromCache.has(clientId)) return (await cache.match(request, { ignoreSearch: true })) ?? fetch(request);
  try {
    const response = await fetch(request);
    return SERVER_GONE(response) ? (await cache.match(request, { ignoreSearch: true })) ?? response : response;
  } catch (error) {
    return (await cache.match(request, { ignoreSearch: true })) ?? Promise.reject(error);
  }
}

function withinWait(response) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server is slow to answer')), NETWORK_WAIT_MS);
    response.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

// A tap on a notification brings the chat to the front, or opens it.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
    return open ? open.focus() : self.clients.openWindow('/');
  })());
});
