// This device's anonymous identity: a bearer token made on first sync or by linking.

import { clear, deleteMeta, getMeta, setMeta, transact, promised } from './store.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const token = () => getMeta('token');
export const thisDevice = () => getMeta('device');

export function deviceName() {
  const ua = navigator.userAgent;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad|iPod/.test(ua) ? 'iOS'
    : /Mac/.test(ua) ? 'Mac' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  return `${browser} on ${os}`;
}

/** fetch for the API: JSON in and out, the device token when asked, ApiError on failure. */
export async function api(path, { method = 'GET', body, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) headers.Authorization = `Bearer ${await token()}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = payload.error ?? {};
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`);
  }
  return payload;
}

async function remember({ token: newToken, device }) {
  await setMeta('token', newToken);
  await setMeta('device', device);
  return newToken;
}

/** The device token, creating an anonymous account on first use. */
export async function ensureAccount() {
  return (await token()) || remember(await api('/api/accounts', { method: 'POST', auth: false, body: { device_name: deviceName() } }));
}

/** Every local record goes up again as new: it is joining a different account. */
async function resetForNewAccount() {
  await transact(['records'], 'readwrite', async (tx) => {
    const store = tx.objectStore('records');
    for (const record of await promised(store.getAll())) {
      if (record.deleted) store.delete(record.id);
      else store.put({ ...record, rev: 0, dirty: 1, stamp: (record.stamp ?? 0) + 1 });
    }
  });
  await setMeta('cursor', 0);
}

/** Join the account that made `code`; this device's old account (if any) lets it go. */
export async function redeemLinkCode(code) {
  const oldToken = await token();
  const oldDevice = await thisDevice();
  const joined = await api('/api/link-codes/redeem', { method: 'POST', auth: false, body: { code, device_name: deviceName() } });
  if (oldToken && oldDevice) {
    fetch(`/api/devices/${oldDevice.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${oldToken}` } }).catch(() => {});
  }
  await resetForNewAccount();
  await remember(joined);
  return joined.device;
}

/** Forget everything this device holds: journal, token, cursor, running session, answers. */
export async function wipeLocalData() {
  await Promise.all([clear('records'), clear('feedback'), clear('meta')]);
}

export { deleteMeta };
