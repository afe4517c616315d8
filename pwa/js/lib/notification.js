// How the service worker turns a push into a notification. The server defines the look once
// (server/reminders/notification.py): it sends it in every payload and stamps the same defaults
// into sw.js (BUILD.notification). These functions only read it, and fall back to the stamped
// defaults for anything missing, null, garbled or of the wrong shape — a push must always show
// something (browsers revoke subscriptions that push silently).

import { setMeta } from './store.js';

// Only if even the stamped defaults were missing: a notification that still says whose it is.
const LAST_RESORT = { title: 'Acupress', url: '/#/', actions: [] };
const KNOWN_ACTIONS = new Set(['start', 'snooze']);

const words = (value, fallback, max = 300) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : fallback);
/** Only this app's own pages and files: a path on this origin, never another site. */
const ownPath = (value) => (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null);

/** The payload as an object, or {} when there is none, it is not JSON or not an object. */
export function readPayload(data) {
  if (!data) return {};
  try {
    const parsed = data.json();
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function actionsOf(value, fallback) {
  if (!Array.isArray(value)) return fallback;
  const valid = value.filter((a) => a && KNOWN_ACTIONS.has(a.action) && typeof a.title === 'string');
  return valid.length ? valid.map((a) => ({ action: a.action, title: a.title.slice(0, 40) })) : fallback;
}

/** {title, options} for showNotification, from a payload merged over `defaults`. */
export function notificationFor(message, stamped = {}) {
  const defaults = { ...LAST_RESORT, ...stamped };
  const url = ownPath(message.url) ?? ownPath(defaults.url) ?? '/#/';
  return {
    title: words(message.title, defaults.title, 120),
    options: {
      body: words(message.body, defaults.body),
      icon: ownPath(message.icon) ?? defaults.icon,
      badge: ownPath(message.badge) ?? defaults.badge,
      tag: words(message.tag, 'acupress-reminder', 120),
      renotify: false,
      data: {
        type: words(message.type, 'reminder', 20),
        url,
        start_url: ownPath(message.start_url) ?? url,
        snooze_url: ownPath(message.snooze_url),
      },
      actions: actionsOf(message.actions, defaults.actions),
    },
  };
}

/** Remember the notification shown, so Settings can say whether the last reminder arrived. */
export async function recordShown(notification) {
  await setMeta('last-notification', { at: new Date().toISOString(), type: notification.options.data.type, tag: notification.options.tag });
}
