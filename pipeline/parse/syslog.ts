import { monthNumber, wallClockToUtc, YearTracker, type TimeContext } from './time.js';

/** The syslog header of a line: when, which host, which program and process. */
export interface SyslogHeader {
  timeMillis: number;
  host: string;
  /** The program tag, e.g. `postfix/smtp`, `postfix-out/smtp`, `sm-mta`. */
  program: string;
  pid: string;
  /** `host program[pid` as in the line: names one process of one host, e.g. as a map key. */
  processKey: string;
  /** Offset in the line where the message after `program[pid]: ` begins. */
  messageStart: number;
}

// `Dec  3 17:05:55 host prog[123]: msg` (RFC 3164, also Postfix's own maillog_file): the
// stamp, then from where it ends, host, program and PID.
const RFC3164_STAMP = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? /;
const RFC3164_TAG = /(\S+) ([^\s[:]+)\[(\d+)\]: /y;
// `2026-12-03T17:05:55.123456+01:00 host prog[123]: msg` (RFC 3339, rsyslog high precision).
const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)? (\S+) ([^\s[:]+)\[(\d+)\]: /;

/**
 * Reads syslog headers in log order. It keeps the year state of year-less timestamps, so one
 * reader serves one file from its first line to its last.
 */
export class SyslogReader {
  private readonly years: YearTracker;
  private lastStamp = '';
  private lastTime = 0;

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
    // Lines of one second share their timestamp: read it once (the year tracker too, since a
    // repeated stamp cannot change the month).
    let timeMillis: number;
    let rest: number;
    if (this.lastStamp !== '' && text.startsWith(this.lastStamp)) {
      timeMillis = this.lastTime;
      rest = this.lastStamp.length;
    } else {
      const m = RFC3164_STAMP.exec(text);
      if (!m) return null;
      const month = monthNumber(m[1] ?? '');
      const day = Number((m[2] ?? '').trim());
      if (month === null || day < 1 || day > 31) return null;
      const year = this.years.yearOf(month);
      timeMillis = wallClockToUtc(
        this.time.zone,
        year,
        month,
        day,
        Number(m[3]),
        Number(m[4]),
        Number(m[5]),
      );
      rest = m[0].length;
      this.lastStamp = m[0];
      this.lastTime = timeMillis;
    }
    RFC3164_TAG.lastIndex = rest;
    const tag = RFC3164_TAG.exec(text);
    if (!tag) return null;
    return {
      timeMillis,
      host: tag[1] ?? '',
      program: tag[2] ?? '',
      pid: tag[3] ?? '',
      // The match without its closing `]: `.
      processKey: tag[0].slice(0, -3),
      messageStart: RFC3164_TAG.lastIndex,
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
    const host = m[9] ?? '';
    const program = m[10] ?? '';
    const pid = m[11] ?? '';
    return {
      timeMillis,
      host,
      program,
      pid,
      processKey: `${host} ${program}[${pid}`,
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
