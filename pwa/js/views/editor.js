// Your own routine: points from the library, side and seconds per step, rest between steps. Saved on
// this device first (a journal record of kind "routine") and synced to your other devices.

import { points as loadPoints, REGIONS, SIDES } from '../lib/content.js';
import { $, $$, announce, html, on, paint, uuid } from '../lib/dom.js';
import { getRecord, saveRecord } from '../lib/journal.js';
import { deleteRoutine } from '../lib/routines.js';
import { pregnancyMark } from './parts/safety-marks.js';

// The same limits the server holds every routine record to.
const MAX_TITLE = 60;
const MAX_STEPS = 30;
const SECONDS = [10, 600];
const REST = [0, 120];

const wholeIn = (value, [low, high]) => /^\d+$/.test(String(value).trim()) && Number(value) >= low && Number(value) <= high;
const TOO_MANY = `A routine can have at most ${MAX_STEPS} steps.`;

/** Every way the draft breaks the limits: [{field (the input's id), message}]. */
function problems(draft, byCode) {
  const found = [];
  const problem = (field, message) => found.push({ field, message });
  const title = draft.title.trim();
  if (!title) problem('routine-title', 'Give the routine a name.');
  if (title.length > MAX_TITLE) problem('routine-title', `Keep the name to ${MAX_TITLE} characters or fewer.`);
  if (!wholeIn(draft.rest, REST)) problem('routine-rest', `Rest must be a whole number of seconds from ${REST[0]} to ${REST[1]}.`);
  if (!draft.steps.length) problem('add-point', 'Add at least one point.');
  if (draft.steps.length > MAX_STEPS) problem('add-point', TOO_MANY);
  draft.steps.forEach((step, i) => {
    const which = `Step ${i + 1} (${step.point})`;
    if (!byCode.has(step.point)) problem(`step-${i}-side`, `${which}: this point is no longer in the library.`);
    if (!wholeIn(step.seconds, SECONDS)) {
      problem(`step-${i}-seconds`, `${which}: seconds must be a whole number from ${SECONDS[0]} to ${SECONDS[1]}.`);
    }
  });
  return found;
}

const cautionTag = (point) => pregnancyMark(point); // safety (#13): left out, or gentle only

function stepItem(step, i, count, byCode) {
  const point = byCode.get(step.point);
  const which = html`<span class="visually-hidden"> ${step.point} (step ${i + 1})</span>`;
  return html`<li class="editor-step">
    <p class="editor-step-head"><span class="code">${step.point}</span> ${point?.pinyin ?? ''} ${cautionTag(point)}</p>
    <div class="editor-step-fields">
      <div class="field"><label for="step-${i}-side">Side${which}</label>
        <select id="step-${i}-side" data-index="${i}" data-field="side">${Object.entries(SIDES).map(([value, label]) => html`
          <option value="${value}" ${value === step.side ? 'selected' : ''}>${label}</option>`)}</select></div>
      <div class="field"><label for="step-${i}-seconds">Seconds${which}</label>
        <input id="step-${i}-seconds" type="number" inputmode="numeric" min="${SECONDS[0]}" max="${SECONDS[1]}"
          data-index="${i}" data-field="seconds" value="${step.seconds}"></div>
    </div>
    <div class="button-row">
      <button type="button" data-action="up" data-index="${i}" ${i === 0 ? 'disabled' : ''}>Move up${which}</button>
      <button type="button" data-action="down" data-index="${i}" ${i === count - 1 ? 'disabled' : ''}>Move down${which}</button>
      <button type="button" class="danger" data-action="remove" data-index="${i}">Remove${which}</button>
    </div></li>`;
}

function pointOptions(all) {
  return REGIONS.filter((r) => all.some((p) => p.region === r.id)).map((r) => html`<optgroup label="${r.label}">
    ${all.filter((p) => p.region === r.id).map((p) => html`<option value="${p.code}">${p.code} ${p.pinyin} — ${p.english}${p.cautions.pregnancy ? ' (pregnancy caution)' : ''}</option>`)}
  </optgroup>`);
}

function formMarkup(draft, editing, all) {
  return html`<section class="editor" id="editor" aria-labelledby="editor-h">
    <h1 id="editor-h">${editing ? 'Edit routine' : 'New routine'}</h1>
    <div id="editor-errors"></div>
    <form id="routine-form" novalidate>
      <div class="field"><label for="routine-title">Name <span class="hint">Up to ${MAX_TITLE} characters</span></label>
        <input id="routine-title" type="text" maxlength="${MAX_TITLE}" autocomplete="off" value="${draft.title}"></div>
      <div class="field"><label for="routine-rest">Rest between steps, in seconds <span class="hint">${REST[0]} to ${REST[1]}</span></label>
        <input id="routine-rest" type="number" inputmode="numeric" min="${REST[0]}" max="${REST[1]}" value="${draft.rest}"></div>
      <h2>Steps</h2>
      <ol class="editor-steps" id="editor-steps"></ol>
      <div class="field add-step"><label for="add-point">Add a point <span class="hint">Up to ${MAX_STEPS} steps</span></label>
        <div class="row"><select id="add-point">${pointOptions(all)}</select>
          <button type="button" data-action="add">Add point</button></div></div>
      <button type="submit" class="primary block">Save routine</button>
    </form>
    ${editing ? html`<details class="notice danger editor-delete"><summary>Delete this routine</summary>
      <p>It will be removed from all your devices. Your journal keeps the practices you did with it.</p>
      <button type="button" class="danger" data-action="delete">Delete “${draft.title}”</button></details>` : ''}
  </section>`;
}

function showProblems(main, found) {
  $$('[aria-invalid]', main).forEach((el) => { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); });
  paint($('#editor-errors', main), found.length ? html`<div class="notice danger" role="alert" id="error-summary">
    <p><strong>Please fix ${found.length === 1 ? 'this' : `these ${found.length} things`} before saving:</strong></p>
    <ul>${found.map((p) => html`<li>${p.message}</li>`)}</ul></div>` : '');
  found.forEach((p) => {
    const field = $(`#${p.field}`, main);
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', 'error-summary');
  });
  if (found.length) $(`#${found[0].field}`, main).focus();
}

/** What the form edits: the saved routine's fields as text, or an empty routine. */
function draftOf(record) {
  const data = record?.data ?? { title: '', rest_seconds: 10, steps: [] };
  return { title: data.title, rest: String(data.rest_seconds), steps: data.steps.map((s) => ({ ...s })) };
}

/** Draw the steps; after a move the same control of the moved step keeps focus, or its next one if now disabled. */
function drawSteps(ed, focus) {
  const { steps } = ed.draft;
  paint(ed.list, steps.map((s, i) => stepItem(s, i, steps.length, ed.byCode)));
  if (!focus) return;
  const controls = $$(`[data-index="${focus.index}"][data-action]:not(:disabled)`, ed.list);
  (controls.find((c) => c.dataset.action === focus.action) ?? controls[0] ?? $('#add-point', ed.main)).focus();
}

function addStep(ed) {
  const { steps } = ed.draft;
  if (steps.length >= MAX_STEPS) {
    showProblems(ed.main, [{ field: 'add-point', message: TOO_MANY }]);
    return;
  }
  const point = ed.byCode.get($('#add-point', ed.main).value);
  steps.push({ point: point.code, side: point.press.sides, seconds: point.press.seconds });
  drawSteps(ed);
  const caution = { 'leave-out': ' It is commonly avoided in pregnancy; pregnancy mode leaves it out.',
    gentle: ' In pregnancy mode it is pressed gently, by hand only.' }[point.cautions.pregnancy_mode] ?? '';
  announce(`Added ${point.code} as step ${steps.length}.${caution}`);
}

function moveStep(ed, from, to, action) {
  ed.draft.steps.splice(to, 0, ...ed.draft.steps.splice(from, 1));
  drawSteps(ed, { action, index: to });
  announce(`Moved to step ${to + 1}.`);
}

function removeStep(ed, i) {
  const [gone] = ed.draft.steps.splice(i, 1);
  drawSteps(ed, { action: 'remove', index: Math.min(i, ed.draft.steps.length - 1) });
  announce(`Removed ${gone.point}.`);
}

const ACTIONS = {
  add: (ed) => addStep(ed),
  up: (ed, i) => moveStep(ed, i, i - 1, 'up'),
  down: (ed, i) => moveStep(ed, i, i + 1, 'down'),
  remove: (ed, i) => removeStep(ed, i),
  delete: async (ed) => {
    await deleteRoutine(ed.recordId);
    location.hash = '#/routines';
  },
};

async function save(ed) {
  const { draft } = ed;
  const found = problems(draft, ed.byCode);
  showProblems(ed.main, found);
  if (found.length) return;
  await saveRecord('routine', ed.recordId, {
    title: draft.title.trim(),
    steps: draft.steps.map((s) => ({ point: s.point, side: s.side, seconds: Number(s.seconds) })),
    rest_seconds: Number(draft.rest),
  });
  location.hash = `#/routine/${ed.recordId}`;
}

function wireForm(ed) {
  const form = $('#routine-form', ed.main);
  on($('#editor', ed.main), 'click', '[data-action]', (_event, button) => ACTIONS[button.dataset.action](ed, Number(button.dataset.index)));
  form.addEventListener('input', (event) => {
    const { index, field } = event.target.dataset;
    if (field) ed.draft.steps[index][field] = event.target.value;
    if (event.target.id === 'routine-title') ed.draft.title = event.target.value;
    if (event.target.id === 'routine-rest') ed.draft.rest = event.target.value;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(ed);
  });
}

export async function render(main, [id]) {
  const [all, record] = await Promise.all([loadPoints(), id === 'new' ? null : getRecord(id)]);
  if (id !== 'new' && record?.kind !== 'routine') {
    paint(main, html`<h1>Routine not found</h1><p><a href="#/routines">See all routines</a>.</p>`);
    return;
  }
  const draft = draftOf(record);
  paint(main, formMarkup(draft, Boolean(record), all));
  // The open editor: the draft, where its steps are drawn and what checking it needs.
  const ed = { main, draft, list: $('#editor-steps', main), byCode: new Map(all.map((p) => [p.code, p])), recordId: record ? record.id : uuid() };
  drawSteps(ed);
  wireForm(ed);
}
