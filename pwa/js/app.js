// Wires the app together: the router draws the first view with only the modules that view
// imports; the services (service worker, sync, reminders, status) follow once it is drawn.

import { captureInstallPrompt } from './lib/install.js';
import { loadModule, start } from './router.js';

// A view that never settles must not keep sync and the service worker from starting.
const FIRST_VIEW_PATIENCE_MS = 3000;
const RETRY_MS = 2000;

const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
/** After the frame that shows the view has been painted. */
const afterPaint = () => new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });

// Leaving the page cancels the services' modules if they are still loading; WebKit then rejects
// the import, which is no failure of the app's.
let leaving = false;
window.addEventListener('pagehide', () => { leaving = true; });

const startServices = () => loadModule('/js/services.js').then((services) => services.startServices());

captureInstallPrompt(); // the browser's install offer comes early: be listening before it does
const firstView = start(document.getElementById('main')).then(afterPaint);
Promise.race([firstView, wait(FIRST_VIEW_PATIENCE_MS)])
  .then(startServices)
  .catch(() => (leaving ? null : wait(RETRY_MS).then(startServices))) // a flaky network: once more
  .catch((error) => { if (!leaving) console.error('sync and reminders could not start', error); });
