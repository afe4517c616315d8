// Journal: practice sessions and pain logs by day; add, edit a note, delete; export and import.

import { $, announce, html, on, paint } from '../lib/dom.js';
import { deleteRecord, getRecord, listRecords, onRecordsChanged, saveRecord } from '../lib/journal.js';
import { currentDataStatus, onDataStatus, sentence } from '../lib/status.js';
import { formatDay, formatTime, localDay } from '../lib/time.js';
import { areaLabel } from './parts/pain-areas.js';

const when = (r) => r.data.started_at ?? r.data.at;

function entryBody(r) {
  const d = r.data;
  if (r.kind === 'pain') return html`<strong>Pain ${d.level}/10</strong> · ${areaLabel(d.area)}`;
  const pain = Number.isInteger(d.pain_before) || Number.isInteger(d.pain_after)
    ? html` · pain ${d.pain_before ?? '–'} → ${d.pain_after ?? '–'}` : '';
  return html`<strong>${d.routine_title}</strong> · ${d.steps_completed}/${d.steps_total} steps${d.completed ? '' : ' (stopped early)'}${pain}`;
}

function entry(r) {
  const label = r.kind === 'pain' ? 'pain log' : 'practice';
  return html`<li class="card" data-id="${r.id}">
    <p><span class="muted">${formatTime(when(r))}</span> ${entryBody(r)} ${r.data.flagged ? html`<span class="tag">Flagged</span>` : ''}</p>
    ${r.data.note ? html`<p class="note">${r.data.note}</p>` : ''}
    <div class="button-row">
      <button type="button" data-action="edit-note" aria-label="Edit note of the ${label} at ${formatTime(when(r))}">Edit note</button>
      <button type="button" class="danger" data-action="delete" aria-label="Delete the ${label} at ${formatTime(when(r))}">Delete</button>
    </div>
  </li>`;
}

function noteEditor(r) {
  return html`<form class="stack" data-action="save-note">
    <label for="note-${r.id}">Note</label>
    <textarea id="note-${r.id}" maxlength="2000">${r.data.note}</textarea>
    <div class="button-row"><button type="submit" class="primary">Save note</button><button type="button" data-action="cancel">Cancel</button></div>
  </form>`;
}

async function listMarkup() {
  const entries = (await listRecords()).filter((r) => r.kind === 'session' || r.kind === 'pain');
  if (!entries.length) {
    return html`<p class="notice">Nothing here yet. After a routine your practice is saved here automatically, and you can
      log your pain any time — it helps you see what works for you.</p>`;
  }
  entries.sort((a, b) => when(b).localeCompare(when(a)));
  const days = [...new Set(entries.map((r) => localDay(when(r))))];
  return days.map((day) => html`<section aria-labelledby="day-${day}"><h2 id="day-${day}">${formatDay(day)}</h2>
    <ul class="list">${entries.filter((r) => localDay(when(r)) === day).map(entry)}</ul></section>`);
}

function pageMarkup(model, list) {
  return html`
    <h1>Journal</h1>
    <p class="button-row"><a class="button primary" href="#/log">Log pain</a><a class="button" href="#/progress">Progress</a></p>
    <div id="entries">${list}</div>
    <section aria-labelledby="data-h" class="card">
      <h2 id="data-h">Your data</h2>
      <p id="export-status" data-status="${model.kind}">${sentence(model)}</p>
      <p>Download your journal (it works offline), or add entries from an earlier export.</p>
      <div class="button-row"><button type="button" data-action="export-csv">Download CSV</button>
        <button type="button" data-action="export-json">Download JSON</button></div>
      <label for="import-file">Import a JSON export</label>
      <input id="import-file" type="file" accept="application/json,.json">
      <p id="import-result" role="status"></p>
    </section>`;
}

// A sync that lands while a note is being edited must not redraw the list and throw the typing
// away (seen in WebKit); the list is redrawn when the note is saved or the edit cancelled.
async function refresh(entries, { force = false } = {}) {
  const markup = await listMarkup();
  const editing = $('form[data-action="save-note"]', entries) !== null;
  if (force || !editing) paint(entries, markup); // asked after the wait: an edit may have begun
}

async function editNote(entries, id) {
  const record = await getRecord(id);
  // Found again after the wait: a sync may have redrawn the list, detaching the tapped item.
  const item = [...entries.querySelectorAll('[data-id]')].find((el) => el.dataset.id === id);
  if (!item) return;
  paint(item, noteEditor(record));
  $('textarea', item).focus();
}

// Export and import are imported when used: nothing else on this screen needs them.
async function exportJournal(action) {
  const { download, exportCSV, exportJSON } = await import('../lib/export.js');
  if (action === 'export-csv') download('acupress-journal.csv', await exportCSV(), 'text/csv');
  else download('acupress-journal.json', await exportJSON(), 'application/json');
}

async function onAction(entries, button) {
  const id = button.closest('[data-id]')?.dataset.id;
  const action = button.dataset.action;
  if (action === 'delete' && confirm('Delete this entry on all your devices?')) {
    await deleteRecord(id);
    await refresh(entries, { force: true });
    announce('Entry deleted.');
  }
  if (action === 'edit-note') await editNote(entries, id);
  if (action === 'cancel') await refresh(entries, { force: true });
  if (action === 'export-csv' || action === 'export-json') await exportJournal(action);
}

async function saveNote(entries, form) {
  const record = await getRecord(form.closest('[data-id]').dataset.id);
  await saveRecord(record.kind, record.id, { ...record.data, note: $('textarea', form).value.trim() });
  await refresh(entries, { force: true });
  announce('Note saved.');
}

async function importFile(main, input) {
  const file = input.files[0];
  input.value = ''; // the same file can be chosen again
  if (!file) return;
  try {
    const { importJSON } = await import('../lib/export.js');
    const { added, skipped } = await importJSON(await file.text());
    $('#import-result', main).textContent = `Imported ${added} entries; ${skipped} were already here.`;
  } catch (error) {
    $('#import-result', main).textContent = `Could not import: ${error.message}`;
  }
}

export async function render(main) {
  const model = await currentDataStatus();
  paint(main, pageMarkup(model, await listMarkup()));
  const entries = $('#entries', main);
  on(main, 'click', '[data-action]', (_event, button) => onAction(entries, button));
  on(main, 'submit', 'form[data-action="save-note"]', (event, form) => {
    event.preventDefault();
    saveNote(entries, form);
  });
  $('#import-file', main).addEventListener('change', (event) => importFile(main, event.target));
  const stopRecords = onRecordsChanged(() => refresh(entries));
  const stopStatus = onDataStatus((now) => {
    const shown = $('#export-status', main);
    if (shown) { shown.dataset.status = now.kind; shown.textContent = sentence(now); }
  });
  return () => { stopRecords(); stopStatus(); };
}
