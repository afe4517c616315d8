// The running practice session: plain state changed by pure functions of the clock, persisted in
// IndexedDB meta so a reload or a killed app never loses it. Times are Date.now() milliseconds
// (not performance.now()) because they must mean the same thing after a reload.

import { deleteMeta, getMeta, setMeta } from './store.js';
import { localISO } from './time.js';
import {
  backTarget, buildPlan, credit, elapsed, locate, pauseClock, resumeClock, seekClock, skipTarget, startClock,
} from './timer.js';

const KEY = 'running-session';
// Saved at least this often while running, so a reopened session knows when it was last seen.
export const HEARTBEAT_MS = 5000;
// Reopened within this of the last save it was a reload: the person kept pressing meanwhile.
const RELOAD_GRACE_MS = 60000;
// A point counts as pressed after a second; a skip straight past it does not.
const PRESSED_MS = 1000;

export const saveRunning = (state) => setMeta(KEY, state);
export const clearRunning = () => deleteMeta(KEY);

/** The unfinished session, if any: {routineId, title, steps, stepIndex, ...}. */
export async function resumableSession() {
  return getMeta(KEY);
}

export const planOf = (state) => buildPlan(state.steps, state.restSeconds);

/** A session of `steps` (already expanded and filtered for this person), started at `now`. */
export function newSession(routine, steps, painBefore, now) {
  return {
    id: crypto.randomUUID(),
    routineId: routine.id,
    title: routine.title,
    steps,
    restSeconds: routine.rest_seconds,
    stepIndex: 0,
    clock: startClock(now),
    pressed: steps.map(() => 0),
    creditedTo: 0,
    painBefore,
    startedAt: localISO(new Date(now)),
    savedAt: now,
    ended: null,
  };
}

function end(state, when, completed) {
  return { ...state, clock: pauseClock(state.clock, when), ended: { at: localISO(new Date(when)), completed } };
}

/** The state at `now`: pressing credited since the last look, ended if the routine ran out. */
export function advance(state, now) {
  if (state.ended) return state;
  const plan = planOf(state);
  const raw = elapsed(state.clock, now);
  const at = Math.min(raw, plan.total);
  const next = {
    ...state,
    pressed: credit(plan, state.pressed, state.creditedTo, at),
    creditedTo: at,
    stepIndex: locate(plan, at).phase.step,
  };
  return raw < plan.total ? next : end(next, now - (raw - plan.total), true);
}

export function pause(state, now) {
  const next = advance(state, now);
  return next.ended ? next : { ...next, clock: pauseClock(next.clock, now) };
}

export const resume = (state, now) => ({ ...state, clock: resumeClock(state.clock, now) });

function seek(state, targetOf, now) {
  const next = advance(state, now);
  if (next.ended) return next;
  const to = targetOf(planOf(next), next.creditedTo);
  return advance({ ...next, clock: seekClock(next.clock, to, now), creditedTo: to }, now);
}

export const skip = (state, now) => seek(state, skipTarget, now);
export const back = (state, now) => seek(state, backTarget, now);

/** Stop early: what was pressed so far stays. A paused session ended when it was paused. */
export function stop(state, now) {
  const next = advance(state, now);
  if (next.ended) return next;
  return end(next, next.clock.running ? now : next.clock.anchor, false);
}

/**
 * A persisted session opened again. Soon after its last save it was a reload, so it carries on at
 * the step the clock says; after a long gap it is paused where it was last seen, never credited
 * for time nobody saw.
 */
export function reopen(state, now) {
  const reload = state.ended || !state.clock.running || now - state.savedAt <= RELOAD_GRACE_MS;
  if (reload) return { state: advance(state, now), interrupted: false };
  const seen = pause(state, state.savedAt);
  return { state: seen, interrupted: !seen.ended };
}

/** The journal entry for an ended session, exactly the fields the server accepts. */
export function sessionRecord(state, { painAfter, note, flagged }) {
  const pressed = state.steps.map((step, i) => ({ step, ms: state.pressed[i] }));
  return {
    routine_id: state.routineId,
    routine_title: state.title,
    steps_total: state.steps.length,
    steps_completed: pressed.filter(({ step, ms }) => ms >= step.seconds * 1000).length,
    seconds_pressed: Math.round(pressed.reduce((sum, { ms }) => sum + ms, 0) / 1000),
    points: [...new Set(pressed.filter(({ ms }) => ms >= PRESSED_MS).map(({ step }) => step.point))],
    pain_before: state.painBefore,
    pain_after: painAfter,
    note,
    flagged,
    started_at: state.startedAt,
    ended_at: state.ended.at,
    completed: state.ended.completed,
  };
}
