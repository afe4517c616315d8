// The safety check: where the pain is, pregnancy, then the red-flag questions those regions need
// (data/safety.json), and what to do. Asked before a routine and again whenever pain changes.

import { $, $$, html, paint } from '../lib/dom.js';
import { emergencyNumbers } from '../lib/emergency.js';
import {
  flaggedQuestions, lastCheck, questionsFor, safety, saveCheck, worse,
} from '../lib/safety.js';
import { settings } from '../lib/settings.js';
import { onSafetyActions, triageBlock } from './parts/safety-emergency.js';

const choice = (name, value, label, checked) => html`<label class="answer"><input type="radio" name="${name}"
  value="${value}" ${checked ? 'checked' : ''} required><span>${label}</span></label>`;

function yesNo(name, legend, answer, hint = '') {
  return html`<fieldset class="question" data-question="${name}"><legend>${legend}</legend>
    ${hint ? html`<p class="hint">${hint}</p>` : ''}
    <div class="answers">${choice(name, 'yes', 'Yes', answer === true)}${choice(name, 'no', 'No', answer === false)}</div>
  </fieldset>`;
}

function regionsMarkup(content, chosen) {
  return html`<fieldset class="regions"><legend>Where is the pain you want to ease?</legend>
    <p class="hint">Choose all that apply.</p>
    ${content.regions.map((r) => html`<label class="check"><input type="checkbox" name="region" value="${r.id}"
      ${chosen.includes(r.id) ? 'checked' : ''}> ${r.label}</label>`)}</fieldset>`;
}

function questionsMarkup(content, regions, pregnant, answers) {
  if (!regions.length) return html`<p class="notice">Choose where your pain is to see its questions.</p>`;
  const asked = questionsFor(content, regions, pregnant);
  return html`<h2 id="questions-h">${asked.length} questions</h2>
    <p class="muted small">Answer yes only to what is true now or is new since this pain began.</p>
    ${asked.map((q) => yesNo(q.id, q.text, answers[q.id]))}`;
}

function readForm(form) {
  const data = new FormData(form);
  const answers = {};
  for (const [key, value] of data) if (key !== 'region' && key !== 'pregnant') answers[key] = value === 'yes';
  const pregnant = data.get('pregnant');
  return { regions: data.getAll('region'), pregnant: pregnant === null ? null : pregnant === 'yes', answers };
}

function startingRegions(query, content, previous) {
  const asked = (query.get('regions') ?? '').split(',').filter((r) => content.regions.some((x) => x.id === r));
  const flagged = Object.entries(previous?.regions ?? {}).filter(([, e]) => e.level !== 'self-care').map(([id]) => id);
  const before = Object.keys(previous?.regions ?? {});
  const chosen = asked.length ? [...new Set([...asked, ...flagged])] : before;
  return chosen.length ? chosen : [];
}

function resultMarkup(content, numbers, check, regions, next) {
  const level = regions.map((r) => check.regions[r].level).reduce(worse, 'self-care');
  const questions = flaggedQuestions(content, check, regions);
  const flaggedRegions = regions.filter((r) => check.regions[r].level !== 'self-care');
  const pregnancy = check.pregnant ? html`<p class="notice" id="pregnancy-on">Pregnancy mode is now on: routines leave out
    points some sources caution against in pregnancy and use gentle hand pressure on the low back.
    <a href="#/safety">Why</a></p>` : '';
  return html`${triageBlock({ level, content, numbers, questions, regions: flaggedRegions, recheck: '#/check' })}
    ${pregnancy}
    ${level === 'self-care' ? html`<p><a class="button primary" href="${next ?? '#/routines'}">${next ? 'Continue' : 'Go to routines'}</a></p>` : ''}`;
}

/** Every question answered: save, show what to do, and focus it; otherwise point at the first gap. */
async function submit(main, form, result) {
  const given = readForm(form);
  const unanswered = $$('fieldset.question', form).filter((f) => !f.querySelector('input:checked'));
  const missing = !given.regions.length || unanswered.length > 0;
  $('#check-missing', main).hidden = !missing;
  if (missing) {
    (unanswered[0] ?? form).scrollIntoView({ block: 'center' });
    return;
  }
  const check = await saveCheck(given.regions, given.answers, given.pregnant);
  paint($('#check-outcome', main), result(check, given.regions));
  $('#check-outcome [tabindex="-1"]', main).focus();
}

export async function render(main, _params, query) {
  const next = /^\/[a-z]/.test(query.get('next') ?? '') ? `#${query.get('next')}` : null;
  const [content, previous, numbers, current] = await Promise.all([safety(), lastCheck(), emergencyNumbers(), settings()]);
  const answers = {}; // asked afresh each time: pain that is new, worse or different needs new answers
  const pregnant = previous?.pregnant ?? (current.pregnancy || null);
  paint(main, html`
    <h1>Safety check</h1>
    <p>Some back and neck pain needs a doctor rather than self-care. These yes-or-no questions look for the warning signs
      doctors ask about. Most people answer no to all of them. Your answers stay on this device.</p>
    <form id="check-form" novalidate>
      ${regionsMarkup(content, startingRegions(query, content, previous))}
      ${yesNo('pregnant', content.pregnancy.question, pregnant, content.pregnancy.why)}
      <div id="questions"></div>
      <p id="check-missing" class="notice warn" role="alert" hidden>Please choose where your pain is and answer every question.</p>
      <button type="submit" class="primary block">See what to do</button>
    </form>
    <div id="check-outcome"></div>
    <p class="small"><a href="#/safety">When to see a professional</a> · <a href="#/evidence">Where these questions come from</a></p>`);
  const form = $('#check-form', main);
  const drawQuestions = () => {
    const now = readForm(form);
    Object.assign(answers, now.answers);
    paint($('#questions', main), questionsMarkup(content, now.regions, now.pregnant, answers));
  };
  drawQuestions();
  form.addEventListener('change', (event) => {
    if (event.target.name === 'region' || event.target.name === 'pregnant') drawQuestions();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(main, form, (check, regions) => resultMarkup(content, numbers, check, regions, next));
  });
  onSafetyActions($('#check-outcome', main), () => { location.hash = next ?? '#/'; });
}
