// Evidence: every study and guideline behind the content, with what it found in plain words.

import { evidence } from '../lib/content.js';
import { $, html, paint } from '../lib/dom.js';

const KIND = { trial: 'Trial', review: 'Review', guideline: 'Guideline', standard: 'Standard' };

export async function render(main, _params, query) {
  const studies = await evidence();
  paint(main, html`
    <h1>Evidence</h1>
    <p>What the research says about acupressure for back pain, in plain words. In short: a few trials suggest it may help
    some people with chronic low back pain, but they are small, most tested pressure given by trained practitioners, and
    they tested sets of points rather than single points. Guidelines disagree about acupuncture, its close relative.</p>
    ${studies.map((e) => html`<article class="card" id="evidence-${e.id}" tabindex="-1" aria-labelledby="ev-${e.id}">
      <h2 id="ev-${e.id}">${KIND[e.kind]} · ${e.year}</h2>
      <p><strong>Found:</strong> ${e.finding}</p>
      <p><strong>How far to trust it:</strong> ${e.strength}</p>
      <p class="small">${e.citation}
        ${e.doi ? html` <a href="https://doi.org/${e.doi}" rel="noopener">doi:${e.doi}</a>` : ''}
        ${!e.doi && e.url ? html` <a href="${e.url}" rel="noopener">${e.url}</a>` : ''}</p>
    </article>`)}`);
  const wanted = query.get('id') && $(`#evidence-${CSS.escape(query.get('id'))}`, main);
  if (wanted) { wanted.scrollIntoView(); wanted.focus(); }
}
