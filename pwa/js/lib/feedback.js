// "Hard to find?" reports: kept locally, sent anonymously (no token, no device id) when online.

import { api } from './api.js';
import { getAll, put, transact, promised } from './store.js';

export async function reportHardToFind(code) {
  await put('feedback', { point: code, at: Date.now() });
  flushFeedback();
}

export async function reportedCodes() {
  return new Set((await getAll('feedback')).map((r) => r.point));
}

/** Send what is waiting; reports stay queued (and marked sent only after the server took them). */
export async function flushFeedback() {
  const waiting = (await getAll('feedback')).filter((r) => !r.sent);
  if (!waiting.length || !navigator.onLine) return;
  try {
    await api('/api/feedback', { method: 'POST', auth: false, body: { hard_to_find: waiting.map((r) => r.point) } });
    await transact(['feedback'], 'readwrite', async (tx) => {
      const store = tx.objectStore('feedback');
      for (const r of waiting) await promised(store.put({ ...r, sent: true }));
    });
  } catch { /* offline or server away: try again later */ }
}
