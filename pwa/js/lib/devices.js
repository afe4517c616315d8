// The account's devices: list them, remove one, sign this one out.

import { api } from './api.js';
import { thisDevice } from './account.js';
import { setMeta } from './store.js';

/** The account's devices; also remembers how many others there are, for the status words. */
export async function listDevices() {
  const { devices } = await api('/api/devices');
  await setMeta('other-devices', devices.filter((d) => !d.current).length);
  return devices;
}

export const removeDevice = (id) => api(`/api/devices/${id}`, { method: 'DELETE' });

/** Let the server forget this device (best effort: the local wipe happens anyway). */
export async function forgetThisDevice() {
  const me = await thisDevice();
  if (me) await removeDevice(me.id).catch(() => {});
}
