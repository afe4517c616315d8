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

/**
 * Run `initial` in `main` until it ends, then call onEnded(state). `channels` are the cue settings.
 * Returns the cleanup for leaving the view: a session left running is paused, never lost.
 */
export function runPractice(main, initial, { points, channels, interrupted = false, onEnded }) {
  const plan = planOf(initial);
  let state = initial;
  let shown = null; // index of the phase on screen
  let halfwayCued = null;
  let timer = null;
  let left = false;
  const persist = () => { state = { ...state, savedAt: Date.now() }; return saveRunning(state); };
  const heard = () => (state.clock.running ? channels : {});

  function enter(position, fresh) {
    const { phase } = position;
    const afterPress = shown !== null && plan.phases[shown].kind === 'press';
    shown = position.index;
    announce(drawStep(main, state, phase, points));
    if (!fresh) return;
    const step = state.steps[phase.step];
    const point = points.get(step.point);
    cue(phase.kind === 'rest' ? CUES.rest(step, point) : CUES.press(step, point, afterPress), heard());
  }

  function finish(late) {
    if (state.ended.completed && late < FRESH_MS) cue(CUES.finished(), channels);
    detach();
    allowSleep();
    persist().then(() => { if (!left) onEnded(state); });
  }

  function tick() {
    clearTimeout(timer);
    const now = Date.now();
    const late = elapsed(state.clock, now) - plan.total;
    state = advance(state, now);
    if (state.ended) { finish(late); return; }
    const position = locate(plan, elapsed(state.clock, now));
    if (position.index !== shown) {
      enter(position, position.into < FRESH_MS);
      persist();
    }
    const halfway = midHoldAt(position.phase);
    if (halfway !== null && halfwayCued !== shown && position.into >= halfway) {
      halfwayCued = shown;
      if (position.into - halfway < FRESH_MS) cue(CUES.halfway(), heard());
    }
    drawClock(main, position, { running: state.clock.running, breathing: channels.breathing });
    if (now - state.savedAt >= HEARTBEAT_MS) persist();
    if (state.clock.running) timer = setTimeout(tick, untilNextSecond(position.remaining));
  }

  const actions = {
    toggle: () => {
      state = state.clock.running ? pause(state, Date.now()) : resume(state, Date.now());
      if (state.clock.running) {
        keepAwake();
        $('#interrupted', main)?.remove();
      } else {
        allowSleep();
        hush();
      }
      announce(state.clock.running ? 'Resumed' : 'Paused');
      persist();
    },
    back: () => { state = back(state, Date.now()); shown = null; },
    skip: () => { state = skip(state, Date.now()); shown = null; },
    stop: () => { state = stop(state, Date.now()); hush(); },
  };

  const onVisibility = () => (document.visibilityState === 'visible' ? tick() : persist());
  function detach() {
    clearTimeout(timer);
    document.body.classList.remove('in-session');
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', persist);
  }

  paintPlayer(main, state, plan.total, interrupted);
  document.body.classList.add('in-session'); // header and tab bar give way; Leave and Stop stay
  on($('.player', main), 'click', '[data-action]', (_event, button) => {
    unlock();
    actions[button.dataset.action]();
    tick();
  });
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', persist);
  if (state.clock.running) keepAwake();
  tick();
  return () => {
    left = true;
    detach();
    hush();
    allowSleep();
    if (state.ended || !state.clock.running) return;
    state = pause(state, Date.now());
    persist();
  };
}
