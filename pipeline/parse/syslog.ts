import { monthNumber, wallClockToUtc, YearTracker, type TimeContext } from './time.js';

/** The syslog header of a line: when, which host, which program and process. */
export interface SyslogHeader {
  timeMillis: number;
  host: string;
  /** The program tag, e.g. `postfix/smtp`, `postfix-out/smtp`, `sm-mta`. */
  program: string;
  pid: string;
  /** Offset in the line where the message after `program[pid]: ` begins. */
  messageStart: number;
}

// `Dec  3 17:05:55 host prog[123]: msg` (RFC 3164, also Postfix's own maillog_file).
const RFC3164 =
  /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? (\S+) ([^\s[:]+)\[(\d+)\]: /;
// `2026-12-03T17:05:55.123456+01:00 host prog[123]: msg` (RFC 3339, rsyslog high precision).
const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)? (\S+) ([^\s[:]+)\[(\d+)\]: /;

/**
 * Reads syslog headers in log order. It keeps the year state of year-less timestamps, so one
 * reader serves one file from its first line to its last.
 */
export class SyslogReader {
  private readonly years: YearTracker;

  constructor(private readonly time: TimeContext) {
    this.years = new YearTracker(time);
  }

  /** The header of `text`, or null when the line has no syslog header this reader knows. */
  read(text: string): SyslogHeader | null {
    const first = text.charCodeAt(0);
    if (first >= 48 && first <= 57) return this.read3339(text);
    return this.read3164(text);
  }

  private read3164(text: string): SyslogHeader | null {
    const m = RFC3164.exec(text);
    if (!m) return null;
    const month = monthNumber(m[1] ?? '');
    const day = Number((m[2] ?? '').trim());
    if (month === null || day < 1 || day > 31) return null;
    const year = this.years.yearOf(month);
    const timeMillis = wallClockToUtc(
      this.time.zone,
      year,
      month,
      day,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
    );
    return {
      timeMillis,
      host: m[6] ?? '',
      program: m[7] ?? '',
      pid: m[8] ?? '',
      messageStart: m[0].length,
    };
  }

  private read3339(text: string): SyslogHeader | null {
    const m = RFC3339.exec(text);
    if (!m) return null;
    const fraction = m[7] ?? '';
    const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
    const fields = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const [year, month, day, hour, minute, second] = fields;
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    const zone = m[8];
    let timeMillis: number;
    if (zone === undefined) {
      timeMillis = wallClockToUtc(this.time.zone, year, month, day, hour, minute, second, millis);
    } else {
      const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
      timeMillis = utc - offsetMinutes(zone) * 60_000;
    }
    return {
      timeMillis,
      host: m[9] ?? '',
      program: m[10] ?? '',
      pid: m[11] ?? '',
      messageStart: m[0].length,
    };
  }
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}
