// Home knows today: a first open gets a three-step start with one clear action; then today's
// routine (not yet practised), the unfinished one (resume), or "done for today" and what next.
// Also a quick pain log and this week at a glance.

import { formatDuration, html, paint, raw } from '../lib/dom.js';
import { installOffer } from '../lib/install.js';
import { practiceDays, sessionsData, weekSummary } from '../lib/progress.js';
import { findRoutine, safeForPerson, totalSeconds } from '../lib/routines.js';
import { resumableSession } from '../lib/session.js';
import { localDay, todayKey } from '../lib/time.js';
import { gateFor, homeEmergency, onGateActions } from './parts/safety-gate.js';
import { redraw } from './parts/redraw.js';

// Safety (#13): before any check, the first step is the check; after "emergency now" Home shows
// that and no Start. The first open's welcome is written once, in index.html, so the page can show
// it before any module arrives (server/shell_page.py); drawn from there it does not move.
const firstOpen = () => raw(document.getElementById('first-open').innerHTML);

function resumeCard(session) {
  return html`<section class="card today" data-today="in-progress" aria-labelledby="resume-h"><h2 id="resume-h">Unfinished practice</h2>
    <p>${session.title}: ${session.stepIndex} of ${session.steps.length} steps done. It is paused where you left it.</p>
    <a class="button primary" href="#/play/${session.routineId}">Resume or save it</a></section>`;
}

function todayCard(routine) {
  return html`<section class="card today" data-today="not-yet" aria-labelledby="today-h">
    <h2 id="today-h">Today's routine</h2>
    <p><strong>${routine.title}</strong> · ${routine.steps.length} points · about ${formatDuration(totalSeconds(routine))}</p>
    <p class="muted">${routine.summary}</p>
    <p class="button-row"><a class="button primary" href="#/play/${routine.id}">Start</a>
      <a class="button" href="#/routines">Choose another</a></p>
  </section>`;
}

function doneCard(today, routine) {
  const minutes = Math.max(1, Math.round(today.reduce((sum, s) => sum + s.seconds_pressed, 0) / 60));
  const relief = today.filter((s) => s.pain_before !== null && s.pain_after !== null).at(-1);
  return html`<section class="card today done" data-today="done" aria-labelledby="done-h">
    <h2 id="done-h">Done for today</h2>
    <p>You practised for ${minutes === 1 ? 'a minute' : `${minutes} minutes`} today${relief
      ? `, and your pain went from ${relief.pain_before} to ${relief.pain_after}` : ''}. Well done.</p>
    <p>What next: notice how your back feels over the day. Tomorrow${routine ? `, “${routine.title}” is ready` : ''};
      <a href="#/settings">a daily reminder</a> can nudge you.</p>
    <p class="button-row"><a class="button" href="#/progress">See your progress</a>
      ${routine ? html`<a class="button" href="#/play/${routine.id}">Practise again</a>` : ''}</p>
  </section>`;
}

/** The card for today's state: unfinished, done, or not yet practised. */
function todayMarkup({ safe, session, routine, today }) {
  if (safe.gate?.kind === 'emergency') return homeEmergency(safe);
  const check = safe.check ? '' : html`<section class="card" aria-labelledby="check-h"><h2 id="check-h">Before your next routine</h2>
    <p>A short safety check tells you if your pain needs a doctor first.</p>
    <a class="button" href="#/check">Take the safety check</a></section>`;
  if (session) return html`${check}${resumeCard(session)}`;
  if (today.length) return html`${check}${doneCard(today, routine)}`;
  return html`${check}${routine ? todayCard(routine) : ''}`;
}

export async function render(main) {
  const [session, week, found, sessions] = await Promise.all([resumableSession(), weekSummary(), findRoutine('today'), sessionsData()]);
  const { routine } = found ? await safeForPerson(found) : { routine: null };
  const safe = await gateFor(routine);
  const day = todayKey();
  const today = sessions.filter((s) => localDay(s.started_at) === day && s.steps_completed > 0);
  const first = !safe.check && !practiceDays(sessions).size && safe.gate?.kind !== 'emergency';
  paint(main, html`
    ${first ? firstOpen() : html`<h1>Today</h1>${todayMarkup({ safe, session, routine, today })}`}
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
  onGateActions(main, () => redraw());
}
