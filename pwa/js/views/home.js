// Home: today's routine, a quick pain log, this week at a glance, the safety check if not done.

import { formatDuration, html, paint } from '../lib/dom.js';
import { installOffer } from '../lib/install.js';
import { findRoutine, safeForPerson, totalSeconds } from '../lib/routines.js';
import { lastCheck } from '../lib/safety.js';
import { weekSummary } from '../lib/progress.js';
import { resumableSession } from '../lib/session.js';

function checkCard(check) {
  if (!check) {
    return html`<section class="card" aria-labelledby="check-h"><h2 id="check-h">Before your first routine</h2>
      <p>A one-minute safety check tells you if your back pain needs a doctor first.</p>
      <a class="button primary" href="#/check">Take the safety check</a></section>`;
  }
  if (check.result === 'clear' || check.doctor_cleared) return '';
  return html`<section class="notice ${check.result === 'urgent' ? 'danger' : 'warn'}" aria-labelledby="check-h">
    <h2 id="check-h">${check.result === 'urgent' ? 'Get medical help now' : 'Please see a doctor first'}</h2>
    <p>Your safety check found signs that need a doctor before self-care.</p><a href="#/check">Review the safety check</a></section>`;
}

function resumeCard(session) {
  if (!session) return '';
  return html`<section class="card" aria-labelledby="resume-h"><h2 id="resume-h">Unfinished practice</h2>
    <p>${session.title}: ${session.stepIndex} of ${session.steps.length} steps done.</p>
    <a class="button primary" href="#/play/${session.routineId}">Resume or save it</a></section>`;
}

export async function render(main) {
  const [check, session, week, found] = await Promise.all([lastCheck(), resumableSession(), weekSummary(), findRoutine('today')]);
  const { routine } = found ? await safeForPerson(found) : { routine: null };
  paint(main, html`
    <h1>Today</h1>
    ${checkCard(check)}
    ${resumeCard(session)}
    ${routine ? html`<section class="card" aria-labelledby="today-h">
      <h2 id="today-h">Today's routine</h2>
      <p><strong>${routine.title}</strong> · ${routine.steps.length} points · about ${formatDuration(totalSeconds(routine))}</p>
      <p class="muted">${routine.summary}</p>
      <p class="button-row"><a class="button primary" href="#/play/${routine.id}">Start</a>
        <a class="button" href="#/routines">Choose another</a></p>
    </section>` : ''}
    <section class="card" aria-labelledby="pain-h">
      <h2 id="pain-h">How is your back right now?</h2>
      <p>A quick 0–10 rating helps you see what works.</p>
      <a class="button" href="#/log">Log pain</a>
    </section>
    <section class="card" aria-labelledby="week-h">
      <h2 id="week-h">This week</h2>
      <p>${week.sessions} of ${week.goal} sessions${week.streak ? html` · ${week.streak}-day streak` : ''}.</p>
      <progress max="${week.goal}" value="${Math.min(week.sessions, week.goal)}" aria-label="Weekly goal progress"></progress>
      <p><a href="#/progress">See your progress</a></p>
    </section>
    <div id="install-offer">${installOffer()}</div>
    <p class="small muted">Acupress is a self-care aid, not medical advice. <a href="#/safety">When to see a professional</a>.</p>`);
}
