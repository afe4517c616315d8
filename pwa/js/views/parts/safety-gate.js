// The safety gate in front of every Start: it asks for the questions a routine's regions need, stops
// with the right action when an answer needs a doctor, and after "emergency now" lets nothing start.

import { html } from '../../lib/dom.js';
import { emergencyNumbers } from '../../lib/emergency.js';
import { regionsFor } from '../../lib/routines.js';
import {
  flaggedQuestions, gateOf, lastCheck, questionsFor, regionWords, safety,
} from '../../lib/safety.js';
import { onSafetyActions, triageBlock } from './safety-emergency.js';

/** Everything the gate needs for this routine (null routine: only the emergency state matters). */
export async function gateFor(routine) {
  const [content, check, numbers, needed] = await Promise.all([
    safety(), lastCheck(), emergencyNumbers(), routine ? regionsFor(routine) : [],
  ]);
  const gate = routine ? gateOf(check, needed) : gateOf(check, []);
  const shown = gate?.kind === 'emergency' || routine ? gate : null;
  return { gate: shown, content, numbers, check, needed };
}

const checkHref = (regions, next) => `#/check?${new URLSearchParams({
  ...(regions.length ? { regions: regions.join(',') } : {}), ...(next ? { next } : {}),
})}`;

const dateWords = (iso) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long' });

function missingMarkup({ gate, content, check }, next) {
  const count = questionsFor(content, gate.regions.length ? gate.regions : ['low-back'], false).length;
  const first = !check;
  return html`<section class="card safety-gate" data-gate="missing" aria-labelledby="gate-h">
    <h1 id="gate-h">${first ? 'A few safety questions first'
    : `Safety questions for your ${regionWords(content, gate.regions)}`}</h1>
    <p>${gate.regions.length ? `This routine works on your ${regionWords(content, gate.regions)}. ` : ''}A few yes-or-no
      questions (about ${count}) tell you whether anything you feel needs a doctor instead of self-care. Most people answer
      no to all of them. Your answers stay on this device.</p>
    <p><a class="button primary" href="${checkHref(gate.regions, next)}">Answer the safety questions</a></p>
  </section>`;
}

/** The gate as a page of its own (the player), with an h1 that says what it is. */
export function gateMarkup(state, next) {
  const { gate, content, numbers, check } = state;
  if (gate.kind === 'missing') return missingMarkup(state, next);
  const questions = flaggedQuestions(content, check, gate.regions);
  return html`<div class="safety-gate" data-gate="${gate.kind}">
    ${triageBlock({ level: gate.level, content, numbers, questions, regions: gate.regions, heading: 'h1',
    recheck: checkHref(gate.regions, next) })}
    <p class="small muted">From your safety check on ${dateWords(gate.check.regions[gate.regions[0]].at)}.
      <a href="#/safety">When to see a professional</a></p>
  </div>`;
}

/** Home's safety card: the emergency block after "emergency now", or '' otherwise. */
export function homeEmergency(state) {
  if (state.gate?.kind !== 'emergency') return '';
  const { gate, content, numbers, check } = state;
  return html`<div class="safety-home" data-gate="emergency">${triageBlock({
    level: 'emergency', content, numbers, questions: flaggedQuestions(content, check, gate.regions),
    regions: gate.regions, heading: 'h2', recheck: checkHref(gate.regions, null),
  })}</div>`;
}

/** A line before Start: take the check again when pain is new, worse or different. */
export function recheckLine(state, next) {
  const { check, needed } = state;
  const regions = needed.length ? needed : Object.keys(check?.regions ?? {});
  const at = regions.map((r) => check?.regions[r]?.at).filter(Boolean).sort()[0];
  if (!at) return '';
  return html`<p class="small safety-recheck">Is your pain new, worse or different since your safety check on ${dateWords(at)}?
    <a href="${checkHref(regions, next)}">Take the check again</a> before you start.</p>`;
}

/** Redraw `redraw` after the person says a clinician has dealt with a flag. */
export const onGateActions = (root, redraw) => onSafetyActions(root, redraw);
