// Progress from the local journal: streaks, weekly goal, pain before/after, relief per routine and point.

import { painChart } from '../lib/charts.js';
import { pointsByCode } from '../lib/content.js';
import { html, paint } from '../lib/dom.js';
import { onRecordsChanged } from '../lib/journal.js';
import { addDays, sessionsData, summarise, weekStart } from '../lib/progress.js';
import { settings } from '../lib/settings.js';
import { todayKey } from '../lib/time.js';

const fmt = (n) => (n > 0 ? `−${n.toFixed(1)}` : n < 0 ? `+${(-n).toFixed(1)}` : '0');
const dayLabel = (key) => new Date(`${key}T12:00:00`).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });

function calendar(days, today) {
  const start = addDays(weekStart(today), -28);
  const cells = Array.from({ length: 35 }, (_, i) => addDays(start, i));
  const cell = (key) => {
    const name = new Date(`${key}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
    const done = days.has(key);
    return html`<li class="day ${done ? 'done' : ''} ${key === today ? 'today' : ''}"
      aria-label="${name}: ${done ? 'practised' : key > today ? 'to come' : 'no practice'}">${Number(key.slice(8))}</li>`;
  };
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return html`<div class="calendar" aria-hidden="true">${weekdays.map((d) => html`<span class="weekday">${d}</span>`)}</div>
    <ul class="calendar" aria-label="Practice calendar, last five weeks">${cells.map(cell)}</ul>`;
}

function reliefTable(caption, column, rows, name) {
  if (!rows.length) return '';
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table><caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">${column}</th><th scope="col">Sessions</th><th scope="col">Average change in pain</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><th scope="row">${name(r.key)}</th><td>${r.count}</td><td>${fmt(r.average)}</td></tr>`)}</tbody></table></div>`;
}

const EMPTY = html`<h1>Progress</h1><p class="notice">No practice yet. Take the <a href="#/check">safety check</a>,
  then start a <a href="#/routines">routine</a>: rate your pain before and after, and your progress shows here.</p>`;

function statsMarkup(s, count, goal, today) {
  return html`
    <div class="stat-grid">
      <div class="stat"><strong>${s.current}</strong> day streak</div>
      <div class="stat"><strong>${s.longest}</strong> longest streak</div>
      <div class="stat"><strong>${s.week.sessions}/${goal}</strong> this week</div>
      <div class="stat"><strong>${count}</strong> sessions in all</div>
    </div>
    <progress max="${goal}" value="${Math.min(s.week.sessions, goal)}" aria-label="Weekly goal: ${s.week.sessions} of ${goal} sessions"></progress>
    <p class="small muted">Weekly goal: ${goal} sessions. <a href="#/settings">Change it</a>.</p>
    <h2>Practice calendar</h2>
    ${calendar(s.days, today)}`;
}

/** The last 30 rated sessions as a chart, with the same numbers in a table. */
function painMarkup(rated) {
  const series = rated.map((x) => ({ label: dayLabel(x.started_at.slice(0, 10)), before: x.pain_before, after: x.pain_after }));
  if (!series.length) return html`<p class="muted">Rate your pain before and after a routine to see it here.</p>`;
  const summary = `Pain before and after your last ${series.length} rated sessions, on a 0 to 10 scale. The table below has the numbers.`;
  return html`${painChart(series, summary)}
    <details><summary>Show as a table</summary><div class="table-wrap" tabindex="0" role="region" aria-label="Pain before and after, as a table"><table><caption class="visually-hidden">Pain before and after each rated session</caption>
      <thead><tr><th scope="col">Date</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
      <tbody>${rated.map((x) => html`<tr><td>${x.started_at.slice(0, 10)}</td><td>${x.pain_before}</td><td>${x.pain_after}</td></tr>`)}</tbody></table></div></details>`;
}

async function draw(main) {
  const [sessions, { weekly_goal: goal }, points] = await Promise.all([sessionsData(), settings(), pointsByCode()]);
  const today = todayKey();
  const s = summarise(sessions, today, goal);
  if (!sessions.length) {
    paint(main, EMPTY);
    return;
  }
  paint(main, html`
    <h1>Progress</h1>
    ${statsMarkup(s, sessions.length, goal, today)}
    <h2>Pain before and after</h2>
    ${painMarkup(s.rated.slice(-30))}
    <h2>What helps you</h2>
    <p class="muted small">Average change in pain from before to after (a minus means less pain), for sessions you rated.
    A few sessions say little: look for patterns over weeks.</p>
    ${reliefTable('Relief by routine', 'Routine', s.byRoutine, (k) => k)}
    ${reliefTable('Relief by point', 'Point', s.byPoint, (k) => `${k} ${points.get(k)?.english ?? ''}`)}
    <p><a class="button" href="#/report">Report for your clinician</a></p>`);
}

export async function render(main) {
  await draw(main);
  return onRecordsChanged(() => draw(main));
}
