// All service-worker plumbing: registration, the "Update available" flow, messages.

import { html, on, paint } from './dom.js';

let refreshing = false;

function offerUpdate(registration) {
  const banners = document.getElementById('banners');
  if (!banners || banners.querySelector('[data-banner="update"]')) return;
  const holder = document.createElement('div');
  paint(holder, html`
    <div class="banner" data-banner="update" role="region" aria-label="Update">
      <p>An update to Acupress is available.</p>
      <button type="button" class="primary" data-action="apply-update">Update now</button>
    </div>`);
  banners.append(holder.firstElementChild);
  on(banners, 'click', '[data-action="apply-update"]', () => {
    registration.waiting?.postMessage({ type: 'skip-waiting' });
  });
}

function watchForWaiting(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration);
  registration.addEventListener('updatefound', () => {
    const incoming = registration.installing;
    // An update only if an older version is active now. Asked here, not at 'installed': WebKit
    // delivers that event after the first worker has already claimed the page (controller set),
    // which made a first visit look like an update and reload itself.
    const isUpdate = Boolean(registration.active);
    incoming?.addEventListener('statechange', () => {
      if (incoming.state === 'installed' && isUpdate) offerUpdate(registration);
    });
  });
}

export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Reload only when the person asked for the update (the first install just takes control).
    if (refreshing || !document.querySelector('[data-banner="update"]')) return;
    refreshing = true;
    location.reload();
  });
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', type: 'module', updateViaCache: 'none' });
  // A module worker: it imports lib/sync.js, so Background Sync runs the page's own sync code.
  watchForWaiting(registration);
  // Look for a new version when the app comes back to the foreground.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });
  return registration;
}

export async function registration() {
  if (!('serviceWorker' in navigator)) return null;
  return navigator.serviceWorker.ready;
}

/** Ask the browser to run a Background Sync later (where supported). */
export async function requestBackgroundSync(tag = 'journal-sync') {
  const reg = await registration();
  if (reg && 'sync' in reg) {
    try { await reg.sync.register(tag); } catch { /* permission or support missing: the app syncs itself */ }
  }
}

export function onServiceWorkerMessage(type, handler) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type === type) handler(event.data);
  });
}
