// Progress from the local journal: streaks, the weekly goal, relief per routine and per point.

import { listRecords } from './journal.js';
import { settings } from './settings.js';
import { localDay, todayKey } from './time.js';

const DAY_MS = 86_400_000;

/** Whole calendar days between two YYYY-MM-DD keys (DST cannot skew a UTC date difference). */
function daysBetween(fromKey, toKey) {
  const utc = (key) => { const [y, m, d] = key.split('-').map(Number); return Date.UTC(y, m - 1, d); };
  return Math.round((utc(toKey) - utc(fromKey)) / DAY_MS);
}

export function addDays(key, n) {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function practiceDays(sessions) {
  return new Set(sessions.filter((s) => s.steps_completed > 0).map((s) => localDay(s.started_at)));
}

/** Current streak: consecutive days up to today, or up to yesterday if today is not done yet. */
export function streaks(days, today) {
  const sorted = [...days].sort();
  let longest = 0;
  let run = 0;
  sorted.forEach((day, i) => {
    run = i > 0 && daysBetween(sorted[i - 1], day) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  });
  let current = 0;
  let day = days.has(today) ? today : addDays(today, -1);
  while (days.has(day)) { current += 1; day = addDays(day, -1); }
  return { current, longest };
}

/** Monday of the week containing `key`. */
export function weekStart(key) {
  const [y, m, d] = key.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(key, -weekday);
}

const relief = (s) => (Number.isInteger(s.pain_before) && Number.isInteger(s.pain_after) ? s.pain_before - s.pain_after : null);

function averages(groups) {
  return [...groups.entries()]
    .map(([key, values]) => ({ key, count: values.length, average: values.reduce((a, b) => a + b, 0) / values.length }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export function reliefByRoutine(sessions) {
  const groups = new Map();
  for (const s of sessions) {
    const r = relief(s);
    if (r === null) continue;
    const key = s.routine_title || s.routine_id;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return averages(groups);
}

function reliefByPoint(sessions) {
  const groups = new Map();
  for (const s of sessions) {
    const r = relief(s);
    if (r === null) continue;
    for (const code of new Set(s.points ?? [])) groups.set(code, [...(groups.get(code) ?? []), r]);
  }
  return averages(groups);
}

export function summarise(sessions, today, goal) {
  const days = practiceDays(sessions);
  const monday = weekStart(today);
  const thisWeek = sessions.filter((s) => s.steps_completed > 0 && localDay(s.started_at) >= monday && localDay(s.started_at) <= today);
  return {
    ...streaks(days, today),
    days,
    week: { sessions: thisWeek.length, goal },
    byRoutine: reliefByRoutine(sessions),
    byPoint: reliefByPoint(sessions),
    rated: sessions.filter((s) => relief(s) !== null).sort((a, b) => a.started_at.localeCompare(b.started_at)),
  };
}

export async function sessionsData() {
  return (await listRecords('session')).map((r) => r.data).sort((a, b) => a.started_at.localeCompare(b.started_at));
}

export async function weekSummary(today = todayKey()) {
  const [sessions, { weekly_goal: goal }] = await Promise.all([sessionsData(), settings()]);
  const summary = summarise(sessions, today, goal);
  return { sessions: summary.week.sessions, goal, streak: summary.current };
}
