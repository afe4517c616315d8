// Install: Chromium's beforeinstallprompt becomes an Install button; iOS Safari gets the steps.

import { html } from './dom.js';

let deferredPrompt = null;

export const isStandalone = () => matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
export const isIOS = () => /iphone|ipad|ipod/i.test(navigator.userAgent)
  || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);

export function captureInstallPrompt() {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    deferredPrompt = event;
    document.querySelectorAll('[data-install]').forEach((el) => { el.hidden = false; });
  });
  window.addEventListener('appinstalled', () => {
    deferredPrompt = null;
    document.querySelectorAll('[data-install], [data-install-ios]').forEach((el) => { el.hidden = true; });
  });
  document.addEventListener('click', async (event) => {
    if (!event.target.closest('[data-action="install"]') || !deferredPrompt) return;
    deferredPrompt.prompt();
    await deferredPrompt.userChoice;
    deferredPrompt = null;
  });
}

/** Markup for the home screen: nothing when already installed. */
export function installOffer() {
  if (isStandalone()) return '';
  if (isIOS()) {
    return html`<section class="card" data-install-ios aria-labelledby="install-h">
      <h2 id="install-h">Add Acupress to your Home Screen</h2>
      <ol><li>Tap the Share button in Safari.</li><li>Choose “Add to Home Screen”.</li><li>Tap “Add”.</li></ol>
      <p class="muted small">It then opens like an app, works offline, and can send reminders (iOS 16.4 or later).</p></section>`;
  }
  return html`<section class="card" data-install ${deferredPrompt ? '' : 'hidden'} aria-labelledby="install-h">
    <h2 id="install-h">Install Acupress</h2><p>Open it from your home screen and use it offline.</p>
    <button type="button" class="primary" data-action="install">Install</button></section>`;
}
