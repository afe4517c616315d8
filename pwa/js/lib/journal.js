// The local journal, and the one owner of a record's local state: every write of a record's
// data, rev, dirty flag and stamp happens here — the views' saves, sync's results (from the page
// or from the service worker's Background Sync), imports and joining another account.
// Works in a window and in the service worker (no DOM).

import { getAll, getAllFromIndex, get, transact, promised } from './store.js';
import { localISO } from './time.js';

export const SETTINGS_ID = '00000000-0000-4000-8000-000000000001';
const CHANGED = 'acupress:records';
const NOTE_LIMIT = 2000;

function changed(detail) {
  // In the service worker there is no page to tell; the page re-reads when it next syncs.
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(CHANGED, { detail }));
}

const nextStamp = (record) => (record?.stamp ?? 0) + 1;

/** Save a record's data locally, mark it for sync. `stamp` lets sync tell if it changed meanwhile. */
export async function saveRecord(kind, id, data) {
  const saved = await transact(['records'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    const existing = await promised(store.get(id));
    const record = { id, kind, data: { ...data, modified_at: localISO() }, deleted: false, rev: existing?.rev ?? 0, dirty: 1, stamp: nextStamp(existing) };
    store.put(record);
    return record;
  });
  changed({ id, kind });
  return saved;
}

/** Delete locally as a tombstone, so the deletion reaches the other devices. */
export async function deleteRecord(id) {
  await transact(['records'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    const existing = await promised(store.get(id));
    if (!existing) return;
    if (!existing.rev && existing.dirty) { store.delete(id); return; } // never reached the server
    store.put({ ...existing, data: null, deleted: true, dirty: 1, stamp: nextStamp(existing) });
  });
  changed({ id });
}

export async function getRecord(id) {
  const record = await get('records', id);
  return record && !record.deleted ? record : null;
}

export async function listRecords(kind) {
  const records = kind ? await getAllFromIndex('records', 'kind', kind) : await getAll('records');
  return records.filter((r) => !r.deleted);
}

export const pendingRecords = () => getAllFromIndex('records', 'dirty', 1);
export const pendingCount = async () => (await pendingRecords()).length;

export function onRecordsChanged(handler) {
  window.addEventListener(CHANGED, handler);
  return () => window.removeEventListener(CHANGED, handler);
}

/** Add an export's records that are not here yet, as new changes; returns how many were added. */
export async function addImported(records) {
  const added = await transact(['records'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    let count = 0;
    for (const r of records) {
      if (await promised(store.get(r.id))) continue; // present, or deleted here on purpose
      store.put({ id: r.id, kind: r.kind, data: r.data, deleted: false, rev: 0, dirty: 1, stamp: 1 });
      count += 1;
    }
    return count;
  });
  if (added) changed({ imported: added });
  return added;
}

/** Every local record goes up again as new: this device is joining a different account. */
export async function resetForNewAccount() {
  await transact(['records', 'meta'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    for (const record of await promised(store.getAll())) {
      if (record.deleted) store.delete(record.id);
      else store.put({ ...record, rev: 0, dirty: 1, stamp: nextStamp(record) });
    }
    tx.objectStore('meta').put({ key: 'cursor', value: 0 });
  });
}

/** Keep what the person wrote when their edit lost: append a losing note to the winner. */
function mergedNote(winner, lost) {
  const note = lost?.data?.note;
  if (!winner || winner.deleted || !note || (winner.data.note ?? '').includes(note)) return null;
  if (!('note' in winner.data)) return null;
  return { ...winner.data, note: `${winner.data.note ? `${winner.data.note}\n` : ''}${note}`.slice(0, NOTE_LIMIT) };
}

function acceptApplied(store, local, sent, rev) {
  if (!local) return;
  const unchanged = local.stamp === sent.stamp;
  if (unchanged && local.deleted) store.delete(local.id);
  else store.put({ ...local, rev, dirty: unchanged ? 0 : 1 });
}

/** The documented rule: the server's winner is kept; a losing note is appended and sent again. */
function acceptConflict(store, local, sent, c) {
  if (local && local.stamp !== sent.stamp) { // edited again meanwhile: resolve on the next sync
    store.put({ ...local, rev: c.winner === 'client' ? c.rev : local.rev });
    return;
  }
  if (c.deleted) { store.delete(c.id); return; }
  const keep = c.winner === 'server' ? mergedNote(c, c.lost) : null;
  store.put({ id: c.id, kind: c.kind, data: keep ?? c.data, deleted: false, rev: c.rev, dirty: keep ? 1 : 0, stamp: nextStamp(local) });
}

function acceptPulled(store, local, change) {
  if (local && (local.dirty || local.rev >= change.rev)) return;
  if (change.deleted) store.delete(change.id);
  else store.put({ id: change.id, kind: change.kind, data: change.data, deleted: false, rev: change.rev, dirty: 0, stamp: local?.stamp ?? 0 });
}

/** Apply one /api/sync answer to the records `sent` in it, and keep the new cursor, atomically. */
export async function applySyncResult(sent, result) {
  const sentById = new Map(sent.map((r) => [r.id, r]));
  await transact(['records', 'meta'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    const local = (id) => promised(store.get(id));
    await Promise.all([
      ...result.applied.map(async ({ id, rev }) => acceptApplied(store, await local(id), sentById.get(id), rev)),
      ...result.conflicts.map(async (c) => acceptConflict(store, await local(c.id), sentById.get(c.id), c)),
      ...result.changes.map(async (change) => acceptPulled(store, await local(change.id), change)),
    ]);
    tx.objectStore('meta').put({ key: 'cursor', value: result.cursor });
  });
  if (result.changes.length || result.conflicts.length) changed({ sync: true });
}

export { changed as notifyChanged };
