// Push reminders on this device: permission on the person's tap, the subscription on the server.

import { api, ensureAccount, token } from './account.js';
import { isIOS, isStandalone } from './install.js';
import { getMeta, setMeta } from './store.js';
import { registration } from './sw-bridge.js';

export function pushSupport() {
  if (isIOS() && !isStandalone()) return 'ios-needs-install';
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return 'ok';
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
  const { public_key: key } = await api('/api/push/vapid-public-key', { auth: false });
  return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
}

const register = async () => api('/api/push/subscription', { method: 'PUT', body: (await currentSubscription()).toJSON() });

/** Ask permission (call it from a tap), subscribe, and register the subscription for this device. */
export async function enablePush() {
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('Notifications were not allowed.');
  await ensureAccount();
  const status = await register();
  await setMeta('push-enabled', true);
  return status;
}

export async function disablePush() {
  await setMeta('push-enabled', false);
  const reg = await registration();
  await (await reg?.pushManager.getSubscription())?.unsubscribe();
  if (await token()) await api('/api/push/subscription', { method: 'DELETE' });
}

/** On every start: the browser may have replaced the subscription; the server gets the current one. */
export async function refreshSubscription() {
  if (!(await getMeta('push-enabled')) || pushSupport() !== 'ok' || Notification.permission !== 'granted') return;
  if (await token()) await register();
}

export const pushStatus = () => api('/api/push/status');
