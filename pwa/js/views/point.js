// Point detail: the illustration with the point marked, where it is, how to find and press it.

import { evidence, points, REACH, regionLabel, SIDES } from '../lib/content.js';
import { $, html, paint } from '../lib/dom.js';
import { reportedCodes, reportHardToFind } from '../lib/feedback.js';
import { figureMarkup } from '../lib/figure.js';
import { allRoutines } from '../lib/routines.js';
import { safety } from '../lib/safety.js';
import { pointCautions, pregnancyMark, techniqueCautions } from './parts/safety-marks.js';

const PRESSURE = { gentle: 'Gentle', moderate: 'Moderate', firm: 'Firm' };

function sideCaption(point) {
  const press = SIDES[point.press.sides] ?? point.press.sides;
  const both = point.figure_note ? `${point.figure_note} ` : point.also?.length ? 'Marked on both sides of the body. ' : '';
  return `${both}Press: ${press.toLowerCase()}.`;
}

function feedbackMarkup(point, reported) {
  if (reported) return html`<p class="muted" id="hard-to-find-done">Thanks — you told us this point was hard to find. We use these reports to improve the directions.</p>`;
  return html`<p><button type="button" data-action="hard-to-find">This point was hard to find</button></p>
    <p class="hint">Sends an anonymous count for ${point.code}, nothing else.</p>`;
}

function headMarkup(point, figure) {
  return html`
    <div class="point-head">
      <h1>${point.english}<small class="point-aka"><span class="code">${point.code}</span> · ${point.pinyin} ·
        <span class="hanzi" lang="zh">${point.hanzi}</span></small></h1>
      ${pregnancyMark(point) /* safety (#13) */}
    </div>
    <p class="muted">${regionLabel(point.region)} · ${point.meridian}</p>
    ${figure}
    <h2>Where it is</h2>
    <p class="tip">${point.tip}</p>
    <p class="who-location"><span class="who-label">In the WHO standard (2008):</span> ${point.location}</p>
    <h2>How to find it</h2>
    <ol class="steps">${point.find.map((step) => html`<li>${step}</li>`)}</ol>`;
}

function pressMarkup(point, content) {
  return html`
    <h2>How to press</h2>
    <p>${point.press.technique}</p>
    ${techniqueCautions(point.press.load, content, { open: true }) /* safety (#13) */}
    <dl class="facts">
      <dt>Pressure</dt><dd>${PRESSURE[point.press.pressure]}: a strong, dull ache is fine; sharp pain is not.</dd>
      <dt>Time</dt><dd>${point.press.seconds} seconds</dd>
      <dt>Sides</dt><dd>${SIDES[point.press.sides]}</dd>
      <dt>Reach</dt><dd>${REACH[point.self_reach]}</dd>
    </dl>`;
}

function evidenceMarkup(point, studies) {
  const cited = studies.filter((e) => point.evidence.includes(e.id));
  return html`${cited.map((e) => html`<li><a href="#/evidence?id=${e.id}">${e.citation.split('.')[0]} (${e.year})</a>: ${e.finding}</li>`)}`;
}

function usesMarkup(point, content, usedIn) {
  return html`
    <h2>Used for</h2>
    <p>${point.uses}</p>
    ${pointCautions(point, content)}
    ${usedIn.length ? html`<h2>In routines</h2><ul class="list">${usedIn.map((r) => html`<li><a class="list-link" href="#/routine/${r.id}">${r.title}</a></li>`)}</ul>` : ''}
    <h2>Evidence</h2>
    <ul id="point-evidence"></ul>`;
}

function onFeedback(main, point) {
  $('#feedback', main).addEventListener('click', async (event) => {
    if (!event.target.closest('[data-action="hard-to-find"]')) return;
    await reportHardToFind(point.code);
    paint($('#feedback', main), feedbackMarkup(point, true));
    $('#hard-to-find-done', main).setAttribute('tabindex', '-1');
    $('#hard-to-find-done', main).focus();
  });
}

export async function render(main, [rawCode]) {
  const code = rawCode.toUpperCase();
  // The illustration is fetched as soon as the point is known, beside the other content.
  const drawn = points().then((all) => {
    const found = all.find((p) => p.code === code);
    return found && figureMarkup(found.figure, all, { current: code, caption: sideCaption(found) });
  });
  // The studies are listed far down the page: they fill in when they arrive, not before the rest.
  const studies = evidence();
  const [all, figure, routines, reported, content] = await Promise.all([points(), drawn, allRoutines(), reportedCodes(), safety()]);
  const point = all.find((p) => p.code === code);
  if (!point) {
    paint(main, html`<h1>Point not found</h1><p>There is no point ${code}. <a href="#/points">See all points</a>.</p>`);
    return;
  }
  const usedIn = routines.filter((r) => r.steps.some((s) => s.point === code));
  paint(main, html`
    ${headMarkup(point, figure)}
    ${pressMarkup(point, content)}
    ${usesMarkup(point, content, usedIn)}
    <h2>Hard to find?</h2>
    <div id="feedback">${feedbackMarkup(point, reported.has(code))}</div>`);
  onFeedback(main, point);
  paint($('#point-evidence', main), evidenceMarkup(point, await studies));
}
