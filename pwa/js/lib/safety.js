// Red-flag screening before practice. The answers stay on this device.

import { deviceSetting, setDeviceSetting } from './settings.js';
import { localISO } from './time.js';

export const RED_FLAGS = [
  { id: 'bladder-bowel', urgent: true, text: 'Have you recently lost control of your bladder or bowels, or found it hard to pass urine?' },
  { id: 'saddle-numbness', urgent: true, text: 'Do you have numbness or tingling around your genitals, buttocks or inner thighs?' },
  { id: 'leg-weakness', urgent: true, text: 'Is weakness in one or both legs getting worse (for example tripping, or a foot that drags)?' },
  { id: 'fever', urgent: false, text: 'Do you have a fever, or feel generally unwell, along with the back pain?' },
  { id: 'weight-loss', urgent: false, text: 'Have you lost weight recently without trying?' },
  { id: 'cancer', urgent: false, text: 'Have you ever had cancer?' },
  { id: 'injury', urgent: false, text: 'Did the pain start after a fall, an accident or an injury?' },
  { id: 'night-pain', urgent: false, text: 'Is the pain severe at night, or does it not ease at all when you lie still?' },
];

export const GENERAL_CAUTIONS = [
  'Do not press on broken, bruised, burnt, infected or inflamed skin, or on a rash.',
  'Avoid varicose veins and the area of a recent fracture, sprain or surgery.',
  'If you take blood thinners (anticoagulants) or have a bleeding disorder, press only gently: you bruise more easily.',
  'If you are or may be pregnant, turn on pregnancy mode in Settings so cautioned points are left out.',
  'Pressure should feel like a strong, dull ache. Stop if you feel sharp, burning or spreading pain, numbness or dizziness.',
];

/** 'urgent' | 'doctor' | 'clear' from answers {id: true|false}. */
export function assess(answers) {
  const yes = RED_FLAGS.filter((q) => answers[q.id] === true);
  if (yes.some((q) => q.urgent)) return 'urgent';
  return yes.length ? 'doctor' : 'clear';
}

export async function saveCheck(answers, doctorCleared = false) {
  const result = assess(answers);
  const check = { answers, result, doctor_cleared: result === 'doctor' && doctorCleared, at: localISO() };
  await setDeviceSetting('safety-check', check);
  return check;
}

export const lastCheck = () => deviceSetting('safety-check');

/** May this person be led into a routine? Only after a check with no red flags (or a doctor's OK). */
export async function mayPractise() {
  const check = await lastCheck();
  return Boolean(check && (check.result === 'clear' || check.doctor_cleared));
}
