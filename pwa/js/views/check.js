// The safety check: back-pain red flags, asked before the first routine and any time after.

import { $, html, paint } from '../lib/dom.js';
import { assess, lastCheck, RED_FLAGS, saveCheck } from '../lib/safety.js';

function question(q, answer) {
  const choice = (value, label) => html`<label class="check"><input type="radio" name="${q.id}" value="${value}"
    ${answer === (value === 'yes') ? 'checked' : ''} required> ${label}</label>`;
  return html`<fieldset><legend>${q.text}</legend><div class="row">${choice('yes', 'Yes')}${choice('no', 'No')}</div></fieldset>`;
}

function advice(result, cleared) {
  if (result === 'urgent') {
    return html`<div class="notice danger" role="alert" id="check-result">
      <h2>Get medical help now</h2>
      <p>What you describe can be a sign of pressure on the nerves at the base of the spine (cauda equina syndrome), which needs
      <strong>urgent</strong> treatment to prevent lasting damage.</p>
      <p><strong>Go to an emergency department or call your emergency number today</strong> (for example 999 or NHS 111 in the UK,
      911 in the US, 112 in Europe). Do not use acupressure instead of care.</p>
    </div>`;
  }
  if (result === 'doctor') {
    return html`<div class="notice warn" role="alert" id="check-result">
      <h2>Please see a doctor first</h2>
      <p>Back pain with what you describe needs a doctor's assessment before self-care. Book an appointment soon
      (within a few days), sooner if it gets worse.</p>
      <label class="check"><input type="checkbox" id="doctor-cleared" ${cleared ? 'checked' : ''}>
        A doctor has assessed this back pain and said self-care such as acupressure is fine.</label>
      <p><button type="button" data-action="doctor-ok">Save</button></p>
    </div>`;
  }
  return html`<div class="notice" role="status" id="check-result"><h2>No warning signs</h2>
    <p>Nothing you answered needs a doctor first. If anything changes, take this check again — and see a doctor if pain
    is severe, getting worse, or not better after a few weeks.</p>
    <p><a class="button primary" href="#/routines">Go to routines</a></p></div>`;
}

export async function render(main, _params, query) {
  const next = /^\/[a-z]/.test(query.get('next') ?? '') ? `#${query.get('next')}` : null;
  const previous = await lastCheck();
  const answers = previous?.answers ?? {};
  paint(main, html`
    <h1>Safety check</h1>
    <p>Some back pain needs a doctor rather than self-care. Answer these ${RED_FLAGS.length} questions about your back pain
    now. Your answers stay on this device.</p>
    <form id="check-form" novalidate>
      ${RED_FLAGS.map((q) => question(q, answers[q.id]))}
      <p id="check-missing" class="notice warn" hidden>Please answer every question.</p>
      <button type="submit" class="primary block">See the result</button>
    </form>
    <div id="check-outcome">${previous ? advice(previous.result, previous.doctor_cleared) : ''}</div>`);
  const form = $('#check-form', main);
  const outcome = $('#check-outcome', main);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const given = Object.fromEntries(RED_FLAGS.map((q) => [q.id, data.get(q.id)]));
    const missing = Object.values(given).some((v) => v === null);
    $('#check-missing', main).hidden = !missing;
    if (missing) return;
    const check = await saveCheck(Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v === 'yes'])));
    paint(outcome, advice(check.result, false));
    $('#check-result', main).setAttribute('tabindex', '-1');
    $('#check-result', main).focus();
    if (check.result === 'clear' && next) location.hash = next;
  });
  outcome.addEventListener('click', async (event) => {
    if (!event.target.closest('[data-action="doctor-ok"]')) return;
    const check = await lastCheck();
    const cleared = $('#doctor-cleared', main).checked;
    await saveCheck(check.answers, cleared);
    if (cleared && assess(check.answers) === 'doctor') location.hash = next || '#/routines';
  });
}
