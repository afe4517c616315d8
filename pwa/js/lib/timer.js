// Practice timing as pure functions of the clock: no ticking state, so any moment can be computed
// directly and a late or throttled timer never shifts the schedule.
//
// A plan is a list of phases (press for each step, rest before every step but the first) with
// start/end in milliseconds since the routine began. A clock maps wall time to elapsed routine
// time: elapsed = base + (now - anchor) while running, base while paused.

const BACK_RESTARTS_WITHIN_MS = 3000;

/** The phases for already-expanded steps ({seconds, ...}) with rest_seconds between them. */
export function buildPlan(steps, restSeconds) {
  const phases = [];
  let t = 0;
  steps.forEach((step, index) => {
    if (index > 0 && restSeconds > 0) {
      phases.push({ kind: 'rest', step: index, start: t, end: (t += restSeconds * 1000) });
    }
    phases.push({ kind: 'press', step: index, start: t, end: (t += step.seconds * 1000) });
  });
  return { steps, phases, total: t };
}

export const startClock = (now) => ({ base: 0, anchor: now, running: true });

export function elapsed(clock, now) {
  return clock.running ? clock.base + (now - clock.anchor) : clock.base;
}

export const pauseClock = (clock, now) => ({ base: elapsed(clock, now), anchor: now, running: false });
export const resumeClock = (clock, now) => ({ base: clock.base, anchor: now, running: true });
export const seekClock = (clock, to, now) => ({ ...clock, base: to, anchor: now });

/** Where the routine is after `ms` of elapsed time: the phase, its index, time into it and left. */
export function locate(plan, ms) {
  if (ms >= plan.total) {
    const index = plan.phases.length - 1;
    const phase = plan.phases[index];
    return { index, phase, into: phase.end - phase.start, remaining: 0, done: true };
  }
  const t = Math.max(0, ms);
  const index = plan.phases.findIndex((p) => t < p.end);
  const phase = plan.phases[index];
  return { index, phase, into: t - phase.start, remaining: phase.end - t, done: false };
}

const pressStart = (plan, step) => plan.phases.find((p) => p.kind === 'press' && p.step === step).start;

/** Elapsed time to jump to on "skip": the next step's press, or the end after the last step. */
export function skipTarget(plan, ms) {
  const { phase } = locate(plan, ms);
  const next = phase.kind === 'rest' ? phase.step : phase.step + 1;
  return next < plan.steps.length ? pressStart(plan, next) : plan.total;
}

/** Elapsed time to jump to on "back": restart this press if well into it, else the previous step. */
export function backTarget(plan, ms) {
  const { phase, into } = locate(plan, ms);
  if (phase.kind === 'press' && into > BACK_RESTARTS_WITHIN_MS) return phase.start;
  return pressStart(plan, Math.max(0, phase.step - 1));
}

/**
 * Credit pressing time for the stretch of elapsed time [from, to] the clock ran through without a
 * jump: pressed[i] is the furthest point reached in step i's press, so going back never counts twice.
 */
export function credit(plan, pressed, from, to) {
  const next = [...pressed];
  for (const p of plan.phases) {
    if (p.kind !== 'press' || p.end <= from || p.start >= to) continue;
    next[p.step] = Math.max(next[p.step] ?? 0, Math.min(to, p.end) - p.start);
  }
  return next;
}

/** Milliseconds until the whole-second countdown changes; phase ends always fall on one. */
export const untilNextSecond = (remaining) => remaining % 1000 || 1000;

/** The breathing pacer's half-cycle at `into` ms of a press: 'in' or 'out'. */
export function breathHalf(into, breathsPerMinute = 6) {
  const halfMs = 30000 / breathsPerMinute;
  return Math.floor(into / halfMs) % 2 === 0 ? 'in' : 'out';
}

/** When a long hold gets its gentle halfway cue (ms into the press), or null for short holds. */
export function midHoldAt(phase, longHoldMs = 60000) {
  const length = phase.end - phase.start;
  return phase.kind === 'press' && length >= longHoldMs ? Math.floor(length / 2000) * 1000 : null;
}
