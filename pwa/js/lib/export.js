// Export the journal as JSON or CSV from local data (works offline); import a JSON export back.

import { addImported, listRecords } from './journal.js';

const FORMAT = 'acupress-journal';
const KINDS = new Set(['session', 'pain', 'routine', 'settings']);
const CSV_COLUMNS = ['id', 'kind', 'date', 'time', 'routine', 'steps_completed', 'steps_total', 'seconds_pressed',
  'pain_before', 'pain_after', 'pain_level', 'area', 'note', 'flagged'];

export async function exportJSON() {
  const records = (await listRecords()).map(({ id, kind, data }) => ({ id, kind, data }));
  return JSON.stringify({ format: FORMAT, version: 1, exported_at: new Date().toISOString(), records }, null, 2);
}

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote everything that needs it; a leading = + - @ is defused so spreadsheets do not run it.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(record) {
  const d = record.data;
  const when = d.started_at ?? d.at ?? '';
  const row = {
    id: record.id, kind: record.kind, date: when.slice(0, 10), time: when.slice(11, 16),
    routine: d.routine_title, steps_completed: d.steps_completed, steps_total: d.steps_total,
    seconds_pressed: d.seconds_pressed, pain_before: d.pain_before, pain_after: d.pain_after,
    pain_level: d.level, area: d.area, note: d.note, flagged: d.flagged,
  };
  return CSV_COLUMNS.map((c) => csvCell(row[c])).join(',');
}

export async function exportCSV() {
  const entries = (await listRecords()).filter((r) => r.kind === 'session' || r.kind === 'pain');
  entries.sort((a, b) => (a.data.started_at ?? a.data.at).localeCompare(b.data.started_at ?? b.data.at));
  return [CSV_COLUMNS.join(','), ...entries.map(csvRow)].join('\r\n') + '\r\n';
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Add the export's records that are not here yet; returns {added, skipped}. Throws on a bad file. */
export async function importJSON(text) {
  const parsed = JSON.parse(text);
  if (parsed?.format !== FORMAT || !Array.isArray(parsed.records)) throw new Error('This is not an Acupress journal export.');
  const valid = parsed.records.filter((r) => typeof r?.id === 'string' && KINDS.has(r.kind) && r.data && typeof r.data === 'object');
  const added = await addImported(valid); // lib/journal.js owns the records' sync state
  return { added, skipped: parsed.records.length - added };
}
