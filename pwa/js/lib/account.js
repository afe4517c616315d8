// This device's anonymous identity: a bearer token made on first sync or by linking, and the
// account's own requests (create, link, delete everything).

import { api } from './api.js';
import { resetForNewAccount } from './journal.js';
import { clear, getMeta, setMeta } from './store.js';

export const token = () => getMeta('token');
export const thisDevice = () => getMeta('device');

function deviceName() {
  const ua = navigator.userAgent;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad|iPod/.test(ua) ? 'iOS'
    : /Mac/.test(ua) ? 'Mac' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  return `${browser} on ${os}`;
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

/** A one-time code another device can redeem to join this account. */
export async function makeLinkCode() {
  await ensureAccount();
  return api('/api/link-codes', { method: 'POST' });
}

/** Join the account that made `code`; this device's old account (if any) lets it go. */
export async function redeemLinkCode(code) {
  const oldToken = await token();
  const oldDevice = await thisDevice();
  const joined = await api('/api/link-codes/redeem', { method: 'POST', auth: false, body: { code, device_name: deviceName() } });
  if (oldToken && oldDevice) {
    api(`/api/devices/${oldDevice.id}`, { method: 'DELETE', bearer: oldToken }).catch(() => {});
  }
  await resetForNewAccount();
  await remember(joined);
  return joined.device;
}

/** Forget everything this device holds: journal, token, cursor, running session, answers. */
export async function wipeLocalData() {
  await Promise.all([clear('records'), clear('feedback'), clear('meta')]);
}

/** Delete the account on the server (if there is one), then everything on this device. */
export async function deleteEverything() {
  if (await token()) await api('/api/account', { method: 'DELETE' });
  await wipeLocalData();
}
