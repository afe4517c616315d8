// Point illustrations: our own SVG figure, inlined, with the points' markers drawn on top.
// Limb figures are drawn as the right limb; a left step shows the drawing mirrored, so the picture
// always matches the side the words name. The player crops the figure to the point's region.

import { html, raw } from './dom.js';

// How each figure is named for people. Limbs: which limb and from where; bodies: which way it faces
// (seen from behind, the person's left is on the viewer's left).
const FIGURES = {
  back: { body: 'Your back from behind', facing: 'away' },
  'head-back': { body: 'Your head and neck from behind', facing: 'away' },
  face: { body: 'Your face from the front', facing: 'toward' },
  'hand-back': { limb: 'hand', view: 'back view' },
  'foot-top': { limb: 'foot', view: 'top view' },
  'leg-back': { limb: 'leg', view: 'back view' },
  'leg-inner': { limb: 'leg', view: 'inner side' },
  'leg-outer': { limb: 'leg', view: 'outer side' },
};
const ONE_SIDE = new Set(['left', 'right']);

const sources = new Map();
const parsed = new Map(); // figure id -> its parts, for thumbnails (many per list, one parse each)
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

/** A mirror image swaps every left and right in the figure's description. */
const swapSides = (text) => text.replace(/\b(left|right)\b/g, (word) => (word === 'left' ? 'right' : 'left'));

/** The words under a figure: which limb or part, which side, seen from where. */
function figureCaption(figureId, side = null) {
  const meta = FIGURES[figureId];
  if (!meta) return '';
  if (meta.limb) {
    if (ONE_SIDE.has(side)) return `Your ${side} ${meta.limb}, ${meta.view}`;
    return `Your right ${meta.limb}, ${meta.view} (your left ${meta.limb} is its mirror image)`;
  }
  if (ONE_SIDE.has(side)) return `${meta.body}: ${side} side`;
  if (side === 'both') return `${meta.body}: both sides`;
  return meta.body;
}

/** The person's side of a marker site on a body figure (null on the midline or on a limb). */
function siteSide(meta, fig, x) {
  if (!meta?.facing || Math.abs(x - fig.width / 2) < 1) return null;
  const viewersLeft = x < fig.width / 2;
  return viewersLeft === (meta.facing === 'away') ? 'left' : 'right';
}

/** Marker sites for `point`: mirrored on a left limb; on a body, the other side's site faint. */
function sitesOf(point, fig, { mirrored, side, meta }) {
  return [{ x: point.x, y: point.y }, ...(point.also ?? [])].map((s) => {
    const x = mirrored ? fig.width - s.x : s.x;
    const person = siteSide(meta, fig, s.x);
    return { x, y: s.y, faint: ONE_SIDE.has(side) && person !== null && person !== side };
  });
}

function markerFor(point, sites, { state, radius, links, label }) {
  const name = `${point.code} ${point.pinyin}${state === 'current' ? ' (this point)' : ''}`;
  const dots = sites.map((s) => html`<g class="site${s.faint ? ' faint' : ''}">
      <circle class="halo" cx="${s.x}" cy="${s.y}" r="${radius * 2.2}"></circle>
      <circle class="dot" cx="${s.x}" cy="${s.y}" r="${radius}"></circle></g>`);
  const [first] = sites.filter((s) => !s.faint).concat(sites);
  const text = label ? html`<text x="${first.x + radius * 1.6}" y="${first.y - radius * 1.2}">${point.code}</text>` : '';
  if (!links) return html`<g class="marker ${state}" data-code="${point.code}">${dots}${text}</g>`;
  return html`<a href="#/point/${point.code}" class="marker ${state}" data-code="${point.code}"
      aria-label="${name}">${dots}${text}</a>`;
}

/** A square region around `sites`, centred on them; fitCrop widens it to its frame's shape. */
function cropBox(fig, sites) {
  const xs = sites.map((s) => s.x);
  const ys = sites.map((s) => s.y);
  const spread = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  const size = spread + 0.5 * Math.min(fig.width, fig.height);
  const centre = (values) => (Math.min(...values) + Math.max(...values)) / 2;
  return { x: centre(xs) - size / 2, y: centre(ys) - size / 2, width: size, height: size };
}

/**
 * Fit a cropped figure's region to the shape of the box it is drawn in: the region stays whole and
 * centred, the longer side of the box shows more of the body around it. Call again after a resize.
 */
export function fitCrop(svg) {
  const size = Number(svg?.dataset.cropSize);
  const { width, height } = svg?.getBoundingClientRect() ?? {};
  if (!size || !width || !height) return;
  const [w, h] = width > height ? [size * (width / height), size] : [size, size * (height / width)];
  const cx = Number(svg.dataset.cropX) + size / 2;
  const cy = Number(svg.dataset.cropY) + size / 2;
  svg.setAttribute('viewBox', `${cx - w / 2} ${cy - h / 2} ${w} ${h}`);
}

function markersMarkup(fig, points, { current, side, links, crop, meta, mirrored, small = false }) {
  const onFigure = points.filter((p) => p.figure === fig.id);
  const ordered = onFigure.filter((p) => p.code !== current).concat(onFigure.filter((p) => p.code === current));
  const shown = ordered.map((p) => ({ point: p, sites: sitesOf(p, fig, { mirrored, side: p.code === current ? side : null, meta }) }));
  const focus = shown.find((m) => m.point.code === current)?.sites.filter((s) => !s.faint) ?? [];
  const box = crop && focus.length ? cropBox(fig, focus) : { x: 0, y: 0, width: fig.width, height: fig.height };
  const radius = crop ? box.height / (small ? 10 : 18) : Math.max(fig.width, fig.height) / 80;
  const markers = shown.map(({ point, sites }) => {
    const state = point.code === current ? 'current' : current ? 'other' : '';
    return markerFor(point, sites, { state, radius: state === 'other' ? radius * 0.7 : radius, links, label: !crop && state !== 'other' });
  });
  return { markers, box, viewBox: `${box.x} ${box.y} ${box.width} ${box.height}` };
}

/**
 * The figure `figureId` with markers for `points` (those on this figure), `current` highlighted.
 * `side` (a step's side) mirrors a limb for the left and fades the other side's site on a body;
 * `crop` zooms to the current point's region; `links: false` draws markers that are not links.
 * Returns trusted markup.
 */
export async function figureMarkup(figureId, points, { current = null, caption = '', side = null, crop = false, links = true } = {}) {
  const fig = { ...parseFigure(await figureSource(figureId), `fig${++instances}`), id: figureId };
  const meta = FIGURES[figureId];
  const mirrored = Boolean(meta?.limb) && side === 'left';
  const { markers, box, viewBox } = markersMarkup(fig, points, { current, side, links, crop, meta, mirrored });
  const titleId = `${fig.prefix}-title`;
  const title = mirrored ? swapSides(fig.title) : fig.title;
  const label = current ? `${title}, with ${current} marked` : title;
  const words = [figureCaption(figureId, side), caption].filter(Boolean).join('. ');
  const drawing = html`<svg viewBox="${fig.viewBox}" width="${fig.width}" height="${fig.height}" role="img" aria-label="${title}">${raw(fig.inner)}</svg>`;
  return html`
    <figure class="figure${crop ? ' cropped' : ''}" data-figure="${figureId}" data-side="${side ?? ''}" data-mirrored="${String(mirrored)}">
      <svg class="body" viewBox="${viewBox}" role="group" aria-labelledby="${titleId}"
        data-crop-x="${crop ? box.x : ''}" data-crop-y="${crop ? box.y : ''}" data-crop-size="${crop ? box.width : ''}">
        <title id="${titleId}">${label}</title>
        ${mirrored ? html`<g transform="matrix(-1 0 0 1 ${fig.width} 0)">${drawing}</g>` : drawing}
        <g class="markers">${markers}</g>
      </svg>
      ${words ? html`<figcaption>${words}</figcaption>` : ''}
    </figure>`;
}

/** A small picture of where a point is, for lists: cropped, decorative (the words beside it say it). */
export async function thumbnailMarkup(point) {
  if (!parsed.has(point.figure)) parsed.set(point.figure, { ...parseFigure(await figureSource(point.figure), 'thumb'), id: point.figure });
  const fig = parsed.get(point.figure);
  const { markers, viewBox } = markersMarkup(fig, [point], { current: point.code, crop: true, links: false, meta: FIGURES[point.figure], small: true });
  return html`<svg class="thumb" viewBox="${viewBox}" aria-hidden="true" focusable="false">
    <svg viewBox="${fig.viewBox}" width="${fig.width}" height="${fig.height}">${raw(fig.inner)}</svg>
    <g class="markers">${markers}</g></svg>`;
}
