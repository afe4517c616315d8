// The one API client: JSON in and out, this device's token when asked, a time limit on every
// request (nothing waits forever), and ApiError for answers that are not OK.

import { getMeta } from './store.js';

const DEFAULT_TIMEOUT_MS = 20000;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** No answer in time, or no network: status 0, with words a person can act on. */
function networkError(timedOut) {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  if (timedOut) return new ApiError(0, 'timeout', 'The server did not answer in time.');
  return new ApiError(0, offline ? 'offline' : 'network', offline ? 'This phone is offline.' : 'The server could not be reached.');
}

export async function api(path, { method = 'GET', body, auth = true, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) headers.Authorization = `Bearer ${await getMeta('token')}`;
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal });
  } catch {
    throw networkError(timedOut);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = payload.error ?? {};
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`);
  }
  return payload;
}

/** True when an error means "no connection" rather than "the server said no". */
export const isNetworkError = (error) => error instanceof ApiError && error.status === 0;
