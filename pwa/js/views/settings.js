// Settings: reminders, practice cues, safety (emergency number, pregnancy mode), devices, and keeping or deleting data.

import { deleteEverything } from '../lib/account.js';
import { isNetworkError } from '../lib/api-error.js';
import { $, html, paint } from '../lib/dom.js';
import { forgetSubscription } from '../lib/push.js';
import { settings, updateSettings } from '../lib/settings.js';
import { currentDataStatus, onDataStatus, sentence } from '../lib/status.js';
import { mount as mountDevices } from './devices-section.js';
import { mount as mountReminders } from './reminders-section.js';
import { mount as mountSafety } from './parts/safety-settings.js';

const TOGGLES = [
  ['sound', 'Tones', 'A short tone when to press, release and move on'],
  ['speech', 'Spoken cues', 'Says the point, the side and what to do'],
  ['vibration', 'Vibration', 'Where the phone supports it'],
  ['breathing', 'Breathing guide', 'A slow-breathing pacer while you press (6 breaths a minute)'],
];

/** Where the data is, and whether the browser promised to keep it (storage.persist()). */
async function storageMarkup(asked = false) {
  const model = await currentDataStatus();
  const persisted = await navigator.storage?.persisted?.().catch(() => false);
  const elsewhere = model.kind === 'synced' ? ` Your synced entries are also on your ${model.others === 1 ? 'other device' : `${model.others} other devices`}.` : '';
  const keep = persisted
    ? html`<p id="storage-persist" data-persisted="true">This browser has promised not to clear the app’s data to free space.</p>`
    : html`<p id="storage-persist" data-persisted="false">${asked ? 'The browser did not promise to keep it. ' : ''}This phone may clear the app’s data when it runs low on
      space, or after weeks without use.${elsewhere} To keep your own copy, download an export from the <a href="#/journal">Journal</a>.</p>
      ${navigator.storage?.persist ? html`<button type="button" data-action="persist">Ask the browser to keep my data</button>` : ''}`;
  return html`<p id="storage-status" data-status="${model.kind}">${sentence(model)}</p>${keep}`;
}

const DELETE_CONFIRM = html`<div class="notice danger" id="delete-confirm" role="alertdialog" aria-labelledby="delete-confirm-text">
  <p id="delete-confirm-text">Delete your whole journal, routines, reminders and devices, on our server and on this phone? This cannot be undone.</p>
  <div class="button-row"><button type="button" class="danger" data-action="delete-confirmed">Yes, delete everything</button>
    <button type="button" data-action="delete-cancel">Cancel</button></div></div>`;

async function deleteAll(main) {
  const result = $('#delete-result', main);
  result.textContent = 'Deleting…';
  try {
    await deleteEverything();
  } catch (error) {
    result.textContent = isNetworkError(error)
      ? 'Nothing was deleted: deleting from the server needs an internet connection. Try again when you are online.'
      : `Nothing was deleted: ${error.message}`;
    return;
  }
  await forgetSubscription();
  // A fresh start: the app loads again with nothing in memory, as on a new phone.
  location.replace(`${location.pathname}#/`);
  location.reload();
}

function practiceMarkup(current) {
  return html`<section class="card" aria-labelledby="practice-h">
    <h2 id="practice-h">During practice</h2>
    ${TOGGLES.map(([key, label, hint]) => html`<label class="check"><input type="checkbox" data-setting="${key}" ${current[key] ? 'checked' : ''}>
      <span>${label}<span class="hint">${hint}</span></span></label>`)}
    <div class="field"><label for="weekly-goal">Weekly goal (sessions)</label>
      <input id="weekly-goal" type="number" min="1" max="14" inputmode="numeric" value="${current.weekly_goal}"></div>
  </section>`;
}

async function onChange(event) {
  const key = event.target.dataset.setting;
  if (key) await updateSettings({ [key]: event.target.checked });
  if (event.target.id === 'weekly-goal') {
    const goal = Math.round(Number(event.target.value));
    if (goal >= 1 && goal <= 14) await updateSettings({ weekly_goal: goal });
  }
}

async function onClick(main, event) {
  const action = event.target.closest('[data-action]')?.dataset.action;
  if (action === 'persist') {
    await navigator.storage.persist().catch(() => false);
    paint($('#storage', main), await storageMarkup(true));
  }
  if (action === 'delete-all') { paint($('#delete-area', main), DELETE_CONFIRM); $('[data-action="delete-cancel"]', main).focus(); }
  if (action === 'delete-cancel') paint($('#delete-area', main), '');
  if (action === 'delete-confirmed') await deleteAll(main);
}

/** A section drawn into a new element from what this phone knows, for the page to show whole. */
async function section(id, mount) {
  const el = document.createElement('div');
  el.id = id;
  await mount(el);
  return el;
}

export async function render(main) {
  // Every section's first look comes from this phone (offline too) and the page appears once,
  // whole: nothing moves under a thumb while the server's answers fill in.
  const [current, storage, ...sections] = await Promise.all([settings(), storageMarkup(),
    section('reminders-section', mountReminders), section('safety-settings-section', mountSafety), // safety (#13)
    section('devices-section', mountDevices)]);
  paint(main, html`
    <h1>Settings</h1>
    <section class="card" aria-labelledby="reminders-h"><h2 id="reminders-h">Daily reminder</h2><div id="reminders-section"></div></section>
    ${practiceMarkup(current)}
    <div id="safety-settings-section"></div>
    <section class="card" aria-labelledby="devices-h"><h2 id="devices-h">Devices</h2><div id="devices-section"></div></section>
    <section class="card" aria-labelledby="storage-h"><h2 id="storage-h">Keeping your data</h2><div id="storage">${storage}</div></section>
    <section class="card" aria-labelledby="delete-h">
      <h2 id="delete-h">Delete everything</h2>
      <p>Deletes your journal, routines, reminders and devices from our server and from this device. This cannot be undone.</p>
      <button type="button" class="danger" data-action="delete-all">Delete everything</button>
      <div id="delete-area"></div>
      <p id="delete-result" role="status"></p>
    </section>`);
  sections.forEach((el) => $(`#${el.id}`, main).replaceWith(el));
  main.addEventListener('change', onChange);
  main.addEventListener('click', (event) => onClick(main, event));
  // The data sentence follows the real state while Settings is open (offline, synced, failed).
  return onDataStatus(async (model) => {
    const shown = $('#storage-status', main);
    if (shown && shown.dataset.status !== model.kind) paint($('#storage', main), await storageMarkup());
  });
}
