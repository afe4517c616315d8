// Small SVG charts drawn by the app (no library): pain before and after, over time.

import { html } from './dom.js';

const W = 320;
const H = 180;
const PAD = { left: 28, right: 10, top: 10, bottom: 26 };

const xAt = (i, n) => PAD.left + (n === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
const yAt = (v) => PAD.top + ((10 - v) * (H - PAD.top - PAD.bottom)) / 10;

function line(values, cls) {
  const points = values.map((v, i) => (v === null ? null : `${xAt(i, values.length).toFixed(1)},${yAt(v).toFixed(1)}`)).filter(Boolean);
  const dots = values.map((v, i) => (v === null ? '' : html`<circle class="dot-${cls}" cx="${xAt(i, values.length).toFixed(1)}" cy="${yAt(v).toFixed(1)}" r="3"></circle>`));
  return html`<polyline class="${cls}" points="${points.join(' ')}"></polyline>${dots}`;
}

/** sessions: [{label, before, after}] oldest first. `summary` is the chart's text equivalent. */
export function painChart(sessions, summary) {
  const grid = [0, 5, 10].map((v) => html`<line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${yAt(v)}" y2="${yAt(v)}"></line>
    <text x="${PAD.left - 6}" y="${yAt(v) + 4}" text-anchor="end">${v}</text>`);
  const first = sessions[0]?.label ?? '';
  const last = sessions.at(-1)?.label ?? '';
  return html`<div class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${summary}">
      ${grid}
      ${line(sessions.map((s) => s.before), 'before')}
      ${line(sessions.map((s) => s.after), 'after')}
      <text x="${PAD.left}" y="${H - 6}">${first}</text>
      <text x="${W - PAD.right}" y="${H - 6}" text-anchor="end">${last}</text>
    </svg>
    <p class="small"><span class="tag legend-before">Before</span> <span class="tag legend-after">After</span></p>
  </div>`;
}
