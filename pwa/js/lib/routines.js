// Routines: the presets from the content API and the person's own (journal records, kind "routine").

import { pointsByCode, presetRoutines } from './content.js';
import { deleteRecord, getRecord, listRecords } from './journal.js';
import { safety } from './safety.js';
import { settings } from './settings.js';
import { deleteMeta, getMeta, setMeta } from './store.js';

const DEFAULT_ROUTINE = 'daily-lower-back';

function fromRecord(record) {
  return {
    ...record.data,
    id: record.id,
    custom: true,
    summary: `Your routine · ${record.data.steps.length} steps`,
    evidence: [],
  };
}

export async function allRoutines() {
  const custom = (await listRecords('routine')).map(fromRecord);
  custom.sort((a, b) => a.title.localeCompare(b.title));
  return [...(await presetRoutines()), ...custom];
}

export async function todayRoutineId() {
  return (await getMeta('today-routine')) || DEFAULT_ROUTINE;
}

export const chooseTodayRoutine = (id) => setMeta('today-routine', id);

/** Delete one of the person's routines; if it was the daily one, the default takes its place. */
export async function deleteRoutine(id) {
  await deleteRecord(id);
  if ((await getMeta('today-routine')) === id) await deleteMeta('today-routine');
}

/** A routine by id ("today" means the person's chosen daily routine), or null. */
export async function findRoutine(id) {
  const wanted = id === 'today' ? await todayRoutineId() : id;
  const preset = (await presetRoutines()).find((r) => r.id === wanted);
  if (preset) return preset;
  const record = await getRecord(wanted);
  return record?.kind === 'routine' ? fromRecord(record) : null;
}

/** Steps as the player runs them: "each" becomes the left side, then the right. */
export function expandSteps(routine) {
  return routine.steps.flatMap((step) => (step.side === 'each'
    ? [{ ...step, side: 'left' }, { ...step, side: 'right' }]
    : [{ ...step }]));
}

export function totalSeconds(routine) {
  const steps = expandSteps(routine);
  return steps.reduce((sum, s) => sum + s.seconds, 0) + Math.max(0, steps.length - 1) * routine.rest_seconds;
}

// The body regions a custom routine's points screen for (hands, feet and head: none of their own).
const POINT_REGIONS = { 'lower-back': ['low-back'], 'hip-leg': ['low-back'], 'upper-back-neck': ['neck', 'upper-back'] };

/** Safety-check regions a routine needs ([] for a general one, which takes those the person checked). */
export async function regionsFor(routine) {
  const [content, points] = await Promise.all([safety(), pointsByCode()]);
  if (!routine.custom) return content.regions.filter((r) => r.routine_for.includes(routine.for)).map((r) => r.id);
  const regions = routine.steps.flatMap((s) => POINT_REGIONS[points.get(s.point)?.region] ?? []);
  return content.regions.map((r) => r.id).filter((id) => regions.includes(id));
}

const loadOf = (step, point) => step.load ?? point?.press.load ?? 'hand';

/** One step as pregnancy mode runs it: gentle, by hand, with a cue that says so. */
function gentleStep(step, content) {
  return { ...step, cue: step.pregnancy_cue ?? content.pregnancy.gentle_cue, load: 'hand', gentle: true };
}

/**
 * The routine as this person should run it, and what pregnancy mode changed:
 * {routine, removed: [codes left out], changes: {leftOut, gentle}}. Without the mode, unchanged.
 */
export async function safeForPerson(routine) {
  const [{ pregnancy }, points, content] = await Promise.all([settings(), pointsByCode(), safety()]);
  const changes = { leftOut: [], gentle: [] };
  if (!pregnancy) return { routine, removed: [], changes };
  const steps = [];
  for (const step of routine.steps) {
    const point = points.get(step.point);
    const mode = point?.cautions.pregnancy_mode;
    if (mode === 'leave-out') changes.leftOut.push(step.point);
    else if (mode === 'gentle' || loadOf(step, point) !== 'hand') {
      changes.gentle.push(step.point);
      steps.push(gentleStep(step, content));
    } else steps.push(step);
  }
  changes.leftOut = [...new Set(changes.leftOut)];
  changes.gentle = [...new Set(changes.gentle)];
  return { routine: { ...routine, steps }, removed: changes.leftOut, changes };
}
