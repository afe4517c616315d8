// The reminder schedule as local-first data: this device keeps a copy (IndexedDB meta
// 'reminder-schedule': {schedule, pending}) that Settings shows offline; saving writes the copy
// first, then PUTs it under its client-made id, so a retry or an offline save sent later can
// never make a second schedule. Two devices: the later modified_at wins (server rule, see
// PUT /api/reminders/schedules/{id}); the loser adopts the winner from the answer.

import { api } from './api.js';
import { ensureAccount, token } from './account.js';
import { getMeta, setMeta } from './store.js';
import { timezone } from './time.js';

const KEY = 'reminder-schedule';
const SHOWN_KEY = 'last-notification'; // written by the service worker when it shows one
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const FIELDS = ['times', 'weekdays', 'timezone', 'enabled', 'skip_if_practised', 'routine_id'];

export const newSchedule = () => ({ times: ['07:30'], weekdays: [...WEEKDAYS], timezone: timezone(), enabled: true, skip_if_practised: true, routine_id: null });

/** {schedule, pending} as saved on this device, or null before the first save. */
export const localSchedule = () => getMeta(KEY);

const bodyOf = (schedule) => ({ ...Object.fromEntries(FIELDS.map((f) => [f, schedule[f]])), modified_at: schedule.modified_at });

/** Send the local copy if it has changes waiting; keep the server's answer (the winner). */
export async function sendPendingSchedule() {
  const local = await localSchedule();
  if (!local?.pending) return local;
  await ensureAccount();
  const stored = await api(`/api/reminders/schedules/${local.schedule.id}`, { method: 'PUT', body: bodyOf(local.schedule) });
  const now = await localSchedule();
  const editedMeanwhile = now?.schedule.modified_at !== local.schedule.modified_at;
  const next = editedMeanwhile ? now : { schedule: stored, pending: false };
  await setMeta(KEY, next);
  return next;
}

/** Save `fields` here first, then on the server; resolves {saved: 'server' | 'device', error}. */
export async function saveSchedule(fields) {
  const local = await localSchedule();
  const schedule = { ...local?.schedule, ...fields, id: local?.schedule.id ?? crypto.randomUUID(), modified_at: new Date().toISOString() };
  await setMeta(KEY, { schedule, pending: true });
  try {
    await sendPendingSchedule();
    return { saved: 'server', error: null };
  } catch (error) {
    return { saved: 'device', error };
  }
}

/** Catch up with the server: send waiting changes, else adopt the server's schedule. Throws
 * (the caller shows why) when the server cannot be asked; the local copy stays as it was. */
export async function refreshSchedule() {
  if (!(await token())) return localSchedule();
  const local = await localSchedule();
  if (local?.pending) return sendPendingSchedule();
  const { schedules } = await api('/api/reminders/schedules');
  const server = schedules.find((s) => s.id === local?.schedule.id) ?? schedules[0] ?? null;
  const next = server ? { schedule: server, pending: false } : null;
  if (next || local) await setMeta(KEY, next);
  return next;
}

/** The last notification the service worker showed on this device: {at, type, tag} or null. */
export const lastShown = () => getMeta(SHOWN_KEY);

/** The calendar feed: its state, a new private URL (the old one stops working), or none. */
export const calendarFeed = async () => ((await token()) ? api('/api/reminders/calendar') : null);
export async function makeCalendarFeed() {
  await ensureAccount();
  return api('/api/reminders/calendar', { method: 'POST' });
}
export const revokeCalendarFeed = () => api('/api/reminders/calendar', { method: 'DELETE' });
