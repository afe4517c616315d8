// Eyes-free cues for practice: generated tones (Web Audio, no sound files), spoken words
// (speechSynthesis) and vibration where the phone has it (not iOS, where tones stand in for it).
// Each can be turned off.

const TONES = {
  press: { notes: [523, 784] }, // rising: press
  release: { notes: [784, 523] }, // falling: let go
  next: { notes: [659, 659] }, // a double tap: on to the next point
  mid: { notes: [440], volume: 0.08 }, // soft and low: halfway through a long hold
  end: { notes: [523, 659, 784, 1047] }, // a rising chime: finished
};
const NOTE_S = 0.12;
const SPACING_S = 0.15;
const GAP_S = 0.25;
const SIDE_WORDS = {
  left: 'on the left side',
  right: 'on the right side',
  both: 'on both sides at once',
  center: 'on the midline',
};

let audio = null;

/** Create or wake the audio context; browsers allow it only during a tap, so call it on Start. */
export function unlock() {
  const Context = window.AudioContext ?? window.webkitAudioContext;
  if (!Context) return;
  audio ??= new Context();
  if (audio.state === 'suspended') audio.resume().catch(() => {});
}

function note(frequency, at, volume) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  // Short ramps in and out, so the tone never clicks.
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(volume, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + NOTE_S + 0.02);
}

function play(names) {
  if (!audio || audio.state === 'closed') return;
  let at = audio.currentTime + 0.02;
  for (const name of names) {
    const { notes, volume = 0.25 } = TONES[name];
    notes.forEach((frequency, i) => note(frequency, at + i * SPACING_S, volume));
    at += notes.length * SPACING_S + GAP_S;
  }
}

function speak(text) {
  if (!('speechSynthesis' in window)) return;
  speechSynthesis.cancel(); // a new cue replaces one still speaking rather than queueing behind it
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = document.documentElement.lang || 'en';
  speechSynthesis.speak(utterance);
}

const canVibrate = () => typeof navigator.vibrate === 'function';

/**
 * The channels that really reach the person on this phone. Settings roam between devices, so
 * "vibration only" chosen on an Android phone arrives on an iPhone, which cannot vibrate (no
 * navigator.vibrate in WebKit): there the tones stand in for it, so no phase passes unnoticed.
 */
function channelsHere(channels) {
  if (!channels.vibration || canVibrate()) return channels;
  return { ...channels, vibration: false, sound: channels.sound || !channels.speech };
}

/** Play a cue {tones, say, vibrate} through the channels the person has on ({sound, speech, vibration}). */
export function cue({ tones, say, vibrate }, channels) {
  const here = channelsHere(channels);
  // Each channel on its own, the words first: an audio device that fails or stalls (seen in
  // WebKit on a busy machine) must not keep the spoken cue, or the timer's next step, from coming.
  const sends = [[here.speech, () => speak(say)], [here.vibration, () => navigator.vibrate(vibrate)], [here.sound, () => play(tones)]];
  for (const [on, send] of sends) {
    try {
      if (on) send();
    } catch (error) {
      console.warn('a practice cue could not play', error);
    }
  }
}

export function hush() {
  if ('speechSynthesis' in window) speechSynthesis.cancel();
}

const holdWords = (seconds) => (seconds % 60 === 0
  ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}`
  : `${seconds} seconds`);
const pointWords = (step, point) => `${step.point}${point ? `, ${point.english}` : ''}, ${SIDE_WORDS[step.side]}`;

/** The cues of a practice: what to play as each phase begins. */
export const CUES = {
  press: (step, point, straightAfterPress) => ({
    tones: straightAfterPress ? ['next', 'press'] : ['press'],
    say: `Press ${pointWords(step, point)}. Hold for ${holdWords(step.seconds)}.${step.cue ? ` ${step.cue}` : ''}`,
    vibrate: [250],
  }),
  rest: (next, point) => ({
    tones: ['release', 'next'],
    say: `Release. Rest. Next: ${pointWords(next, point)}.`,
    vibrate: [100, 80, 100],
  }),
  halfway: () => ({ tones: ['mid'], say: 'Halfway. Keep pressing.', vibrate: [60] }),
  finished: () => ({
    tones: ['release', 'end'],
    say: 'Release. Routine finished. Well done.',
    vibrate: [200, 100, 200, 100, 400],
  }),
};
