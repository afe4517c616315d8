// One routine: its steps, how long it takes, what evidence it rests on, and Start.

import { evidence, pointsByCode, SIDES } from '../lib/content.js';
import { formatDuration, html, paint } from '../lib/dom.js';
import { findRoutine, safeForPerson, totalSeconds } from '../lib/routines.js';
import { GENERAL_CAUTIONS } from '../lib/safety.js';
import { setMeta } from '../lib/store.js';

function stepItem(step, points) {
  const p = points.get(step.point);
  return html`<li><a href="#/point/${step.point}"><span class="code">${step.point}</span> ${p?.pinyin ?? ''}</a>
    — ${SIDES[step.side]}, ${step.seconds} s<br><span class="muted small">${step.cue ?? ''}</span></li>`;
}

export async function render(main, [id]) {
  const [found, points, studies] = await Promise.all([findRoutine(id), pointsByCode(), evidence()]);
  if (!found) {
    paint(main, html`<h1>Routine not found</h1><p><a href="#/routines">See all routines</a>.</p>`);
    return;
  }
  const { routine, removed } = await safeForPerson(found);
  const cited = studies.filter((e) => (routine.evidence ?? []).includes(e.id));
  paint(main, html`
    <h1>${routine.title}</h1>
    <p>${routine.summary}</p>
    <p class="muted">${routine.steps.length} points · about ${formatDuration(totalSeconds(routine))} · ${routine.rest_seconds} s rest between steps</p>
    ${removed.length ? html`<p class="notice warn">Pregnancy mode is on, so ${removed.join(', ')} ${removed.length > 1 ? 'are' : 'is'} left out:
      ${removed.length > 1 ? 'these points are' : 'this point is'} commonly avoided in pregnancy.</p>` : ''}
    <p class="button-row">
      ${routine.steps.length ? html`<a class="button primary" href="#/play/${routine.id}">Start</a>` : ''}
      <button type="button" data-action="make-daily">Make this my daily routine</button>
      ${routine.custom ? html`<a class="button" href="#/edit/${routine.id}">Edit</a>` : ''}
    </p>
    <h2>Steps</h2>
    <ol class="steps">${routine.steps.map((s) => stepItem(s, points))}</ol>
    <section class="notice warn" aria-labelledby="before-h">
      <h2 id="before-h">Before you start</h2>
      <ul>${GENERAL_CAUTIONS.map((c) => html`<li>${c}</li>`)}</ul>
    </section>
    ${routine.evidence_note ? html`<h2>What the evidence says</h2><p>${routine.evidence_note}</p>
      <ul>${cited.map((e) => html`<li><a href="#/evidence?id=${e.id}">${e.citation.split('.')[0]} (${e.year})</a></li>`)}</ul>` : ''}`);
  main.querySelector('[data-action="make-daily"]').addEventListener('click', async (event) => {
    await setMeta('today-routine', routine.id);
    event.target.textContent = 'This is now your daily routine';
  });
}
