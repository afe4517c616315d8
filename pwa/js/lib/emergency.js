// The emergency number and urgent-advice line for where the person is: chosen in Settings, or
// guessed from the browser's language region (en-GB → United Kingdom), or 112 with a prompt to choose.

import { deviceSetting, setDeviceSetting } from './settings.js';
import { safety } from './safety.js';

const KEY = 'emergency-region';

/** The region subtags of the browser's languages, e.g. ['GB', 'DE'], most preferred first. */
function localeRegions() {
  return (navigator.languages ?? [navigator.language]).map((tag) => {
    try { return new Intl.Locale(tag).region; } catch { return undefined; }
  }).filter(Boolean);
}

function entryFor(list, region) {
  return list.find((e) => e.id === region) ?? list.find((e) => e.countries?.includes(region));
}

/** {id, label, emergency, advice?, note?, chosen: bool, guessed: bool} for this device. */
export async function emergencyNumbers() {
  const [{ emergency_numbers: list }, chosen] = await Promise.all([safety(), deviceSetting(KEY)]);
  const picked = chosen && list.find((e) => e.id === chosen);
  if (picked) return { ...picked, chosen: true, guessed: false };
  const guessed = localeRegions().map((r) => entryFor(list, r)).find(Boolean);
  if (guessed) return { ...guessed, chosen: false, guessed: true };
  return { ...list.find((e) => e.id === 'other'), chosen: false, guessed: false };
}

export async function chooseEmergencyRegion(id) {
  await setDeviceSetting(KEY, id);
}

/** A tel: URL for a number as dialled (digits only). */
export const telHref = (number) => `tel:${String(number).replace(/[^0-9+]/g, '')}`;
