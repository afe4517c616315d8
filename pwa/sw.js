// Acupress service worker (a module worker): versioned precache, offline navigation, content
// from the precache, journal Background Sync through the page's own sync module, push reminders.
// The server fills in BUILD (version, precache list, the notification's defaults and its words
// for a failed snooze).
import { api } from './js/lib/api.js';
import { token } from './js/lib/account.js';
import { notificationFor, readPayload, recordShown } from './js/lib/notification.js';
import { onSyncStatus, syncNow } from './js/lib/sync.js';

const BUILD = { version: 'dev', precache: [] };

const PREFIX = 'acupress-';
const CACHE = `${PREFIX}shell-${BUILD.version}`;
const CONTENT = /^\/api\/(points|routines|evidence|safety)(\/|$)/;

// Static routes (Chromium): the browser answers the start page and the modules straight from the
// precache, without waking this worker or running its fetch handler: on a phone that is the
// difference between an instant offline start and a wait. A miss goes to the network, as
// cacheFirst does. Browsers without them (Safari, Firefox) get the same from the fetch handler.
const FROM_PRECACHE = [
  { urlPattern: { pathname: '/', search: '' }, requestMode: 'navigate' },
  { urlPattern: '/js/*', requestMethod: 'GET' },
  { urlPattern: '/icons/*', requestMethod: 'GET' },
];

self.addEventListener('install', (event) => {
  if (event.addRoutes) {
    const routes = FROM_PRECACHE.map((condition) => ({ condition, source: { cacheName: CACHE } }));
    event.waitUntil(event.addRoutes(routes).catch(() => { /* an older engine: the fetch handler */ }));
  }
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' skips the HTTP cache so a new version never precaches stale files.
    await cache.addAll(BUILD.precache.map((url) => new Request(url, { cache: 'reload' })));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

// Content is precached with the shell and versioned with it (new content is a new worker), so
// the cached copy is the current one: answering from it never waits on a slow network (a bus,
// one bar of signal). A request not precached (one point, a search) is fetched and kept.
async function contentFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// Illustrations are precached as `…svg?v=<etag>` (a new version never takes a stale copy from the
// HTTP cache) and asked for without it. Matching without the query scans the whole cache, so it
// is only the fallback.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
  return cached || fetch(request);
}

async function appShell(request) {
  const cached = await caches.match('/', { cacheName: CACHE });
  return cached || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(appShell(request));
  } else if (CONTENT.test(url.pathname)) {
    event.respondWith(contentFirst(request));
  } else if (!url.pathname.startsWith('/api/')) {
    event.respondWith(cacheFirst(request));
  }
  // Everything else under /api/ (sync, accounts, push, reminders) goes to the network only.
});

// --- Journal Background Sync: the same lib/sync.js as the page, so conflicts resolve alike. ---

let lastSync = { state: 'idle' };
onSyncStatus((status) => { lastSync = status; });

async function syncFromWorker() {
  // The app lives at '/'; another page of the origin (an icon, a file) does not run it.
  const app = (await self.clients.matchAll({ type: 'window' })).find((w) => new URL(w.url).pathname === '/');
  if (app) {
    app.postMessage({ type: 'sync-now' }); // the open app syncs and shows its status
    return;
  }
  await syncNow();
  // A rejected promise tells the browser to try this Background Sync again later.
  if (lastSync.state === 'error' || lastSync.state === 'offline') throw new Error(lastSync.message || 'sync failed');
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'journal-sync') event.waitUntil(syncFromWorker());
});

// --- Push reminders: every push shows a notification, whatever it carries. ---

async function showReminder(data) {
  const notification = notificationFor(readPayload(data), BUILD.notification);
  try {
    await self.registration.showNotification(notification.title, notification.options);
  } catch {
    // Options this browser refuses (e.g. actions): the plainest reminder still shows.
    const { title, options } = notificationFor({}, BUILD.notification);
    await self.registration.showNotification(title, { body: options.body, icon: options.icon, data: options.data });
  }
  try {
    await recordShown(notification);
    (await self.clients.matchAll({ type: 'window' })).forEach((c) => c.postMessage({ type: 'notification-shown' }));
  } catch { /* the record is a nicety; the notification is what matters */ }
}

self.addEventListener('push', (event) => {
  event.waitUntil(showReminder(event.data).catch(() => {}));
});

/** Focus an open window of the app (and take it to `url`) before opening a new one. */
async function openApp(url) {
  const target = new URL(url, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const client = windows.find((w) => w.focused) ?? windows.find((w) => w.visibilityState === 'visible') ?? windows[0];
  if (!client) return self.clients.openWindow(target);
  await client.focus().catch(() => {}); // focusing needs the click's user activation
  const navigated = await client.navigate(target).catch(() => null);
  if (!navigated) client.postMessage({ type: 'open', url: target }); // not controlled yet: the page moves itself
  return navigated ?? client;
}

async function snooze(url) {
  if (!url) return;
  const answer = await fetch(url, { method: 'POST' }).catch(() => null);
  if (!answer?.ok) {
    // The words are the server's (server/reminders/notification.py); the fallback is for a
    // service worker served without them.
    const { title, body, tag, url: page } = BUILD.snooze_failed ?? { title: 'Snooze did not reach the server', tag: 'acupress-snooze', url: '/#/' };
    await self.registration.showNotification(title, { body, icon: BUILD.notification?.icon, tag, data: { url: page, start_url: page } });
  }
}

self.addEventListener('notificationclick', (event) => {
  const { url, start_url: startUrl, snooze_url: snoozeUrl } = event.notification.data || {};
  event.notification.close();
  if (event.action === 'snooze') {
    event.waitUntil(snooze(snoozeUrl).catch(() => {}));
    return;
  }
  // "Start" goes straight into the routine's player; a tap on the body shows the routine.
  event.waitUntil(openApp((event.action === 'start' && startUrl) || url || '/#/').catch(() => {}));
});

function keyBytes(base64url) {
  return Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

/** The browser replaced the subscription: subscribe again and tell the server, app open or not. */
async function resubscribe(event) {
  if (!(await token())) return;
  let subscription = event.newSubscription;
  if (!subscription) {
    const { public_key: key } = await api('/api/push/vapid-public-key', { auth: false });
    subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  }
  await api('/api/push/subscription', { method: 'PUT', body: subscription.toJSON() });
}

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe(event).catch(() => {
    // Offline or refused: the app re-checks and re-sends its subscription every time it opens.
  }));
});
