import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTimezone, parseDateString, parseDateValue } from '../../src/ingest/dates.js';

describe('parseDateString', () => {
  it.each([
    // [input, timezone, expected ISO]
    ['Tue, 25 Jan 2022 05:09:09 GMT', 'Asia/Shanghai', '2022-01-25T05:09:09.000Z'],
    ['Fri, 24 Sep 2021 11:51:18 GMT', 'Asia/Shanghai', '2021-09-24T11:51:18.000Z'],
    ['25 Jan 2022 13:09:09 +0800', 'UTC', '2022-01-25T05:09:09.000Z'],
    ['tue, 25 jan 2022 05:09 UTC', 'Asia/Shanghai', '2022-01-25T05:09:00.000Z'],
    ['Tue, 25 Jan 2022 13:09:09', 'Asia/Shanghai', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25T05:09:09Z', 'Asia/Shanghai', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25T13:09:09+08:00', 'UTC', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25T13:09:09+0800', 'UTC', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25T00:09:09-05', 'Asia/Shanghai', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25T05:09:09.5Z', 'UTC', '2022-01-25T05:09:09.500Z'],
    ['2022-01-25T05:09:09.123456Z', 'UTC', '2022-01-25T05:09:09.123Z'],
    ['2022-01-25 13:09:09 +08:00', 'UTC', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25 13:09:09', 'Asia/Shanghai', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25 13:09', 'Asia/Shanghai', '2022-01-25T05:09:00.000Z'],
    ['2022-01-25', 'Asia/Shanghai', '2022-01-24T16:00:00.000Z'],
    ['2022-01-25T13:09:09', 'Asia/Shanghai', '2022-01-25T05:09:09.000Z'],
    ['  2022-01-25 13:09:09  ', 'Asia/Shanghai', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25 10:39:09', 'Asia/Kolkata', '2022-01-25T05:09:09.000Z'],
    ['2022-01-25 13:09:09', 'UTC', '2022-01-25T13:09:09.000Z'],
    // New York: EST (-5) in winter, EDT (-4) in summer.
    ['2022-01-15 12:00', 'America/New_York', '2022-01-15T17:00:00.000Z'],
    ['2022-07-01 12:00', 'America/New_York', '2022-07-01T16:00:00.000Z'],
    // 02:30 does not exist on 2022-03-13 (clocks jump 02:00 → 03:00): moves forward to 03:30 EDT.
    ['2022-03-13 02:30', 'America/New_York', '2022-03-13T07:30:00.000Z'],
    ['2022-03-13 01:59', 'America/New_York', '2022-03-13T06:59:00.000Z'],
    ['2022-03-13 03:00', 'America/New_York', '2022-03-13T07:00:00.000Z'],
    // 01:30 happens twice on 2022-11-06: the earlier (EDT) instant wins.
    ['2022-11-06 01:30', 'America/New_York', '2022-11-06T05:30:00.000Z'],
    ['2022-11-06 02:30', 'America/New_York', '2022-11-06T07:30:00.000Z'],
    ['2024-02-29 00:00', 'UTC', '2024-02-29T00:00:00.000Z'],
  ])('reads %j in %s as %s', (input, timezone, expected) => {
    expect(parseDateString(input, timezone)).toEqual({ ok: true, iso: expected });
  });

  it.each([
    'garbage',
    '',
    '2022-02-30',
    '2023-02-29',
    '2022-13-01',
    '2022-00-10',
    '2022-01-25 24:00',
    '2022-01-25 13:60',
    '2022-01-25 13:09:60',
    '2022-01-25T13:09:09+25:00',
    '2022-1-5',
    'Foo, 25 Jan 2022 05:09:09 GMT',
    'Tue, 25 Foo 2022 05:09:09 GMT',
    'Tue, 32 Jan 2022 05:09:09 GMT',
    '20220125',
    'yesterday',
  ])('rejects %j with a reason', (input) => {
    const result = parseDateString(input, 'Asia/Shanghai');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).not.toBe('');
  });

  it('round-trips every wall time that exists in the zone, DST transitions included', () => {
    const zones = ['America/New_York', 'Asia/Shanghai', 'Europe/London', 'Australia/Lord_Howe', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2037, 0, 1) }),
        fc.constantFrom(...zones),
        (epochMs, timezone) => {
          const instant = Math.floor(epochMs / 1000) * 1000;
          const wall = wallTime(instant, timezone);
          const parsed = parseDateString(wall, timezone);
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const back = Date.parse(parsed.iso);
          // A repeated wall time maps to its earlier instant; either way it shows the same wall time.
          expect(back).toBeLessThanOrEqual(instant);
          expect(wallTime(back, timezone)).toBe(wall);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips wall times within three hours of DST transitions', () => {
    const transitions: Array<[string, number]> = [
      ['America/New_York', Date.UTC(2022, 2, 13, 7)],
      ['America/New_York', Date.UTC(2022, 10, 6, 6)],
      ['Europe/London', Date.UTC(2022, 2, 27, 1)],
      ['Europe/London', Date.UTC(2022, 9, 30, 1)],
      ['Australia/Lord_Howe', Date.UTC(2022, 3, 2, 15)],
      ['Australia/Lord_Howe', Date.UTC(2022, 9, 1, 15, 30)],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...transitions), fc.integer({ min: -3 * 3600, max: 3 * 3600 }), ([timezone, at], s) => {
        const instant = at + s * 1000;
        const wall = wallTime(instant, timezone);
        const parsed = parseDateString(wall, timezone);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(Date.parse(parsed.iso)).toBeLessThanOrEqual(instant);
        expect(wallTime(Date.parse(parsed.iso), timezone)).toBe(wall);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseDateValue', () => {
  it('treats an absent or empty date as no date, without complaint', () => {
    expect(parseDateValue(undefined, 'Asia/Shanghai')).toEqual({ ok: true, iso: null });
    expect(parseDateValue(null, 'Asia/Shanghai')).toEqual({ ok: true, iso: null });
    expect(parseDateValue('  ', 'Asia/Shanghai')).toEqual({ ok: true, iso: null });
  });

  it('rejects a number, which YAML makes of 20220125', () => {
    const result = parseDateValue(20220125, 'Asia/Shanghai');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('number') });
  });

  it('rejects lists, mappings and booleans', () => {
    for (const value of [['2022-01-25'], { at: '2022-01-25' }, true]) {
      expect(parseDateValue(value, 'Asia/Shanghai').ok).toBe(false);
    }
  });
});

describe('isValidTimezone', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isValidTimezone('Asia/Shanghai')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
  });
});

/** `YYYY-MM-DD HH:mm:ss` of an instant in a zone, computed by Intl independently of the code under test. */
function wallTime(epochMs: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}
