import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { exim } from '../../pipeline/parse/exim/index.js';
import { parseLines } from '../helpers/parse.js';

// Hand-made multi-line scenarios. Expected values are read off the lines by hand, following
// LOG-FORMATS §2 (what each Exim line proves) and §2.4 (the mapping).
const T = '2026-12-01 10:00:00 ';
const ID = '1wAbCd-0000000123-AbCd';
const P = T + ID + ' ';
const MX = 'H=mx1.example.net [192.0.2.10]';
const MX2 = 'H=mx2.example.net [192.0.2.11]';
const X = 'X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256';
const OK = 'C="250 OK id=1wAbCe-0000000456-XyZw"';

function sent(to: string, fields: string, host = MX): string {
  return `${P}=> ${to} R=dnslookup T=remote_smtp ${host} ${fields} ${OK}`.replace(/ +/g, ' ');
}

function results(deliveries: Delivery[]): [string, string][] {
  return deliveries.map((d) => [d.starttls, d.evidence]);
}

const ALL_PASSED = { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false };
const UNKNOWN = { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null };

describe('Exim correlation and classification', () => {
  it('calls CV=yes strict and reads every field of the delivery line', () => {
    const { deliveries, outcomes } = parseLines(exim, [
      P +
        '=> ann@Example.ORG <list@example.com> F=<bounce@example.com> R=dnslookup T=remote_smtp ' +
        'S=2345 H=MX1.Example.NET [192.0.2.10]:25 X=TLS1.3:TLS_AES_256_GCM_SHA384:256:X25519 ' +
        'CV=yes DN="/CN=mx1.example.net" C="250 2.0.0 Ok: queued as 4XyZ1234 \\"quoted\\""',
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used'],
    );
    assert.deepEqual(deliveries, [
      {
        timeMillis: Date.UTC(2026, 11, 1, 10, 0, 0),
        logHost: '',
        dialect: 'exim',
        queueId: ID,
        recipientDomain: 'example.org',
        recipientAddress: 'ann@Example.ORG',
        recipientPseudonym: null,
        mxHost: 'mx1.example.net',
        ip: '192.0.2.10',
        port: 25,
        status: 'sent',
        dsn: null,
        starttls: 'strict',
        evidence: 'verified',
        verdicts: ALL_PASSED,
        trustLogged: 'CV=yes',
        verifyText: null,
        tlsVersionLogged: 'TLS1.3',
        tlsVersion: 'TLSv1.3',
        cipherLogged: 'TLS_AES_256_GCM_SHA384',
        cipher: 'TLS_AES_256_GCM_SHA384',
        forwardSecrecy: true,
        keyExchange: 'X25519',
        software: 'postfix',
        connectionUse: null,
        sourceFile: '',
        sourceOffset: 0,
        sourceLine: 1,
      },
    ]);
  });

  it('calls CV=dane strict, with the old message id, DS and the pre-4.93 protocol spelling', () => {
    const { deliveries } = parseLines(exim, [
      T +
        '1abcDE-000123-AB => bo@example.org R=dnslookup T=remote_smtp H=mx.example.org DS ' +
        '[2001:db8::25] X=TLSv1.2:ECDHE-RSA-AES128-GCM-SHA256:128 CV=dane ' +
        OK,
    ]);
    const d = deliveries[0];
    assert.deepEqual(
      [d?.queueId, d?.starttls, d?.evidence, d?.trustLogged, d?.ip, d?.mxHost],
      ['1abcDE-000123-AB', 'strict', 'verified', 'CV=dane', '2001:db8::25', 'mx.example.org'],
    );
    assert.deepEqual(d?.verdicts, ALL_PASSED);
    assert.deepEqual([d?.tlsVersion, d?.forwardSecrecy, d?.software], ['TLSv1.2', true, 'exim']);
  });

  it('names every failing check that OpenSSL builds log before CV=no', () => {
    const { deliveries, outcomes } = parseLines(exim, [
      P + '[192.0.2.10] SSL verify error: depth=0 error=self-signed certificate cert=/CN=mx1',
      P + '[192.0.2.10] SSL verify error: certificate name mismatch: DN="/CN=mx1" H="mx1.example"',
      sent('cy@example.org', `${X} CV=no DN="/CN=mx1"`),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'used', 'used'],
    );
    const d = deliveries[0];
    assert.deepEqual(
      [d?.starttls, d?.evidence, d?.trustLogged],
      ['opportunistic', 'reasons', 'CV=no'],
    );
    assert.deepEqual(d?.verdicts, {
      selfSigned: true,
      untrustedCa: false,
      nameMismatch: true,
      expired: false,
    });
    assert.equal(
      d?.verifyText,
      'depth=0 error=self-signed certificate cert=/CN=mx1 | ' +
        'certificate name mismatch: DN="/CN=mx1" H="mx1.example"',
    );
  });

  it('gives GnuTLS CV=no no reason, and reads GnuTLS cipher names', () => {
    const { deliveries } = parseLines(exim, [
      sent(
        'gus@example.org',
        'X=TLS1.3:ECDHE_SECP256R1__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=no',
      ),
      sent('hal@example.org', 'X=TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256 CV=yes'),
      sent('ida@example.org', 'X=TLS1.2:ECDHE_SECP521R1__RSA_SHA512__AES_256_GCM:256 CV=yes'),
      sent('jo@example.org', 'X=TLS1.0:RSA_AES_256_CBC_SHA1:256 CV=yes'),
      sent('kim@example.org', 'X=TLS1:AES256-SHA:256'),
    ]);
    assert.deepEqual(results(deliveries), [
      ['opportunistic', 'trust-only'],
      ['strict', 'verified'],
      ['strict', 'verified'],
      ['strict', 'verified'],
      ['unverified', 'tls-only'],
    ]);
    assert.deepEqual(deliveries[0]?.verdicts, UNKNOWN);
    assert.deepEqual(deliveries[4]?.verdicts, UNKNOWN);
    assert.deepEqual(
      deliveries.map((d) => [d.tlsVersion, d.cipher, d.forwardSecrecy, d.keyExchange]),
      [
        ['TLSv1.3', 'TLS_AES_256_GCM_SHA384', true, 'secp256r1'],
        ['TLSv1.2', 'ECDHE_RSA_AES_256_GCM_SHA384', true, null],
        // GnuTLS writes TLS 1.2 sessions in the description form too: not a TLS 1.3 suite.
        ['TLSv1.2', 'ECDHE_SECP521R1__RSA_SHA512__AES_256_GCM', true, 'secp521r1'],
        ['TLSv1', 'RSA_AES_256_CBC_SHA1', false, null],
        ['TLSv1', 'AES256-SHA', false, null],
      ],
    );
  });

  it('keeps a verify error at one address away from a delivery to another', () => {
    const { deliveries } = parseLines(exim, [
      P + '[192.0.2.10] SSL verify error: depth=0 error=self signed certificate cert=/CN=mx1',
      sent('lou@example.org', `${X} CV=yes`, MX2),
      // The same message's next delivery to the first address is the session that failed.
      sent('max@example.org', `${X} CV=no`),
    ]);
    assert.deepEqual(results(deliveries), [
      ['strict', 'verified'],
      ['opportunistic', 'reasons'],
    ]);
    assert.deepEqual(deliveries[0]?.verdicts, ALL_PASSED);
    assert.equal(deliveries[0]?.verifyText, null);
    assert.equal(deliveries[1]?.verdicts.selfSigned, true);
  });

  it('calls a delivery in clear after a failed handshake to that address a failure', () => {
    const { deliveries, outcomes } = parseLines(exim, [
      // ≥4.90
      P +
        'TLS session: (SSL_connect): error:0A000086:SSL routines::certificate verify failed: ' +
        'delivering unencrypted to H=mx1.example.net [192.0.2.10] (not in hosts_require_tls)',
      sent('ned@example.org', ''),
      // 4.85–4.89
      P + 'H=mx1.example.net [192.0.2.10] TLS error on connection (SSL_connect): timed out',
      P +
        'TLS session failure: delivering unencrypted to mx1.example.net [192.0.2.10] ' +
        '(not in hosts_require_tls)',
      sent('oli@example.org', ''),
      // ≤4.84, then a delivery in clear to another host: no failure there.
      P + 'TLS error on connection to mx1.example.net [192.0.2.10] (SSL_connect): lost',
      sent('pat@example.org', '', MX2),
      // The server side of a connection is not outbound evidence.
      T + 'TLS error on connection from client.example (helo) [198.51.100.7] (SSL_accept): x',
    ]);
    assert.deepEqual(results(deliveries), [
      ['failure', 'handshake-failure'],
      ['failure', 'handshake-failure'],
      ['none', 'no-tls-line'],
    ]);
    assert.deepEqual(deliveries[0]?.verdicts, UNKNOWN);
    assert.equal(deliveries[0]?.trustLogged, null);
    assert.equal(outcomes[7]?.kind, 'skipped');
  });

  it('gives -> lines the transaction of the => line before them', () => {
    const { deliveries } = parseLines(exim, [
      P + '[192.0.2.10] SSL verify error: depth=0 error=certificate has expired cert=/CN=mx1',
      sent('quin@example.org', `${X} CV=no`),
      P + `-> rae@example.org R=dnslookup T=remote_smtp ${MX} ${X} CV=no ${OK}`,
      P +
        'TLS session: (SSL_connect): error: delivering unencrypted to H=mx2.example.net ' +
        '[192.0.2.11] (not in hosts_require_tls)',
      sent('sam@example.org', '', MX2),
      P + `-> tom@example.org R=dnslookup T=remote_smtp ${MX2} ${OK}`,
    ]);
    assert.deepEqual(results(deliveries), [
      ['opportunistic', 'reasons'],
      ['opportunistic', 'reasons'],
      ['failure', 'handshake-failure'],
      ['failure', 'handshake-failure'],
    ]);
    assert.equal(deliveries[1]?.verdicts.expired, true);
    assert.equal(deliveries[1]?.status, 'sent');
  });

  it('reads continued connections (*) with what the line has', () => {
    const other = '1wAbCf-0000000789-QrSt';
    const { deliveries } = parseLines(exim, [
      P + '[192.0.2.10] SSL verify error: depth=0 error=unable to get local issuer certificate',
      sent('una@example.org', `${X} CV=no`),
      P + 'Completed',
      // The next message goes down the same connection: its line keeps X= and CV=.
      `${T}${other} => val@example.org R=dnslookup T=remote_smtp ` +
        `H=mx1.example.net [192.0.2.10]:25* ${X} CV=no ${OK}`,
      `${T}${other} => wes@example.org R=dnslookup T=remote_smtp ` +
        `H=mx2.example.net [192.0.2.11]* ${X}* CV=yes ${OK}`,
    ]);
    assert.deepEqual(results(deliveries), [
      ['opportunistic', 'reasons'],
      ['opportunistic', 'reasons'],
      ['strict', 'verified'],
    ]);
    assert.deepEqual(deliveries[1]?.verdicts, {
      selfSigned: false,
      untrustedCa: true,
      nameMismatch: false,
      expired: false,
    });
    assert.deepEqual([deliveries[1]?.port, deliveries[2]?.port], [25, null]);
    assert.equal(deliveries[2]?.cipher, 'ECDHE-RSA-AES256-GCM-SHA384');
  });

  it('reads deferrals and failures with H=', () => {
    const { deliveries } = parseLines(exim, [
      P +
        '== vic@example.org R=dnslookup T=remote_smtp defer (-37) H=mx1.example.net ' +
        '[192.0.2.10]: TLS session: (SSL_connect): error:0A000410:SSL routines::sslv3 alert ' +
        'handshake failure',
      P +
        '== vic@example.org R=dnslookup T=remote_smtp defer (-44) H=mx2.example.net ' +
        '[192.0.2.11]: SMTP error from remote mail server after RCPT TO:<vic@example.org>: ' +
        '451-4.7.1 Greylisted, see https://example.net/4.7.1',
      P +
        '== wyn@example.org R=dnslookup T=remote_smtp defer (110): Connection timed out ' +
        'H=mx1.example.net [192.0.2.10]:25: SMTP timeout after initial connection',
      P +
        '== xan@example.org R=dnslookup T=remote_smtp defer (-38) H=mx1.example.net ' +
        '[192.0.2.10]: a TLS session is required, but the server did not offer TLS support',
      P +
        `** yul@example.org R=dnslookup T=remote_smtp ${MX} ${X} CV=yes: SMTP error from ` +
        'remote mail server after RCPT TO:<yul@example.org>: 550 5.1.1 <yul@example.org>: ' +
        'Recipient address rejected: User unknown',
      P + '** zed@example.org: retry timeout exceeded',
      P + '== zed@example.org R=dnslookup T=remote_smtp defer (-53): retry time not reached',
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.dsn, d.starttls, d.evidence, d.mxHost, d.port]),
      [
        ['deferred', null, 'failure', 'handshake-failure', 'mx1.example.net', null],
        ['deferred', '4.7.1', 'none', 'no-tls-line', 'mx2.example.net', null],
        ['deferred', null, 'none', 'no-tls-line', 'mx1.example.net', 25],
        ['deferred', null, 'none', 'no-starttls', 'mx1.example.net', null],
        ['bounced', '5.1.1', 'strict', 'verified', 'mx1.example.net', null],
      ],
    );
    assert.deepEqual(
      deliveries.map((d) => d.software),
      [null, null, null, null, null],
    );
  });

  it('reads local times in the given zone, and an explicit offset, milliseconds and PID', () => {
    const line = `=> ann@example.org R=dnslookup T=remote_smtp ${MX} ${X} CV=yes ${OK}`;
    const { deliveries } = parseLines(
      exim,
      [
        `2026-07-01 10:00:00 ${ID} ${line}`,
        `2026-12-01 10:00:00.250 +0100 [4242] ${ID} ${line}`,
        `2026-12-01 10:00:00 -0330 ${ID} ${line}`,
      ],
      { zone: 'Europe/Berlin' },
    );
    assert.deepEqual(
      deliveries.map((d) => d.timeMillis),
      [
        Date.UTC(2026, 6, 1, 8, 0, 0),
        Date.UTC(2026, 11, 1, 9, 0, 0, 250),
        Date.UTC(2026, 11, 1, 13, 30, 0),
      ],
    );
  });

  it('reads PS= (4.99): no s means the server offered no STARTTLS', () => {
    const { deliveries } = parseLines(exim, [
      sent('ann@example.org', 'PS=ea A=login'),
      sent('bo@example.org', 'PS=ese'),
      sent('cy@example.org', `PS=ese ${X} CV=yes`),
    ]);
    assert.deepEqual(results(deliveries), [
      ['none', 'no-starttls'],
      ['none', 'no-tls-line'],
      ['strict', 'verified'],
    ]);
  });
});
