// Routines: the presets from the content API and the person's own (journal records, kind "routine").

import { pointsByCode, presetRoutines } from './content.js';
import { getRecord, listRecords } from './journal.js';
import { settings } from './settings.js';
import { getMeta } from './store.js';

export const DEFAULT_ROUTINE = 'daily-lower-back';

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

/** The routine without points cautioned in pregnancy when that setting is on, and what was removed. */
export async function safeForPerson(routine) {
  const [{ pregnancy }, points] = await Promise.all([settings(), pointsByCode()]);
  if (!pregnancy) return { routine, removed: [] };
  const cautioned = (step) => points.get(step.point)?.cautions.pregnancy;
  const removed = [...new Set(routine.steps.filter(cautioned).map((s) => s.point))];
  return { routine: { ...routine, steps: routine.steps.filter((s) => !cautioned(s)) }, removed };
}
