/**
 * Yishi's service worker: keeps the app itself (the page and its hashed assets) on the device so
 * a tablet opens the board with no network; the board comes from IndexedDB and waiting commands
 * from the outbox. Pages are network-first (a new release is picked up whenever the network is
 * there); hashed assets are cache-first (their names change with their content). The API and the
 * sockets are never touched. Registered only in a secure context (HTTPS or localhost).
 */
const SHELL_CACHE = 'yishi-shell-v1';
const ASSET_CACHE = 'yishi-assets-v1';
/** Old builds' chunks are dropped beyond this many cached assets. */
const MAX_ASSETS = 80;
/** Never cached, never answered by the worker. */
const NETWORK_ONLY = ['/api', '/socket.io', '/yjs', '/healthz'];
/** Client routes whose page is the app shell (other pages, e.g. published results, may differ). */
const SHELL_ROUTES = /^\/(?:$|j\/|b\/|i\/|s\/)/;

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** The hashed files a page loads up front (its scripts, styles and preloads). */
function assetUrls(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"?#]+)"/g)) urls.add(m[1]);
  return [...urls];
}

/** Stores the app page and everything it loads up front; drops old builds' files past the limit. */
async function keepShell(response) {
  const res = response ?? (await fetch('/', { cache: 'no-store', credentials: 'same-origin' }));
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('text/html')) return;
  const html = await res.clone().text();
  await (await caches.open(SHELL_CACHE)).put('/', res);
  const wanted = assetUrls(html);
  const assets = await caches.open(ASSET_CACHE);
  await Promise.all(wanted.map(async (url) => {
    if (await assets.match(url)) return;
    const r = await fetch(url, { credentials: 'same-origin' });
    if (r.ok) await assets.put(url, r);
  }));
  const keys = await assets.keys();
  const keep = new Set(wanted.map((u) => new URL(u, sw.location.origin).href));
  for (const req of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) {
    if (!keep.has(req.url)) await assets.delete(req);
  }
}

sw.addEventListener('install', (event) => {
  event.waitUntil(keepShell().catch(() => undefined).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('yishi-') && name !== SHELL_CACHE && name !== ASSET_CACHE) await caches.delete(name);
    }
    await sw.clients.claim();
  })());
});

/** Network first; offline, the stored app page (the app routes itself from the address). */
async function page(event) {
  const path = new URL(event.request.url).pathname;
  try {
    const res = await fetch(event.request);
    if (res.ok && SHELL_ROUTES.test(path)) event.waitUntil(keepShell(res.clone()).catch(() => undefined));
    return res;
  } catch (err) {
    const cached = await caches.match('/', { cacheName: SHELL_CACHE });
    if (cached) return cached;
    throw err;
  }
}

/** Cache first: a hashed file never changes. */
async function asset(request) {
  const assets = await caches.open(ASSET_CACHE);
  const cached = await assets.match(request);
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok) await assets.put(request, res.clone());
  return res;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (NETWORK_ONLY.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return;
  if (request.mode === 'navigate') event.respondWith(page(event));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
});
