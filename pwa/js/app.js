// Wires the app together: service worker, install offer, journal sync, and the router.

import { flushFeedback } from './lib/feedback.js';
import { captureInstallPrompt } from './lib/install.js';
import { onRecordsChanged } from './lib/journal.js';
import { refreshSubscription } from './lib/push.js';
import { getMeta, setMeta } from './lib/store.js';
import { onSyncStatus, startSync, syncSoon, syncNow } from './lib/sync.js';
import { onServiceWorkerMessage, registerServiceWorker, requestBackgroundSync } from './lib/sw-bridge.js';
import { start } from './router.js';

const SYNC_TEXT = {
  synced: () => 'Synced',
  pending: (s) => `${s.pending} waiting to sync`,
  syncing: () => 'Syncing…',
  offline: (s) => (s.pending ? `Offline · ${s.pending} saved here` : 'Offline'),
  error: () => 'Sync paused · will retry',
  unlinked: () => 'This device was signed out',
  idle: () => '',
};

function showSyncStatus(status) {
  const el = document.getElementById('sync-status');
  el.dataset.state = status.state;
  el.textContent = SYNC_TEXT[status.state](status);
}

captureInstallPrompt();
start(document.getElementById('main'));
registerServiceWorker().catch((error) => console.warn('service worker not registered', error));

onSyncStatus(showSyncStatus);
/** Once the journal holds something worth keeping, ask the browser not to evict it. */
async function askToKeepData() {
  if (!navigator.storage?.persist || (await getMeta('asked-persist'))) return;
  await setMeta('asked-persist', true);
  await navigator.storage.persist();
}

onRecordsChanged((event) => {
  if (event.detail?.sync || event.detail?.wiped) return;
  syncSoon();
  if (!navigator.onLine) requestBackgroundSync();
  askToKeepData();
});
onServiceWorkerMessage('sync-now', syncNow);
startSync().then(() => refreshSubscription()).catch(() => {});
window.addEventListener('online', flushFeedback);
flushFeedback();
