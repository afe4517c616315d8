// Point illustrations: our own SVG figure, inlined, with the points' markers drawn on top.

import { html, raw } from './dom.js';

const sources = new Map();
let instances = 0;

async function figureSource(figure) {
  if (!sources.has(figure)) {
    const request = fetch(`/illustrations/${encodeURIComponent(figure)}.svg`).then((response) => {
      if (!response.ok) throw new Error(`figure ${figure}: ${response.status}`);
      return response.text();
    });
    sources.set(figure, request);
    request.catch(() => sources.delete(figure));
  }
  return sources.get(figure);
}

function parseFigure(text, prefix) {
  const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const title = svg.querySelector('title')?.textContent ?? 'Figure';
  svg.querySelectorAll('title, desc').forEach((el) => el.remove());
  svg.querySelectorAll('[id]').forEach((el) => el.removeAttribute('id'));
  const [, , width, height] = (svg.getAttribute('viewBox') || '0 0 400 600').split(/[\s,]+/).map(Number);
  return { title, width, height, viewBox: svg.getAttribute('viewBox'), inner: svg.innerHTML, prefix };
}

function markerFor(point, { current, dim }, baseRadius) {
  const sites = [{ x: point.x, y: point.y }, ...(point.also ?? [])];
  const state = point.code === current ? 'current' : dim ? 'other' : '';
  const radius = state === 'other' ? baseRadius * 0.7 : baseRadius;
  const name = `${point.code} ${point.pinyin}${point.code === current ? ' (this point)' : ''}`;
  const dots = sites.map((s) => html`
      <circle class="halo" cx="${s.x}" cy="${s.y}" r="${radius * 2.2}"></circle>
      <circle class="dot" cx="${s.x}" cy="${s.y}" r="${radius}"></circle>`);
  const label = html`<text x="${point.x + radius * 1.6}" y="${point.y - radius * 1.2}">${point.code}</text>`;
  return html`<a href="#/point/${point.code}" class="marker ${state}" data-code="${point.code}"
      aria-label="${name}">${dots}${state === 'other' ? '' : label}</a>`;
}

/**
 * The figure `figureId` with markers for `points` (those on this figure), `current` highlighted.
 * Returns trusted markup.
 */
export async function figureMarkup(figureId, points, { current = null, caption = '' } = {}) {
  const fig = parseFigure(await figureSource(figureId), `fig${++instances}`);
  const onFigure = points.filter((p) => p.figure === figureId);
  const radius = Math.max(fig.width, fig.height) / 80;
  const markers = onFigure
    .filter((p) => p.code !== current)
    .concat(onFigure.filter((p) => p.code === current)) // the current point is drawn last, on top
    .map((p) => markerFor(p, { current, dim: Boolean(current) }, radius));
  const titleId = `${fig.prefix}-title`;
  const label = current ? `${fig.title}, with ${current} marked` : fig.title;
  return html`
    <figure class="figure">
      <svg class="body" viewBox="${fig.viewBox}" role="group" aria-labelledby="${titleId}">
        <title id="${titleId}">${label}</title>
        <svg viewBox="${fig.viewBox}" width="${fig.width}" height="${fig.height}" role="img" aria-label="${fig.title}">${raw(fig.inner)}</svg>
        <g class="markers">${markers}</g>
      </svg>
      ${caption ? html`<figcaption>${caption}</figcaption>` : ''}
    </figure>`;
}

