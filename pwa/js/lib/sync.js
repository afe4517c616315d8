// Journal sync (protocol: POST /api/sync, described in /api/openapi.json). Local first: the UI
// never waits on this; it runs on start, after saves, when back online and every few minutes.

import { api, ApiError, ensureAccount, token, wipeLocalData } from './account.js';
import { getAllFromIndex, getMeta, setMeta, transact, promised } from './store.js';
import { notifyChanged } from './journal.js';

const BATCH = 200;
const INTERVAL_MS = 5 * 60 * 1000;
const RETRY_FIRST_MS = 5000;
const listeners = new Set();
let running = null;
let retryTimer = null;
let failures = 0;

/** After a failed sync, try again soon, then less and less often (5 s, 10 s, … up to 5 min). */
function retryLater() {
  clearTimeout(retryTimer);
  const delay = Math.min(INTERVAL_MS, RETRY_FIRST_MS * 2 ** failures);
  failures += 1;
  retryTimer = setTimeout(syncNow, delay);
}
let status = { state: 'idle', pending: 0 };

function setStatus(next) {
  status = { ...status, ...next };
  listeners.forEach((fn) => fn(status));
}

export function onSyncStatus(fn) {
  listeners.add(fn);
  fn(status);
  return () => listeners.delete(fn);
}

const asChange = (r) => (r.deleted
  ? { id: r.id, kind: r.kind, base_rev: r.rev, deleted: true }
  : { id: r.id, kind: r.kind, base_rev: r.rev, data: r.data });

/** Keep what the person wrote when their edit lost: append a losing note to the winner. */
function mergedNote(winner, lost) {
  const note = lost?.data?.note;
  if (!winner || winner.deleted || !note || (winner.data.note ?? '').includes(note)) return null;
  if (!('note' in winner.data)) return null;
  return { ...winner.data, note: `${winner.data.note ? `${winner.data.note}\n` : ''}${note}`.slice(0, 2000) };
}

function applyResult(store, sent, result) {
  const work = [];
  const sentById = new Map(sent.map((r) => [r.id, r]));
  for (const { id, rev } of result.applied) {
    work.push(promised(store.get(id)).then((local) => {
      if (!local) return;
      const unchanged = local.stamp === sentById.get(id).stamp;
      if (unchanged && local.deleted) store.delete(id);
      else store.put({ ...local, rev, dirty: unchanged ? 0 : 1 });
    }));
  }
  for (const c of result.conflicts) {
    work.push(promised(store.get(c.id)).then((local) => {
      const unchanged = local && local.stamp === sentById.get(c.id).stamp;
      if (local && !unchanged) { // edited again meanwhile: resolve on the next sync
        store.put({ ...local, rev: c.winner === 'client' ? c.rev : local.rev });
        return;
      }
      if (c.deleted) { store.delete(c.id); return; }
      const keep = c.winner === 'server' ? mergedNote(c, c.lost) : null;
      const stamp = (local?.stamp ?? 0) + 1;
      store.put({ id: c.id, kind: c.kind, data: keep ?? c.data, deleted: false, rev: c.rev, dirty: keep ? 1 : 0, stamp });
    }));
  }
  for (const change of result.changes) {
    work.push(promised(store.get(change.id)).then((local) => {
      if (local && (local.dirty || local.rev >= change.rev)) return;
      if (change.deleted) store.delete(change.id);
      else store.put({ id: change.id, kind: change.kind, data: change.data, deleted: false, rev: change.rev, dirty: 0, stamp: local?.stamp ?? 0 });
    }));
  }
  return Promise.all(work);
}

/** One request: push up to `size` pending changes, pull a page. A 413 means: send fewer. */
async function exchange(size) {
  const pending = (await getAllFromIndex('records', 'dirty', 1)).slice(0, size);
  const cursor = await getMeta('cursor', 0);
  const result = await api('/api/sync', { method: 'POST', body: { cursor, limit: BATCH, changes: pending.map(asChange) } })
    .catch((error) => { error.sent = pending.length; throw error; });
  await transact(['records', 'meta'], 'readwrite', async (tx) => {
    await applyResult(tx.objectStore('records'), pending, result);
    tx.objectStore('meta').put({ key: 'cursor', value: result.cursor });
  });
  if (result.changes.length || result.conflicts.length) notifyChanged({ sync: true });
  const left = (await getAllFromIndex('records', 'dirty', 1)).length;
  return { more: result.more || (left > 0 && pending.length === size), left };
}

async function run() {
  const pending = (await getAllFromIndex('records', 'dirty', 1)).length;
  if (!navigator.onLine) { setStatus({ state: 'offline', pending }); return; }
  if (!pending && !(await token())) { setStatus({ state: 'idle', pending }); return; }
  setStatus({ state: 'syncing', pending });
  try {
    await ensureAccount();
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
    failures = 0;
    await setMeta('last-sync', new Date().toISOString());
    const left = (await getAllFromIndex('records', 'dirty', 1)).length;
    setStatus({ state: left ? 'pending' : 'synced', pending: left });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && (await token())) {
      await wipeLocalData(); // this device was unlinked elsewhere: it keeps no health data
      notifyChanged({ wiped: true });
      setStatus({ state: 'unlinked', pending: 0 });
      return;
    }
    setStatus({ state: navigator.onLine ? 'error' : 'offline', message: error.message });
    if (navigator.onLine) retryLater();
  }
}

/** Sync now (one run at a time; a request during a run queues one more run). */
export function syncNow() {
  if (running) { running.again = true; return running.promise; }
  const job = { again: false };
  job.promise = (async () => {
    do { job.again = false; await run(); } while (job.again);
    running = null;
  })();
  running = job;
  return job.promise;
}

let saveTimer = null;
export function syncSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(syncNow, 1500);
}

export function startSync() {
  window.addEventListener('online', syncNow);
  window.addEventListener('offline', () => setStatus({ state: 'offline' }));
  setInterval(() => { if (document.visibilityState === 'visible') syncNow(); }, INTERVAL_MS);
  return syncNow();
}
