// Settings → Reminders: push on this device (reminders-push.js), the schedule from this device's
// copy (lib/reminders.js: shown offline, saved with PUT under its own id), and a calendar feed
// as the fallback where push is missing or refused.

import { isNetworkError } from '../lib/api-error.js';
import { presetRoutines } from '../lib/content.js';
import { $, $$, html, paint } from '../lib/dom.js';
import {
  calendarFeed, localSchedule, makeCalendarFeed, newSchedule, refreshSchedule, revokeCalendarFeed, saveSchedule, WEEKDAYS,
} from '../lib/reminders.js';
import { mountPush } from './reminders-push.js';

const DAY_LABELS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const when = (iso) => new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function zonesFor(current) {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) ? known : [current, ...known]; // e.g. "UTC" is not listed
}

function scheduleForm(schedule, routines) {
  return html`<form id="schedule-form" class="stack">
    <div class="field"><label for="reminder-time">Time</label>
      <input id="reminder-time" name="time" type="time" value="${schedule.times[0]}" required></div>
    <fieldset><legend>Days</legend><div class="row">${WEEKDAYS.map((id) => html`<label class="check">
      <input type="checkbox" name="day" value="${id}" ${schedule.weekdays.includes(id) ? 'checked' : ''}> ${DAY_LABELS[id]}</label>`)}</div></fieldset>
    <div class="field"><label for="reminder-zone">Time zone</label>
      <select id="reminder-zone" name="timezone">${zonesFor(schedule.timezone).map((z) => html`<option ${z === schedule.timezone ? 'selected' : ''}>${z}</option>`)}</select></div>
    <div class="field"><label for="reminder-routine">Routine to suggest</label>
      <select id="reminder-routine" name="routine"><option value="">Your daily routine</option>
        ${routines.map((r) => html`<option value="${r.id}" ${r.id === schedule.routine_id ? 'selected' : ''}>${r.title}</option>`)}</select></div>
    <label class="check"><input type="checkbox" name="skip" ${schedule.skip_if_practised ? 'checked' : ''}> Skip the reminder if I already practised that day</label>
    <label class="check"><input type="checkbox" name="enabled" ${schedule.enabled ? 'checked' : ''}> Reminders on</label>
    <button type="submit" class="primary">Save reminder</button>
    <p id="schedule-error" class="notice warn" role="alert" hidden></p>
    <p id="schedule-state" role="status"></p>
  </form>`;
}

/** Where the saved schedule stands, in words; `problem` is why the server could not be asked. */
function scheduleStateText(local, problem) {
  if (!local) return problem ? `Could not read your reminder from the server (${problem}).` : '';
  if (local.pending) return 'Saved on this phone. It is sent to the server when you are online.';
  const next = local.schedule.enabled && local.schedule.next_due_at ? ` Next reminder: ${when(local.schedule.next_due_at)}.` : '';
  const stale = problem ? ` Could not check the server just now (${problem}); this is the copy saved on this phone.` : '';
  return `Saved.${next}${stale}`;
}

function formFields(form) {
  const data = new FormData(form);
  return {
    times: [data.get('time')], weekdays: $$('input[name="day"]:checked', form).map((c) => c.value),
    timezone: data.get('timezone'), enabled: data.get('enabled') === 'on', skip_if_practised: data.get('skip') === 'on',
    routine_id: data.get('routine') || null,
  };
}

function calendarButtons(feed) {
  return html`<button type="button" data-action="calendar-create">${feed?.active ? 'Make a new calendar link' : 'Get a calendar link'}</button>
    ${feed?.active ? html`<button type="button" class="danger" data-action="calendar-revoke">Turn off the calendar link</button>` : ''}`;
}

function calendarMarkup(created) {
  return html`<h3>Calendar instead</h3>
    <p>Add your reminder schedule to your phone’s calendar app as a subscription; it follows changes you make here.</p>
    ${created ? html`<p><a class="button primary" href="${created.webcal_url}">Add to my calendar</a></p>
      <p class="small">Or copy this private address into your calendar app: <code>${created.url}</code>. It is shown only
      once; anyone with it can see your reminder times.</p>` : ''}
    <div class="button-row" id="calendar-buttons">${calendarButtons(created ? { active: true } : null)}</div>
    <p id="calendar-result" role="status"></p>`;
}

/** At once as for a person with no link yet; the buttons change in place if the server has one. */
function drawCalendar(area, created = null) {
  paint(area, calendarMarkup(created));
  area.onclick = async (event) => {
    const action = event.target.closest('[data-action]')?.dataset.action;
    try {
      if (action === 'calendar-create') drawCalendar(area, await makeCalendarFeed());
      if (action === 'calendar-revoke') { await revokeCalendarFeed(); drawCalendar(area); }
    } catch (error) {
      $('#calendar-result', area).textContent = isNetworkError(error) ? 'The calendar link needs an internet connection. Try again when you are online.' : error.message;
    }
  };
  if (!created) showLinkOnServer(area, area.firstElementChild);
}

async function showLinkOnServer(area, drawn) {
  const feed = await calendarFeed().catch(() => null);
  // A later draw has replaced `drawn`: its own answer wins.
  if (feed?.active && area.firstElementChild === drawn) paint($('#calendar-buttons', area), calendarButtons(feed));
}

function showSaveOutcome(el, outcome) {
  const error = $('#schedule-error', el);
  error.hidden = !outcome.error || isNetworkError(outcome.error);
  error.textContent = outcome.error && !isNetworkError(outcome.error) ? `The server did not take the reminder: ${outcome.error.message}` : '';
}

function watchForm(el, redraw) {
  const form = $('#schedule-form', el);
  form.addEventListener('input', () => { form.dataset.edited = 'true'; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = formFields(form);
    const error = $('#schedule-error', el);
    if (!fields.weekdays.length) { error.hidden = false; error.textContent = 'Choose at least one day.'; return; }
    const outcome = await saveSchedule(fields);
    await redraw({ refresh: false });
    showSaveOutcome(el, outcome);
  });
}

/** The first schedule, saved from the form as it stands when reminders are turned on. */
function firstScheduleFrom(el) {
  return async () => {
    if (await localSchedule()) return;
    const outcome = await saveSchedule(formFields($('#schedule-form', el)));
    if (outcome.error) throw outcome.error;
  };
}

async function readSchedule(refresh) {
  if (!refresh) return { local: await localSchedule(), problem: null };
  if (navigator.onLine === false) return { local: await localSchedule(), problem: 'this phone is offline' };
  try {
    return { local: await refreshSchedule(), problem: null };
  } catch (error) {
    return { local: await localSchedule(), problem: error.message }; // said on screen, never swallowed
  }
}

/** Draws the section from this device's copy (offline too) and resolves once that is drawn,
 * whole; the server's word then changes it in place. */
export async function mount(el) {
  const routines = await presetRoutines();
  paint(el, html`<div id="push-part"></div><div id="schedule-part"></div><div id="calendar-area"></div>`);
  let drawn; // the saved schedule the form shows (null: none yet), as JSON
  const drawForm = (local) => {
    drawn = JSON.stringify(local?.schedule ?? null);
    paint($('#schedule-part', el), scheduleForm(local?.schedule ?? newSchedule(), routines));
    watchForm(el, redraw);
  };
  // `refresh`: ask the server too. A form the person is editing, or already showing the server's
  // schedule, is not redrawn under them (a field they just tapped keeps its focus).
  const drawSchedule = async (refresh) => {
    const { local, problem } = await readSchedule(refresh);
    const same = JSON.stringify(local?.schedule ?? null) === drawn;
    if (!refresh || !(same || $('#schedule-form', el).dataset.edited)) drawForm(local);
    $('#schedule-state', el).textContent = scheduleStateText(local, problem);
  };
  const drawDelivery = async () => {
    const state = await mountPush($('#push-part', el), { firstSchedule: firstScheduleFrom(el), onChange: redraw });
    if (state === 'on') paint($('#calendar-area', el), '');
    else drawCalendar($('#calendar-area', el));
  };
  const redraw = async ({ refresh = true } = {}) => { await drawSchedule(refresh); await drawDelivery(); };
  await drawSchedule(false);
  await drawDelivery();
  drawSchedule(true); // not awaited: Settings shows this device's word at once
}
