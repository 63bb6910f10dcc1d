import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import {
  DELIVERY_STATUSES,
  EVIDENCE,
  STARTTLS_RESULTS,
  type Delivery,
  type Dialect,
  type Evidence,
  type StarttlsResult,
} from '../../pipeline/model/delivery.js';
import type { DialectModule, LineOutcome, ProblemCode } from '../../pipeline/parse/dialect.js';
import type { Line } from '../../pipeline/read/line.js';

/** What a parser made of a sequence of lines. */
export interface ParseRun {
  lines: Line[];
  outcomes: LineOutcome[];
  deliveries: Delivery[];
}

/** Feeds `texts` in order through a fresh parser of `module`, then finishes it. */
export function runParser(module: DialectModule, texts: readonly string[], zone = 'UTC'): ParseRun {
  const deliveries: Delivery[] = [];
  const parser = module.createParser({
    time: { zone, fixedYear: 2026, reference: { year: 2026, month: 12 } },
    emit: (d) => deliveries.push(d),
  });
  const lines: Line[] = [];
  let offset = 0;
  for (const [i, text] of texts.entries()) {
    lines.push({ text, offset, number: i + 1, truncated: false });
    offset += Buffer.byteLength(text) + 1;
  }
  const outcomes = lines.map((line) => parser.feed(line));
  parser.finish();
  return { lines, outcomes, deliveries };
}

const PROBLEM_CODES: readonly ProblemCode[] = [
  'bad-prefix',
  'bad-timestamp',
  'unrecognized-line',
  'bad-field',
  'bad-record',
  'line-too-long',
];

/** The evidence each result may rest on (docs/columns.md, "Results" and "Evidence"). */
const EVIDENCE_OF: Record<StarttlsResult, readonly Evidence[]> = {
  strict: ['verified'],
  unverified: ['chain-only', 'tls-only'],
  opportunistic: ['reasons', 'trust-only', 'anonymous'],
  failure: ['handshake-failure'],
  none: ['no-starttls', 'no-tls-line', 'plaintext-reuse'],
};

const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const SOFTWARE = ['postfix', 'exim', 'sendmail', 'qmail', 'exchange', 'google', 'qpsmtpd'];
const NULLABLE_TEXT = [
  'mxHost',
  'ip',
  'dsn',
  'trustLogged',
  'verifyText',
  'tlsVersionLogged',
  'tlsVersion',
  'cipherLogged',
  'cipher',
  'keyExchange',
  'software',
] as const;
const INT32_MAX = 2 ** 31 - 1;
// Whitespace, C0 and C1 controls, and characters that IDNA refuses in a host name.
const NOT_IN_DOMAIN = /[\s\p{Cc}@<>\\]/u;

export interface RunChecks {
  dialect: Dialect;
  /**
   * Markers that only ever appear in the input inside a recipient's local part. `all`: none may
   * appear in any string field of a delivery or in a quarantine reason. `domain`: none may
   * appear in the recipient domain or a quarantine reason: mutated input can move an address
   * into a host name or a verification text, which are stored as logged.
   */
  markers?: readonly string[];
  markerScope?: 'all' | 'domain';
  /** At most this many deliveries per line; by default one per `@` of the line, at least one. */
  maxPerLine?: (text: string) => number;
}

/**
 * The contract every parser keeps, whatever its input: one outcome per line, each delivery
 * traced to a used line, and every delivery inside the model's value sets and rules.
 */
export function checkRun(run: ParseRun, checks: RunChecks): void {
  const { lines, outcomes, deliveries } = run;
  assert.equal(outcomes.length, lines.length, 'one outcome per line fed');
  const counts = { used: 0, skipped: 0, quarantined: 0 };
  for (const [i, outcome] of outcomes.entries()) {
    const kind = outcome.kind;
    assert.ok(kind === 'used' || kind === 'skipped' || kind === 'quarantined', `line ${i + 1}`);
    counts[kind]++;
    if (outcome.kind === 'quarantined') {
      assert.ok(PROBLEM_CODES.includes(outcome.code), `problem code ${outcome.code}`);
      assert.ok(typeof outcome.reason === 'string' && outcome.reason !== '', 'a reason');
    }
  }
  assert.equal(counts.used + counts.skipped + counts.quarantined, lines.length);

  const perLine = new Map<number, number>();
  for (const d of deliveries) {
    const where = `delivery ${JSON.stringify(d)}`;
    const line = lines[d.sourceLine - 1];
    assert.ok(line, `${where}: sourceLine names no line fed`);
    assert.equal(d.sourceOffset, line.offset, `${where}: sourceOffset`);
    assert.equal(outcomes[d.sourceLine - 1]?.kind, 'used', `${where}: its line is not used`);
    perLine.set(d.sourceLine, (perLine.get(d.sourceLine) ?? 0) + 1);
    checkDelivery(d, checks.dialect, where);
  }
  const bound = checks.maxPerLine ?? atSigns;
  for (const [number, count] of perLine) {
    const text = lines[number - 1]?.text ?? '';
    assert.ok(count <= bound(text), `${count} deliveries from line ${number}: ${text}`);
  }

  const markers = checks.markers ?? [];
  if (markers.length > 0) checkMarkers(run, markers, checks.markerScope ?? 'all');
}

/** One delivery per address on the line: `@` signs, at least one. */
function atSigns(text: string): number {
  let count = 0;
  for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) count++;
  return Math.max(1, count);
}

function checkDelivery(d: Delivery, dialect: Dialect, where: string): void {
  assert.equal(d.dialect, dialect, `${where}: dialect`);
  assert.equal(d.sourceFile, '', `${where}: parsers leave sourceFile empty`);
  assert.ok(Number.isSafeInteger(d.timeMillis), `${where}: timeMillis is not a safe integer`);
  assert.ok(DELIVERY_STATUSES.includes(d.status), `${where}: status`);
  assert.ok(STARTTLS_RESULTS.includes(d.starttls), `${where}: starttls`);
  assert.ok(EVIDENCE.includes(d.evidence), `${where}: evidence`);
  assert.ok(EVIDENCE_OF[d.starttls].includes(d.evidence), `${where}: result and evidence`);

  const v = d.verdicts;
  assert.deepEqual(Object.keys(v).sort(), ['expired', 'nameMismatch', 'selfSigned', 'untrustedCa']);
  const values = [v.selfSigned, v.untrustedCa, v.nameMismatch, v.expired];
  assert.ok(
    values.every((x) => x === true || x === false || x === null),
    `${where}: verdicts`,
  );
  const allPassed = values.every((x) => x === false);
  if (d.starttls === 'strict' || d.evidence === 'verified') {
    // Never Strict without evidence.
    assert.ok(d.starttls === 'strict' && d.evidence === 'verified' && allPassed, where);
  }
  if (d.starttls === 'unverified') assert.ok(!allPassed, `${where}: unverified, all passed`);
  if (values.includes(true)) {
    assert.ok(d.starttls === 'opportunistic' || d.starttls === 'failure', `${where}: a defect`);
  }
  if (d.starttls === 'none') {
    assert.ok(
      values.every((x) => x === null),
      `${where}: verdicts on no certificate`,
    );
    assert.ok(d.cipher === null && d.tlsVersion === null, `${where}: TLS details in clear`);
  }
  if (d.evidence === 'chain-only') {
    assert.deepEqual(v, {
      selfSigned: false,
      untrustedCa: false,
      nameMismatch: null,
      expired: false,
    });
  }

  assert.ok(typeof d.recipientDomain === 'string' && d.recipientDomain !== '', where);
  assert.ok(!NOT_IN_DOMAIN.test(d.recipientDomain), `${where}: recipientDomain`);
  assert.equal(d.recipientDomain, d.recipientDomain.toLowerCase(), `${where}: lower case`);
  assert.equal(typeof d.logHost, 'string', where);
  assert.equal(typeof d.queueId, 'string', where);
  for (const key of NULLABLE_TEXT) {
    const value = d[key];
    assert.ok(value === null || typeof value === 'string', `${where}: ${key}`);
  }
  if (d.mxHost !== null) {
    assert.ok(d.mxHost !== '' && d.mxHost === d.mxHost.toLowerCase(), `${where}: mxHost`);
  }
  if (d.ip !== null) assert.ok(isIP(d.ip) !== 0, `${where}: ip is not an address`);
  if (d.port !== null) {
    assert.ok(Number.isInteger(d.port) && d.port >= 0 && d.port <= 65535, `${where}: port`);
  }
  if (d.connectionUse !== null) {
    const n = d.connectionUse;
    assert.ok(Number.isInteger(n) && n >= 1 && n <= INT32_MAX, `${where}: connectionUse`);
  }
  if (d.tlsVersion !== null) {
    assert.ok(TLS_VERSIONS.includes(d.tlsVersion), `${where}: tlsVersion`);
    assert.ok(d.tlsVersionLogged !== null, `${where}: a normalized version from nothing`);
  }
  assert.equal(d.cipher === null, d.cipherLogged === null, `${where}: cipher and cipherLogged`);
  assert.ok(d.forwardSecrecy === null || typeof d.forwardSecrecy === 'boolean', where);
  if (d.forwardSecrecy !== null) assert.ok(d.cipher !== null, `${where}: secrecy of no cipher`);
  if (d.software !== null) assert.ok(SOFTWARE.includes(d.software), `${where}: software`);
}

/**
 * The string fields of a delivery, where a local part must never appear; `recipientAddress` is
 * the one field that holds it, in memory only, for the ingest to turn into a pseudonym.
 */
function textFields(d: Delivery): string[] {
  const texts: string[] = [];
  for (const [key, value] of Object.entries(d)) {
    if (key !== 'recipientAddress' && typeof value === 'string') texts.push(value);
  }
  return texts;
}

function checkMarkers(run: ParseRun, markers: readonly string[], scope: 'all' | 'domain'): void {
  const lower = markers.map((m) => m.toLowerCase());
  for (const d of run.deliveries) {
    const texts = scope === 'all' ? textFields(d) : [d.recipientDomain];
    for (const text of texts) {
      const t = text.toLowerCase();
      const found = lower.find((m) => t.includes(m));
      assert.equal(found, undefined, `local part ${found} kept in ${JSON.stringify(d)}`);
    }
  }
  for (const outcome of run.outcomes) {
    if (outcome.kind !== 'quarantined') continue;
    const t = outcome.reason.toLowerCase();
    const found = lower.find((m) => t.includes(m));
    assert.equal(found, undefined, `local part ${found} in quarantine reason ${outcome.reason}`);
  }
}

/**
 * The markers that are still only local parts after mutation: every occurrence of the marker in
 * the lines is directly followed by `@`.
 */
export function intactMarkers(markers: readonly string[], lines: readonly string[]): string[] {
  const text = lines.join('\n').toLowerCase();
  return markers.filter((marker) => {
    const m = marker.toLowerCase();
    for (let i = text.indexOf(m); i >= 0; i = text.indexOf(m, i + 1)) {
      if (text[i + m.length] !== '@') return false;
    }
    return true;
  });
}
