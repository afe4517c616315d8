// The local journal: every write lands in IndexedDB first; sync carries it to the server later.

import { getAll, getAllFromIndex, get, transact, promised } from './store.js';
import { localISO } from './time.js';

export const SETTINGS_ID = '00000000-0000-4000-8000-000000000001';
export const CHANGED = 'acupress:records';

function changed(detail) {
  window.dispatchEvent(new CustomEvent(CHANGED, { detail }));
}

/** Save a record's data locally, mark it for sync. `stamp` lets sync tell if it changed meanwhile. */
export async function saveRecord(kind, id, data) {
  const saved = await transact(['records'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    const existing = await promised(store.get(id));
    const record = {
      id,
      kind,
      data: { ...data, modified_at: localISO() },
      deleted: false,
      rev: existing?.rev ?? 0,
      dirty: 1,
      stamp: (existing?.stamp ?? 0) + 1,
    };
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
    store.put({ ...existing, data: null, deleted: true, dirty: 1, stamp: (existing.stamp ?? 0) + 1 });
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

export async function pendingCount() {
  return (await getAllFromIndex('records', 'dirty', 1)).length;
}

export function onRecordsChanged(handler) {
  window.addEventListener(CHANGED, handler);
  return () => window.removeEventListener(CHANGED, handler);
}

export { changed as notifyChanged };
