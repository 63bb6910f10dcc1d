import fc from 'fast-check';

/** Instants in 2026, UTC milliseconds, from which a scenario's lines count forward. */
export const instant2026 = fc.integer({
  min: Date.UTC(2026, 0, 1),
  max: Date.UTC(2026, 11, 31, 23, 0, 0),
});

/** Gaps between consecutive lines, in milliseconds (lines of a log never go back in time). */
export const gap = fc.integer({ min: 0, max: 90_000 });

export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  millis: string;
  /** `Dec` */
  monthName: string;
}

const MONTH_NAMES = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** The wall clock at `utcMillis` in a zone `offsetMinutes` east of UTC. */
export function wallClock(utcMillis: number, offsetMinutes: number): WallClock {
  const d = new Date(utcMillis + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    year: String(d.getUTCFullYear()).padStart(4, '0'),
    month: two(d.getUTCMonth() + 1),
    day: two(d.getUTCDate()),
    hour: two(d.getUTCHours()),
    minute: two(d.getUTCMinutes()),
    second: two(d.getUTCSeconds()),
    millis: String(d.getUTCMilliseconds()).padStart(3, '0'),
    monthName: MONTH_NAMES[d.getUTCMonth()] ?? '',
  };
}

/** `+01:00`, `-0500`, `Z`. */
export function offsetText(offsetMinutes: number, colon: boolean): string {
  if (offsetMinutes === 0 && colon) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const h = String(Math.floor(abs / 60)).padStart(2, '0');
  const m = String(abs % 60).padStart(2, '0');
  return colon ? `${sign}${h}:${m}` : `${sign}${h}${m}`;
}

export const OFFSETS_MINUTES = [0, 60, -300, 330, 525, -210] as const;

/**
 * How a dialect prints a time: the text, and the instant that text means (cut to the precision
 * it shows). Chosen once per scenario, as one file keeps one format.
 */
export type TimeFormat = (utcMillis: number) => { text: string; timeMillis: number };

const seconds = (t: number) => Math.floor(t / 1000) * 1000;

/** Syslog headers: RFC 3164 (read in UTC, the year 2026 given), RFC 3339 with `T` or a space. */
export const syslogTime: fc.Arbitrary<TimeFormat> = fc.oneof(
  fc.constant<TimeFormat>((t) => {
    const w = wallClock(t, 0);
    const day = String(Number(w.day)).padStart(2, ' ');
    return {
      text: `${w.monthName} ${day} ${w.hour}:${w.minute}:${w.second}`,
      timeMillis: seconds(t),
    };
  }),
  fc
    .record({
      separator: fc.constantFrom('T', ' '),
      fraction: fc.constantFrom(0, 3, 6),
      offset: fc.option(fc.constantFrom(...OFFSETS_MINUTES)),
      colon: fc.boolean(),
    })
    .map(({ separator, fraction, offset, colon }): TimeFormat => (t) => {
      const w = wallClock(t, offset ?? 0);
      const frac = fraction === 0 ? '' : `.${w.millis}${'417'.slice(0, fraction - 3)}`;
      const zone = offset === null ? '' : offsetText(offset, colon);
      const date = `${w.year}-${w.month}-${w.day}`;
      const text = `${date}${separator}${w.hour}:${w.minute}:${w.second}${frac}${zone}`;
      return { text, timeMillis: fraction === 0 ? seconds(t) : t };
    }),
);

/** Exim: `YYYY-MM-DD HH:MM:SS[.mmm][ ±hhmm]` (`+millisec`, `log_timezone`). */
export const eximTime: fc.Arbitrary<TimeFormat> = fc
  .record({ millis: fc.boolean(), offset: fc.option(fc.constantFrom(...OFFSETS_MINUTES)) })
  .map(({ millis, offset }): TimeFormat => (t) => {
    const w = wallClock(t, offset ?? 0);
    const frac = millis ? `.${w.millis}` : '';
    const zone = offset === null ? '' : ` ${offsetText(offset, false)}`;
    const text = `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}${frac}${zone}`;
    return { text, timeMillis: millis ? t : seconds(t) };
  });

/** RFC 3339 with an offset, as JSON records carry it. */
export const rfc3339Time: fc.Arbitrary<TimeFormat> = fc
  .record({ fraction: fc.constantFrom(0, 1, 3, 6), offset: fc.constantFrom(...OFFSETS_MINUTES) })
  .map(({ fraction, offset }): TimeFormat => (t) => {
    const w = wallClock(t, offset);
    const frac = fraction === 0 ? '' : `.${(w.millis + '250').slice(0, fraction)}`;
    const zone = offsetText(offset, true);
    const text = `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}${frac}${zone}`;
    const kept = fraction === 0 ? 0 : Number(w.millis.slice(0, fraction).padEnd(3, '0'));
    return { text, timeMillis: seconds(t) + kept };
  });

/** Consecutive instants from a start, `count` of them. */
export function instants(count: number): fc.Arbitrary<number[]> {
  return fc
    .tuple(instant2026, fc.array(gap, { minLength: count, maxLength: count }))
    .map(([start, gaps]) => {
      let t = start;
      return gaps.map((g) => (t += g));
    });
}
