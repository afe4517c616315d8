// The point library from the content API (the service worker keeps a copy for offline use).

import { api } from './api.js';

const cache = new Map();

/** One request per address while the page lives (a failed one is asked again next time). */
function fetchJSON(url) {
  if (!cache.has(url)) {
    const request = api(url, { auth: false });
    cache.set(url, request);
    request.catch(() => cache.delete(url));
  }
  return cache.get(url);
}

export async function points() {
  return (await fetchJSON('/api/points')).points;
}

export async function pointsByCode() {
  return new Map((await points()).map((p) => [p.code, p]));
}

export async function presetRoutines() {
  return (await fetchJSON('/api/routines')).routines;
}

export async function evidence() {
  return (await fetchJSON('/api/evidence')).evidence;
}

export const REGIONS = [
  { id: 'lower-back', label: 'Lower back' },
  { id: 'upper-back-neck', label: 'Upper back and neck' },
  { id: 'hip-leg', label: 'Hip and leg' },
  { id: 'foot', label: 'Ankle and foot' },
  { id: 'hand', label: 'Hand' },
  { id: 'head', label: 'Head' },
];

export const SIDES = {
  left: 'Left side',
  right: 'Right side',
  both: 'Both sides at once',
  each: 'Left, then right',
  center: 'On the midline',
};

export const REACH = {
  easy: 'Easy to reach yourself',
  'with-tool': 'Use a ball or tool',
  partner: 'Easier with a partner',
};

export function regionLabel(id) {
  return REGIONS.find((r) => r.id === id)?.label ?? id;
}

/** The safety check's questions, triage levels, cautions and emergency numbers (data/safety.json). */
export async function safetyContent() {
  return fetchJSON('/api/safety');
}
