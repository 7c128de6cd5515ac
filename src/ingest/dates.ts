/**
 * Front matter dates → ISO 8601 UTC strings: RFC 1123, ISO 8601 and Hexo's zone-less local times.
 * Owns time zone arithmetic (through Intl only); does not decide what a bad date does to a post.
 */

/** Result of reading one date value. `reason` says why it was rejected, for a warning. */
export type DateParse = { ok: true; iso: string } | { ok: false; reason: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

// `Tue, 25 Jan 2022 05:09:09 GMT` (weekday optional; not checked against the date, as mail readers do).
const RFC_1123 =
  /^(?:([a-z]{3}),\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(gmt|utc|ut|z|[+-]\d{4})?$/i;
// `2022-01-25`, `2022-01-25 13:09`, `2022-01-25T13:09:09.123+08:00`; the offset needs a time.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[t ]\s*(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/**
 * Parses a front matter `date` string. Times without an offset are wall-clock times in `timezone`
 * (Hexo's convention); a wall time skipped by a DST jump moves forward, a repeated one takes the
 * earlier instant (Temporal's "compatible" rule).
 *
 * @example
 * parseDateString('Tue, 25 Jan 2022 05:09:09 GMT', 'Asia/Shanghai') // { ok: true, iso: '2022-01-25T05:09:09.000Z' }
 * parseDateString('2022-01-25 13:09:09', 'Asia/Shanghai')           // { ok: true, iso: '2022-01-25T05:09:09.000Z' }
 */
export function parseDateString(input: string, timezone: string): DateParse {
  const value = input.trim();
  const rfc = RFC_1123.exec(value);
  if (rfc) return fromRfc1123(rfc, timezone);
  const iso = ISO_8601.exec(value);
  if (iso) return fromIso8601(iso, timezone);
  return { ok: false, reason: `unrecognised date format: ${JSON.stringify(truncate(value))}` };
}

/**
 * Reads the raw `date` value YAML produced. Absent or empty → `{ ok: true, iso: null }`;
 * anything but a parseable string (numbers included: YAML reads `20220125` as one) is rejected.
 */
export function parseDateValue(
  value: unknown,
  timezone: string,
): { ok: true; iso: string | null } | { ok: false; reason: string } {
  if (value === undefined || value === null) return { ok: true, iso: null };
  if (typeof value === 'string') {
    if (value.trim() === '') return { ok: true, iso: null };
    return parseDateString(value, timezone);
  }
  if (typeof value === 'number') return { ok: false, reason: `date is a number (${value}), expected a date string` };
  return { ok: false, reason: `date is a ${Array.isArray(value) ? 'list' : typeof value}, expected a date string` };
}

/** True when Intl knows the IANA zone name. */
export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    // Intl signals an unknown zone only by throwing a RangeError; the answer is the boolean.
    return false;
  }
}

function fromRfc1123(m: RegExpExecArray, timezone: string): DateParse {
  const [, weekday, day, monthName, year, hour, minute, second, zone] = m;
  if (weekday !== undefined && !WEEKDAYS.has(weekday.toLowerCase())) {
    return { ok: false, reason: `unknown weekday ${JSON.stringify(weekday)}` };
  }
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase()) + 1;
  if (month === 0) return { ok: false, reason: `unknown month ${JSON.stringify(monthName)}` };
  const wall = {
    year: Number(year),
    month,
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
    millisecond: 0,
  };
  const offset = zone === undefined ? null : parseOffset(zone);
  return toIso(wall, offset, timezone);
}

function fromIso8601(m: RegExpExecArray, timezone: string): DateParse {
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  const wall = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
  };
  const offset = zone === undefined ? null : parseOffset(zone);
  return toIso(wall, offset, timezone);
}

/** Offset in minutes east of UTC, NaN when out of range. */
function parseOffset(zone: string): number {
  const lower = zone.toLowerCase();
  if (lower === 'z' || lower === 'gmt' || lower === 'utc' || lower === 'ut') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function toIso(wall: WallTime, offsetMinutes: number | null, timezone: string): DateParse {
  if (!isValidWallTime(wall)) return { ok: false, reason: 'date or time is out of range' };
  if (offsetMinutes !== null && Number.isNaN(offsetMinutes)) return { ok: false, reason: 'UTC offset is out of range' };
  const asUtc = wallToUtcMs(wall);
  const epochMs = offsetMinutes === null ? zonedToEpochMs(asUtc, timezone) : asUtc - offsetMinutes * 60_000;
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return { ok: false, reason: 'date is out of range' };
  return { ok: true, iso: date.toISOString() };
}

function isValidWallTime(w: WallTime): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  // Day 31 of a 30-day month rolls over in Date arithmetic; a round trip catches it.
  return new Date(wallToUtcMs({ ...w, day: 1 }) + (w.day - 1) * 86_400_000).getUTCMonth() === w.month - 1;
}

/** The wall time read as if it were UTC. setUTCFullYear keeps years 0–99 literal (Date.UTC maps them to 19xx). */
function wallToUtcMs(w: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(w.year, w.month - 1, w.day);
  date.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return date.getTime();
}

/**
 * Epoch ms of a wall time in `timezone`. The zone's offset is sampled a day before and after; each
 * candidate that maps back to the same wall time is valid (two in a repeated hour → earlier wins);
 * none means the wall time fell into a DST gap, and the offset from before the gap pushes it forward.
 */
function zonedToEpochMs(wallAsUtcMs: number, timezone: string): number {
  const before = offsetMs(wallAsUtcMs - 86_400_000, timezone);
  const after = offsetMs(wallAsUtcMs + 86_400_000, timezone);
  const candidates = [wallAsUtcMs - before, wallAsUtcMs - after].filter(
    (t) => t + offsetMs(t, timezone) === wallAsUtcMs,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wallAsUtcMs - before;
}

/** The zone's UTC offset (ms) at an instant: its wall time read as UTC, minus the instant. */
function offsetMs(epochMs: number, timezone: string): number {
  const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
  const parts = formatterFor(timezone).formatToParts(new Date(wholeSecondMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  const wall = { year, month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
  return wallToUtcMs({ ...wall, second: get('second'), millisecond: 0 }) - wholeSecondMs;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
