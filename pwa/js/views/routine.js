// One routine: its steps, how long it takes, what evidence it rests on, and Start.

import { evidence, pointsByCode, SIDES } from '../lib/content.js';
import { formatDuration, html, paint } from '../lib/dom.js';
import { chooseTodayRoutine, findRoutine, safeForPerson, totalSeconds } from '../lib/routines.js';
import { gateFor, homeEmergency, onGateActions, recheckLine } from './parts/safety-gate.js';
import { stepMarks } from './parts/safety-marks.js';
import { pregnancyNote } from './parts/safety-pregnancy.js';
import { redraw } from './parts/redraw.js';

function stepItem(step, points, content) {
  const p = points.get(step.point);
  return html`<li><a href="#/point/${step.point}">${p?.english ?? step.point}</a> <span class="code">${step.point}</span>
    — ${SIDES[step.side]}, ${step.seconds} s<br><span class="muted small">${step.cue ?? ''}</span>
    <div class="step-marks">${stepMarks(step, p, content)}</div></li>`;
}

// Safety (#13): Start only when the gate is open; otherwise what stands in the way, in a word.
function startMarkup(routine, safe) {
  if (!routine.steps.length || safe.gate?.kind === 'emergency') return '';
  if (!safe.gate) return html`<a class="button primary" href="#/play/${routine.id}">Start</a>`;
  const words = { missing: 'Safety questions first', flagged: 'See a doctor first' };
  return html`<a class="button primary" href="#/play/${routine.id}" data-gate="${safe.gate.kind}">${words[safe.gate.kind]}</a>`;
}

export async function render(main, [id]) {
  const [found, points, studies] = await Promise.all([findRoutine(id), pointsByCode(), evidence()]);
  if (!found) {
    paint(main, html`<h1>Routine not found</h1><p><a href="#/routines">See all routines</a>.</p>`);
    return;
  }
  const { routine, changes } = await safeForPerson(found);
  const safe = await gateFor(found);
  const cited = studies.filter((e) => (routine.evidence ?? []).includes(e.id));
  paint(main, html`
    <h1>${routine.title}</h1>
    <p>${routine.summary}</p>
    <p class="muted">${routine.steps.length} points · about ${formatDuration(totalSeconds(routine))} · ${routine.rest_seconds} s rest between steps</p>
    ${homeEmergency(safe)}
    ${pregnancyNote(changes, safe.content)}
    <p class="button-row">
      ${startMarkup(routine, safe)}
      <button type="button" data-action="make-daily">Make this my daily routine</button>
      ${routine.custom ? html`<a class="button" href="#/edit/${routine.id}">Edit</a>` : ''}
    </p>
    <h2>Steps</h2>
    ${safe.gate ? '' : recheckLine(safe, `/play/${routine.id}`)}
    <ol class="steps">${routine.steps.map((s) => stepItem(s, points, safe.content))}</ol>
    <details class="notice warn cautions"><summary>Before you start: stay safe</summary>
      <ul>${safe.content.general_cautions.map((c) => html`<li>${c.text}</li>`)}</ul>
      <p class="small"><a href="#/safety">Where this advice comes from</a></p>
    </details>
    ${routine.evidence_note ? html`<h2>What the evidence says</h2><p>${routine.evidence_note}</p>
      <ul>${cited.map((e) => html`<li><a href="#/evidence?id=${e.id}">${e.citation.split('.')[0]} (${e.year})</a></li>`)}</ul>` : ''}`);
  onGateActions(main, () => redraw());
  main.querySelector('[data-action="make-daily"]').addEventListener('click', async (event) => {
    await chooseTodayRoutine(routine.id);
    event.target.textContent = 'This is now your daily routine';
  });
}
