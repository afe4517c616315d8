// Acupress service worker: versioned precache, offline navigation, content network-first,
// journal Background Sync, push reminders. One classic script; the server fills in BUILD.
const BUILD = { version: 'dev', precache: [] };

const PREFIX = 'acupress-';
const CACHE = `${PREFIX}shell-${BUILD.version}`;
const CONTENT = /^\/api\/(points|routines|evidence|safety)(\/|$)/;

self.addEventListener('install', (event) => {
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

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
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
    event.respondWith(networkFirst(request));
  } else if (!url.pathname.startsWith('/api/')) {
    event.respondWith(cacheFirst(request));
  }
  // Everything else under /api/ (sync, accounts, push, reminders) goes to the network only.
});

// --- Journal Background Sync: send waiting changes even after the page was closed. ---

function idbRequest(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function syncFromWorker() {
  const windows = await self.clients.matchAll({ type: 'window' });
  if (windows.length) {
    windows[0].postMessage({ type: 'sync-now' }); // an open page owns its store; let it sync
    return;
  }
  const db = await idbRequest(indexedDB.open('acupress'));
  try {
    const read = db.transaction(['meta', 'records'], 'readonly');
    const token = (await idbRequest(read.objectStore('meta').get('token')))?.value;
    const dirty = await idbRequest(read.objectStore('records').index('dirty').getAll(1));
    if (!token || !dirty.length) return;
    const cursor = (await idbRequest(read.objectStore('meta').get('cursor')))?.value ?? 0;
    const changes = dirty.slice(0, 500).map((r) => (r.deleted
      ? { id: r.id, kind: r.kind, base_rev: r.rev, deleted: true }
      : { id: r.id, kind: r.kind, base_rev: r.rev, data: r.data }));
    const response = await fetch('/api/sync', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ cursor, limit: 1, changes }), // pulled changes wait for the app
    });
    if (!response.ok) throw new Error(`sync ${response.status}`);
    const result = await response.json();
    const write = db.transaction(['records'], 'readwrite');
    const records = write.objectStore('records');
    for (const item of result.applied) {
      const record = await idbRequest(records.get(item.id));
      const unchanged = record && record.stamp === dirty.find((d) => d.id === item.id).stamp;
      if (unchanged && record.deleted) records.delete(item.id);
      else if (unchanged) records.put({ ...record, rev: item.rev, dirty: 0 });
      else if (record) records.put({ ...record, rev: item.rev });
    }
  } finally {
    db.close();
  }
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'journal-sync') event.waitUntil(syncFromWorker());
});

// --- Push reminders ---

self.addEventListener('push', (event) => {
  let message = {};
  try { message = event.data ? event.data.json() : {}; } catch { message = { body: event.data?.text() }; }
  const title = message.title || 'Time for your acupressure';
  const options = {
    body: message.body || 'A few minutes of practice for your back.',
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-96.png',
    tag: message.tag || 'acupress-reminder',
    renotify: false,
    data: { url: message.url || '/#/', start_url: message.start_url || null, snooze_url: message.snooze_url || null },
    actions: [
      { action: 'start', title: 'Start' },
      { action: 'snooze', title: 'Snooze 1 h' },
    ],
  };
  // Every push shows a notification: browsers revoke subscriptions that push silently.
  event.waitUntil(self.registration.showNotification(title, options));
});

async function openApp(url) {
  const target = new URL(url, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window' });
  for (const client of windows) {
    await client.focus().catch(() => {}); // focusing needs the click's user activation
    const navigated = await client.navigate(target).catch(() => null);
    if (navigated) return navigated;
  }
  return self.clients.openWindow(target);
}

self.addEventListener('notificationclick', (event) => {
  const { url, start_url: startUrl, snooze_url: snoozeUrl } = event.notification.data || {};
  event.notification.close();
  if (event.action === 'snooze' && snoozeUrl) {
    event.waitUntil(fetch(snoozeUrl, { method: 'POST' }).catch(() => {}));
    return;
  }
  // "Start" goes straight into the routine's player; a tap on the body shows the routine.
  event.waitUntil(openApp((event.action === 'start' && startUrl) || url || '/#/'));
});

async function storedToken() {
  const db = await idbRequest(indexedDB.open('acupress'));
  try {
    return (await idbRequest(db.transaction(['meta']).objectStore('meta').get('token')))?.value;
  } finally {
    db.close();
  }
}

function keyBytes(base64url) {
  return Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

/** The browser replaced the subscription: subscribe again and tell the server, app open or not. */
async function resubscribe(event) {
  const token = await storedToken();
  if (!token) return;
  let subscription = event.newSubscription;
  if (!subscription) {
    const { public_key: key } = await (await fetch('/api/push/vapid-public-key')).json();
    subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  }
  await fetch('/api/push/subscription', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(subscription.toJSON()),
  });
}

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe(event).catch(() => {
    // Offline or refused: the app re-checks and re-sends its subscription every time it opens.
  }));
});
