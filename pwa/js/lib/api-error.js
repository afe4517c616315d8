// What a failed request looks like, for the modules that ask and the views that explain: an
// ApiError with the server's code and words, or status 0 when there was no answer at all.
// Views import this, never the API client itself (lib/api.js), which only domain modules use.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** No answer in time, or no network: status 0, with words a person can act on. */
export function networkError(timedOut) {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  if (timedOut) return new ApiError(0, 'timeout', 'The server did not answer in time.');
  return new ApiError(0, offline ? 'offline' : 'network', offline ? 'This phone is offline.' : 'The server could not be reached.');
}

/** True when an error means "no connection" rather than "the server said no". */
export const isNetworkError = (error) => error instanceof ApiError && error.status === 0;
