// The safety check: red-flag questions per body region (data/safety.json), the triage level each
// region's answers reach, and what that allows. The answers stay on this device.

import { safetyContent } from './content.js';
import { deviceSetting, setDeviceSetting, updateSettings } from './settings.js';
import { localISO } from './time.js';

const KEY = 'safety-check';
const ORDER = ['self-care', 'soon', 'same-day', 'emergency'];

let loaded = null;

/** safety.json, fetched once (the service worker keeps a copy offline). */
export async function safety() {
  loaded = await safetyContent();
  return loaded;
}

/** The content once safety() has resolved, for code that draws synchronously (the player). */
export const cachedSafety = () => loaded;

export const worse = (a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a);
const isFlagged = (level) => level !== 'self-care';

/** The questions for these regions, each once, in file order; pregnancy ones only when pregnant. */
export function questionsFor(content, regions, pregnant) {
  return content.questions.filter((q) => q.regions.some((r) => regions.includes(r))
    && (!q.when || (q.when === 'pregnant' && pregnant)));
}

/** {level, flagged: [question ids]} for one region from answers {id: true|false}. */
function assess(content, region, answers, pregnant) {
  const yes = questionsFor(content, [region], pregnant).filter((q) => answers[q.id] === true);
  return { level: yes.map((q) => q.level).reduce(worse, 'self-care'), flagged: yes.map((q) => q.id) };
}

/**
 * The stored check: {version: 2, at, pregnant, regions: {id: {at, answers, level, flagged, cleared_at}}}.
 * A check from before regions existed counts as none, except that its urgent result still stands.
 */
export async function lastCheck() {
  const stored = await deviceSetting(KEY);
  if (!stored) return null;
  if (stored.version === 2) return stored;
  if (stored.result !== 'urgent') return null;
  const region = { at: stored.at, answers: stored.answers, level: 'emergency', flagged: [], cleared_at: null };
  return { version: 2, at: stored.at, pregnant: null, regions: { 'low-back': region } };
}

/** Record answers for `regions` (other regions keep their last answers) and the pregnancy answer. */
export async function saveCheck(regions, answers, pregnant) {
  const content = await safety();
  const at = localISO();
  const previous = (await lastCheck()) ?? { regions: {} };
  const next = { version: 2, at, pregnant, regions: { ...previous.regions } };
  for (const region of regions) {
    const asked = questionsFor(content, [region], pregnant);
    const given = Object.fromEntries(asked.map((q) => [q.id, answers[q.id] === true]));
    next.regions[region] = { at, answers: given, ...assess(content, region, given, pregnant), cleared_at: null };
  }
  await setDeviceSetting(KEY, next);
  await updateSettings({ pregnancy: pregnant });
  return next;
}

/** The person says a clinician has dealt with what these regions flagged. */
export async function markCleared(regions) {
  const check = await lastCheck();
  if (!check) return null;
  const at = localISO();
  const next = { ...check, regions: { ...check.regions } };
  for (const id of regions) if (next.regions[id]) next.regions[id] = { ...next.regions[id], cleared_at: at };
  await setDeviceSetting(KEY, next);
  return next;
}

const open = (entry) => entry && isFlagged(entry.level) && !entry.cleared_at;

/** Regions whose last answers need emergency help that has not been dealt with. */
function emergencyRegions(check) {
  return Object.entries(check?.regions ?? {})
    .filter(([, entry]) => open(entry) && entry.level === 'emergency').map(([id]) => id);
}

/**
 * What stands between the person and a routine needing `needed` regions ([] = a general routine,
 * which needs whatever regions the person has checked, at least one):
 * null, or {kind: 'emergency' | 'missing' | 'flagged', regions, level, check}.
 */
export function gateOf(check, needed) {
  const emergency = emergencyRegions(check);
  if (emergency.length) return { kind: 'emergency', regions: emergency, level: 'emergency', check };
  const checked = Object.keys(check?.regions ?? {});
  const wanted = needed.length ? needed : checked;
  const missing = needed.length ? needed.filter((r) => !checked.includes(r)) : [];
  if (!wanted.length || missing.length) return { kind: 'missing', regions: missing, level: null, check };
  const flagged = wanted.filter((r) => open(check.regions[r]));
  if (!flagged.length) return null;
  const level = flagged.map((r) => check.regions[r].level).reduce(worse, 'self-care');
  return { kind: 'flagged', regions: flagged, level, check };
}

/** The questions answered yes in these regions, each once. */
export function flaggedQuestions(content, check, regions) {
  const ids = new Set(regions.flatMap((r) => check?.regions[r]?.flagged ?? []));
  return content.questions.filter((q) => ids.has(q.id));
}

export const regionLabel = (content, id) => content.regions.find((r) => r.id === id)?.label ?? id;

/** "neck and upper back" from region ids, for sentences. */
export function regionWords(content, ids) {
  const words = ids.map((id) => regionLabel(content, id).split(',')[0].toLowerCase());
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0] ?? '';
}
