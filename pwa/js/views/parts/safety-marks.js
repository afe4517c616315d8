// Safety marks on points and steps: the pregnancy caution (shown whether or not the mode is on) and
// the technique cautions of a ball, tool or partner press. Texts come from data/safety.json.

import { html } from '../../lib/dom.js';

const PREGNANCY = {
  'leave-out': 'Pregnancy: left out',
  gentle: 'Pregnancy: gentle only',
};

/** A small badge for a point cautioned in pregnancy, or ''. */
export function pregnancyMark(point) {
  const mode = point?.cautions.pregnancy_mode;
  if (!point?.cautions.pregnancy || !mode) return '';
  return html`<span class="tag caution safety-mark" data-mark="pregnancy">${PREGNANCY[mode]}</span>`;
}

/** What pregnancy mode does with this point, in safety.json's words (sourced on the Evidence page). */
function pregnancySentence(point, content) {
  const mode = point?.cautions.pregnancy_mode;
  return content?.pregnancy.changes.find((c) => c.id === mode)?.text ?? '';
}

const LOAD = { tool: 'Uses a ball or tool', weight: 'Uses your weight or a partner' };

/** The technique cautions for a tool or weight press, folded under a short summary; '' for hand. */
export function techniqueCautions(load, content, { open = false } = {}) {
  if (!LOAD[load] || !content) return '';
  return html`<details class="safety-technique" data-mark="technique" ${open ? 'open' : ''}>
    <summary>${LOAD[load]}: read these ${content.technique_cautions.length} cautions</summary>
    <ul>${content.technique_cautions.map((c) => html`<li>${c.text}</li>`)}</ul>
    <p class="small"><a href="#/safety">Where this advice comes from</a></p>
  </details>`;
}

/** Marks for one routine step: pregnancy badge, gentle-mode note, technique cautions. */
export function stepMarks(step, point, content) {
  const load = step.load ?? point?.press.load ?? 'hand';
  return html`${pregnancyMark(point)}${step.gentle ? html` <span class="tag safety-mark" data-mark="gentle">Gentle, by hand</span>` : ''}
    ${techniqueCautions(load, content)}`;
}

/** The point page's cautions: pregnancy (with what the mode does) and the point's own notes. */
export function pointCautions(point, content) {
  const notes = point.cautions.notes;
  if (!point.cautions.pregnancy && !notes.length) return '';
  return html`<section aria-labelledby="cautions-h" class="notice warn">
    <h2 id="cautions-h">Cautions</h2>
    ${point.cautions.pregnancy ? html`<p data-mark="pregnancy"><strong>Pregnancy:</strong> ${pregnancySentence(point, content)}
      If you are or may be pregnant, turn on pregnancy mode. <a href="#/safety">Sources</a></p>` : ''}
    ${notes.length ? html`<ul>${notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
  </section>`;
}
