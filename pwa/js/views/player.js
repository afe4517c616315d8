// Guided practice: the safety gate, pain before, the running routine, pain after, the journal entry.

import { pointsByCode } from '../lib/content.js';
import { unlock } from '../lib/cues.js';
import { $, formatDuration, html, paint } from '../lib/dom.js';
import { expandSteps, findRoutine, safeForPerson, todayRoutineId, totalSeconds } from '../lib/routines.js';
import { gateFor, gateMarkup, onGateActions, recheckLine } from './parts/safety-gate.js';
import { pregnancyNote } from './parts/safety-pregnancy.js';
import { newSession, reopen, resumableSession, resume, saveRunning } from '../lib/session.js';
import { settings } from '../lib/settings.js';
import { discardMarkup, discardOn, painValue, showFinish } from './player-finish.js';
import { painScale } from './parts/pain-scale.js';
import { redraw } from './parts/redraw.js';

const onOff = (on) => (on ? 'on' : 'off');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function otherSessionMarkup(session) {
  return html`<h1>Unfinished practice</h1>
    <p>You have not finished “${session.title}” (step ${session.stepIndex + 1} of ${session.steps.length}). Finish or save it
    before starting another routine.</p>
    <p><a class="button primary" href="#/play/${session.routineId}">Go to “${session.title}”</a></p>${discardMarkup()}`;
}

function introMarkup(routine, channels, safe) {
  return html`<h1>${routine.title}</h1>
    <p class="muted">${plural(expandSteps(routine).length, 'step')} · about ${formatDuration(totalSeconds(routine))}
      · ${routine.rest_seconds} s rest between steps</p>
    ${pregnancyNote(safe.changes, safe.content) /* safety (#13) */}
    ${routine.steps.length ? '' : html`<p>No points are left to practise. <a href="#/routines">Choose another routine</a>.</p>`}
    <details class="notice warn cautions"><summary>Before you start: stay safe</summary>
      <ul>${safe.content.general_cautions.map((c) => html`<li>${c.text}</li>`)}</ul>
      <p class="small"><a href="#/safety">Where this advice comes from</a></p></details>
    ${recheckLine(safe.state, `/play/${routine.id}`)}
    <form id="start-form" ${routine.steps.length ? '' : 'hidden'}>
      ${painScale('pain-before', 'How bad is your pain right now? (optional)')}
      <p class="small muted">Tones ${onOff(channels.sound)} · spoken cues ${onOff(channels.speech)} · vibration
        ${onOff(channels.vibration)} · breathing guide ${onOff(channels.breathing)}. <a href="#/settings">Change in Settings</a></p>
      <button type="submit" class="primary block">Start</button>
    </form>`;
}

// The screen's session: what a run needs, and how to leave it (a run still being imported when
// the view is left never starts).
const playerFor = (main, points, channels) => ({ main, points, channels, leave: () => {}, gone: false });

function close(player) {
  player.gone = true;
  player.leave();
}

// The running screen (timer, cues, wake lock) is imported when a session starts, not with the view.
async function run(player, state, { interrupted = false, justStarted = false } = {}) {
  const { runPractice } = await import('./player-run.js');
  if (player.gone) return;
  const { main, points, channels } = player;
  const onEnded = (ended) => showFinish(main, ended, (stopped) => carryOn(player, stopped));
  player.leave = runPractice(main, state, { points, channels, interrupted, justStarted, onEnded });
}

async function carryOn(player, stopped) {
  const again = resume({ ...stopped, ended: null }, Date.now());
  await saveRunning(again);
  await run(player, again);
  $('#toggle', player.main)?.focus();
}

async function reopenSession(player, existing) {
  const { state, interrupted } = reopen(existing, Date.now());
  if (state.ended) showFinish(player.main, state, (stopped) => carryOn(player, stopped));
  else await run(player, state, { interrupted });
}

async function showIntro(player, found, safetyState) {
  const { main, channels } = player;
  const { routine, changes } = await safeForPerson(found);
  paint(main, introMarkup(routine, channels, { changes, content: safetyState.content, state: safetyState }));
  let starting = false;
  $('#start-form', main).addEventListener('submit', async (event) => {
    event.preventDefault();
    if (starting) return; // a double tap starts one session, not two
    starting = true;
    unlock(); // during the tap, as browsers require for sound
    const state = newSession(routine, expandSteps(routine), painValue(event.target, 'pain-before'), Date.now());
    await saveRunning(state);
    await run(player, state, { justStarted: true });
    $('#toggle', main)?.focus();
  });
}

export async function render(main, [id]) {
  // Safety (#13): the gate for this routine's regions; after "emergency now" nothing starts.
  const safetyState = await gateFor(await findRoutine(id));
  if (safetyState.gate) {
    paint(main, gateMarkup(safetyState, `/play/${id}`));
    onGateActions(main, () => redraw());
    return null;
  }
  const [existing, points, channels] = await Promise.all([resumableSession(), pointsByCode(), settings()]);
  const player = playerFor(main, points, channels);
  if (existing && existing.routineId !== (id === 'today' ? await todayRoutineId() : id)) {
    paint(main, otherSessionMarkup(existing));
    discardOn(main, () => redraw());
    return null;
  }
  if (existing) {
    await reopenSession(player, existing);
    return () => close(player);
  }
  const found = await findRoutine(id);
  if (!found) {
    paint(main, html`<h1>Routine not found</h1><p><a href="#/routines">See all routines</a>.</p>`);
    return null;
  }
  await showIntro(player, found, safetyState);
  return () => close(player);
}
