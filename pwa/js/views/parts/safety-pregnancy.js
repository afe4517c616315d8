// What pregnancy mode changed in a routine, and why, with the sources behind it.

import { html } from '../../lib/dom.js';

const sources = (ids) => html`<a href="#/evidence?id=${ids[0]}">Sources</a>`;

/** A note for the routine and player pages, or '' when the mode changed nothing. */
export function pregnancyNote(changes, content) {
  if (!changes || !content || (!changes.leftOut.length && !changes.gentle.length)) return '';
  const why = Object.fromEntries(content.pregnancy.changes.map((c) => [c.id, c]));
  return html`<section class="notice warn safety-pregnancy" aria-labelledby="pregnancy-note-h" id="pregnancy-note">
    <h2 id="pregnancy-note-h">Pregnancy mode changed this routine</h2>
    <ul>
      ${changes.leftOut.length ? html`<li><strong>Left out: ${changes.leftOut.join(', ')}.</strong> ${why['leave-out'].text}
        ${sources(why['leave-out'].evidence)}</li>` : ''}
      ${changes.gentle.length ? html`<li><strong>Gentle, by hand only: ${changes.gentle.join(', ')}.</strong> ${why.gentle.text}
        ${why['no-balls'].text} ${sources(why['no-balls'].evidence)}</li>` : ''}
    </ul>
    <p>${content.pregnancy.advice} <a href="#/settings">Pregnancy mode in Settings</a></p>
  </section>`;
}
