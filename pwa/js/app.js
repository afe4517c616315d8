// Wires the app together: the router draws the first view with only the modules that view
// imports; the services (service worker, sync, reminders, status) follow once it is drawn.

import { captureInstallPrompt } from './lib/install.js';
import { loadModule, start } from './router.js';

// A view that never settles must not keep sync and the service worker from starting.
const FIRST_VIEW_PATIENCE_MS = 3000;

/** After the frame that shows the view has been painted. */
const afterPaint = () => new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });

captureInstallPrompt(); // the browser's install offer comes early: be listening before it does
const firstView = start(document.getElementById('main')).then(afterPaint);
const patience = new Promise((resolve) => { setTimeout(resolve, FIRST_VIEW_PATIENCE_MS); });
Promise.race([firstView, patience])
  .then(() => loadModule('/js/services.js'))
  .then(({ startServices }) => startServices());
