// Settings → Reminders: push on this device, the schedule, and a calendar feed as a fallback.

import { api, ensureAccount, token } from '../lib/account.js';
import { presetRoutines } from '../lib/content.js';
import { $, $$, html, paint } from '../lib/dom.js';
import { disablePush, enablePush, pushStatus, pushSupport } from '../lib/push.js';
import { timezone } from '../lib/time.js';

const DAYS = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']];
const NEW_SCHEDULE = { times: ['07:30'], weekdays: DAYS.map(([d]) => d), timezone: timezone(), enabled: true, skip_if_practised: true, routine_id: null };
const when = (iso) => new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

const SUPPORT_TEXT = {
  'ios-needs-install': 'On iPhone and iPad, reminders work once Acupress is added to your Home Screen (iOS 16.4 or later): tap Share, then “Add to Home Screen”, and open it from there.',
  unsupported: 'This browser cannot show reminders from a web app.',
  denied: 'Notifications are blocked for this site. Allow them in your browser’s site settings to get reminders here.',
};

function statusText(status) {
  if (!status?.subscribed) return 'Reminders are off on this device.';
  const last = status.last_delivered_at ? `Last reminder reached this device ${when(status.last_delivered_at)}.` : 'No reminder has reached this device yet.';
  const next = status.next_due_at ? ` Next: ${when(status.next_due_at)}.` : '';
  return `Reminders are on for this device. ${last}${next}`;
}

function scheduleForm(schedule, routines) {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = known.includes(schedule.timezone) ? known : [schedule.timezone, ...known]; // e.g. "UTC" is not listed
  return html`<form id="schedule-form" class="stack">
    <div class="field"><label for="reminder-time">Time</label>
      <input id="reminder-time" name="time" type="time" value="${schedule.times[0]}" required></div>
    <fieldset><legend>Days</legend><div class="row">${DAYS.map(([id, label]) => html`<label class="check">
      <input type="checkbox" name="day" value="${id}" ${schedule.weekdays.includes(id) ? 'checked' : ''}> ${label}</label>`)}</div></fieldset>
    <div class="field"><label for="reminder-zone">Time zone</label>
      <select id="reminder-zone" name="timezone">${zones.map((z) => html`<option ${z === schedule.timezone ? 'selected' : ''}>${z}</option>`)}</select></div>
    <div class="field"><label for="reminder-routine">Routine to suggest</label>
      <select id="reminder-routine" name="routine"><option value="">Your daily routine</option>
        ${routines.map((r) => html`<option value="${r.id}" ${r.id === schedule.routine_id ? 'selected' : ''}>${r.title}</option>`)}</select></div>
    <label class="check"><input type="checkbox" name="skip" ${schedule.skip_if_practised ? 'checked' : ''}> Skip the reminder if I already practised that day</label>
    <label class="check"><input type="checkbox" name="enabled" ${schedule.enabled ? 'checked' : ''}> Reminders on</label>
    <p id="schedule-error" class="notice warn" role="alert" hidden></p>
    <button type="submit" class="primary">Save reminder</button>
  </form>`;
}

async function calendarMarkup(created) {
  const feed = (await token()) ? await api('/api/reminders/calendar').catch(() => null) : null;
  return html`<h3>Calendar instead</h3>
    <p>Add your reminder schedule to your phone’s calendar app as a subscription; it follows changes you make here.</p>
    ${created ? html`<p><a class="button primary" href="${created.webcal_url}">Add to my calendar</a></p>
      <p class="small">Or copy this private address into your calendar app: <code>${created.url}</code>. It is shown only
      once; anyone with it can see your reminder times.</p>` : ''}
    <div class="button-row"><button type="button" data-action="calendar-create">${feed?.active ? 'Make a new calendar link' : 'Get a calendar link'}</button>
      ${feed?.active ? html`<button type="button" class="danger" data-action="calendar-revoke">Turn off the calendar link</button>` : ''}</div>
    <p id="calendar-result" role="status"></p>`;
}

export async function mount(el, created = null) {
  const support = pushSupport();
  const hasToken = Boolean(await token());
  const [status, schedules, routines] = await Promise.all([
    hasToken && support === 'ok' ? pushStatus().catch(() => null) : null,
    hasToken ? api('/api/reminders/schedules').then((r) => r.schedules).catch(() => []) : [],
    presetRoutines(),
  ]);
  const schedule = schedules[0] ?? NEW_SCHEDULE;
  paint(el, html`${support === 'ok' ? html`<p id="push-status" role="status">${statusText(status)}</p>
      <div class="button-row">${status?.subscribed
        ? html`<button type="button" data-action="push-off">Turn off on this device</button>`
        : html`<button type="button" class="primary" data-action="push-on">Turn on reminders</button>`}</div>
      <p class="hint">Your browser will ask to allow notifications. One reminder a day at your time, nothing else.</p>`
      : html`<p class="notice">${SUPPORT_TEXT[support]}</p>`}
    ${scheduleForm(schedule, routines)}
    <div id="calendar-area">${support === 'ok' && status?.subscribed ? '' : await calendarMarkup(created)}</div>`);
  const rerender = () => mount(el);
  el.onclick = async (event) => {
    const action = event.target.closest('[data-action]')?.dataset.action;
    try {
      if (action === 'push-on') { await enablePush(); await rerender(); $('#push-status', el)?.focus(); }
      if (action === 'push-off') { await disablePush(); await rerender(); }
      if (action === 'calendar-create') { await ensureAccount(); await mount(el, await api('/api/reminders/calendar', { method: 'POST' })); }
      if (action === 'calendar-revoke') { await api('/api/reminders/calendar', { method: 'DELETE' }); await rerender(); }
    } catch (error) {
      const target = $('#calendar-result', el) ?? $('#push-status', el);
      if (target) target.textContent = navigator.onLine ? error.message : 'Reminders need an internet connection to set up.';
    }
  };
  $('#schedule-form', el).addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const body = {
      times: [data.get('time')], weekdays: $$('input[name="day"]:checked', form).map((c) => c.value),
      timezone: data.get('timezone'), enabled: data.get('enabled') === 'on', skip_if_practised: data.get('skip') === 'on',
      routine_id: data.get('routine') || null,
    };
    const error = $('#schedule-error', el);
    error.hidden = body.weekdays.length > 0;
    if (!body.weekdays.length) { error.textContent = 'Choose at least one day.'; return; }
    try {
      await ensureAccount();
      const id = schedules[0]?.id ?? crypto.randomUUID(); // #14: client-made ids, saved with PUT
      await api(`/api/reminders/schedules/${id}`, { method: 'PUT', body: { ...body, modified_at: new Date().toISOString() } });
      await rerender();
    } catch (e) {
      error.hidden = false;
      error.textContent = navigator.onLine ? e.message : 'Saving the reminder needs an internet connection.';
    }
  });
}
