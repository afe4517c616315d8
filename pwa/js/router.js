// Hash routes to view modules. A view exports render(main, params) and may return a cleanup.

import { $, $$ } from './lib/dom.js';

const ROUTES = [
  ['home', /^\/?$/, () => import('./views/home.js')],
  ['points', /^\/points$/, () => import('./views/points.js')],
  ['points', /^\/point\/([A-Za-z0-9-]+)$/, () => import('./views/point.js')],
  ['routines', /^\/routines$/, () => import('./views/routines.js')],
  ['routines', /^\/routine\/([a-z0-9-]+)$/, () => import('./views/routine.js')],
  ['routines', /^\/play\/([a-z0-9-]+)$/, () => import('./views/player.js')],
  ['routines', /^\/edit\/([a-z0-9-]+)$/, () => import('./views/editor.js')],
  ['journal', /^\/journal$/, () => import('./views/journal.js')],
  ['journal', /^\/log$/, () => import('./views/log.js')],
  ['journal', /^\/progress$/, () => import('./views/progress.js')],
  ['journal', /^\/report$/, () => import('./views/report.js')],
  ['more', /^\/more$/, () => import('./views/more.js')],
  ['more', /^\/settings$/, () => import('./views/settings.js')],
  ['more', /^\/safety$/, () => import('./views/safety.js')],
  ['more', /^\/check$/, () => import('./views/check.js')],
  ['more', /^\/evidence$/, () => import('./views/evidence.js')],
  ['more', /^\/about$/, () => import('./views/about.js')],
  ['more', /^\/link(?:\/([A-Za-z0-9-]+))?$/, () => import('./views/link.js')],
];

let cleanup = null;

function parse(hash) {
  const [path, search = ''] = hash.replace(/^#/, '').split('?');
  return { path: path || '/', query: new URLSearchParams(search) };
}

let generation = 0;

/** Draw the view for the current hash; a newer navigation that starts meanwhile wins. */
async function show(main) {
  const mine = ++generation;
  const { path, query } = parse(location.hash);
  const route = ROUTES.find(([, pattern]) => pattern.test(path));
  if (cleanup) { cleanup(); cleanup = null; }
  $$('.tabbar a').forEach((a) => {
    if (route && a.dataset.tab === route[0]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (!route) {
    main.innerHTML = '<h1>Not found</h1><p>That page does not exist. <a href="#/">Go home</a>.</p>';
    return;
  }
  const [, pattern, load] = route;
  const params = path.match(pattern).slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p)));
  const view = await load();
  if (mine !== generation) return;
  // Each view gets a fresh container, so the listeners it attaches go away with it.
  const container = document.createElement('div');
  container.className = 'view';
  main.replaceChildren(container);
  const done = (await view.render(container, params, query)) || null;
  if (mine !== generation) { done?.(); return; }
  cleanup = done;
  const heading = $('h1', main);
  document.title = heading ? `${heading.textContent} · Acupress` : 'Acupress';
}

export function navigate(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

export function start(main) {
  let first = true;
  const go = async () => {
    const shown = location.hash || '#/';
    delete main.dataset.rendered;
    try {
      await show(main);
      if (first) performance.mark('acupress:first-view'); // read by benchmarks/bench_pwa.py
    } catch (error) {
      console.error(error);
      main.innerHTML = '<h1>Something went wrong</h1><p>This page could not be shown. <a href="#/">Go home</a>.</p>';
    }
    if ((location.hash || '#/') === shown) main.dataset.rendered = shown; // tests wait for this
    if (!first) {
      const heading = $('h1', main);
      if (heading) heading.tabIndex = -1;
      (heading || main).focus();
      window.scrollTo(0, 0);
    }
    first = false;
  };
  window.addEventListener('hashchange', go);
  return go();
}
