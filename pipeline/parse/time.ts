/**
 * Turns log timestamps into UTC milliseconds. Timestamps without an offset are read in `zone`;
 * timestamps without a year (RFC 3164 syslog) take it from the file's reference date.
 */
export interface TimeContext {
  /** IANA time zone for timestamps that carry no offset, e.g. `UTC`, `Europe/Berlin`. */
  zone: string;
  /** Year given by the user for year-less timestamps; wins over `reference`. */
  fixedYear: number | null;
  /** The latest date the file's lines can have (from its name, gzip header or mtime). */
  reference: { year: number; month: number };
}

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

export function monthNumber(abbreviation: string): number | null {
  return MONTHS[abbreviation] ?? null;
}

/**
 * Assigns years to the months of year-less timestamps read in log order. With a reference date,
 * a month after the reference month belongs to the year before (a file's lines precede its
 * mtime). With a fixed year, the first line is in that year and a backward jump of the month
 * (December to January) starts the next year; a December line among January's (from a source a
 * moment behind at midnight) is of the year before and leaves the tracker where it was.
 */
export class YearTracker {
  private year: number | null;
  private lastMonth = 0;

  constructor(private readonly context: TimeContext) {
    this.year = context.fixedYear;
  }

  yearOf(month: number): number {
    if (this.year === null) {
      const { year, month: referenceMonth } = this.context.reference;
      return month > referenceMonth ? year - 1 : year;
    }
    if (this.lastMonth === 1 && month === 12) return this.year - 1;
    if (this.lastMonth !== 0 && month < this.lastMonth - 6) this.year += 1;
    this.lastMonth = month;
    return this.year;
  }
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Offset of `zone` from UTC, in minutes, at the instant `utcMillis`. */
export function zoneOffsetMinutes(zone: string, utcMillis: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const hourKey = `${zone}@${Math.floor(utcMillis / 900_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;

  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMillis))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const offset = Math.round((asUtc - Math.floor(utcMillis / 1000) * 1000) / 60_000);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

/** True when `zone` is a time zone this runtime knows. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * UTC milliseconds of a wall-clock time in `zone`. In the hour a daylight-saving change repeats,
 * the earlier instant is taken; a time in the skipped hour is read with the offset before it.
 */
export function wallClockToUtc(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis = 0,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (zone === 'UTC' || zone === 'Etc/UTC') return asUtc;
  // Two candidates: the wall time read with the offset of half a day before, and with the
  // offset in force at that first reading. Each is valid when it maps back to the wall time.
  const first = asUtc - zoneOffsetMinutes(zone, asUtc - 12 * 3_600_000) * 60_000;
  const then = asUtc - zoneOffsetMinutes(zone, first) * 60_000;
  const valid = (t: number) => t + zoneOffsetMinutes(zone, t) * 60_000 === asUtc;
  const firstValid = valid(first);
  const thenValid = valid(then);
  if (firstValid && thenValid) return Math.min(first, then); // a repeated hour
  if (thenValid) return then;
  return first; // valid, or in a skipped hour: read with the offset before the change
}
