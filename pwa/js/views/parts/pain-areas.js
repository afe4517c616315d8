// Where a pain log says it hurts: the choices the log form offers, and their words in the
// journal and the clinician's report.

export const AREAS = { 'lower-back': 'Lower back', 'upper-back': 'Upper back', neck: 'Neck', hip: 'Hip or buttock', leg: 'Leg (sciatica)', other: 'Somewhere else' };

/** The words for an area; an id this version does not know is shown as it is. */
export const areaLabel = (id) => AREAS[id] ?? id;
