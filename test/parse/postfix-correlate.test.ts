import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { postfix } from '../../pipeline/parse/postfix/index.js';
import { PostfixCorrelator } from '../../pipeline/parse/postfix/correlate.js';
import { readSmtpMessage } from '../../pipeline/parse/postfix/messages.js';
import { parseLines } from '../helpers/parse.js';

// Hand-made multi-line scenarios. Expected values are read off the lines by hand, following
// what each Postfix line proves (see docs/dialects.md).
const P = 'Dec  1 10:00:00 out1 postfix/smtp[100]: ';
const Q = 'Dec  1 10:00:00 out1 postfix/smtp[200]: ';
const MX = 'mx.example.net[192.0.2.10]:25';
const DELAYS = 'delay=0.5, delays=0.1/0/0.2/0.2';

function sent(queueId: string, to: string, relay = MX, extra = ''): string {
  return `${queueId}: to=<${to}>, relay=${relay}, ${extra}${DELAYS}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F8E7D)`;
}

describe('Postfix correlation and classification', () => {
  it('gives every recipient of a request the TLS session, and a reused session to the next', () => {
    const { deliveries } = parseLines(postfix, [
      P +
        `Trusted TLS connection established to ${MX}: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)`,
      P + sent('A1B2C3D4E5', 'ann@Example.ORG'),
      P + sent('A1B2C3D4E5', 'bob@example.org'),
      P +
        `Trusted TLS connection reused to ${MX}: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)`,
      P + sent('B2C3D4E5F6', 'cy@example.com', MX, 'conn_use=2, '),
    ]);
    assert.equal(deliveries.length, 3);
    for (const d of deliveries) {
      assert.equal(d.starttls, 'unverified');
      assert.equal(d.evidence, 'chain-only');
      assert.deepEqual(d.verdicts, {
        selfSigned: false,
        untrustedCa: false,
        nameMismatch: null,
        expired: false,
      });
      assert.equal(d.tlsVersion, 'TLSv1.2');
      assert.equal(d.cipher, 'ECDHE-RSA-AES256-GCM-SHA384');
      assert.equal(d.forwardSecrecy, true);
      assert.equal(d.mxHost, 'mx.example.net');
      assert.equal(d.ip, '192.0.2.10');
      assert.equal(d.port, 25);
      assert.equal(d.software, 'postfix');
    }
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.recipientDomain, d.connectionUse]),
      [
        ['A1B2C3D4E5', 'example.org', null],
        ['A1B2C3D4E5', 'example.org', null],
        ['B2C3D4E5F6', 'example.com', 2],
      ],
    );
    assert.equal(deliveries[0]?.timeMillis, Date.UTC(2026, 11, 1, 10, 0, 0));
  });

  it('does not give a later request a session it did not log', () => {
    const { deliveries } = parseLines(postfix, [
      P +
        `Verified TLS connection established to ${MX}: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`,
      P + sent('A1B2C3D4E5', 'ann@example.org'),
      P + sent('C3D4E5F6A7', 'dee@example.org'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.starttls, d.evidence, d.tlsVersion]),
      [
        ['strict', 'verified', 'TLSv1.3'],
        ['none', 'no-tls-line', null],
      ],
    );
  });

  it('calls the plaintext retry after a failed handshake a failure', () => {
    const { deliveries, outcomes } = parseLines(postfix, [
      P + `SSL_connect error to ${MX}: lost connection`,
      P +
        'warning: TLS library problem: error:0A000410:SSL routines::sslv3 alert handshake failure',
      P + 'D4E5F6A7B8: Cannot start TLS: handshake failure',
      P + sent('D4E5F6A7B8', 'eve@example.org'),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'skipped', 'used', 'used'],
    );
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0]?.starttls, 'failure');
    assert.equal(deliveries[0]?.evidence, 'handshake-failure');
    assert.equal(deliveries[0]?.cipher, null);
  });

  it('calls a deferral after a failed handshake a failure, and the next MX in clear none', () => {
    const other = 'mx2.example.net[192.0.2.11]:25';
    const { deliveries } = parseLines(postfix, [
      P + `SSL_connect error to ${MX}: -1`,
      P + 'E5F6A7B8C9: Cannot start TLS: handshake failure',
      P +
        `E5F6A7B8C9: to=<fay@example.org>, relay=${MX}, ${DELAYS}, dsn=4.7.5, status=deferred (Cannot start TLS: handshake failure)`,
      P + sent('E5F6A7B8C9', 'fay@example.org', other),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.dsn, d.starttls, d.mxHost]),
      [
        ['deferred', '4.7.5', 'failure', 'mx.example.net'],
        ['sent', '2.0.0', 'none', 'mx2.example.net'],
      ],
    );
  });

  it('keeps the verification reason logged before the summary', () => {
    const { deliveries } = parseLines(postfix, [
      P + `certificate verification failed for ${MX}: self-signed certificate`,
      P +
        `Untrusted TLS connection established to ${MX}: TLSv1.2 with cipher AES128-SHA (128/128 bits)`,
      P +
        `F6A7B8C9D0: to=<gus@example.org>, relay=${MX}, ${DELAYS}, dsn=4.7.5, status=deferred (Server certificate not verified)`,
    ]);
    const d = deliveries[0];
    assert.equal(d?.starttls, 'opportunistic');
    assert.equal(d?.evidence, 'reasons');
    assert.deepEqual(d?.verdicts, {
      selfSigned: true,
      untrustedCa: null,
      nameMismatch: null,
      expired: null,
    });
    assert.equal(d?.verifyText, 'self-signed certificate');
    assert.equal(d?.forwardSecrecy, false);
    assert.equal(d?.trustLogged, 'Untrusted');
  });

  it('knows a hostname mismatch is the only failure Postfix found', () => {
    const { deliveries } = parseLines(postfix, [
      P + `server certificate verification failed for ${MX}: num=62:hostname mismatch`,
      P +
        `Trusted TLS connection established to ${MX}: TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)`,
      P +
        `A7B8C9D0E1: to=<hal@example.org>, relay=${MX}, ${DELAYS}, dsn=4.7.5, status=deferred (Server certificate not verified)`,
    ]);
    assert.deepEqual(deliveries[0]?.verdicts, {
      selfSigned: false,
      untrustedCa: false,
      nameMismatch: true,
      expired: false,
    });
  });

  it('keeps processes apart by host, program and PID', () => {
    const { deliveries } = parseLines(postfix, [
      P +
        `Untrusted TLS connection established to ${MX}: TLSv1.2 with cipher ECDHE-RSA-AES256-SHA384 (256/256 bits)`,
      Q + sent('B8C9D0E1F2', 'ida@example.org'),
      'Dec  1 10:00:00 out2 postfix/smtp[100]: ' + sent('C9D0E1F2A3', 'jo@example.org'),
      'Dec  1 10:00:00 out1 postfix-out/smtp[100]: ' + sent('D0E1F2A3B4', 'kim@example.org'),
      P + sent('E1F2A3B4C5', 'lou@example.org'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.logHost, d.starttls, d.evidence]),
      [
        ['B8C9D0E1F2', 'out1', 'none', 'no-tls-line'],
        ['C9D0E1F2A3', 'out2', 'none', 'no-tls-line'],
        ['D0E1F2A3B4', 'out1', 'none', 'no-tls-line'],
        ['E1F2A3B4C5', 'out1', 'opportunistic', 'trust-only'],
      ],
    );
  });

  it('reads a plaintext connection reuse, anonymous suites and the 3.11 tls= field', () => {
    const { deliveries } = parseLines(postfix, [
      P + sent('F2A3B4C5D6', 'max@example.org', MX, 'conn_use=2, '),
      P +
        `Anonymous TLS connection established to ${MX}: TLSv1.2 with cipher ADH-AES256-GCM-SHA384 (256/256 bits)`,
      P + sent('A3B4C5D6E7', 'ned@example.org'),
      P + sent('B4C5D6E7F8', 'oli@example.org', MX, 'tls=may:none, '),
      P + sent('C5D6E7F8A9', 'pat@example.org', MX, 'tls=may, '),
      P + sent('D6E7F8A9B0', 'quin@example.org', MX, 'tls=dane, '),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.starttls, d.evidence]),
      [
        ['none', 'plaintext-reuse'],
        ['opportunistic', 'anonymous'],
        ['none', 'no-starttls'],
        ['unverified', 'tls-only'],
        ['strict', 'verified'],
      ],
    );
  });

  it('reads RFC 3339 timestamps with their offset, and local ones in the given zone', () => {
    const line = `E7F8A9B0C1: to=<rae@example.org>, relay=${MX}, ${DELAYS}, dsn=2.0.0, status=sent (250 ok 1733000000 qp 4242)`;
    const { deliveries } = parseLines(
      postfix,
      [
        '2026-12-01T10:00:00.250+01:00 out1 postfix/smtp[100]: ' + line,
        'Jul  1 10:00:00 out1 postfix/smtp[100]: ' + line,
      ],
      { zone: 'Europe/Berlin' },
    );
    assert.equal(deliveries[0]?.timeMillis, Date.UTC(2026, 11, 1, 9, 0, 0, 250));
    assert.equal(deliveries[1]?.timeMillis, Date.UTC(2026, 6, 1, 8, 0, 0));
    assert.equal(deliveries[0]?.software, 'qmail');
  });

  it('skips other programs and quarantines what it cannot read', () => {
    const { deliveries, outcomes } = parseLines(postfix, [
      'Dec  1 10:00:00 out1 postfix/tlsproxy[300]: CONNECT to [192.0.2.10]:25',
      'Dec  1 10:00:00 out1 postfix/qmgr[301]: F8A9B0C1D2: from=<a@b.example>, size=100, nrcpt=1 (queue active)',
      'Dec  1 10:00:00 out1 postfix/smtp[100]: Verified TLS connection established to garbled',
      'not a syslog line at all',
      P +
        'A9B0C1D2E3: to=<nodomain>, relay=' +
        MX +
        ', ' +
        DELAYS +
        ', dsn=2.0.0, status=sent (250 ok)',
      '',
    ]);
    assert.equal(deliveries.length, 0);
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'quarantined' ? o.code : o.kind)),
      ['skipped', 'skipped', 'unrecognized-line', 'bad-prefix', 'bad-field', 'skipped'],
    );
  });

  it('does not give a delivery the session its PID logged more than an hour before', () => {
    const tls =
      `Trusted TLS connection established to ${MX}: TLSv1.3 with cipher ` +
      'TLS_AES_256_GCM_SHA384 (256/256 bits)';
    const { deliveries } = parseLines(postfix, [
      'Dec  1 10:00:00 out1 postfix/smtp[100]: ' + tls,
      'Dec  1 10:59:59 out1 postfix/smtp[100]: ' + sent('D1E2F3A4B5', 'a@example.org'),
      'Dec  1 12:00:00 out1 postfix/smtp[200]: ' + tls,
      'Dec  1 13:00:01 out1 postfix/smtp[200]: ' + sent('E2F3A4B5C6', 'b@example.org'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.starttls, d.evidence]),
      [
        ['D1E2F3A4B5', 'unverified', 'chain-only'],
        ['E2F3A4B5C6', 'none', 'no-tls-line'],
      ],
    );
  });

  it('forgets processes silent for an hour, so memory follows the live PIDs', () => {
    const correlator = new PostfixCorrelator(() => undefined);
    const tls = readSmtpMessage(
      `Trusted TLS connection established to ${MX}: TLSv1.2 with cipher AES256-SHA (256/256 bits)`,
    );
    const tenOClock = Date.UTC(2026, 11, 1, 10);
    for (let pid = 0; pid < 30_000; pid++) correlator.observe(`out1 smtp[${pid}`, tls, tenOClock);
    assert.equal(correlator.trackedProcesses, 30_000);
    // Two hours later, one process logs on; the next sweep drops every silent one.
    for (let i = 0; i < 20_000; i++) {
      correlator.observe('out1 smtp[99999', tls, tenOClock + 2 * 3_600_000 + i);
    }
    assert.equal(correlator.trackedProcesses, 1);
  });

  it('reads the smtp client under any service name, and no program merely ending in smtp', () => {
    const line = (program: string, n: number) =>
      `Dec  1 10:00:0${n} out1 ${program}[10${n}]: ` + sent(`C1D2E3F4A${n}`, `u${n}@example.org`);
    const { deliveries, outcomes } = parseLines(postfix, [
      line('postfix/smtp', 1),
      line('postfix-out/smtp', 2),
      line('postfix/relay/smtp', 3),
      line('smtp', 4),
      line('postfix/lmtp', 5),
      line('postfix/esmtp', 6),
      line('postfix/smtpd', 7),
      line('mtp', 8),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'used', 'used', 'used', 'skipped', 'skipped', 'skipped', 'skipped'],
    );
    assert.deepEqual(
      deliveries.map((d) => d.queueId),
      ['C1D2E3F4A1', 'C1D2E3F4A2', 'C1D2E3F4A3', 'C1D2E3F4A4'],
    );
  });
});
