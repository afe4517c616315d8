// Guided practice: the safety gate, pain before, the running routine, pain after, the journal entry.

import { pointsByCode } from '../lib/content.js';
import { unlock } from '../lib/cues.js';
import { $, formatDuration, html, paint } from '../lib/dom.js';
import { saveRecord } from '../lib/journal.js';
import { expandSteps, findRoutine, safeForPerson, todayRoutineId, totalSeconds } from '../lib/routines.js';
import { gateFor, gateMarkup, onGateActions, recheckLine } from './parts/safety-gate.js';
import { pregnancyNote } from './parts/safety-pregnancy.js';
import { clearRunning, newSession, reopen, resumableSession, saveRunning, sessionRecord } from '../lib/session.js';
import { settings } from '../lib/settings.js';
import { navigate } from '../router.js';
import { runPractice } from './player-run.js';
import { painScale } from './log.js';

const onOff = (on) => (on ? 'on' : 'off');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const minutesAndSeconds = (total) => (total < 60 ? `${total} seconds` : `${Math.floor(total / 60)} min ${total % 60} s`);
const painValue = (form, name) => {
  const value = new FormData(form).get(name);
  return value === null ? null : Number(value);
};

function focusHeading(main) {
  const heading = $('h1', main);
  heading.tabIndex = -1;
  heading.focus();
}

const discardMarkup = () => html`<details class="discard"><summary>Don't save this practice</summary>
  <p>It will not be kept anywhere. <button type="button" class="danger" data-action="discard">Discard it</button></p></details>`;

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

function afterMarkup(state) {
  const record = sessionRecord(state, { painAfter: null, note: '', flagged: false });
  return html`<h1>${state.ended.completed ? 'Routine finished' : 'Practice stopped'}</h1>
    <p>You pressed ${record.steps_completed} of ${record.steps_total} steps fully, ${minutesAndSeconds(record.seconds_pressed)} of pressing in all.
      ${state.painBefore === null ? '' : `Your pain before: ${state.painBefore} of 10.`}</p>
    <form id="after-form">
      ${painScale('pain-after', 'How bad is your pain now? (optional)')}
      <div class="field"><label for="session-note">Note <span class="hint">Optional: how it went, what helped</span></label>
        <textarea id="session-note" name="note" maxlength="2000"></textarea></div>
      <label class="check"><input type="checkbox" name="flagged"> Flag for my clinician</label>
      <button type="submit" class="primary block">Save to journal</button>
    </form>${discardMarkup()}`;
}

function discardOn(main, handler) {
  $('[data-action="discard"]', main).addEventListener('click', async () => {
    await clearRunning();
    handler();
  });
}

function showAfter(main, state) {
  paint(main, afterMarkup(state));
  focusHeading(main);
  discardOn(main, () => { location.hash = '#/'; });
  $('#after-form', main).addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    await saveRecord('session', state.id, sessionRecord(state, {
      painAfter: painValue(form, 'pain-after'),
      note: form.elements.note.value.trim(),
      flagged: form.elements.flagged.checked,
    }));
    await clearRunning();
    paint(main, html`<h1>Saved</h1><p>Your practice is in your journal${navigator.onLine ? '' : ', and will sync when you are online'}.</p>
      <p class="button-row"><a class="button primary" href="#/journal">See your journal</a><a class="button" href="#/">Home</a></p>`);
    focusHeading(main);
  });
}

export async function render(main, [id]) {
  // Safety (#13): the gate for this routine's regions; after "emergency now" nothing starts.
  const safetyState = await gateFor(await findRoutine(id));
  if (safetyState.gate) {
    paint(main, gateMarkup(safetyState, `/play/${id}`));
    onGateActions(main, () => navigate(location.hash));
    return null;
  }
  const [existing, points, channels] = await Promise.all([resumableSession(), pointsByCode(), settings()]);
  let leave = () => {};
  const run = (state, interrupted) => {
    leave = runPractice(main, state, { points, channels, interrupted, onEnded: (ended) => showAfter(main, ended) });
  };
  if (existing && existing.routineId !== (id === 'today' ? await todayRoutineId() : id)) {
    paint(main, otherSessionMarkup(existing));
    discardOn(main, () => navigate(location.hash));
    return null;
  }
  if (existing) {
    const { state, interrupted } = reopen(existing, Date.now());
    if (state.ended) showAfter(main, state); else run(state, interrupted);
    return () => leave();
  }
  const found = await findRoutine(id);
  if (!found) {
    paint(main, html`<h1>Routine not found</h1><p><a href="#/routines">See all routines</a>.</p>`);
    return null;
  }
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
    run(state, false);
    $('#toggle', main).focus();
  });
  return () => leave();
}
