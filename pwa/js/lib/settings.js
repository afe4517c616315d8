// Settings that roam between a person's devices (one synced record) and ones that stay here.

import { getRecord, saveRecord, SETTINGS_ID } from './journal.js';
import { getMeta, setMeta } from './store.js';

const DEFAULTS = {
  pregnancy: false,
  weekly_goal: 5,
  sound: true,
  speech: false,
  vibration: true,
  breathing: false,
};

export async function settings() {
  const record = await getRecord(SETTINGS_ID);
  const { modified_at: _ignored, ...data } = record?.data ?? {};
  return { ...DEFAULTS, ...data };
}

export async function updateSettings(changes) {
  const next = { ...(await settings()), ...changes };
  await saveRecord('settings', SETTINGS_ID, next);
  return next;
}

// Device-only: the safety check's answers never leave this device.
export const deviceSetting = (key, fallback = null) => getMeta(`setting:${key}`, fallback);
export const setDeviceSetting = (key, value) => setMeta(`setting:${key}`, value);
