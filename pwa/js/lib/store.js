// IndexedDB, in the shape of the `idb` library: small promise wrappers, no network inside transactions.

const DB_NAME = 'acupress';
const DB_VERSION = 1;
let dbPromise = null;

function upgrade(db) {
  // records: journal entries, custom routines and roaming settings, as synced with the server.
  const records = db.createObjectStore('records', { keyPath: 'id' });
  records.createIndex('kind', 'kind');
  records.createIndex('dirty', 'dirty');
  // meta: device token, sync cursor, device-only answers (safety check), a running session.
  db.createObjectStore('meta', { keyPath: 'key' });
  // feedback: "hard to find" reports waiting to be sent.
  db.createObjectStore('feedback', { keyPath: 'id', autoIncrement: true });
}

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Mark this device as one that has opened the app: the start page then shows no first-open
 * welcome before the app has run (index.html). Not in the service worker (no localStorage). */
function markOpened() {
  try { localStorage.setItem('acupress:opened', '1'); } catch { /* a worker, or storage refused */ }
}

export function openDB() {
  if (!dbPromise) {
    markOpened();
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => upgrade(request.result);
    dbPromise = promised(request).then((db) => {
      db.onversionchange = () => { db.close(); dbPromise = null; };
      return db;
    });
  }
  return dbPromise;
}

/** Run fn(tx) in one transaction; resolves with fn's result once the transaction commits. */
export async function transact(storeNames, mode, fn) {
  const db = await openDB();
  const tx = db.transaction(storeNames, mode);
  const done = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
  const result = await fn(tx);
  await done;
  return result;
}

export const get = (store, key) =>
  transact([store], 'readonly', (tx) => promised(tx.objectStore(store).get(key)));
export const put = (store, value) =>
  transact([store], 'readwrite', (tx) => promised(tx.objectStore(store).put(value)));
const del = (store, key) =>
  transact([store], 'readwrite', (tx) => promised(tx.objectStore(store).delete(key)));
export const getAll = (store) =>
  transact([store], 'readonly', (tx) => promised(tx.objectStore(store).getAll()));
export const getAllFromIndex = (store, index, query) =>
  transact([store], 'readonly', (tx) => promised(tx.objectStore(store).index(index).getAll(query)));
export const clear = (store) =>
  transact([store], 'readwrite', (tx) => promised(tx.objectStore(store).clear()));
export { promised };

export async function getMeta(key, fallback = null) {
  const row = await get('meta', key);
  return row === undefined ? fallback : row.value;
}

export function setMeta(key, value) {
  return put('meta', { key, value });
}

export function deleteMeta(key) {
  return del('meta', key);
}
