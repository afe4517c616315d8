// The running routine. Every redraw is derived from the clock (lib/timer.js), so a late timer or a
// locked screen never shifts the schedule; the next redraw is set for the next whole second.

import { CUES, cue, hush, unlock } from '../lib/cues.js';
import { $, announce, on } from '../lib/dom.js';
import { advance, back, HEARTBEAT_MS, pause, planOf, resume, saveRunning, skip, stop } from '../lib/session.js';
import { elapsed, locate, midHoldAt, untilNextSecond } from '../lib/timer.js';
import { allowSleep, keepAwake } from '../lib/wakelock.js';
import { drawClock, drawStep, paintPlayer } from './player-screen.js';

// A transition is cued only this soon after it happened: ones missed in the background are not replayed.
const FRESH_MS = 1500;

// One running practice: `run` holds the view's state (what is on screen, the pending redraw),
// and every function below takes it, so each stays one step of the loop.

function persist(run) {
  run.state = { ...run.state, savedAt: Date.now() };
  return saveRunning(run.state);
}

const heard = (run) => (run.state.clock.running ? run.channels : {});

function enter(run, position, fresh) {
  const { phase } = position;
  const afterPress = run.shown !== null && run.plan.phases[run.shown].kind === 'press';
  run.shown = position.index;
  announce(drawStep(run.main, run.state, phase, run.points));
  if (!fresh) return;
  const step = run.state.steps[phase.step];
  const point = run.points.get(step.point);
  cue(phase.kind === 'rest' ? CUES.rest(step, point) : CUES.press(step, point, afterPress), heard(run));
}

function finish(run, late) {
  if (run.state.ended.completed && late < FRESH_MS) cue(CUES.finished(), run.channels);
  detach(run);
  allowSleep();
  persist(run).then(() => { if (!run.left) run.onEnded(run.state); });
}

function cueHalfway(run, position) {
  const halfway = midHoldAt(position.phase);
  if (halfway === null || run.halfwayCued === run.shown || position.into < halfway) return;
  run.halfwayCued = run.shown;
  if (position.into - halfway < FRESH_MS) cue(CUES.halfway(), heard(run));
}

function tick(run) {
  clearTimeout(run.timer);
  const now = Date.now();
  const late = elapsed(run.state.clock, now) - run.plan.total;
  run.state = advance(run.state, now);
  if (run.state.ended) { finish(run, late); return; }
  const position = locate(run.plan, elapsed(run.state.clock, now));
  if (position.index !== run.shown) {
    enter(run, position, position.into < FRESH_MS || run.justStarted);
    run.justStarted = false;
    persist(run);
  }
  cueHalfway(run, position);
  drawClock(run.main, position, { running: run.state.clock.running, breathing: run.channels.breathing });
  if (now - run.state.savedAt >= HEARTBEAT_MS) persist(run);
  if (run.state.clock.running) run.timer = setTimeout(() => tick(run), untilNextSecond(position.remaining));
}

function toggle(run) {
  run.state = run.state.clock.running ? pause(run.state, Date.now()) : resume(run.state, Date.now());
  if (run.state.clock.running) {
    keepAwake();
    $('#interrupted', run.main)?.remove();
  } else {
    allowSleep();
    hush();
  }
  announce(run.state.clock.running ? 'Resumed' : 'Paused');
  persist(run);
}

const ACTIONS = {
  toggle,
  back: (run) => { run.state = back(run.state, Date.now()); run.shown = null; },
  skip: (run) => { run.state = skip(run.state, Date.now()); run.shown = null; },
  stop: (run) => { run.state = stop(run.state, Date.now()); hush(); },
};

function attach(run) {
  document.body.classList.add('in-session'); // header and tab bar give way; Leave and Stop stay
  on($('.player', run.main), 'click', '[data-action]', (_event, button) => {
    unlock();
    ACTIONS[button.dataset.action](run);
    tick(run);
  });
  document.addEventListener('visibilitychange', run.onVisibility);
  window.addEventListener('pagehide', run.onPageHide);
}

function detach(run) {
  clearTimeout(run.timer);
  document.body.classList.remove('in-session');
  document.removeEventListener('visibilitychange', run.onVisibility);
  window.removeEventListener('pagehide', run.onPageHide);
}

/** Leaving the view: a session left running is paused, never lost. */
function leave(run) {
  run.left = true;
  detach(run);
  hush();
  allowSleep();
  if (run.state.ended || !run.state.clock.running) return;
  run.state = pause(run.state, Date.now());
  persist(run);
}

/**
 * Run `initial` in `main` until it ends, then call onEnded(state). `channels` are the cue settings;
 * `justStarted`: the person has just tapped Start, so the first step is cued however long a slow
 * phone took to get here. Returns the cleanup for leaving the view.
 */
export function runPractice(main, initial, { points, channels, interrupted = false, justStarted = false, onEnded }) {
  const run = { main, points, channels, onEnded, plan: planOf(initial), state: initial, shown: null, halfwayCued: null, timer: null, left: false, justStarted };
  run.onVisibility = () => (document.visibilityState === 'visible' ? tick(run) : persist(run));
  run.onPageHide = () => persist(run);
  paintPlayer(main, run.state, run.plan.total, interrupted);
  attach(run);
  if (run.state.clock.running) keepAwake();
  tick(run);
  return () => leave(run);
}
