// Settings for safety: the country whose emergency number the app offers to call, and pregnancy mode.

import { $, html, paint } from '../../lib/dom.js';
import { chooseEmergencyRegion, emergencyNumbers } from '../../lib/emergency.js';
import { safety } from '../../lib/safety.js';
import { settings, updateSettings } from '../../lib/settings.js';

function markup(content, numbers, pregnancy) {
  const option = (e) => html`<option value="${e.id}" ${e.id === numbers.id ? 'selected' : ''}>${e.label} (${e.emergency})</option>`;
  return html`<section class="card" aria-labelledby="safety-settings-h" id="safety-settings">
    <h2 id="safety-settings-h">Safety</h2>
    <div class="field"><label for="emergency-region">Where you are <span class="hint">Sets the emergency number and
      the urgent-advice line the app offers to call.${numbers.chosen ? '' : ' Guessed from your language settings until you choose.'}</span></label>
      <select id="emergency-region">${content.emergency_numbers.map(option)}</select></div>
    <p id="emergency-now" role="status">Emergency: <strong>${numbers.emergency}</strong>${numbers.advice
    ? html` · urgent advice (not for emergencies): <strong>${numbers.advice.label}</strong>` : ''}.
      ${numbers.note ?? ''}</p>
    <label class="check"><input type="checkbox" id="pregnancy-mode" ${pregnancy ? 'checked' : ''}>
      <span>I am or may be pregnant<span class="hint">Pregnancy mode leaves out points some sources caution against
      in pregnancy (such as LI4, SP6, BL60 and GB21), keeps pressure over the low back gentle and by hand, and never
      asks you to lie or lean on a ball. ${content.pregnancy.advice}</span></span></label>
  </section>`;
}

export async function mount(container) {
  const draw = async () => {
    const [content, numbers, current] = await Promise.all([safety(), emergencyNumbers(), settings()]);
    paint(container, markup(content, numbers, current.pregnancy));
  };
  await draw();
  container.addEventListener('change', async (event) => {
    if (event.target.id === 'emergency-region') {
      await chooseEmergencyRegion(event.target.value);
      await draw();
      $('#emergency-region', container).focus();
    }
    if (event.target.id === 'pregnancy-mode') await updateSettings({ pregnancy: event.target.checked });
  });
}
