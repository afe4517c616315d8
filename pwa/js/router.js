// Hash routes to view modules. A view exports render(main, params) and may return a cleanup.
// Before a view is imported, its whole static import tree is preloaded in parallel from the
// graph the server declares in the page (server/shell_page.py), so no import waits on another.

import { $, $$ } from './lib/dom.js';

const ROUTES = [
  ['home', /^\/?$/, 'home'],
  ['points', /^\/points$/, 'points'],
  ['points', /^\/point\/([A-Za-z0-9-]+)$/, 'point'],
  ['routines', /^\/routines$/, 'routines'],
  ['routines', /^\/routine\/([a-z0-9-]+)$/, 'routine'],
  ['routines', /^\/play\/([a-z0-9-]+)$/, 'player'],
  ['routines', /^\/edit\/([a-z0-9-]+)$/, 'editor'],
  ['journal', /^\/journal$/, 'journal'],
  ['journal', /^\/log$/, 'log'],
  ['journal', /^\/progress$/, 'progress'],
  ['journal', /^\/report$/, 'report'],
  ['more', /^\/more$/, 'more'],
  ['more', /^\/settings$/, 'settings'],
  ['more', /^\/safety$/, 'safety'],
  ['more', /^\/check$/, 'check'],
  ['more', /^\/evidence$/, 'evidence'],
  ['more', /^\/about$/, 'about'],
  ['more', /^\/link(?:\/([A-Za-z0-9-]+))?$/, 'link'],
];

let cleanup = null;
let graph = null;

/** Add a modulepreload link for every module `url` imports statically, however deep. */
function preloadTree(url) {
  graph ??= JSON.parse(document.getElementById('module-graph')?.textContent || '{}');
  const todo = [url];
  const seen = new Set();
  while (todo.length) {
    const next = todo.shift();
    if (seen.has(next) || !graph[next]) continue;
    seen.add(next);
    todo.push(...graph[next]);
    if (document.querySelector(`link[rel="modulepreload"][href="${next}"]`)) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = next;
    document.head.append(link);
  }
}

/** Import a module under /js/ with its whole tree preloaded at once. */
export function loadModule(url) {
  preloadTree(url);
  return import(url);
}

const loadView = (name) => loadModule(`/js/views/${name}.js`);

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
  const [, pattern, name] = route;
  const params = path.match(pattern).slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p)));
  const view = await loadView(name);
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
