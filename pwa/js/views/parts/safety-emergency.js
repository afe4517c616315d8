// What to do, by triage level: "emergency now" with a tap-to-call button for the person's emergency
// number, "same day" with the urgent-advice line where there is one, "soon", and "fine for self-care".

import { html } from '../../lib/dom.js';
import { markCleared } from '../../lib/safety.js';
import { telHref } from '../../lib/emergency.js';

/** A level's action sentence with the numbers filled in. */
export function fill(text, numbers) {
  const advice = numbers.advice ? `, or call ${numbers.advice.label} for urgent advice` : '';
  return text.replaceAll('{emergency}', numbers.emergency).replaceAll('{advice_clause}', advice);
}

export const callEmergency = (numbers) => html`<a class="button call emergency" href="${telHref(numbers.emergency)}"
  data-call="emergency">Call ${numbers.emergency}</a>`;

export const callAdvice = (numbers) => (numbers.advice ? html`<a class="button call advice" href="${telHref(numbers.advice.number)}"
  data-call="advice">Call ${numbers.advice.label}</a>` : '');

const whereMarkup = (numbers) => html`<p class="small">${numbers.chosen || numbers.guessed
  ? `Emergency number for ${numbers.label}.` : numbers.note}
  <a href="#/settings">${numbers.chosen || numbers.guessed ? 'Somewhere else?' : 'Choose your country'}</a></p>`;

const reasonsMarkup = (questions, numbers) => (questions.length ? html`<ul class="safety-reasons">
  ${questions.map((q) => html`<li>${fill(q.why, numbers)}</li>`)}</ul>` : '');

const levelOf = (content, id) => content.levels.find((l) => l.id === id);

/**
 * The block for `level`. `questions` are those answered yes; `regions` what "dealt with" clears;
 * `heading` the heading element (h1 on a page of its own, h2 inside one).
 */
export function triageBlock({ level, content, numbers, questions = [], regions = [], heading = 'h2', recheck = '#/check' }) {
  const info = levelOf(content, level);
  const tone = { emergency: 'danger', 'same-day': 'warn', soon: 'warn', 'self-care': '' }[level];
  return html`<section class="notice ${tone} triage" data-level="${level}" aria-labelledby="triage-${level}-h"
      role="${level === 'emergency' ? 'alert' : 'region'}">
    ${html`<${heading} id="triage-${level}-h" tabindex="-1">${info.title}</${heading}>`}
    ${level === 'emergency' ? html`<p class="call-row">${callEmergency(numbers)}</p>` : ''}
    ${level === 'same-day' ? html`<p class="call-row">${callAdvice(numbers)}
      <a class="button call" href="${telHref(numbers.emergency)}" data-call="emergency">If it gets worse: call ${numbers.emergency}</a></p>` : ''}
    <p class="triage-action">${fill(info.action, numbers)}</p>
    ${level === 'emergency' || level === 'same-day' ? whereMarkup(numbers) : ''}
    ${questions.length ? html`<h3>Why</h3>${reasonsMarkup(questions, numbers)}
      <p class="small">These signs usually turn out to have an ordinary cause, but only a doctor can tell.</p>` : ''}
    ${level !== 'self-care' && regions.length ? clearedMarkup(level, regions, recheck) : ''}
  </section>`;
}

function clearedMarkup(level, regions, recheck) {
  const label = level === 'emergency' ? 'It has been dealt with' : 'A doctor has checked this';
  const hint = level === 'emergency'
    ? 'Only when you have had medical help for this and were told gentle self-care is fine.'
    : 'Only when a doctor or nurse has checked this pain and said gentle self-care such as acupressure is fine.';
  return html`<div class="triage-after">
    <p class="button-row"><button type="button" data-safety-action="cleared" data-level="${level}" data-regions="${regions.join(' ')}">${label}</button>
      <a class="button" href="${recheck}">Take the check again</a></p>
    <p class="small">${hint}</p></div>`;
}

/** Wire "dealt with" buttons inside root; onChange runs after the check was updated. */
export function onSafetyActions(root, onChange) {
  root.addEventListener('click', async (event) => {
    const button = event.target.closest('[data-safety-action="cleared"]');
    if (!button || !root.contains(button)) return;
    if (button.dataset.level === 'emergency'
      && !confirm('Have you had medical help for this, and were you told gentle self-care is fine?')) return;
    await markCleared(button.dataset.regions.split(' '));
    onChange();
  });
}
