// Journal sync (protocol: POST /api/sync, described in /api/openapi.json). Local first: the UI
// never waits on this. The page runs it on start, after saves, when back online, on becoming
// visible and every few minutes; the service worker's Background Sync runs this same module, so
// a conflict is resolved the same way wherever it is met. Records are written by lib/journal.js.

import { ApiError } from './api-error.js';
import { api } from './api.js';
import { ensureAccount, token, wipeLocalData } from './account.js';
import { applySyncResult, notifyChanged, pendingRecords } from './journal.js';
import { getMeta } from './store.js';

const BATCH = 200;
const INTERVAL_MS = 5 * 60 * 1000;
const RETRY_FIRST_MS = 5000;
const SYNC_TIMEOUT_MS = 30000;
const listeners = new Set();
let running = null;
let retryTimer = null;
let failures = 0;
let status = { state: 'idle', pending: 0 };

/** After a failed sync, try again soon, then less and less often (5 s, 10 s, … up to 5 min). */
function retryLater() {
  clearTimeout(retryTimer);
  const delay = Math.min(INTERVAL_MS, RETRY_FIRST_MS * 2 ** failures);
  failures += 1;
  retryTimer = setTimeout(syncNow, delay);
  return delay;
}

function setStatus(next) {
  status = { ...status, ...next };
  listeners.forEach((fn) => fn(status));
}

export function onSyncStatus(fn) {
  listeners.add(fn);
  fn(status);
  return () => listeners.delete(fn);
}

/** After "delete everything" or a sign-out: nothing is waiting, nothing was synced. */
export function resetSyncStatus() {
  clearTimeout(retryTimer);
  failures = 0;
  setStatus({ state: 'idle', pending: 0, message: null, retryInMs: null });
}

const asChange = (r) => (r.deleted
  ? { id: r.id, kind: r.kind, base_rev: r.rev, deleted: true }
  : { id: r.id, kind: r.kind, base_rev: r.rev, data: r.data });

/** One request: push up to `size` pending changes, pull a page. A 413 means: send fewer. */
async function exchange(size) {
  const pending = (await pendingRecords()).slice(0, size);
  const cursor = await getMeta('cursor', 0);
  const body = { cursor, limit: BATCH, changes: pending.map(asChange) };
  const result = await api('/api/sync', { method: 'POST', body, timeoutMs: SYNC_TIMEOUT_MS })
    .catch((error) => { error.sent = pending.length; throw error; });
  await applySyncResult(pending, result);
  const left = (await pendingRecords()).length;
  // More to do: the server has more, the batch was full, or a conflict left a merged note to send.
  const resend = left > 0 && (pending.length === size || result.conflicts.length > 0);
  return { more: result.more || resend, left };
}

async function exchangeAll() {
  let size = BATCH;
  for (let round = 0; round < 50; round += 1) {
    let outcome;
    try {
      outcome = await exchange(size);
    } catch (error) {
      if (error.status !== 413 || error.sent <= 1) throw error;
      size = Math.ceil(error.sent / 2); // long notes made the batch too big for one request
      continue;
    }
    setStatus({ pending: outcome.left });
    if (!outcome.more) break;
  }
}

async function failed(error) {
  if (error instanceof ApiError && error.status === 401 && (await token())) {
    await wipeLocalData(); // this device was unlinked elsewhere: it keeps no health data
    notifyChanged({ wiped: true });
    setStatus({ state: 'unlinked', pending: 0 });
    return;
  }
  const pending = (await pendingRecords()).length;
  if (navigator.onLine === false) { setStatus({ state: 'offline', pending, message: error.message }); return; }
  const retryInMs = retryLater();
  setStatus({ state: 'error', pending, message: error.message, retryInMs });
}

async function run() {
  const pending = (await pendingRecords()).length;
  if (navigator.onLine === false) { setStatus({ state: 'offline', pending }); return; }
  if (!pending && !(await token())) { setStatus({ state: 'idle', pending }); return; }
  setStatus({ state: 'syncing', pending });
  try {
    await ensureAccount();
    await exchangeAll();
    failures = 0;
    const left = (await pendingRecords()).length;
    setStatus({ state: left ? 'pending' : 'synced', pending: left, message: null, retryInMs: null });
  } catch (error) {
    await failed(error);
  }
}

/** Sync now (one run at a time; a request during a run queues one more run). */
export function syncNow() {
  if (running) { running.again = true; return running.promise; }
  const job = { again: false };
  job.promise = (async () => {
    try {
      do { job.again = false; await run(); } while (job.again);
    } finally {
      running = null;
    }
  })();
  running = job;
  return job.promise;
}

let saveTimer = null;
export function syncSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(syncNow, 1500);
}

/** The page's triggers. They are also the fallback where Background Sync is missing (WebKit):
 * on open, on `online`, on becoming visible again and on an interval while visible. */
export function startSync() {
  window.addEventListener('online', syncNow);
  window.addEventListener('offline', async () => setStatus({ state: 'offline', pending: (await pendingRecords()).length }));
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') syncNow(); });
  setInterval(() => { if (document.visibilityState === 'visible') syncNow(); }, INTERVAL_MS);
  return syncNow();
}
