// A one-page summary for a clinician: print it, or save it as PDF from the print dialog.

import { painChart } from '../lib/charts.js';
import { $, html, paint } from '../lib/dom.js';
import { listRecords } from '../lib/journal.js';
import { addDays, reliefByRoutine } from '../lib/progress.js';
import { formatDay, todayKey } from '../lib/time.js';
import { areaLabel } from './parts/pain-areas.js';

const mean = (xs) => (xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1) : '–');
const when = (d) => d.started_at ?? d.at;

function trend(sessions) {
  const half = Math.floor(sessions.length / 2);
  const avg = (list, key) => mean(list.map((s) => s[key]).filter(Number.isInteger));
  if (sessions.length < 4) return html`<p>Too few rated sessions to show a trend.</p>`;
  return html`<p>Average pain before practice: first half of the period ${avg(sessions.slice(0, half), 'pain_before')},
    second half ${avg(sessions.slice(half), 'pain_before')} (0–10).</p>`;
}

async function reportMarkup(weeks) {
  const today = todayKey();
  const from = addDays(today, -7 * weeks + 1);
  const records = (await listRecords()).filter((r) => r.kind === 'session' || r.kind === 'pain');
  const inPeriod = records.map((r) => ({ kind: r.kind, ...r.data })).filter((d) => when(d).slice(0, 10) >= from)
    .sort((a, b) => when(a).localeCompare(when(b)));
  const sessions = inPeriod.filter((d) => d.kind === 'session');
  const logs = inPeriod.filter((d) => d.kind === 'pain');
  const rated = sessions.filter((s) => Number.isInteger(s.pain_before) && Number.isInteger(s.pain_after));
  const flagged = inPeriod.filter((d) => d.flagged);
  const days = new Set(sessions.map((s) => s.started_at.slice(0, 10))).size;
  return html`
    <p><strong>Period:</strong> ${formatDay(from)} to ${formatDay(today)} (${weeks} weeks)</p>
    <h2>Practice</h2>
    <p>${sessions.length} acupressure sessions on ${days} days; ${sessions.filter((s) => s.completed).length} completed in full.</p>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Practice by routine"><table><thead><tr><th scope="col">Routine</th><th scope="col">Rated sessions</th><th scope="col">Mean change in pain</th></tr></thead>
      <tbody>${reliefByRoutine(rated).map((r) => html`<tr><td>${r.key}</td><td>${r.count}</td><td>${(-r.average).toFixed(1)}</td></tr>`)}</tbody></table></div>
    <h2>Pain</h2>
    <p>Mean pain before practice ${mean(rated.map((s) => s.pain_before))}, after ${mean(rated.map((s) => s.pain_after))}
      (${rated.length} rated sessions). ${logs.length} separate pain logs, mean ${mean(logs.map((l) => l.level))}.</p>
    ${trend(rated)}
    ${rated.length ? painChart(rated.map((s) => ({ label: s.started_at.slice(5, 10), before: s.pain_before, after: s.pain_after })),
      'Pain before and after each rated session in the period') : ''}
    <h2>Notes the person flagged</h2>
    ${flagged.length ? html`<ul>${flagged.map((d) => html`<li><strong>${when(d).slice(0, 10)}</strong>
      ${d.kind === 'pain' ? `pain ${d.level}/10, ${areaLabel(d.area)}` : d.routine_title}: ${d.note || '(no note)'}</li>`)}</ul>`
      : html`<p>None.</p>`}
    <p class="small">Self-reported in the Acupress app. Pain is rated 0 (none) to 10 (worst imaginable). Acupressure was
      self-applied at points located per the WHO Standard Acupuncture Point Locations (2008).</p>`;
}

export async function render(main, _params, query) {
  const weeks = query.get('weeks') === '12' ? 12 : 4;
  paint(main, html`
    <h1>Acupressure and back pain: summary</h1>
    <nav class="no-print chips" aria-label="Period">
      <a class="chip" href="#/report?weeks=4" aria-current="${String(weeks === 4)}">Last 4 weeks</a>
      <a class="chip" href="#/report?weeks=12" aria-current="${String(weeks === 12)}">Last 12 weeks</a>
    </nav>
    <p class="no-print"><button type="button" class="primary" data-action="print">Print or save as PDF</button></p>
    <div id="report">${await reportMarkup(weeks)}</div>`);
  $('[data-action="print"]', main).addEventListener('click', () => window.print());
}
