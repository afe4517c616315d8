// Settings → Reminders, the push part: where reminders stand on this device, turning them on in
// four bounded steps with progress and any failure shown right under the button that was
// tapped, the last reminder sent and shown, and "Send a test reminder".

import { isNetworkError } from '../lib/api-error.js';
import { $, html, paint } from '../lib/dom.js';
import { isIOS } from '../lib/install.js';
import { LIMIT_MS, STEPS, disablePush, enablePush, pushState, pushStatus, sendTestReminder } from '../lib/push.js';
import { lastShown } from '../lib/reminders.js';
import { onServiceWorkerMessage } from '../lib/sw-bridge.js';

const when = (iso) => new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const CALENDAR = 'use the calendar link below instead';

const STATE_TEXT = {
  on: 'Reminders are on for this device.',
  off: 'Reminders are off on this device.',
  waiting: `Waiting for the push service: the last try to turn reminders on got no answer from it. Try again, or ${CALENDAR}.`,
  blocked: `Notifications are blocked for this site, so reminders cannot show here. Allow notifications for this site in your browser’s settings, then come back — or ${CALENDAR}.`,
  unsupported: `This browser cannot receive reminders from a web app. To be reminded anyway, ${CALENDAR}: your calendar app will remind you.`,
  'ios-needs-install': 'On iPhone and iPad, reminders work once Acupress is added to your Home Screen (iOS 16.4 or later): in Safari, tap the Share button, then “Add to Home Screen”, and open Acupress from there. Until then, use the calendar link below.',
};

const PROGRESS = {
  permission: 'Asking to allow notifications…',
  subscribe: `Connecting to the push service (up to ${LIMIT_MS.subscribe / 1000} seconds)…`,
  register: 'Registering this device with the Acupress server…',
  schedule: 'Saving your first reminder…',
};

/** Plain words for a failed step, ending with what to do next. */
function failureText(error) {
  if (error.reason === 'offline') return 'This phone is offline. Connect to the internet, then tap Try again.';
  if (error.step === 'permission') {
    if (error.reason === 'denied') return STATE_TEXT.blocked;
    if (error.reason === 'timeout') return 'There was no answer to the question about notifications. Tap Try again.';
    return `Notifications were not allowed. Tap Try again and choose Allow, or ${CALENDAR}.`;
  }
  if (error.step === 'subscribe') {
    const ios = isIOS() ? ' On iPhone, add Acupress to your Home Screen first, from Safari’s Share menu.' : '';
    const what = error.reason === 'timeout' ? `The push service did not answer within ${LIMIT_MS.subscribe / 1000} seconds.` : `This browser could not subscribe to reminders (${error.message}).`;
    return `${what} Check your connection and tap Try again, or ${CALENDAR}.${ios}`;
  }
  if (error.step === 'register') return `The Acupress server could not register this device (${error.message}). Tap Try again in a moment.`;
  return `Reminders are on, but the first reminder could not reach the server yet (${error.message}). It is saved on this phone and is sent when the server can be reached.`;
}

/** `status` is the server's word (null: it could not be asked; undefined: not asked yet). */
function deliveryText(status, shown) {
  const sent = status?.last_delivered_at;
  const seen = shown?.at;
  if (status === undefined && !seen) return 'Last reminder: asking the server…';
  if (!sent && !seen) return 'No reminder has been sent to this device yet.';
  const parts = [sent ? `Last reminder sent ${when(sent)}.` : ''];
  if (seen) parts.push(`Last one shown on this phone ${when(seen)}.`);
  if (sent && (!seen || seen < sent)) parts.push('The last one sent has not been shown here yet.');
  return parts.filter(Boolean).join(' ');
}

function statusLine(state, status) {
  if (state !== 'on') return STATE_TEXT[state];
  if (status === undefined) return `${STATE_TEXT.on} Next: asking the server…`; // about as long as the answer
  const next = status?.next_due_at ? ` Next: ${when(status.next_due_at)}.` : '';
  return `${STATE_TEXT.on}${next}`;
}

function buttons(state) {
  if (state === 'on') {
    return html`<button type="button" data-action="push-test">Send a test reminder</button>
      <button type="button" data-action="push-off">Turn off on this device</button>`;
  }
  if (state === 'off') return html`<button type="button" class="primary" data-action="push-on">Turn on reminders</button>`;
  if (state === 'waiting') return html`<button type="button" class="primary" data-action="push-on">Try again</button>`;
  return '';
}

function markup(state, status, shown) {
  return html`<div id="push-area" data-push-state="${state}">
    <p id="push-status" role="status" tabindex="-1" class="${state === 'on' || state === 'off' ? '' : 'notice'}">${statusLine(state, status)}</p>
    <div class="button-row" id="push-buttons">${buttons(state)}</div>
    <div id="push-result" class="step-result" aria-live="polite"></div>
    ${state === 'off' ? html`<p class="hint">Your browser will ask to allow notifications. One reminder a day at your time, nothing else.</p>` : ''}
    ${state === 'on' ? html`<p id="push-delivery" class="small">${deliveryText(status, shown)}</p>` : ''}
  </div>`;
}

function showProgress(el, step) {
  paint($('#push-result', el), html`<p class="progress" data-step="${step}">Step ${STEPS.indexOf(step) + 1} of ${STEPS.length}: ${PROGRESS[step]}</p>`);
}

function showFailure(el, text) {
  paint($('#push-result', el), html`<p class="notice warn" role="alert">${text}</p>`);
}

// The service worker tells an open page each time it shows a notification: "shown" is then said
// at once (a test reminder arriving, say). One listener for the app's life; it finds the line.
onServiceWorkerMessage('notification-shown', async () => {
  const line = document.getElementById('push-delivery');
  if (line) line.textContent = deliveryText(await pushStatus().catch(() => null), await lastShown());
});

/** Draw the push part into `el` from what this device knows, at once; when reminders are on, the
 * server's word (next and last reminder) follows in place. `firstSchedule` saves the form's
 * schedule when none exists. */
export async function mountPush(el, { firstSchedule, onChange }) {
  const state = await pushState();
  const shown = state === 'on' ? await lastShown() : null;
  paint(el, markup(state, undefined, shown));
  if (state === 'on') askServer(el, shown, onChange);
  el.onclick = async (event) => {
    const action = event.target.closest('[data-action]')?.dataset.action;
    if (action === 'push-on') await turnOn(el, firstSchedule, onChange);
    if (action === 'push-off') await turnOff(el, onChange);
    if (action === 'push-test') await sendTest(el);
  };
  return state;
}

async function askServer(el, shown, onChange) {
  const status = await pushStatus().catch(() => null);
  if (status && !status.subscribed) { // the push service said the subscription is gone
    await disablePush().catch(() => {});
    await onChange();
    return;
  }
  if ($('#push-area', el)?.dataset.pushState !== 'on') return; // redrawn meanwhile
  $('#push-status', el).textContent = statusLine('on', status);
  $('#push-delivery', el).textContent = deliveryText(status, shown);
}

async function turnOn(el, firstSchedule, onChange) {
  setButtons(el, { disabled: true });
  try {
    await enablePush({ onStep: (step) => showProgress(el, step), firstSchedule });
  } catch (error) {
    if (error.reason === 'denied') { // the state line now says how to allow them
      await mountPush(el, { firstSchedule, onChange });
      paint($('#push-result', el), html`<p class="notice warn" role="alert">Notifications were blocked, so reminders are not on.</p>`);
      return;
    }
    setButtons(el, { disabled: false, label: 'Try again' }); // the same button, where it was
    showFailure(el, failureText(error));
    return;
  }
  await onChange();
  $('#push-status', el)?.focus();
}

async function turnOff(el, onChange) {
  try {
    await disablePush();
    await onChange();
  } catch (error) {
    paint($('#push-result', el), html`<p class="notice warn" role="alert">${isNetworkError(error)
      ? 'Reminders are off on this phone, but the server could not be told yet: connect to the internet and tap Turn off again.'
      : error.message}</p>`);
  }
}

async function sendTest(el) {
  const result = $('#push-result', el);
  paint(result, html`<p class="progress">Sending a test reminder…</p>`);
  try {
    const answer = await sendTestReminder();
    const sent = answer.status === 'sent';
    paint(result, html`<p class="${sent ? '' : 'notice warn'}" role="status">${sent
      ? 'Sent. It should appear on this phone within a few seconds.'
      : `The push service did not take it (${answer.message ?? answer.status}). Turn reminders off and on again.`}</p>`);
  } catch (error) {
    paint(result, html`<p class="notice warn" role="alert">${isNetworkError(error) ? 'The test needs an internet connection. Try again when you are online.' : error.message}</p>`);
  }
}

function setButtons(el, { disabled, label }) {
  el.querySelectorAll('#push-buttons button').forEach((b) => {
    b.disabled = disabled;
    if (label && b.dataset.action === 'push-on') b.textContent = label;
  });
}
