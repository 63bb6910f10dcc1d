import fc from 'fast-check';
import { domain, marker } from '../arbitraries.js';

/** A delivery that valid lines must give: its recipient domain as stored, and its time. */
export interface ExpectedDelivery {
  domain: string;
  timeMillis: number;
}

/**
 * Valid lines of one dialect, as an MTA writes them, with what they must give: the markers in
 * their recipients' local parts and the deliveries in emission order.
 */
export interface Scenario {
  lines: string[];
  markers: string[];
  expected: ExpectedDelivery[];
}

export function scenario(parts: Scenario[]): Scenario {
  return {
    lines: parts.flatMap((p) => p.lines),
    markers: parts.flatMap((p) => p.markers),
    expected: parts.flatMap((p) => p.expected),
  };
}

/** A recipient: the address as logged, its marker, and the domain the warehouse must store. */
export interface Recipient {
  address: string;
  marker: string;
  domain: string;
}

/**
 * Local parts as an MTA logs them. `quoted` adds RFC 5321 quoted strings that hold what the
 * line's own syntax uses (`, `, `>`, `=`, `[`, `@`) and hostile text; `m` is the marker.
 */
const PLAIN_FORMS = [
  (m: string) => m,
  (m: string) => `${m}.news+tag`,
  (m: string) => `First.${m}`,
  (m: string) => `${m}_o'neil`,
  (m: string) => m.toUpperCase(),
];

export type QuotedForm = (m: string) => string;

/** A recipient whose local part takes one of `plain` forms or, when given, `quoted` forms. */
export function recipient(quoted: readonly QuotedForm[] = []): fc.Arbitrary<Recipient> {
  const forms = [...PLAIN_FORMS, ...quoted];
  return fc.tuple(marker, fc.constantFrom(...forms), domain).map(([m, form, [logged, stored]]) => ({
    address: `${form(m)}@${logged}`,
    marker: m,
    domain: stored,
  }));
}

/** Quoted local parts aimed at parsers that find fields by searching for their separators. */
export const QUOTED_FORMS: readonly QuotedForm[] = [
  (m) => `"${m} ${m}"`,
  (m) => `"${m}@${m}.example"`,
  (m) => `"<script>${m}</script>"`,
  (m) => `"=cmd|' /C calc'!A0${m}"`,
  (m) => `"../../etc/passwd/${m}"`,
];

/** One line of a scenario before its time is known: the text after the timestamp. */
export interface Entry {
  body: string;
  /** The recipients the line delivers to, in order (none for evidence and noise lines). */
  delivers: Recipient[];
  /** Recipients named on the line without a delivery of theirs (`orig_to=`, local mail). */
  mentions?: Recipient[];
}

/** Gives entries their times in order: `line = time + separator + body`. */
export function assemble(
  entries: readonly Entry[],
  times: readonly number[],
  format: (utcMillis: number) => { text: string; timeMillis: number },
): Scenario {
  const lines: string[] = [];
  const markers: string[] = [];
  const expected: ExpectedDelivery[] = [];
  for (const [i, entry] of entries.entries()) {
    const time = format(times[i] ?? 0);
    lines.push(`${time.text} ${entry.body}`);
    for (const r of [...entry.delivers, ...(entry.mentions ?? [])]) markers.push(r.marker);
    for (const r of entry.delivers)
      expected.push({ domain: r.domain, timeMillis: time.timeMillis });
  }
  return { lines, markers, expected };
}

/** A queue id of `length` characters from `alphabet`. */
export function queueId(alphabet: string, length: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });
}
