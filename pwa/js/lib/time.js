// Local date-times with their offset, as the journal stores them (e.g. 2026-11-24T07:31:00+01:00).

const pad = (n, width = 2) => String(Math.abs(n)).padStart(width, '0');

export function localISO(date = new Date()) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** The calendar day (YYYY-MM-DD) on which an offset date-time happened, in its own local time. */
export function localDay(isoWithOffset) {
  return isoWithOffset.slice(0, 10);
}

export function todayKey(date = new Date()) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function formatDay(dayKey) {
  const [y, m, d] = dayKey.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatTime(isoWithOffset) {
  return isoWithOffset.slice(11, 16);
}

export function timezone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
