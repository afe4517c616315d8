// When to see a professional, and how to use acupressure safely.

import { html, paint } from '../lib/dom.js';
import { GENERAL_CAUTIONS, RED_FLAGS } from '../lib/safety.js';

export async function render(main) {
  paint(main, html`
    <h1>When to see a professional</h1>
    <section class="notice danger" aria-labelledby="urgent-h">
      <h2 id="urgent-h">Get help urgently (emergency department or emergency number) if you have back pain with</h2>
      <ul>${RED_FLAGS.filter((q) => q.urgent).map((q) => html`<li>${q.text.replace(/^(Have you|Do you have|Is)\s*/, '').replace(/\?$/, '')}</li>`)}</ul>
    </section>
    <section class="card" aria-labelledby="soon-h">
      <h2 id="soon-h">See a doctor soon if</h2>
      <ul>
        <li>you have a fever or feel unwell, have lost weight without trying, or have had cancer;</li>
        <li>the pain started after a fall, an accident or an injury;</li>
        <li>the pain is severe at night or does not ease when you lie still;</li>
        <li>pain spreads down a leg below the knee with numbness or weakness;</li>
        <li>the pain is getting worse, or is not improving after 4 to 6 weeks;</li>
        <li>you are under 20 or over 55 and this is a new kind of back pain.</li>
      </ul>
      <p><a href="#/check">Take the safety check</a></p>
    </section>
    <h2>Using acupressure safely</h2>
    <ul>${GENERAL_CAUTIONS.map((c) => html`<li>${c}</li>`)}</ul>
    <p>Acupressure is a gentle self-care technique. It is not a treatment for the cause of back pain, and it does not replace
    seeing a doctor or physiotherapist. Keeping active, within what your pain allows, helps most back pain.</p>`);
}
