// Settings: reminders, practice cues, safety (emergency number, pregnancy mode), devices, and keeping or deleting data.

import { deleteEverything, token } from '../lib/account.js';
import { $, html, paint } from '../lib/dom.js';
import { notifyChanged } from '../lib/journal.js';
import { settings, updateSettings } from '../lib/settings.js';
import { resetSyncStatus } from '../lib/sync.js';
import { mount as mountDevices } from './devices-section.js';
import { mount as mountReminders } from './reminders-section.js';
import { mount as mountSafety } from './parts/safety-settings.js';

const TOGGLES = [
  ['sound', 'Tones', 'A short tone when to press, release and move on'],
  ['speech', 'Spoken cues', 'Says the point, the side and what to do'],
  ['vibration', 'Vibration', 'Where the phone supports it'],
  ['breathing', 'Breathing guide', 'A slow-breathing pacer while you press (6 breaths a minute)'],
];

async function storageMarkup() {
  const persisted = await navigator.storage?.persisted?.();
  const linked = Boolean(await token());
  if (persisted) return html`<p>Your journal on this device is protected: the browser will not clear it to free space.</p>`;
  return html`<p>Your browser may clear this app’s data if the device runs low on space.
    ${linked ? 'Your synced entries are safe on your other devices.' : html`<a href="#/link">Link another device</a> or download an export from the <a href="#/journal">Journal</a> to keep a copy.`}</p>
    <button type="button" data-action="persist">Ask the browser to keep my data</button>`;
}

export async function render(main) {
  const current = await settings();
  paint(main, html`
    <h1>Settings</h1>
    <section class="card" aria-labelledby="reminders-h"><h2 id="reminders-h">Daily reminder</h2><div id="reminders-section"></div></section>
    <section class="card" aria-labelledby="practice-h">
      <h2 id="practice-h">During practice</h2>
      ${TOGGLES.map(([key, label, hint]) => html`<label class="check"><input type="checkbox" data-setting="${key}" ${current[key] ? 'checked' : ''}>
        <span>${label}<span class="hint">${hint}</span></span></label>`)}
      <div class="field"><label for="weekly-goal">Weekly goal (sessions)</label>
        <input id="weekly-goal" type="number" min="1" max="14" inputmode="numeric" value="${current.weekly_goal}"></div>
    </section>
    <div id="safety-settings-section"></div>
    <section class="card" aria-labelledby="devices-h"><h2 id="devices-h">Devices</h2><div id="devices-section"></div></section>
    <section class="card" aria-labelledby="storage-h"><h2 id="storage-h">Keeping your data</h2><div id="storage">${await storageMarkup()}</div></section>
    <section class="card" aria-labelledby="delete-h">
      <h2 id="delete-h">Delete everything</h2>
      <p>Deletes your journal, routines, reminders and devices from our server and from this device. This cannot be undone.</p>
      <button type="button" class="danger" data-action="delete-all">Delete everything</button>
      <p id="delete-result" role="status"></p>
    </section>`);
  mountReminders($('#reminders-section', main));
  mountDevices($('#devices-section', main));
  await mountSafety($('#safety-settings-section', main)); // emergency number and pregnancy mode (#13)
  main.addEventListener('change', async (event) => {
    const key = event.target.dataset.setting;
    if (key) await updateSettings({ [key]: event.target.checked });
    if (event.target.id === 'weekly-goal') {
      const goal = Math.round(Number(event.target.value));
      if (goal >= 1 && goal <= 14) await updateSettings({ weekly_goal: goal });
    }
  });
  main.addEventListener('click', async (event) => {
    const action = event.target.closest('[data-action]')?.dataset.action;
    if (action === 'persist') {
      await navigator.storage?.persist?.();
      paint($('#storage', main), await storageMarkup());
    }
    if (action === 'delete-all' && confirm('Delete your whole journal everywhere? This cannot be undone.')) {
      try {
        await deleteEverything();
        resetSyncStatus();
        notifyChanged({ wiped: true });
        location.hash = '#/';
      } catch (error) {
        $('#delete-result', main).textContent = navigator.onLine ? error.message : 'Deleting from the server needs an internet connection.';
      }
    }
  });
}
