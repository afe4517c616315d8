// Home: today's routine, a quick pain log, this week at a glance, the safety check if not done.

import { formatDuration, html, paint } from '../lib/dom.js';
import { installOffer } from '../lib/install.js';
import { findRoutine, safeForPerson, totalSeconds } from '../lib/routines.js';
import { navigate } from '../router.js';
import { gateFor, homeEmergency, onGateActions } from './parts/safety-gate.js';
import { weekSummary } from '../lib/progress.js';
import { resumableSession } from '../lib/session.js';

// Safety (#13): before any check, Home says so; after "emergency now" it shows that and no Start.
function checkCard(safe) {
  if (safe.gate?.kind === 'emergency') return homeEmergency(safe);
  if (safe.check) return '';
  return html`<section class="card" aria-labelledby="check-h"><h2 id="check-h">Before your first routine</h2>
    <p>A short safety check tells you if your pain needs a doctor first.</p>
    <a class="button primary" href="#/check">Take the safety check</a></section>`;
}

function resumeCard(session) {
  if (!session) return '';
  return html`<section class="card" aria-labelledby="resume-h"><h2 id="resume-h">Unfinished practice</h2>
    <p>${session.title}: ${session.stepIndex} of ${session.steps.length} steps done.</p>
    <a class="button primary" href="#/play/${session.routineId}">Resume or save it</a></section>`;
}

export async function render(main) {
  const [session, week, found] = await Promise.all([resumableSession(), weekSummary(), findRoutine('today')]);
  const { routine } = found ? await safeForPerson(found) : { routine: null };
  const safe = await gateFor(routine);
  const stopped = safe.gate?.kind === 'emergency';
  paint(main, html`
    <h1>Today</h1>
    ${checkCard(safe)}
    ${stopped ? '' : resumeCard(session)}
    ${routine && !stopped ? html`<section class="card" aria-labelledby="today-h">
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
  onGateActions(main, () => navigate('#/'));
}
