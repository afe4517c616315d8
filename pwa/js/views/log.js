// Log pain: a 0–10 rating, where it hurts, a note; saved on this device at once.

import { $, html, paint, uuid } from '../lib/dom.js';
import { getRecord, saveRecord } from '../lib/journal.js';
import { localISO } from '../lib/time.js';
import { AREAS } from './parts/pain-areas.js';
import { painScale } from './parts/pain-scale.js';

/** datetime-local value for now, and back to a local date-time with offset. */
const inputValue = (iso) => iso.slice(0, 16);
const fromInput = (value) => localISO(new Date(value));

export async function render(main, _params, query) {
  const editing = query.get('id') ? await getRecord(query.get('id')) : null;
  const data = editing?.kind === 'pain' ? editing.data : { at: localISO(), level: null, area: 'lower-back', note: '', flagged: false };
  paint(main, html`
    <h1>${editing ? 'Edit pain log' : 'Log pain'}</h1>
    <form id="pain-form" novalidate>
      ${painScale('level', 'How bad is the pain right now?', data.level)}
      <div class="field"><label for="pain-area">Where</label>
        <select id="pain-area" name="area">${Object.entries(AREAS).map(([id, label]) => html`<option value="${id}" ${id === data.area ? 'selected' : ''}>${label}</option>`)}</select></div>
      <div class="field"><label for="pain-at">When</label>
        <input id="pain-at" name="at" type="datetime-local" value="${inputValue(data.at)}" required></div>
      <div class="field"><label for="pain-note">Note <span class="hint">Optional: what you were doing, what helped</span></label>
        <textarea id="pain-note" name="note" maxlength="2000">${data.note}</textarea></div>
      <label class="check"><input type="checkbox" name="flagged" ${data.flagged ? 'checked' : ''}> Flag for my clinician's report</label>
      <p id="pain-error" class="notice warn" role="alert" hidden>Choose a number from 0 to 10.</p>
      <button type="submit" class="primary block">Save</button>
    </form>`);
  const form = $('#pain-form', main);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    const level = fields.get('level');
    $('#pain-error', main).hidden = level !== null;
    if (level === null) return;
    await saveRecord('pain', editing?.id ?? uuid(), {
      at: fields.get('at') ? fromInput(fields.get('at')) : localISO(),
      level: Number(level),
      area: fields.get('area'),
      note: fields.get('note').trim(),
      flagged: fields.get('flagged') === 'on',
    });
    location.hash = '#/journal';
  });
}
