// Evidence: every study, guideline and source behind the content, what it found in plain words, how
// far to trust it, and which safety advice rests on it.

import { evidence, presetRoutines } from '../lib/content.js';
import { $, html, paint } from '../lib/dom.js';
import { safety } from '../lib/safety.js';

const KIND = { trial: 'Study', review: 'Review', guideline: 'Guideline', standard: 'Standard', information: 'Health advice' };

/** For each source id, what on the safety page cites it ("3 safety-check questions", ...). */
function safetyUses(content) {
  const uses = new Map();
  const add = (ids, what) => ids.forEach((id) => uses.set(id, [...(uses.get(id) ?? []), what]));
  content.questions.forEach((q) => add(q.evidence, 'the safety check'));
  content.technique_cautions.forEach((c) => add(c.evidence, 'cautions for balls and tools'));
  content.general_cautions.forEach((c) => add(c.evidence, 'safe-use cautions'));
  content.pregnancy.changes.forEach((c) => add(c.evidence, 'pregnancy mode'));
  return uses;
}

function usesMarkup(list) {
  if (!list?.length) return '';
  const counts = [...new Set(list)].map((what) => {
    const n = list.filter((x) => x === what).length;
    return what === 'the safety check' ? `${n} question${n === 1 ? '' : 's'} of the safety check` : what;
  });
  return html`<p class="small"><strong>Behind:</strong> <a href="#/safety">${counts.join(', ')}</a></p>`;
}

const card = (e, uses) => html`<article class="card" id="evidence-${e.id}" tabindex="-1" aria-labelledby="ev-${e.id}">
  <h3 id="ev-${e.id}">${KIND[e.kind]} · ${e.year}</h3>
  <p><strong>Found:</strong> ${e.finding}</p>
  <p><strong>How far to trust it:</strong> ${e.strength}</p>
  ${usesMarkup(uses.get(e.id))}
  <p class="small">${e.citation}
    ${e.doi ? html` <a href="https://doi.org/${e.doi}" rel="noopener">doi:${e.doi}</a>` : ''}
    ${!e.doi && e.url ? html` <a href="${e.url}" rel="noopener">${e.url}</a>` : ''}</p>
</article>`;

export async function render(main, _params, query) {
  const [studies, content, routines] = await Promise.all([evidence(), safety(), presetRoutines()]);
  const uses = safetyUses(content);
  const forRoutines = new Set(routines.flatMap((r) => r.evidence));
  const standards = studies.filter((e) => e.kind === 'standard');
  const helps = studies.filter((e) => e.kind !== 'standard' && forRoutines.has(e.id));
  const safe = studies.filter((e) => e.kind !== 'standard' && !forRoutines.has(e.id));
  paint(main, html`
    <h1>Evidence</h1>
    <section class="card safety-known" aria-labelledby="known-h">
      <h2 id="known-h">What is known, and what is not</h2>
      <ul>
        <li>There is <strong>no Cochrane review of acupressure for back pain</strong>. Cochrane reviews exist for acupuncture,
          its close relative, and for massage.</li>
        <li>The acupressure trials for low back pain are <strong>few and small</strong>. A 2021 review pooled 23 of them and
          found less pain than with massage, physical therapy or usual care, but rated most of the evidence low or very low
          quality. Nearly all tested pressure given by a practitioner; one small pilot trial tested self-acupressure.</li>
        <li>Cochrane reviews of acupuncture for chronic low back pain found small, short-lived benefits over sham treatment.
          Guidelines disagree: the American College of Physicians lists acupuncture as an option, NICE advises against it.</li>
        <li>No trial has tested this app's routines, or acupressure for neck, upper back or sciatica pain.</li>
        <li>The safety advice does not come from acupressure trials: it follows clinical guidelines, expert consensus on
          warning signs, and public health advice, listed below.</li>
      </ul>
    </section>
    <h2>Does acupressure help?</h2>
    ${helps.map((e) => card(e, uses))}
    <h2 id="safety-sources-h">Safety: warning signs, pregnancy and technique</h2>
    ${safe.map((e) => card(e, uses))}
    <h2>Where the points are</h2>
    ${standards.map((e) => card(e, uses))}`);
  const wanted = query.get('id') && $(`#evidence-${CSS.escape(query.get('id'))}`, main);
  // After the router's own focus and scroll to the top, which run once this view has rendered.
  if (wanted) setTimeout(() => { wanted.focus({ preventScroll: true }); wanted.scrollIntoView(); }, 0);
}
