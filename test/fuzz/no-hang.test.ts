import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Dialect } from '../../pipeline/model/delivery.js';
import { detectDialect, dialectModule, DIALECT_MODULES } from '../../pipeline/parse/dialects.js';
import { maskLocalParts } from '../../pipeline/enrich/local-part.js';
import { runs } from './config.js';
import { checkRun, runParser } from './invariants.js';

// No input may make a parser hang: every line is read in time linear in its length, and a log in
// time linear in its number of lines. A regular expression with a lazy or nested quantifier
// followed by an optional or failing part can take quadratic time on a line built for it, and a
// 1 MiB line then takes minutes instead of milliseconds. Each line below must be read in under
// LIMIT_MILLIS; linear code takes a few. A check that fails here fails slowly: a pattern that
// backtracks cannot be interrupted, so the test ends only when the pattern does.

const MIB = 1 << 20;
const LIMIT_MILLIS = 1000;

/** `unit` repeated to `bytes` characters. */
const fill = (unit: string, bytes = MIB) =>
  unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

const PF = 'Dec  1 10:00:00 out1 postfix/smtp[100]: ';
const EX = '2026-12-01 10:00:00 1wAbCd-0000000123-AbCd ';
const SM = 'Dec  1 10:00:00 out1 sm-mta[100]: ';

/** A KumoMTA record whose `field` (or `response.content`) holds `text`. */
function kumo(field: string, text: string): string {
  const record: Record<string, unknown> = {
    type: 'TransientFailure',
    id: 'x',
    recipient: 'ann@example.org',
    timestamp: 1767225600,
    response: { content: 'TLS handshake failed: x' },
    tls_cipher: 'TLS_AES_256_GCM_SHA384',
  };
  if (field === 'content') record.response = { content: text };
  else record[field] = text;
  return JSON.stringify(record);
}

/** A canonical record whose `field` (or `tls.<field>`) holds `text`. */
function canonical(field: string, text: string): string {
  const record: Record<string, unknown> = {
    format: 'starttls-census/v1',
    time: '2026-12-01T10:00:00Z',
    status: 'sent',
    recipient: 'ann@example.org',
  };
  if (field.startsWith('tls.')) {
    record.tls = { attempted: true, established: true, [field.slice(4)]: text };
  } else {
    record[field] = text;
  }
  return JSON.stringify(record);
}

/** Where each dialect reads a long stretch of text: after its line starts, in its fields. */
const CONTEXTS: Record<Dialect, ((text: string) => string)[]> = {
  postfix: [
    (t) => t,
    (t) => PF + t,
    (t) => `${PF}A1B2C3D4E5: to=<${t}`,
    (t) => `${PF}A1B2C3D4E5: to=<"${t}`,
    (t) => `${PF}A1B2C3D4E5: to=<a@example.org>, relay=${t}, status=sent (${t})`,
    (t) => `${PF}Trusted TLS connection established to ${t}`,
    (t) => `${PF}certificate verification failed for ${t}`,
  ],
  exim: [
    (t) => t,
    (t) => EX + t,
    (t) => `${EX}=> a@example.org ${t}`,
    (t) => `${EX}** a@example.org R=r T=t H=mx [192.0.2.1]: ${t}`,
    (t) => `${EX}== a@example.org R=r T=t defer (-1): ${t}`,
    (t) => `${EX}[192.0.2.1] SSL verify error: depth=0 error=${t}`,
    (t) => `${EX}TLS session: ${t}`,
  ],
  sendmail: [
    (t) => t,
    (t) => SM + t,
    (t) => `${SM}STARTTLS=client, relay=${t}`,
    (t) => `${SM}STARTTLS=client, error: connect failed=${t}`,
    (t) => `${SM}STARTTLS: TLS cert verify: depth=0 ${t}`,
    (t) => `${SM}ruleset=tls_server, arg1=${t}`,
    (t) => `${SM}5B1A0c2d012345: to=${t}`,
    (t) => `${SM}5B1A0c2d012345: to="${t}, delay=0, stat=Sent`,
  ],
  kumomta: [
    (t) => t,
    (t) => kumo('content', t),
    (t) => kumo('recipient', t),
    (t) => kumo('tls_cipher', t),
    (t) => kumo('timestamp', t),
  ],
  jsonl: [
    (t) => t,
    (t) => canonical('recipient', t),
    (t) => canonical('time', t),
    (t) => canonical('reply', t),
    (t) => canonical('tls.error', t),
    (t) => canonical('tls.cipher', t),
  ],
};

/**
 * Lines built against the patterns of pipeline/parse: each repeats what one pattern scans for
 * and then fails at the end, so that a backtracking pattern retries from every repetition.
 */
const CRAFTED: { dialect: Dialect; name: string; line: string }[] = [
  // `\S* ?\S+ ` in the detection of syslog headers: one long token, no space after it.
  { dialect: 'postfix', name: 'syslog header, one token', line: 'Dec  1 ' + fill('a') },
  { dialect: 'sendmail', name: 'ISO syslog header, one token', line: '2026-12-01T' + fill('a') },
  // `, reason=(.*?), SSL_error=` unanchored.
  {
    dialect: 'sendmail',
    name: 'connect failed, reason= repeated',
    line: `${SM}STARTTLS=client, error: connect failed=x` + fill(', reason='),
  },
  // `depth=\d+ .*, state=(-?\d+), reason=(.*)$` with a line break at the end.
  {
    dialect: 'sendmail',
    name: 'cert verify, state= repeated',
    line: `${SM}STARTTLS: TLS cert verify: depth=0 ` + fill(', state=1, reason=x') + '\r',
  },
  // `<` or `(` opening a value whose closer never comes.
  { dialect: 'exim', name: 'unclosed < tokens', line: `${EX}=> a@example.org ` + fill('<a ') },
  { dialect: 'exim', name: 'unclosed ( tokens', line: `${EX}=> a@example.org ` + fill('(a ') },
  {
    dialect: 'exim',
    name: 'cert= repeated before a line separator',
    line: `${EX}[192.0.2.1] SSL verify error: depth=0 error=` + fill(' cert=x') + '\u2028',
  },
  // `TLS handshake (?:with .+? )?failed` unanchored.
  {
    dialect: 'kumomta',
    name: 'handshake with, no failed',
    line: kumo('content', fill('TLS handshake with ')),
  },
  {
    dialect: 'kumomta',
    name: 'handshake with, failed without a colon',
    line: kumo('content', fill('TLS handshake with a failedX ')),
  },
  // `^TLS_(.+?)_WITH_(.+)$` on a suite name ending in a line separator.
  {
    dialect: 'kumomta',
    name: 'cipher _WITH_ repeated',
    line: kumo('tls_cipher', 'TLS_a' + fill('_WITH_a') + '\r'),
  },
  {
    dialect: 'jsonl',
    name: 'cipher _WITH_ repeated',
    line: canonical('tls.cipher', 'TLS_a' + fill('_WITH_a') + '\u2028'),
  },
  // Masking local parts in a long run of address characters.
  {
    dialect: 'kumomta',
    name: 'certificate error in a long address-like run',
    line: kumo('content', fill('a') + '@ certificate verify failed'),
  },
  { dialect: 'jsonl', name: 'error text, long run', line: canonical('tls.error', fill('a') + '@') },
  // Quoted local parts that never close.
  {
    dialect: 'postfix',
    name: 'unclosed quote in to=',
    line: `${PF}A1B2C3D4E5: to=<"` + fill('a>, relay='),
  },
  {
    dialect: 'sendmail',
    name: 'unclosed quote in to=',
    line: `${SM}5B1A0c2d012345: to="` + fill(', delay='),
  },
  // The reply fingerprints: ` - gsmtp\s*$` and `ok \d{9,} qp`.
  {
    dialect: 'postfix',
    name: 'reply with gsmtp and spaces',
    line:
      `${PF}A1B2C3D4E5: to=<a@example.org>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent (` +
      fill(' - gsmtp     ') +
      'x)',
  },
];

function repeat(count: number, line: (i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => line(i));
}

/** Feeds `line` to a fresh parser, and to detection; fails past the limit. */
function timed(dialect: Dialect, line: string): void {
  const module = dialectModule(dialect);
  assert.ok(module);
  let start = performance.now();
  const run = runParser(module, [line]);
  const parseMillis = performance.now() - start;
  checkRun(run, { dialect });
  start = performance.now();
  detectDialect([line, line]);
  const detectMillis = performance.now() - start;
  const start60 = JSON.stringify(line.slice(0, 60));
  const what = `${dialect}: ${line.length} characters starting ${start60}`;
  assert.ok(parseMillis < LIMIT_MILLIS, `${what}: parsed in ${Math.round(parseMillis)} ms`);
  assert.ok(detectMillis < LIMIT_MILLIS, `${what}: detected in ${Math.round(detectMillis)} ms`);
}

describe('no input makes a parser hang', { timeout: 120_000 }, () => {
  for (const module of DIALECT_MODULES) {
    const dialect = module.name;
    it(`${dialect}: reads 1 MiB of a, [, <, ", " in each of its contexts in time`, () => {
      for (const unit of ['a', '[', '<', ', ']) {
        for (const context of CONTEXTS[dialect]) timed(dialect, context(fill(unit)));
      }
    });
  }

  for (const { dialect, name, line } of CRAFTED) {
    it(`${dialect}: reads a crafted 1 MiB line in time (${name})`, () => timed(dialect, line));
  }

  it("reads long repetitions of any fragment of the parsers' patterns in time", () => {
    const fragments = fc.constantFrom(
      ' ',
      ':',
      '[',
      ']',
      '<',
      '>',
      '(',
      ')',
      '"',
      '\\',
      ',',
      ', ',
      '=',
      '@',
      '*',
      '_',
      '-',
      'a',
      ' cert=',
      ', reason=',
      ', state=1, reason=',
      ', SSL_error=',
      ' failed',
      'TLS handshake with ',
      '_WITH_',
      '__',
      ': ',
      '>, relay=',
      '>, orig_to=<',
      ' status=',
      ', delay=',
      ', stat=',
      'H=',
      ' X=',
      ' defer (',
      'TLS session',
      ' [',
      ']:25',
      'SSL verify error: ',
      '\r',
      '\u2028',
    );
    const attack = fc.record({
      dialect: fc.constantFrom(...DIALECT_MODULES.map((m) => m.name)),
      context: fc.nat(),
      unit: fc.array(fragments, { minLength: 1, maxLength: 3 }).map((f) => f.join('')),
      tail: fc.constantFrom('', '\r', '\u2028', 'x', '"', '>'),
    });
    fc.assert(
      fc.property(attack, ({ dialect, context, unit, tail }) => {
        const contexts = CONTEXTS[dialect];
        const wrap = contexts[context % contexts.length] ?? ((t: string) => t);
        timed(dialect, wrap(fill(unit, MIB / 4) + tail));
      }),
      runs(60),
    );
  });

  it('reads 20 000 evidence lines, then 20 000 deliveries they may apply to, in time', () => {
    // Evidence that piles up in a correlator's state (a damaged log, or one built for it) must
    // not make every later delivery slower, nor be copied whole into every row.
    const n = 20_000;
    const logs: Record<'postfix' | 'exim' | 'sendmail', string[]> = {
      postfix: [
        ...repeat(
          n,
          (i) => `${PF}certificate verification failed for mx[192.0.2.1]:25: num=18:x ${i}`,
        ),
        `${PF}Untrusted TLS connection established to mx[192.0.2.1]:25: TLSv1.2 with cipher AES256-SHA (256/256 bits)`,
        ...repeat(
          n,
          () =>
            `${PF}A1B2C3D4E5: to=<a@example.org>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent (ok)`,
        ),
      ],
      exim: [
        ...repeat(n, (i) => `${EX}[192.0.2.1] SSL verify error: depth=0 error=self-signed ${i}`),
        ...repeat(
          n,
          () => `${EX}=> a@example.org R=r T=t H=mx [192.0.2.2] X=TLS1.2:AES256-SHA:256 CV=no`,
        ),
      ],
      sendmail: [
        ...repeat(
          n,
          (i) => `${SM}STARTTLS: TLS cert verify: depth=0 /CN=x, state=0, reason=x ${i}`,
        ),
        `${SM}STARTTLS=client, relay=mx., version=TLSv1.2, verify=FAIL, cipher=AES256-SHA, bits=256/256`,
        ...repeat(
          n,
          (i) =>
            `${SM}q${10_000_000 + i}: to=<a@example.org>, delay=0, mailer=esmtp, relay=mx. [192.0.2.1], dsn=2.0.0, stat=Sent (ok)`,
        ),
      ],
    };
    for (const [dialect, lines] of Object.entries(logs)) {
      const module = dialectModule(dialect as Dialect);
      assert.ok(module);
      const start = performance.now();
      const run = runParser(module, lines);
      const millis = performance.now() - start;
      assert.equal(run.deliveries.length, n, dialect);
      assert.ok(millis < 5 * LIMIT_MILLIS, `${dialect}: ${Math.round(millis)} ms`);
      const longest = Math.max(...run.deliveries.map((d) => d.verifyText?.length ?? 0));
      assert.ok(longest <= 20_000, `${dialect}: a verification text of ${longest} characters`);
    }
  });

  it('masks local parts of 1 MiB of text in time', () => {
    for (const unit of ['a', 'a@', '@a', '"@a ', '"', 'a@b.', '\\"']) {
      const start = performance.now();
      maskLocalParts(fill(unit));
      const millis = performance.now() - start;
      assert.ok(millis < LIMIT_MILLIS, `${JSON.stringify(unit)}: ${Math.round(millis)} ms`);
    }
  });
});
