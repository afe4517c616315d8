// About: what Acupress is, privacy, and where the point locations come from.

import { html, paint } from '../lib/dom.js';
import { currentDataStatus, onDataStatus, sentence } from '../lib/status.js';

export async function render(main) {
  const model = await currentDataStatus();
  paint(main, html`
    <h1>About Acupress</h1>
    <p>Acupress helps you learn acupressure points used for back pain, practise them with a guided timer, and keep a
    journal of your pain and practice. It works offline once opened.</p>
    <h2>Not medical advice</h2>
    <p>Acupress is a self-care aid. It does not diagnose or treat any condition. If you are worried about your back, or
    your pain is severe, getting worse or not improving, see a doctor. <a href="#/safety">When to see a professional</a>.</p>
    <h2>Where the points come from</h2>
    <p>Point names, codes and locations follow the World Health Organization's <cite>WHO Standard Acupuncture Point
    Locations in the Western Pacific Region</cite> (2008). The directions for finding them on yourself and the
    illustrations are our own.</p>
    <h2>Your privacy</h2>
    <ul>
      <li>Your journal is stored on this device first and copied to our server automatically, under an anonymous account
      with no name, email or password: so it can be restored, and synced with devices you link.
      <span id="about-status" data-status="${model.kind}">Right now: ${sentence(model)}</span></li>
      <li>Safety check answers never leave this device.</li>
      <li>“Hard to find” reports are anonymous counts per point.</li>
      <li>There is no advertising and no tracking. You can export your journal or delete everything from Settings.</li>
    </ul>`);
  // The sentence follows the data as it moves (a sync landing or failing while this page is open).
  return onDataStatus((now) => {
    const shown = main.querySelector('#about-status');
    if (shown) { shown.dataset.status = now.kind; shown.textContent = `Right now: ${sentence(now)}`; }
  });
}
