// Push reminders on this device. Turning them on is four steps — permission, subscribe with the
// push service, register with our server, the first schedule — and each ends within its bound,
// in success or in a SetupError that says what went wrong and what to do next.

import { api } from './api.js';
import { ensureAccount, token } from './account.js';
import { isIOS, isStandalone } from './install.js';
import { getMeta, setMeta } from './store.js';
import { registration } from './sw-bridge.js';

export const STEPS = ['permission', 'subscribe', 'register', 'schedule'];
export const LIMIT_MS = { permission: 120000, subscribe: 10000, register: 15000, schedule: 15000 };
const STATE_KEY = 'push-state'; // 'on' | 'off' | 'waiting' (the push service never answered)

class SetupError extends Error {
  constructor(step, reason, message) {
    super(message);
    this.step = step;
    this.reason = reason; // denied | dismissed | timeout | offline | failed
  }
}

function pushSupport() {
  const capable = typeof navigator !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (isIOS() && !isStandalone()) return 'ios-needs-install'; // iOS pushes only to Home Screen apps
  if (!capable) return 'unsupported';
  return 'ok';
}

/** Where reminders stand on this device: unsupported | ios-needs-install | blocked | on | off | waiting. */
export async function pushState() {
  const support = pushSupport();
  if (support !== 'ok') return support;
  if (Notification.permission === 'denied') return 'blocked';
  const stored = (await getMeta(STATE_KEY)) ?? ((await getMeta('push-enabled')) ? 'on' : 'off'); // older key
  return stored === 'on' && Notification.permission !== 'granted' ? 'off' : stored;
}

/** `promise`, or a SetupError(step, 'timeout') once the step's time is up. */
function bounded(step, promise) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new SetupError(step, 'timeout', `No answer after ${LIMIT_MS[step] / 1000} seconds.`)), LIMIT_MS[step]);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** This browser's subscription, made with the server's key if there is none yet. */
async function currentSubscription() {
  const reg = await registration();
  const existing = await reg.pushManager.getSubscription();
  if (existing) return existing;
  const { public_key: key } = await api('/api/push/vapid-public-key', { auth: false, timeoutMs: LIMIT_MS.subscribe });
  return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
}

async function askPermission() {
  const answer = await bounded('permission', Notification.requestPermission());
  if (answer === 'denied') throw new SetupError('permission', 'denied', 'Notifications are blocked for this site.');
  if (answer !== 'granted') throw new SetupError('permission', 'dismissed', 'Notifications were not allowed.');
}

/** Run one step within its bound; any failure becomes a SetupError of that step. */
async function step(name, onStep, work) {
  onStep?.(name);
  try {
    return await bounded(name, work());
  } catch (error) {
    if (error instanceof SetupError) throw error;
    const reason = error.code === 'offline' || navigator.onLine === false ? 'offline' : 'failed';
    throw new SetupError(name, reason, error.message);
  }
}

/** Turn reminders on (call it from a tap). `firstSchedule` saves a schedule if none exists yet. */
export async function enablePush({ onStep, firstSchedule } = {}) {
  onStep?.('permission');
  await askPermission();
  const subscription = await step('subscribe', onStep, currentSubscription).catch(async (error) => {
    if (error.reason === 'timeout') await setMeta(STATE_KEY, 'waiting');
    throw error;
  });
  const status = await step('register', onStep, async () => {
    await ensureAccount();
    return api('/api/push/subscription', { method: 'PUT', body: subscription.toJSON(), timeoutMs: LIMIT_MS.register });
  });
  await setMeta(STATE_KEY, 'on');
  if (firstSchedule) await step('schedule', onStep, firstSchedule);
  return status;
}

export async function disablePush() {
  await setMeta(STATE_KEY, 'off');
  const reg = await registration();
  await (await reg?.pushManager.getSubscription())?.unsubscribe();
  if (await token()) await api('/api/push/subscription', { method: 'DELETE' });
}

/** On every start: the browser may have replaced the subscription; the server gets the current one. */
export async function refreshSubscription() {
  if ((await pushState()) !== 'on' || Notification.permission !== 'granted' || !(await token())) return;
  const subscription = await bounded('subscribe', currentSubscription());
  await api('/api/push/subscription', { method: 'PUT', body: subscription.toJSON() });
}

export const pushStatus = () => api('/api/push/status');
export const sendTestReminder = () => api('/api/push/test', { method: 'POST' });

/** After "delete everything": this browser's subscription goes too (the server's went with the account). */
export async function forgetSubscription() {
  const reg = await registration().catch(() => null);
  await (await reg?.pushManager?.getSubscription())?.unsubscribe().catch(() => {});
}
