import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';
import { generate } from './generate.js';

// Small samples read by hand. For each pinned row, the lines it rests on are pinned too, and
// the expected values were worked out from those lines with the classification contract.

const NULLS = { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null };
const CHAIN_ONLY = { selfSigned: false, untrustedCa: false, nameMismatch: null, expired: false };

function row(rows: GroundTruthRow[], line: number): GroundTruthRow {
  const found = rows.find((r) => r.line === line);
  assert.ok(found, `no ground-truth row for line ${line}`);
  return found;
}

/** Asserts that line `number` (1-based) holds each fragment, in this order. */
function shows(lines: string[], number: number, ...fragments: string[]): void {
  const text = lines[number - 1] ?? '';
  let from = 0;
  for (const fragment of fragments) {
    const at = text.indexOf(fragment, from);
    assert.ok(at >= 0, `line ${number} lacks "${fragment}" (after column ${from}): ${text}`);
    from = at + fragment.length;
  }
}

describe('Postfix sample, 20 deliveries, seed 7', async () => {
  const { lines, rows } = await generate({ deliveries: 20, seed: 7, date: '2026-12-01' });

  it('has 20 rows over 101 lines', () => {
    assert.equal(rows.length, 20);
    assert.equal(lines.length, 101);
  });

  it('line 7: the first of seven gmail.com recipients after a Verified TLS 1.3 summary', () => {
    assert.equal(
      lines[5],
      'Dec  1 04:10:21 mx-out1 postfix/smtp[27775]: Verified TLS connection established to ' +
        'gmail-smtp-in.l.google.com[108.177.208.149]:25: TLSv1.3 with cipher ' +
        'TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS ' +
        '(4096 bits) server-digest SHA256',
    );
    shows(
      lines,
      7,
      'Dec  1 04:10:21 mx-out1 postfix/smtp[27775]: 442C918B422: to=<emma.rossi@gmail.com>, ',
      'relay=gmail-smtp-in.l.google.com[108.177.208.149]:25, delay=',
      ', dsn=2.0.0, status=sent (250 2.0.0 OK  ',
      ' - gsmtp)',
    );
    assert.deepEqual(row(rows, 7), {
      line: 7,
      logHost: 'mx-out1',
      queueId: '442C918B422',
      recipientDomain: 'gmail.com',
      mxHost: 'gmail-smtp-in.l.google.com',
      ip: '108.177.208.149',
      port: 25,
      status: 'sent',
      dsn: '2.0.0',
      starttls: 'strict',
      evidence: 'verified',
      verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false },
      tlsVersion: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      forwardSecrecy: true,
      software: 'google',
    });
    // The other six recipients share the session.
    for (let line = 8; line <= 13; line++) assert.equal(row(rows, line).evidence, 'verified');
  });

  it('line 54: a timed-out address first, then the delivery on the next one', () => {
    assert.equal(
      lines[49],
      'Dec  1 14:45:30 mx-out1 postfix/smtp[27778]: connect to ' +
        'gmail-smtp-in.l.google.com[172.253.248.224]:25: Connection timed out',
    );
    shows(lines, 53, 'smtp[27778]: Verified TLS connection established to ', '[64.233.249.50]:25');
    const r = row(rows, 54);
    assert.equal(r.ip, '64.233.249.50');
    assert.equal(r.starttls, 'strict');
  });

  it('line 67: a hoster without STARTTLS, no TLS line at all', () => {
    shows(
      lines,
      67,
      'postfix-out/smtp[7669]: 4jf4v43hXRz3Q5b: to=<jobs@gold586.com>, ',
      'relay=mail.serverpark.nl[121.122.167.212]:25, ',
      'status=sent (250 Ok)',
    );
    assert.ok(!lines.slice(0, 66).some((l) => l.includes('smtp[7669]')));
    const r = row(rows, 67);
    assert.equal(r.starttls, 'none');
    assert.equal(r.evidence, 'no-tls-line');
    assert.deepEqual(r.verdicts, NULLS);
    assert.equal(r.tlsVersion, null);
    assert.equal(r.software, null);
  });

  it('lines 80-84: three processes of one message interleave; each keeps its own session', () => {
    shows(
      lines,
      80,
      'mx-out3 postfix/smtp[1461]: Trusted TLS connection established to ',
      'mta7.am0.yahoodns.net[98.136.96.163]:25: TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 ',
      '(128/128 bits)',
    );
    assert.ok(lines[79]?.endsWith('(128/128 bits)'), 'Postfix 3.3 logs no key-exchange suffix');
    shows(
      lines,
      81,
      'smtp[1479]: Trusted TLS connection established to smtp.solutions-orbit.com',
      '[89.231.207.71]:25: TLSv1 with cipher AES256-SHA (256/256 bits)',
    );
    shows(lines, 82, 'smtp[1461]: 41EE411E27E: to=<hello@ymail.com>, ', '(250 ok dirdel)');
    shows(lines, 83, 'smtp[1439]: 41EE411E27E: to=<veraivanov54@kitaenergie.ro>, ', '(250 ok ');
    shows(
      lines,
      84,
      'smtp[1479]: 41EE411E27E: to=<olga.nowak@solutions-orbit.com>, ',
      ' Message accepted for delivery)',
    );

    // Trusted at level may: the chain passed, the name was not checked.
    const yahoo = row(rows, 82);
    assert.equal(yahoo.starttls, 'unverified');
    assert.equal(yahoo.evidence, 'chain-only');
    assert.deepEqual(yahoo.verdicts, CHAIN_ONLY);
    assert.equal(yahoo.software, null);
    // PID 1439 logged no TLS line: the summary of PID 1479 just before is not its own.
    const qmail = row(rows, 83);
    assert.equal(qmail.starttls, 'none');
    assert.equal(qmail.software, 'qmail');
    // TLSv1 with a static-RSA suite: encrypted without forward secrecy.
    const sendmail = row(rows, 84);
    assert.equal(sendmail.starttls, 'unverified');
    assert.equal(sendmail.tlsVersion, 'TLSv1');
    assert.equal(sendmail.cipher, 'AES256-SHA');
    assert.equal(sendmail.forwardSecrecy, false);
    assert.equal(sendmail.software, 'sendmail');
  });
});

describe('Postfix sample, 40 deliveries, seed 1239, with tls=', async () => {
  const { lines, rows } = await generate({
    deliveries: 40,
    seed: 1239,
    date: '2026-12-01',
    tlsField: true,
  });

  it('line 31: a verify policy refuses a name mismatch after a Trusted summary', () => {
    shows(
      lines,
      29,
      'smtp[18894]: server certificate verification failed for ',
      'smtp.pro-market.com[218.125.244.130]:25: num=62:hostname mismatch',
    );
    shows(
      lines,
      30,
      'smtp[18894]: Trusted TLS connection established to smtp.pro-market.com',
      ': TLSv1.2 with cipher AES256-GCM-SHA384 (256/256 bits)',
    );
    shows(
      lines,
      31,
      'smtp[18894]: 49A862FA30E: to=<info@pro-market.com>, ',
      ', tls=!verify, dsn=4.7.5, status=deferred (Server certificate not verified)',
    );
    const r = row(rows, 31);
    assert.equal(r.status, 'deferred');
    assert.equal(r.starttls, 'opportunistic');
    assert.equal(r.evidence, 'reasons');
    assert.deepEqual(r.verdicts, {
      selfSigned: false,
      untrustedCa: false,
      nameMismatch: true,
      expired: false,
    });
    assert.equal(r.forwardSecrecy, false);
    assert.equal(r.software, null);
  });

  it('line 71: a reused TLS connection logs its own summary and conn_use=2', () => {
    shows(
      lines,
      65,
      'smtp[12100]: Trusted TLS connection reused to ',
      'mx.hanmail-biz.co.kr[23.55.252.218]:25: TLSv1.3 ',
    );
    shows(
      lines,
      71,
      'smtp[12100]: 4jdwzc0SyJz97hy: to=<ohansen@sport-partner.fr>, ',
      'relay=mx.hanmail-biz.co.kr[23.55.252.218]:25, conn_use=2, ',
      ', tls=may, ',
    );
    const r = row(rows, 71);
    assert.equal(r.evidence, 'chain-only');
    assert.deepEqual(r.verdicts, CHAIN_ONLY);
  });

  it('line 110: tls=may:none without a failed handshake: no STARTTLS offered', () => {
    shows(
      lines,
      110,
      '4jf09D4mbNzJyh6: to=<maria.russo@solutions410.org>, ',
      ', tls=may:none, dsn=2.0.0, status=sent (250 ok ',
    );
    const r = row(rows, 110);
    assert.equal(r.starttls, 'none');
    assert.equal(r.evidence, 'no-starttls');
    assert.equal(r.software, 'qmail');
  });

  it('line 157: an untrusted issuer is the one reason known', () => {
    shows(
      lines,
      155,
      'smtp[12191]: certificate verification failed for mail.royaleco.com[82.49.241.240]:25: ',
      'untrusted issuer /C=DE/O=Muster Hosting GmbH/CN=Muster Hosting Internal CA',
    );
    shows(lines, 156, 'smtp[12191]: Untrusted TLS connection established to mail.royaleco.com');
    assert.deepEqual(row(rows, 157).verdicts, { ...NULLS, untrustedCa: true });
  });

  it('lines 202 and 209: a failed handshake defers the message, the retry goes in clear', () => {
    const relay = 'mail.valleyland86.es[167.138.154.252]:25';
    shows(lines, 200, `smtp[18233]: SSL_connect error to ${relay}: lost connection`);
    shows(lines, 201, 'smtp[18233]: 4jf8rK2HkRzJyhS: Cannot start TLS: handshake failure');
    shows(
      lines,
      202,
      '4jf8rK2HkRzJyhS: to=<maria.schmidt@valleyland86.es>, ',
      ', tls=may?, dsn=4.7.5, status=deferred (Cannot start TLS: handshake failure)',
    );
    shows(lines, 207, `smtp[18270]: SSL_connect error to ${relay}: lost connection`);
    shows(
      lines,
      209,
      'smtp[18270]: 4jf8rK2HkRzJyhS: to=<maria.schmidt@valleyland86.es>, ',
      ', tls=may:none, dsn=2.0.0, status=sent (250 2.0.0 ',
      ' Message accepted for delivery)',
    );
    const deferred = row(rows, 202);
    assert.equal(deferred.status, 'deferred');
    assert.equal(deferred.starttls, 'failure');
    assert.equal(deferred.evidence, 'handshake-failure');
    assert.equal(deferred.software, null);
    const retried = row(rows, 209);
    assert.equal(retried.status, 'sent');
    assert.equal(retried.starttls, 'failure');
    assert.equal(retried.evidence, 'handshake-failure');
    assert.equal(retried.cipher, null);
    assert.equal(retried.software, 'sendmail');
    // Three recipients, each deferred once and delivered once.
    assert.equal(rows.filter((r) => r.queueId === '4jf8rK2HkRzJyhS').length, 6);
  });
});
