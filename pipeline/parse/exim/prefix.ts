import { wallClockToUtc } from '../time.js';

/**
 * The start of an Exim main-log line: `YYYY-MM-DD HH:MM:SS[.fff][ ±hhmm] [[pid] ][MSGID ]`.
 * The fraction comes with `+millisec`, the offset with `log_timezone`, the PID with `+pid`.
 */
export interface EximPrefix {
  timeMillis: number;
  /** The message id the line is about, or null for lines about no message (queue runs, …). */
  queueId: string | null;
  /** Offset in the line where the text after the prefix begins. */
  messageStart: number;
}

const TIMESTAMP = new RegExp(
  String.raw`^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?` + // `+millisec`
    String.raw`(?: ([+-])(\d\d)(\d\d))? (?:\[\d+\] )?`, // `log_timezone`, `+pid`
);

// Before 4.97 `1abcDE-000123-AB`; from 4.97 `1abcDE-0000000123-ABCD` (the test suite's
// `10HmaX-000000005vi-0000` has 11 characters in the middle part).
const QUEUE_ID = /^([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) /;

// Lines without a message id that only Exim writes.
const EXIM_PHRASES =
  /^(?:Start queue run: |End queue run: |exim \S+ daemon started|SMTP connection )/;

/** The prefix of `text`, or null when it does not start with a readable Exim timestamp. */
export function readPrefix(text: string, zone: string): EximPrefix | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return null;
  }
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;

  let timeMillis: number;
  if (m[8] === undefined) {
    timeMillis = wallClockToUtc(zone, year, month, day, hour, minute, second, millis);
  } else {
    const offsetMinutes = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
    timeMillis =
      Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  }

  const rest = text.slice(m[0].length);
  const id = QUEUE_ID.exec(rest);
  return {
    timeMillis,
    queueId: id ? (id[1] ?? null) : null,
    messageStart: m[0].length + (id ? id[0].length : 0),
  };
}

/**
 * True when most lines start with an Exim timestamp and some carry a message id or a phrase
 * only Exim writes. Syslog (`Dec  1 …`, `2026-12-01T…`) and JSON lines fail the first test.
 */
export function looksLikeEximLog(lines: string[]): boolean {
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  let stamped = 0;
  let marked = 0;
  for (const line of nonEmpty) {
    const m = TIMESTAMP.exec(line);
    if (!m) continue;
    stamped++;
    const rest = line.slice(m[0].length);
    if (QUEUE_ID.test(rest) || EXIM_PHRASES.test(rest)) marked++;
  }
  return marked > 0 && stamped * 2 > nonEmpty.length;
}
