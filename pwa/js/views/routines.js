// Routines: the presets and the person's own, each with its length.

import { formatDuration, html, paint } from '../lib/dom.js';
import { allRoutines, expandSteps, totalSeconds } from '../lib/routines.js';

const FOR = { 'lower-back': 'Lower back', 'upper-back-neck': 'Upper back and neck', sciatica: 'Sciatica', general: 'General' };

function item(r) {
  return html`<li><a class="list-link" href="#/routine/${r.id}">
    <span><span class="title">${r.title}</span>
      <span class="sub">${r.custom ? 'Your routine' : FOR[r.for] ?? ''} · ${expandSteps(r).length} steps · ${formatDuration(totalSeconds(r))}</span></span>
  </a></li>`;
}

export async function render(main) {
  const routines = await allRoutines();
  const presets = routines.filter((r) => !r.custom);
  const own = routines.filter((r) => r.custom);
  paint(main, html`
    <h1>Routines</h1>
    <p class="muted">Guided sequences of points with a press timer. Pick one, or make your own.</p>
    <h2>Ready-made</h2>
    <ul class="list">${presets.map(item)}</ul>
    <h2>Your routines</h2>
    ${own.length ? html`<ul class="list">${own.map(item)}</ul>` : html`<p class="muted">You have not made a routine yet.</p>`}
    <p><a class="button" href="#/edit/new">Create a routine</a></p>`);
}
