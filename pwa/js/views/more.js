// More: everything that is not a main tab.

import { html, paint } from '../lib/dom.js';

const LINKS = [
  ['#/progress', 'Progress', 'Pain before and after, streaks, your weekly goal'],
  ['#/report', 'Report for your clinician', 'A one-page summary to print or save as PDF'],
  ['#/settings', 'Settings', 'Reminders, sound, pregnancy mode, your devices and data'],
  ['#/link', 'Link a device', 'See your journal on another phone or tablet'],
  ['#/check', 'Safety check', 'Warning signs that need a doctor'],
  ['#/safety', 'When to see a professional', 'And how to use acupressure safely'],
  ['#/evidence', 'Evidence', 'What studies found, in plain words'],
  ['#/about', 'About Acupress', 'What it is, privacy, the point locations'],
];

export async function render(main) {
  paint(main, html`<h1>More</h1>
    <ul class="list">${LINKS.map(([href, title, sub]) => html`<li><a class="list-link" href="${href}">
      <span><span class="title">${title}</span><span class="sub">${sub}</span></span></a></li>`)}</ul>`);
}
