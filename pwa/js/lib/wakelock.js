// Keep the screen on while a routine runs (Screen Wake Lock). The browser drops the lock whenever
// the page is hidden, so it is asked for again on return. Where the API is missing, nothing happens.

let sentinel = null;
let wanted = false;
let asking = false;

async function acquire() {
  if (!wanted || sentinel || asking || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
  asking = true;
  try {
    const lock = await navigator.wakeLock.request('screen');
    if (wanted) {
      sentinel = lock;
      lock.addEventListener('release', () => { if (sentinel === lock) sentinel = null; });
    } else {
      lock.release();
    }
  } catch {
    // Refused (battery saver, permissions policy): the screen may sleep; the cues still sound.
  } finally {
    asking = false;
  }
}

document.addEventListener('visibilitychange', acquire);

export function keepAwake() {
  wanted = true;
  return acquire();
}

export function allowSleep() {
  wanted = false;
  const lock = sentinel;
  sentinel = null;
  return lock ? lock.release().catch(() => {}) : Promise.resolve();
}
