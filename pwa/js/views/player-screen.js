// What the running player shows: one screen that holds without scrolling on a phone. The step (point,
// side, the figure zoomed to the point, the cue) and the clock (phase, countdown, overall progress,
// breathing guide). The controls sit at the bottom and never move. Drawing only; player-run.js decides.

import { SIDES } from '../lib/content.js';
import { $, formatSeconds, html, paint } from '../lib/dom.js';
import { figureMarkup, fitCrop } from '../lib/figure.js';
import { cachedSafety } from '../lib/safety.js';
import { breathHalf } from '../lib/timer.js';
import { stepMarks } from './parts/safety-marks.js';

let figureRequest = 0;
let figureShown = '';
const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/** People's name first, the code after it (tests and the journal go by the code). */
const pointTitle = (step, points) => html`<span class="plain">${points.get(step.point)?.english ?? ''}</span>
  <span class="code">${step.point}</span>`;

export function paintPlayer(main, state, total, interrupted) {
  figureShown = '';
  paint(main, html`<section class="player" aria-labelledby="player-h" data-phase="press">
    <div class="player-top">
      <a class="button leave" href="#/">Leave<span class="visually-hidden"> (your practice pauses)</span></a>
      <div class="player-title"><h1 id="player-h" class="visually-hidden">${state.title}</h1><p id="step-count"></p></div>
      <button type="button" class="stop" data-action="stop">Stop</button>
    </div>
    <progress id="overall" max="${total}" value="0" aria-label="Overall progress"></progress>
    ${interrupted ? html`<p class="notice warn" id="interrupted">Acupress was closed during this practice, so it is
      paused where it was last seen. Resume to carry on, or stop to save what you did.</p>` : ''}
    <div class="phase-row"><p class="phase" id="phase"></p><p class="side-note" id="side"></p></div>
    <h2 id="point-name"></h2>
    <div id="figure" class="player-figure"></div>
    <div class="clock">
      <p class="countdown" id="countdown" role="timer"></p>
      <div class="pacer" id="pacer" hidden><div class="breath" id="breath"></div><p id="breath-words"></p></div>
    </div>
    <p class="cue" id="cue"></p>
    <p class="next-preview" id="next"></p>
    <div class="step-marks" id="step-marks"></div>
    <div class="controls">
      <button type="button" data-action="back">Back</button>
      <button type="button" class="primary" data-action="toggle" id="toggle"></button>
      <button type="button" data-action="skip">Skip</button>
    </div>
  </section>`);
}

// The figure's region is fitted to its frame again whenever the frame changes shape (the phone
// turns, the text grows).
const refit = new ResizeObserver((entries) => entries.forEach((entry) => fitCrop(entry.target)));

/** The step's figure, zoomed to its point and turned to its side; drawn again only when it changes. */
function drawFigure(target, point, side) {
  const key = point ? `${point.code}:${side}` : '';
  if (key === figureShown) return;
  figureShown = key;
  const request = ++figureRequest;
  if (!point) { paint(target, ''); return; }
  figureMarkup(point.figure, [point], { current: point.code, side, crop: true, links: false })
    .then((markup) => {
      if (request !== figureRequest) return;
      refit.disconnect();
      paint(target, markup);
      refit.observe($('svg.body', target));
    })
    .catch(() => {}); // offline without the illustration: the words still guide
}

/** The step of `phase`: during a rest, the one coming up. Returns words for the live region. */
export function drawStep(main, state, phase, points) {
  const step = state.steps[phase.step];
  const following = state.steps[phase.step + 1];
  const resting = phase.kind === 'rest';
  const side = SIDES[step.side];
  $('#step-count', main).textContent = `Step ${phase.step + 1} of ${state.steps.length}`;
  paint($('#point-name', main), pointTitle(step, points));
  $('#side', main).textContent = side;
  $('#side', main).dataset.side = step.side;
  $('#cue', main).textContent = step.cue ?? points.get(step.point)?.press.technique ?? '';
  paint($('#step-marks', main), stepMarks(step, points.get(step.point), cachedSafety())); // safety (#13)
  paint($('#next', main), following && !resting
    ? html`Next: ${points.get(following.point)?.english ?? following.point}, ${SIDES[following.side].toLowerCase()}` : '');
  drawFigure($('#figure', main), points.get(step.point), step.side);
  return `${resting ? 'Rest. Next' : 'Press'}: ${step.point}, ${side.toLowerCase()}. Step ${phase.step + 1} of ${state.steps.length}.`;
}

function drawBreath(main, position, show) {
  const pacer = $('#pacer', main);
  pacer.hidden = !show || position.phase.kind !== 'press';
  if (pacer.hidden) return;
  const half = breathHalf(position.into);
  const circle = $('#breath', main);
  circle.hidden = reducedMotion(); // the words alone, without the growing and shrinking circle
  if (!circle.classList.contains(half)) circle.className = `breath ${half}`;
  $('#breath-words', main).textContent = half === 'in' ? 'Breathe in' : 'Breathe out';
}

export function drawClock(main, position, { running, breathing }) {
  const resting = position.phase.kind === 'rest';
  const phase = running ? position.phase.kind : 'paused';
  $('.player', main).dataset.phase = phase;
  $('#phase', main).textContent = { press: 'Press', rest: 'Rest — get ready for', paused: 'Paused' }[phase];
  $('#countdown', main).textContent = formatSeconds(Math.ceil(position.remaining / 1000));
  $('#overall', main).value = position.phase.start + position.into;
  $('#toggle', main).textContent = running ? 'Pause' : 'Resume';
  drawBreath(main, position, breathing && running && !resting);
}
