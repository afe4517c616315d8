// Link a device: show a one-time code (text and QR) here, or enter one made on another device.

import { makeLinkCode, redeemLinkCode } from '../lib/account.js';
import { $, html, paint } from '../lib/dom.js';
import { syncNow } from '../lib/sync.js';

function codeMarkup(link) {
  const until = new Date(link.expires_at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const qr = `data:image/svg+xml;base64,${btoa(link.qr_svg)}`;
  return html`<p>On the other device, open Acupress, go to More → Link a device, and enter:</p>
    <p class="link-code" aria-label="Link code ${link.code.split('').join(' ')}">${link.code}</p>
    <p>or scan this code with its camera:</p>
    <img class="qr" src="${qr}" alt="QR code that opens Acupress with this link code" width="224" height="224">
    <p class="muted small">Works once, until ${until}. Anyone with this code can read your journal, so only use it on your own devices.</p>`;
}

function failure(error) {
  if (!navigator.onLine) return 'Linking needs an internet connection. Try again when you are online.';
  const messages = {
    link_code_expired: 'That code has expired. Ask the other device for a new one.',
    link_code_used: 'That code was already used. Ask the other device for a new one.',
    link_code_invalid: 'That code is not right. Check it and try again.',
    link_code_burned: 'That code was tried too many times. Ask the other device for a new one.',
    rate_limited: 'Too many tries. Wait a minute and try again.',
  };
  return messages[error.code] ?? error.message;
}

export async function render(main, [codeFromLink]) {
  paint(main, html`
    <h1>Link a device</h1>
    <p>Linked devices share one journal: what you log on one appears on the others.</p>
    <section class="card" aria-labelledby="show-h">
      <h2 id="show-h">Add another device to this journal</h2>
      <div id="code-area"><button type="button" class="primary" data-action="make-code">Show a link code</button></div>
    </section>
    <section class="card" aria-labelledby="enter-h">
      <h2 id="enter-h">Join a journal from another device</h2>
      <form id="redeem-form">
        <div class="field"><label for="link-code-input">Link code</label>
          <input id="link-code-input" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false"
            value="${codeFromLink ?? ''}" required></div>
        <button type="submit" class="primary">Link this device</button>
      </form>
      <p class="muted small">Entries already on this device are kept and added to the shared journal.</p>
      <p id="redeem-result" role="status"></p>
    </section>`);
  $('[data-action="make-code"]', main).addEventListener('click', async () => {
    const area = $('#code-area', main);
    try {
      paint(area, codeMarkup(await makeLinkCode()));
    } catch (error) {
      paint(area, html`<p class="notice warn" role="alert">${failure(error)}</p>`);
    }
  });
  $('#redeem-form', main).addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('#redeem-result', main);
    try {
      const device = await redeemLinkCode($('#link-code-input', main).value.trim());
      result.textContent = `Linked as “${device.name}”. Your journal is syncing now.`;
      syncNow();
    } catch (error) {
      result.textContent = failure(error);
    }
  });
}
