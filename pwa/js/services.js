// What runs beside the views: the service worker, journal sync, reminders, the header's data
// status and feedback. app.js starts it once the first view is drawn, so none of it stands
// between opening the app and seeing it (issue #16).

import { flushFeedback } from './lib/feedback.js';
import { onRecordsChanged } from './lib/journal.js';
import { refreshSubscription } from './lib/push.js';
import { sendPendingSchedule } from './lib/reminders.js';
import { shortText, onDataStatus } from './lib/status.js';
import { getMeta, setMeta } from './lib/store.js';
import { onSyncStatus, startSync, syncSoon, syncNow } from './lib/sync.js';
import { onServiceWorkerMessage, registerServiceWorker, requestBackgroundSync } from './lib/sw-bridge.js';

/** The header says where the data is (lib/status.js); data-state keeps sync's own state. */
function showDataStatus(model) {
  const el = document.getElementById('sync-status');
  el.dataset.status = model.kind;
  el.textContent = shortText(model);
}

function showSyncState(status) {
  document.getElementById('sync-status').dataset.state = status.state;
}

/** Once the journal holds something worth keeping, ask the browser not to evict it. */
async function askToKeepData() {
  if (!navigator.storage?.persist || (await getMeta('asked-persist'))) return;
  await setMeta('asked-persist', true);
  await navigator.storage.persist();
}

export function startServices() {
  registerServiceWorker().catch((error) => console.warn('service worker not registered', error));
  onSyncStatus(showSyncState);
  onDataStatus(showDataStatus);
  const sendSchedule = () => sendPendingSchedule().catch(() => {});
  // A reminder schedule saved offline goes up once the server answers again (same id: no duplicate).
  onSyncStatus((status) => { if (status.state === 'synced') sendSchedule(); });
  window.addEventListener('online', sendSchedule);
  onRecordsChanged((event) => {
    if (event.detail?.sync || event.detail?.wiped) return;
    syncSoon();
    if (!navigator.onLine) requestBackgroundSync();
    askToKeepData();
  });
  onServiceWorkerMessage('sync-now', syncNow);
  // A tapped notification whose window the worker could not navigate: go there ourselves.
  onServiceWorkerMessage('open', ({ url }) => { if (new URL(url).origin === location.origin) location.href = url; });
  startSync().then(() => refreshSubscription()).catch(() => {});
  sendSchedule();
  window.addEventListener('online', flushFeedback);
  flushFeedback();
}
