import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Delivery } from '../../pipeline/model/delivery.js';
import type { LineOutcome } from '../../pipeline/parse/dialect.js';
import { exim } from '../../pipeline/parse/exim/index.js';
import { corpusDir, NO_CORPUS } from '../helpers/corpus.js';
import { parseLines } from '../helpers/parse.js';

// The expected main logs of Exim's own test suite. Only the part of each file before the server
// marker is the client side. The harness rewrites some values (`ip4.ip4.ip4.ip4`, `PORT_D`,
// `TLS1.x:ke-RSA-AES256-SHAnnn:xxx`): they read as unknown values (null ip, port, version).
const dir = corpusDir('exim-testsuite/test/log');
const SERVER_MARKER = '******** SERVER ********';

interface Parsed {
  deliveries: Delivery[];
  outcomes: LineOutcome[];
}

function clientLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const marker = lines.indexOf(SERVER_MARKER);
  if (marker >= 0) return lines.slice(0, marker);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

// The only lines that may be quarantined, with why.
const EXPECTED_QUARANTINE = [
  // The TLS-authenticator tests rewrite the whole X= value to a placeholder with no protocol
  // or cipher field; in a real log such an X= is unreadable.
  '3700:4: bad-field',
  '3700:6: bad-field',
  '3720:3: bad-field',
  '3721:3: bad-field',
];

type Pin = Partial<Delivery> & { file: string; line: number };

// Deliveries worked out by hand from the lines around them.
const PINNED: Pin[] = [
  // OpenSSL. The verify error was at ip4; the delivery that went through was CV=yes at 127.0.0.1.
  {
    file: '2112',
    line: 22,
    queueId: '10HmaY-000000005vi-0000',
    starttls: 'strict',
    evidence: 'verified',
    verifyText: null,
    ip: '127.0.0.1',
    mxHost: '127.0.0.1',
    software: 'exim',
  },
  // Two untrusted-CA lines at ip4 before CV=no at ip4: only the CA check failed.
  {
    file: '2112',
    line: 26,
    starttls: 'opportunistic',
    evidence: 'reasons',
    verdicts: { selfSigned: false, untrustedCa: true, nameMismatch: false, expired: false },
    ip: null,
    tlsVersionLogged: 'TLS1.x',
    tlsVersion: null,
  },
  // Verify error, `TLS session: (SSL_connect)` (address cut by the harness), => without X=.
  {
    file: '2112',
    line: 30,
    queueId: '10HmbA-000000005vi-0000',
    starttls: 'failure',
    evidence: 'handshake-failure',
    status: 'sent',
  },
  // hosts_require_tls: the handshake failed and the message was deferred with errno -37.
  {
    file: '2112',
    line: 17,
    status: 'deferred',
    starttls: 'failure',
    evidence: 'handshake-failure',
  },
  // Self signed and name mismatch at ip4, then CV=no there; the port is the PORT_D placeholder.
  {
    file: '2110',
    line: 6,
    starttls: 'opportunistic',
    verdicts: { selfSigned: true, untrustedCa: false, nameMismatch: true, expired: false },
    port: null,
  },
  // hosts_require_tls and a server without STARTTLS: deferred, and explicitly no STARTTLS.
  {
    file: '2110',
    line: 11,
    status: 'deferred',
    starttls: 'none',
    evidence: 'no-starttls',
    mxHost: '127.0.0.1',
  },
  // A real cipher name under a placeholder protocol: AES256-SHA has no forward secrecy.
  {
    file: '2111',
    line: 5,
    starttls: 'opportunistic',
    evidence: 'reasons',
    cipher: 'AES256-SHA',
    forwardSecrecy: false,
    tlsVersion: null,
    trustLogged: 'CV=no',
  },
  // Self signed CA at depth 2 before CV=no: the chain is untrusted, the leaf and name are fine.
  {
    file: '5861',
    line: 3,
    starttls: 'opportunistic',
    verdicts: { selfSigned: false, untrustedCa: true, nameMismatch: false, expired: false },
    mxHost: 'thishost.test.ex',
  },
  // OpenSSL DANE: CV=dane.
  {
    file: '5840',
    line: 4,
    starttls: 'strict',
    evidence: 'verified',
    trustLogged: 'CV=dane',
    mxHost: 'dane256ee.test.ex',
  },
  // `DANE attempt failed; TLS connection to …` and a -37 deferral.
  {
    file: '5847',
    line: 13,
    status: 'deferred',
    starttls: 'failure',
    evidence: 'handshake-failure',
  },
  // GnuTLS: CV=no and no verify line (GnuTLS logs none), so the reason is unknown.
  {
    file: '2012',
    line: 16,
    starttls: 'opportunistic',
    evidence: 'trust-only',
    verdicts: { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null },
  },
  // GnuTLS fallback line with the address, then => in clear to that address.
  { file: '2012', line: 19, starttls: 'failure', evidence: 'handshake-failure', status: 'sent' },
  // GnuTLS handshake alert, deferred with errno -37.
  { file: '2031', line: 8, status: 'deferred', starttls: 'failure', evidence: 'handshake-failure' },
  // GnuTLS DANE: CV=dane.
  { file: '5820', line: 4, starttls: 'strict', evidence: 'verified', trustLogged: 'CV=dane' },
  // A continued connection (`*`) keeps CV=yes: strict.
  {
    file: '1157',
    line: 7,
    queueId: '10HmaY-000000005vi-0000',
    starttls: 'strict',
    evidence: 'verified',
  },
  // A continued connection with CV=no on a GnuTLS build: no reason anywhere.
  { file: '3451', line: 6, starttls: 'opportunistic', evidence: 'trust-only' },
  // PS=ea: EHLO and AUTH, no STARTTLS.
  { file: '3455', line: 7, status: 'sent', starttls: 'none', evidence: 'no-starttls' },
  // A failure line with X= and CV=yes: bounced, over a verified session; milliseconds kept.
  {
    file: '1166',
    line: 3,
    status: 'bounced',
    starttls: 'strict',
    dsn: null,
    timeMillis: Date.UTC(2017, 6, 30, 18, 51, 5, 712),
  },
  // The server answered STARTTLS with 450: deferred as a failed STARTTLS…
  { file: '1161', line: 3, status: 'deferred', starttls: 'failure', evidence: 'handshake-failure' },
  // …and the retry went in clear with no TLS line at all.
  { file: '1161', line: 5, status: 'sent', starttls: 'none', evidence: 'no-tls-line' },
];

describe('Exim client logs of the Exim test suite', { skip: dir ? false : NO_CORPUS }, () => {
  const parsed = new Map<string, Parsed>();
  for (const file of dir ? readdirSync(dir).sort() : []) {
    parsed.set(file, parseLines(exim, clientLines(path.join(dir ?? '', file)), { zone: 'UTC' }));
  }

  it('finds the corpus files', () => {
    assert.ok(parsed.size >= 100, `only ${parsed.size} files`);
  });

  it('quarantines no line but the listed ones', () => {
    const quarantined: string[] = [];
    for (const [file, { outcomes }] of parsed) {
      outcomes.forEach((o, i) => {
        if (o.kind === 'quarantined') quarantined.push(`${file}:${i + 1}: ${o.code}`);
      });
    }
    assert.deepEqual(quarantined, EXPECTED_QUARANTINE);
  });

  for (const { file, line, ...expected } of PINNED) {
    it(`${file}:${line}`, () => {
      const delivery = parsed.get(file)?.deliveries.find((d) => d.sourceLine === line);
      assert.ok(delivery, `no delivery from line ${line}`);
      const actual = Object.fromEntries(
        Object.keys(expected).map((k) => [k, delivery[k as keyof Delivery]]),
      );
      assert.deepEqual(actual, expected);
    });
  }
});
