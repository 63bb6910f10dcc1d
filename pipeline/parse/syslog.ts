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

/**
 * Whether a parser wants the line whose program tag is `text[start, end)`, asked before the
 * header's strings are cut out: most lines of a mail log come from programs a parser ignores.
 */
export type ProgramTest = (text: string, start: number, end: number) => boolean;

/** ProgramTest over bytes: whether a parser wants the program tag `bytes[start, end)`. */
export type ProgramBytesTest = (bytes: Buffer, start: number, end: number) => boolean;

/** What `read` returns for a line with a header whose program the test turned down. */
export const OTHER_PROGRAM = 'other-program';

// `Dec  3 17:05:55 host prog[123]: msg` (RFC 3164, also Postfix's own maillog_file): the
// stamp, then from where it ends, host, program and PID.
const RFC3164_STAMP = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? /;
// The tag's shape, matched without captures: host, program and PID are cut out afterwards, and
// only for lines a parser wants. The program cannot hold a space or `[`, so it starts after the
// last space before the last `[`.
const RFC3164_TAG = /\S+ [^\s[:]+\[\d+\]: /y;
const SPACE = 32;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** A byte `\S` matches as an ASCII character: anything but tab to carriage return, and space. */
function isNonSpaceAscii(byte: number): boolean {
  return byte < 0x80 && byte !== SPACE && (byte < 9 || byte > 13);
}

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

  /**
   * The header of `text`, or null when the line has no syslog header this reader knows, or
   * OTHER_PROGRAM when it has one but `wanted` turns its program down.
   */
  read(text: string): SyslogHeader | null;
  read(text: string, wanted: ProgramTest): SyslogHeader | null | typeof OTHER_PROGRAM;
  read(text: string, wanted?: ProgramTest): SyslogHeader | null | typeof OTHER_PROGRAM {
    const first = text.charCodeAt(0);
    if (first >= 48 && first <= 57) {
      const header = this.read3339(text);
      if (header === null || wanted === undefined) return header;
      return wanted(header.program, 0, header.program.length) ? header : OTHER_PROGRAM;
    }
    return this.read3164(text, wanted);
  }

  /**
   * True when `read(text, wanted)` of the line `bytes[start, end)` is certain to return
   * OTHER_PROGRAM and to change nothing: it has the stamp of the last RFC 3164 line read, then
   * the tag's shape, in ASCII, with a program `wanted` turns down. False whenever in doubt (a new
   * stamp, which `read` must see for the year; a byte past ASCII): `read` then decides. Lets a
   * parser skip most lines of a log without decoding them.
   */
  skipsOtherProgram(bytes: Buffer, start: number, end: number, wanted: ProgramBytesTest): boolean {
    const stamp = this.lastStamp;
    let at = start + stamp.length;
    if (stamp === '' || at >= end) return false;
    for (let i = 0; i < stamp.length; i++) {
      if (bytes[start + i] !== stamp.charCodeAt(i)) return false;
    }
    // The tag as RFC3164_TAG reads it: host (non-space), one space, program (no space, `[`
    // or `:`), `[`, digits, `]: `. Each run stops at the first byte it cannot hold, as the
    // regular expression's would, since none can hold the byte that must follow it.
    const hostStart = at;
    let byte = bytes[at]!;
    while (at < end && isNonSpaceAscii(byte)) byte = bytes[++at]!;
    if (at === hostStart || at >= end || byte !== SPACE) return false;
    const programStart = ++at;
    byte = bytes[at]!;
    while (at < end && isNonSpaceAscii(byte) && byte !== OPEN_BRACKET && byte !== COLON) {
      byte = bytes[++at]!;
    }
    if (at === programStart || at >= end || byte !== OPEN_BRACKET) return false;
    const programEnd = at++;
    const pidStart = at;
    byte = bytes[at]!;
    while (at < end && byte >= DIGIT_0 && byte <= DIGIT_9) byte = bytes[++at]!;
    if (at === pidStart || at + 3 > end) return false;
    if (byte !== CLOSE_BRACKET || bytes[at + 1] !== COLON || bytes[at + 2] !== SPACE) return false;
    return !wanted(bytes, programStart, programEnd);
  }

  private read3164(
    text: string,
    wanted: ProgramTest | undefined,
  ): SyslogHeader | null | typeof OTHER_PROGRAM {
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
    if (!RFC3164_TAG.test(text)) return null;
    const messageStart = RFC3164_TAG.lastIndex;
    // `]: ` ends the tag, after at least one digit of PID.
    const bracket = text.lastIndexOf('[', messageStart - 5);
    const programStart = text.lastIndexOf(' ', bracket) + 1;
    if (wanted !== undefined && !wanted(text, programStart, bracket)) return OTHER_PROGRAM;
    return {
      timeMillis,
      host: text.slice(rest, programStart - 1),
      program: text.slice(programStart, bracket),
      pid: text.slice(bracket + 1, messageStart - 3),
      processKey: text.slice(rest, messageStart - 3),
      messageStart,
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
