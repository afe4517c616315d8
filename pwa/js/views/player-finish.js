// The end of a practice: the person's own numbers in kind words (minutes, pain before and after),
// a note, Save; then what to do next. Stopped early, it offers to carry on where it stopped.

import { $, html, paint } from '../lib/dom.js';
import { saveRecord } from '../lib/journal.js';
import { weekSummary } from '../lib/progress.js';
import { clearRunning, sessionRecord } from '../lib/session.js';
import { painScale } from './parts/pain-scale.js';

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const minutes = (seconds) => (seconds < 60 ? plural(seconds, 'second') : plural(Math.round(seconds / 60), 'minute'));

export const painValue = (form, name) => {
  const value = new FormData(form).get(name);
  return value === null ? null : Number(value);
};

function focusHeading(main) {
  const heading = $('h1', main);
  heading.tabIndex = -1;
  heading.focus();
}

export const discardMarkup = () => html`<details class="discard"><summary>Don't save this practice</summary>
  <p>It will not be kept anywhere. <button type="button" class="danger" data-action="discard">Discard it</button></p></details>`;

export function discardOn(main, handler) {
  $('[data-action="discard"]', main).addEventListener('click', async () => {
    await clearRunning();
    handler();
  });
}

function effortWords(state, record) {
  const time = minutes(record.seconds_pressed);
  if (state.ended.completed) return `You gave your back ${time} of steady pressing, ${plural(record.points.length, 'point')}. Well done for making the time.`;
  if (!record.seconds_pressed) return 'You stopped before pressing. That is fine: you can start again whenever suits you.';
  return `You pressed for ${time} before stopping. That still counts.`;
}

/** Pain before → after in kind, honest words; acupressure does not always help, and that is said. */
function changeWords(before, after) {
  if (before === null || after === null) return '';
  if (after < before) return `${before} → ${after}: ${plural(before - after, 'point')} lower than before. Worth noticing what helped.`;
  if (after === before) return `${before} → ${after}: about the same. Some days are like that; regular practice is what counts.`;
  return `${before} → ${after}: a little higher. Go gently next time, and skip any point that makes it worse.`;
}

const undoMarkup = (state) => (state.ended.completed ? '' : html`<div class="notice undo" id="undo-stop">
  <p>Stopped by mistake?</p><button type="button" class="primary" data-action="carry-on">Carry on where I stopped</button></div>`);

function finishMarkup(state) {
  const record = sessionRecord(state, { painAfter: null, note: '', flagged: false });
  return html`<h1>${state.ended.completed ? 'Routine finished' : 'Practice stopped'}</h1>${undoMarkup(state)}
    <p class="lead" id="effort">${effortWords(state, record)}</p>
    <form id="after-form">
      ${painScale('pain-after', 'How is your pain now? (optional)')}
      <p class="pain-change" id="pain-change" aria-live="polite" data-before="${state.painBefore ?? ''}">${state.painBefore === null ? ''
        : `Before you started: ${state.painBefore} of 10.`}</p>
      <div class="field"><label for="session-note">Note <span class="hint">Optional: how it went, what helped</span></label>
        <textarea id="session-note" name="note" maxlength="2000"></textarea></div>
      <label class="check"><input type="checkbox" name="flagged"> Flag for my clinician</label>
      <button type="submit" class="primary block">Save to journal</button>
    </form>${discardMarkup()}`;
}

function streakWords(streak) {
  if (streak >= 2) return `That makes ${streak} days in a row.`;
  return 'A good start: one day of looking after your back.';
}

async function showSaved(main) {
  const week = await weekSummary();
  paint(main, html`<h1>Saved to your journal</h1>
    <p class="lead" id="streak">${streakWords(week.streak)} ${week.sessions} of ${week.goal} sessions this week.</p>
    <section class="card" aria-labelledby="next-h"><h2 id="next-h">What next</h2>
      <ul class="next-steps">
        <li>Notice how your back feels over the day, and <a href="#/log">log your pain</a> if it changes.</li>
        <li>Come back tomorrow. <a href="#/settings">A daily reminder</a> can nudge you.</li>
      </ul></section>
    <p class="muted small">${navigator.onLine ? '' : 'It will sync when you are online. '}Everything stays on this device unless you link another.</p>
    <p class="button-row"><a class="button primary" href="#/">Done</a><a class="button" href="#/progress">See your progress</a></p>`);
  focusHeading(main);
}

/** The finish screen for an ended `state`; `carryOn(state)` takes a stopped practice back up. */
export function showFinish(main, state, carryOn) {
  paint(main, finishMarkup(state));
  focusHeading(main);
  discardOn(main, () => { location.hash = '#/'; });
  $('[data-action="carry-on"]', main)?.addEventListener('click', () => carryOn(state));
  const form = $('#after-form', main);
  form.addEventListener('change', () => {
    const words = changeWords(state.painBefore, painValue(form, 'pain-after'));
    if (words) $('#pain-change', main).textContent = words;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await saveRecord('session', state.id, sessionRecord(state, {
      painAfter: painValue(form, 'pain-after'),
      note: form.elements.note.value.trim(),
      flagged: form.elements.flagged.checked,
    }));
    await clearRunning();
    await showSaved(main);
  });
}
