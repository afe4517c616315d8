// Points: the library by region, with a search box.

import { points, REGIONS, regionLabel } from '../lib/content.js';
import { $, html, paint } from '../lib/dom.js';
import { thumbnailMarkup } from '../lib/figure.js';
import { matchingPoints } from '../lib/point-search.js';
import { pregnancyMark } from './parts/safety-marks.js';

// People's name first; the code, pinyin and hanzi on a second line; a small picture of where it is.
function pointItem(p, thumbs) {
  return html`<li><a class="list-link point-link" href="#/point/${p.code}">
    <span class="thumb-frame">${thumbs.get(p.code) ?? ''}</span>
    <span class="point-words"><span class="title">${p.english}</span>
      <span class="sub"><span class="code">${p.code}</span> · ${p.pinyin} · <span lang="zh">${p.hanzi}</span></span>
      <span class="sub">${p.summary}</span></span>
    ${pregnancyMark(p)}
  </a></li>`;
}

/** Each point's thumbnail (none offline without the illustrations: the words still say where). */
async function thumbnails(all) {
  const made = await Promise.all(all.map((p) => thumbnailMarkup(p).catch(() => '')));
  return new Map(all.map((p, i) => [p.code, made[i]]));
}

function listMarkup(all, region, query, thumbs) {
  const shown = matchingPoints(all, region, query);
  if (!shown.length) return html`<p class="notice">No points match “${query}”. Try a code like BL23 or a word like “neck”.</p>`;
  const groups = REGIONS.filter((r) => shown.some((p) => p.region === r.id));
  return groups.map((r) => html`
    <h2>${r.label}</h2>
    <ul class="list">${shown.filter((p) => p.region === r.id).map((p) => pointItem(p, thumbs))}</ul>`);
}

export async function render(main, _params, query) {
  const all = await points();
  const thumbs = await thumbnails(all);
  const region = REGIONS.some((r) => r.id === query.get('region')) ? query.get('region') : '';
  const chip = (id, label) => html`<li><a class="chip" href="#/points${id ? `?region=${id}` : ''}"
    aria-current="${String(region === id)}">${label}</a></li>`;
  paint(main, html`
    <h1>${region ? regionLabel(region) : 'Points'}</h1>
    <p class="muted">Points used in acupressure for back pain, located as in the WHO standard (2008).</p>
    <nav aria-label="Regions"><ul class="chips">${chip('', 'All')}${REGIONS.map((r) => chip(r.id, r.label))}</ul></nav>
    <div class="field" role="search">
      <label for="point-search">Search points</label>
      <input id="point-search" type="search" autocomplete="off" placeholder="Code, name or word, e.g. BL23 or neck">
    </div>
    <div id="point-results" aria-live="polite">${listMarkup(all, region, '', thumbs)}</div>`);
  const input = $('#point-search', main);
  input.addEventListener('input', () => paint($('#point-results', main), listMarkup(all, region, input.value, thumbs)));
}
