// Where the journal's data is, in one small model that the header, About, Settings and the
// export section all read, so every sentence about data says the same true thing:
// local (saved on this phone only) · backed-up (on the server, no other device) · synced (with N
// other devices) · offline (N changes waiting) · failed (why, and what happens next).

import { token } from './account.js';
import { listDevices } from './devices.js';
import { getMeta } from './store.js';
import { onSyncStatus } from './sync.js';

const DEVICES_FRESH_MS = 60 * 1000;
const listeners = new Set();
let model = { kind: 'local', pending: 0, others: 0, message: null, retryInMs: null, busy: false };
let devicesCheckedAt = 0;

const changes = (n) => `${n} ${n === 1 ? 'change' : 'changes'}`;
const are = (n) => (n === 1 ? 'is' : 'are');
const devices = (n) => `${n} other ${n === 1 ? 'device' : 'devices'}`;

/** The model from sync's status, whether this device has an account, its linked devices, and
 * the model before: a retry after a failure is still "failed" until it succeeds. */
function modelOf(sync, hasToken, others, before = null) {
  const base = { pending: sync.pending ?? 0, others: others ?? 0, message: sync.message ?? null, retryInMs: sync.retryInMs ?? null, busy: sync.state === 'syncing' };
  if (sync.state === 'offline' || (typeof navigator !== 'undefined' && navigator.onLine === false)) return { ...base, kind: 'offline' };
  if (sync.state === 'error') return { ...base, kind: 'failed' };
  if (sync.state === 'syncing' && before?.kind === 'failed') return { ...base, kind: 'failed', message: before.message, retryInMs: null };
  if (!hasToken) return { ...base, kind: 'local' };
  return { ...base, kind: others ? 'synced' : 'backed-up' };
}

/** A few words for the header. */
export function shortText(m) {
  if (m.kind === 'local') return 'Saved on this phone only';
  if (m.kind === 'offline') return m.pending ? `Offline · ${changes(m.pending)} waiting` : 'Offline · all saved here';
  if (m.kind === 'failed') return m.busy ? 'Sync failed · trying again…' : 'Sync failed · will retry';
  if (m.busy) return 'Syncing…';
  if (m.pending) return `${changes(m.pending)} waiting to sync`;
  return m.kind === 'synced' ? `Synced with ${devices(m.others)}` : 'Backed up to the server';
}

function retryWords(m) {
  if (!m.retryInMs) return 'It tries again by itself.';
  return `It tries again in about ${Math.max(1, Math.round(m.retryInMs / 1000))} seconds, and whenever you open the app.`;
}

/** The full sentence, for About, Settings and the export section. */
export function sentence(m) {
  if (m.kind === 'local') return 'Your journal is saved on this phone only. Your first entry is copied to our server by itself (under an anonymous account, no name or email), so it can be kept safe and synced with devices you link.';
  if (m.kind === 'offline') {
    const waiting = m.pending ? `${changes(m.pending)} ${are(m.pending)} saved on this phone only, to be sent to our server when it is back online.` : 'Everything is saved on this phone.';
    return `This phone is offline. ${waiting}`;
  }
  if (m.kind === 'failed') return `The last sync failed (${m.message ?? 'no answer from the server'}). Your entries are safe on this phone${m.pending ? `, ${changes(m.pending)} waiting` : ''}. ${retryWords(m)}`;
  const waiting = m.pending ? ` ${changes(m.pending)} ${are(m.pending)} still waiting to be sent.` : '';
  if (m.kind === 'synced') return `Your journal is saved on this phone, backed up to our server and synced with ${devices(m.others)}.${waiting}`;
  return `Your journal is saved on this phone and backed up to our server, under an anonymous account. No other device is linked, so it is on no other phone.${waiting}`;
}

function publish(next) {
  model = next;
  listeners.forEach((fn) => fn(model));
}

async function refreshDevices(sync) {
  if (sync.state !== 'synced' || Date.now() - devicesCheckedAt < DEVICES_FRESH_MS) return;
  devicesCheckedAt = Date.now();
  await listDevices().catch(() => {}); // remembers the count in meta 'other-devices'
}

async function recompute(sync, checkDevices = true) {
  const hasToken = Boolean(await token());
  publish(modelOf(sync, hasToken, await getMeta('other-devices', 0), model));
  if (!checkDevices || !hasToken) return;
  await refreshDevices(sync); // then say it again, if the count changed
  publish(modelOf(sync, hasToken, await getMeta('other-devices', 0), model));
}

let lastSync = { state: 'idle', pending: 0 };
let started = false;

/** Follow the model: fn(model) now and on every change. */
export function onDataStatus(fn) {
  listeners.add(fn);
  fn(model);
  if (!started) {
    started = true;
    onSyncStatus((sync) => { lastSync = sync; recompute(sync); });
    if (typeof window !== 'undefined') ['online', 'offline'].forEach((type) => window.addEventListener(type, () => recompute(lastSync)));
  }
  return () => listeners.delete(fn);
}

/** The model as it stands now (after reading this device's account and devices). */
export async function currentDataStatus() {
  await recompute(lastSync, false);
  return model;
}

/** Say it again now, e.g. after the device list was read (it keeps the count of other devices). */
export function refreshDataStatus() {
  return recompute(lastSync, false);
}
