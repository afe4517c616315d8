// Settings → Devices: the linked devices, revoking one, signing this one out.

import { token, wipeLocalData } from '../lib/account.js';
import { forgetThisDevice, listDevices, removeDevice } from '../lib/devices.js';
import { $, html, paint } from '../lib/dom.js';
import { notifyChanged, pendingCount } from '../lib/journal.js';
import { refreshDataStatus } from '../lib/status.js';
import { resetSyncStatus, syncNow } from '../lib/sync.js';

const seen = (iso) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function deviceItem(d) {
  return html`<li class="card"><p><strong>${d.name}</strong>${d.current ? ' (this device)' : ''}<br>
    <span class="muted small">Added ${seen(d.created_at)} · last seen ${seen(d.last_seen_at)}</span></p>
    ${d.current ? '' : html`<button type="button" class="danger" data-action="revoke" data-device="${d.id}"
      aria-label="Remove ${d.name}">Remove</button>`}</li>`;
}

/** Sync what is left, let the server forget this device, then wipe every local trace. */
async function signOut() {
  await syncNow();
  const devices = await listDevices().catch(() => null);
  let warning = null;
  if (devices?.length === 1) warning = 'This is the only device on your account: signing out deletes your journal here and on the server, for good. Export it first if you want to keep it. Sign out anyway?';
  else if ((await pendingCount()) > 0) warning = 'Some entries have not reached your other devices yet and will be lost. Sign out anyway?';
  if (warning && !confirm(warning)) return false;
  await forgetThisDevice();
  await wipeLocalData();
  resetSyncStatus();
  notifyChanged({ wiped: true });
  return true;
}

function listMarkup(devices) {
  if (devices === undefined) return html`<p class="muted">Asking the server for your devices…</p>`;
  if (!devices.length) return html`<p class="muted">Connect to the internet to see your devices.</p>`;
  return html`<ul class="list">${devices.map(deviceItem)}</ul>`;
}

async function showDevices(el) {
  let devices = [];
  try { devices = await listDevices(); refreshDataStatus(); } catch { /* offline: say so */ }
  const list = $('#devices-list', el);
  if (list) paint(list, listMarkup(devices));
}

/** Draws the section at once; the list of devices, the server's to tell, fills in after. */
export async function mount(el) {
  if (!(await token())) {
    paint(el, html`<p>Your journal is only on this device. <a href="#/link">Link another device</a>
      to see it there too.</p>`);
    return;
  }
  paint(el, html`<div id="devices-list">${listMarkup(undefined)}</div>
    <p class="button-row"><a class="button" href="#/link">Link another device</a>
      <button type="button" data-action="sign-out">Sign out on this device</button></p>
    <p class="hint">Signing out sends anything not yet synced, then removes your journal from this device. Your other devices keep it; on your only device, signing out deletes it for good.</p>`);
  el.onclick = async (event) => {
    const button = event.target.closest('[data-action]');
    if (button?.dataset.action === 'revoke' && confirm('Remove this device? It will stop syncing and forget your journal the next time it connects.')) {
      await removeDevice(button.dataset.device);
      await showDevices(el);
    }
    if (button?.dataset.action === 'sign-out' && (await signOut())) location.hash = '#/';
  };
  showDevices(el); // not awaited: the rest of Settings does not wait on the server
}
