// What pregnancy mode changed in a routine, and why, with the sources behind it.

import { html } from '../../lib/dom.js';


/** A note for the routine and player pages, or '' when the mode changed nothing. */
export function pregnancyNote(changes, content) {
  if (!changes || !content || (!changes.leftOut.length && !changes.gentle.length)) return '';
  const why = Object.fromEntries(content.pregnancy.changes.map((c) => [c.id, c]));
  return html`<section class="notice warn safety-pregnancy" aria-labelledby="pregnancy-note-h" id="pregnancy-note">
    <h2 id="pregnancy-note-h">Pregnancy mode changed this routine</h2>
    <ul>
      ${changes.leftOut.length ? html`<li><strong>Left out: ${changes.leftOut.join(', ')}.</strong> ${why['leave-out'].short}</li>` : ''}
      ${changes.gentle.length ? html`<li><strong>Gentle, by hand only: ${changes.gentle.join(', ')}.</strong> ${why.gentle.short}
        ${why['no-balls'].short}</li>` : ''}
    </ul>
    <p>${content.pregnancy.advice} <a href="#/safety">Why, and the sources</a> · <a href="#/settings">Settings</a></p>
  </section>`;
}
