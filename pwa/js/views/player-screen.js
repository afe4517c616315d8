// What the running player shows: the step (point, side, cue, illustration, what comes next) and the
// clock (phase, countdown, overall progress, breathing guide). Drawing only; player-run.js decides.

import { SIDES } from '../lib/content.js';
import { $, formatSeconds, html, paint } from '../lib/dom.js';
import { figureMarkup } from '../lib/figure.js';
import { cachedSafety } from '../lib/safety.js';
import { breathHalf } from '../lib/timer.js';
import { stepMarks } from './parts/safety-marks.js';

let figureRequest = 0;
const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

const pointTitle = (step, points) => html`<span class="code">${step.point}</span> ${points.get(step.point)?.pinyin ?? ''}`;

export function paintPlayer(main, state, total, interrupted) {
  paint(main, html`<section class="player" aria-labelledby="player-h">
    <h1 id="player-h">${state.title}</h1>
    ${interrupted ? html`<p class="notice warn" id="interrupted">Acupress was closed during this practice, so it is
      paused where it was last seen. Resume to carry on, or stop to save what you did.</p>` : ''}
    <p class="muted" id="step-count"></p>
    <progress id="overall" max="${total}" value="0" aria-label="Overall progress"></progress>
    <p class="phase" id="phase"></p>
    <h2 id="point-name"></h2>
    <p class="side-note" id="side"></p>
    <p class="countdown" id="countdown" role="timer"></p>
    <div class="pacer" id="pacer" hidden><div class="breath" id="breath"></div><p id="breath-words"></p></div>
    <div class="controls">
      <button type="button" class="primary" data-action="toggle" id="toggle"></button>
      <button type="button" data-action="back">Back</button>
      <button type="button" data-action="skip">Skip</button>
      <button type="button" data-action="stop">Stop</button>
    </div>
    <p class="next-preview" id="next"></p>
    <p class="cue" id="cue"></p>
    <div class="step-marks" id="step-marks"></div>
    <div id="figure" class="player-figure"></div>
  </section>`);
}

function drawFigure(target, point) {
  const request = ++figureRequest;
  paint(target, '');
  if (!point) return;
  figureMarkup(point.figure, [point], { current: point.code })
    .then((markup) => { if (request === figureRequest) paint(target, markup); })
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
  $('#cue', main).textContent = step.cue ?? points.get(step.point)?.press.technique ?? '';
  paint($('#step-marks', main), stepMarks(step, points.get(step.point), cachedSafety())); // safety (#13)
  paint($('#next', main), following && !resting
    ? html`Next: ${pointTitle(following, points)}, ${SIDES[following.side].toLowerCase()}` : '');
  drawFigure($('#figure', main), points.get(step.point));
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
  $('#phase', main).textContent = running ? (resting ? 'Rest — get ready for' : 'Press') : 'Paused';
  $('#countdown', main).textContent = formatSeconds(Math.ceil(position.remaining / 1000));
  $('#overall', main).value = position.phase.start + position.into;
  $('#toggle', main).textContent = running ? 'Pause' : 'Resume';
  drawBreath(main, position, breathing && running);
}
