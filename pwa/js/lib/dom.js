// Markup helpers: every interpolated value is escaped unless it is explicitly trusted markup.

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

/** Trusted markup (our own templates or our own SVG files), never user text. */
export function raw(text) {
  return new Markup(text);
}

function piece(value) {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === false || value === null || value === undefined) return '';
  return escape(value);
}

/** Tagged template: html`<p>${userText}</p>` escapes; nested html`` and arrays compose. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += piece(value) + strings[i + 1]; });
  return new Markup(out);
}

export function paint(el, markup) {
  el.innerHTML = piece(markup);
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Event delegation: on(el, 'click', '[data-action]', (event, target) => ...). */
export function on(root, type, selector, handler) {
  root.addEventListener(type, (event) => {
    const target = event.target.closest(selector);
    if (target && root.contains(target)) handler(event, target);
  });
}

/** Politely tell screen-reader users about a change (not for every tick). */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => { region.textContent = message; }, 50);
}

export function formatSeconds(total) {
  const s = Math.max(0, Math.round(total));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function formatDuration(total) {
  const minutes = Math.round(total / 60);
  if (minutes < 1) return `${Math.round(total)} seconds`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function uuid() {
  return crypto.randomUUID();
}
