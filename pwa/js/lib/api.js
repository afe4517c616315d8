// The one API client: JSON in and out, this device's token when asked, a time limit on every
// request (nothing waits forever), and ApiError (lib/api-error.js) for answers that are not OK.
// Only the domain modules in lib/ use it; views ask them.

import { ApiError, networkError } from './api-error.js';
import { getMeta } from './store.js';

const DEFAULT_TIMEOUT_MS = 20000;

async function headersFor(body, auth, bearer) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
  else if (auth) headers.Authorization = `Bearer ${await getMeta('token')}`;
  return headers;
}

async function send(path, init, timeoutMs) {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
  try {
    return await fetch(path, { ...init, signal: abort.signal });
  } catch {
    throw networkError(timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ask the server. `auth: false` sends no token; `bearer` sends another token than this
 * device's (letting an old account go after linking).
 */
export async function api(path, { method = 'GET', body, auth = true, bearer, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const headers = await headersFor(body, auth, bearer);
  const response = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, timeoutMs);
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = payload.error ?? {};
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`);
  }
  return payload;
}
