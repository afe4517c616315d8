// When to see a professional, and how to use acupressure safely: every sentence from data/safety.json,
// each with its sources on the Evidence page.

import { evidence } from '../lib/content.js';
import { html, paint } from '../lib/dom.js';
import { emergencyNumbers } from '../lib/emergency.js';
import { safety } from '../lib/safety.js';
import { callAdvice, callEmergency, fill } from './parts/safety-emergency.js';

function sourcesMarkup(ids, studies) {
  const short = (e) => e.short ?? `${e.citation.split(/[ ,]/)[0]} ${e.year}`;
  return html`<span class="sources small">(${ids.map((id, i) => {
    const study = studies.get(id);
    return html`${i ? '; ' : ''}<a href="#/evidence?id=${id}">${study ? short(study) : id}</a>`;
  })})</span>`;
}

function levelSection(level, content, studies, numbers) {
  const questions = content.questions.filter((q) => q.level === level.id);
  const where = (q) => q.regions.map((r) => content.regions.find((x) => x.id === r).label.split(',')[0]).join(', ');
  return html`<section class="${level.id === 'emergency' ? 'notice danger' : 'card'} safety-level" aria-labelledby="level-${level.id}-h">
    <h2 id="level-${level.id}-h">${level.title}</h2>
    <p>${fill(level.action, numbers)}</p>
    <p>…if the answer to any of these is yes:</p>
    <ul>${questions.map((q) => html`<li>${q.text} <span class="small muted">${where(q)}${q.when ? ', in pregnancy' : ''}.</span>
      ${sourcesMarkup(q.evidence, studies)}</li>`)}</ul>
  </section>`;
}

const sentences = (list, studies) => html`<ul>${list.map((s) => html`<li>${s.text} ${sourcesMarkup(s.evidence, studies)}</li>`)}</ul>`;

export async function render(main) {
  const [content, numbers, studies] = await Promise.all([safety(), emergencyNumbers(), evidence()]);
  const byId = new Map(studies.map((e) => [e.id, e]));
  const flagged = content.levels.filter((l) => l.id !== 'self-care');
  paint(main, html`
    <h1>When to see a professional</h1>
    <p>Most back and neck pain is not serious and gets better with time and gentle movement. A few signs need a doctor
      instead of self-care. The <a href="#/check">safety check</a> asks about them for the part of your back you want to
      ease.</p>
    <p class="call-row">${callEmergency(numbers)} ${callAdvice(numbers)}</p>
    ${numbers.advice ? html`<p class="small">${numbers.advice.label} gives urgent medical advice: it is not for emergencies.
      <a href="#/settings">Not in ${numbers.label}?</a></p>` : html`<p class="small"><a href="#/settings">Not in ${numbers.label}?</a></p>`}
    ${flagged.map((level) => levelSection(level, content, byId, numbers))}
    <h2 id="technique-h">Balls, tools and a partner's pressure</h2>
    ${sentences(content.technique_cautions, byId)}
    <h2 id="general-h">Using acupressure safely</h2>
    ${sentences(content.general_cautions, byId)}
    <h2 id="pregnancy-h">In pregnancy</h2>
    ${sentences(content.pregnancy.changes, byId)}
    <p>${content.pregnancy.advice} Turn on pregnancy mode in <a href="#/settings">Settings</a>.</p>
    <p>Acupressure is a gentle self-care technique. It does not treat the cause of back pain, and it does not replace
      seeing a doctor or physiotherapist. Keeping active, within what your pain allows, helps most back pain.
      ${sourcesMarkup(['nice-ng59'], byId)}</p>`);
}
