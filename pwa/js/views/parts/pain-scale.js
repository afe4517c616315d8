// The 0–10 pain scale, one component for every screen that asks (log, before and after practice):
// a radio group of 11 equal targets, one row when there is room and a tidy 6 + 5 grid when not
// (app.css, "pain scale"), with the words for 0, 5 and 10 placed under their own numbers.

import { html } from '../../lib/dom.js';

const WORDS = { 0: 'No pain', 5: 'Moderate', 10: 'Worst imaginable' };

function option(name, n, value) {
  const word = WORDS[n] ? html`<span class="visually-hidden">, ${WORDS[n].toLowerCase()}</span>` : '';
  return html`<label class="scale-option"><input type="radio" name="${name}" value="${n}" ${value === n ? 'checked' : ''}>
    <span class="scale-number">${n}${word}</span></label>`;
}

/** The scale for form field `name`, asking `legend`, with `value` (0–10 or null) chosen. */
export function painScale(name, legend, value = null) {
  return html`<fieldset class="scale" role="radiogroup" aria-labelledby="${name}-legend">
    <legend id="${name}-legend">${legend}</legend>
    <div class="scale-options">
      ${Array.from({ length: 11 }, (_, n) => option(name, n, value))}
      ${Object.entries(WORDS).map(([n, word]) => html`<span class="scale-word w${n}" aria-hidden="true">${word}</span>`)}
    </div>
  </fieldset>`;
}
