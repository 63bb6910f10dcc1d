import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exim } from '../../pipeline/parse/exim/index.js';
import { parseLines } from '../helpers/parse.js';

// How single Exim lines are read: older shapes, what is skipped, what is quarantined, and
// detection. Expected values are read off the lines by hand (LOG-FORMATS §2).
const T = '2026-12-01 10:00:00 ';
const ID = '1wAbCd-0000000123-AbCd';
const P = T + ID + ' ';
const MX = 'H=mx1.example.net [192.0.2.10]';
const MX2 = 'H=mx2.example.net [192.0.2.11]';
const X = 'X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256';
const OK = 'C="250 OK id=1wAbCe-0000000456-XyZw"';
const ALL_PASSED = { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false };

function sent(to: string, fields: string, host = MX): string {
  return `${P}=> ${to} R=dnslookup T=remote_smtp ${host} ${fields} ${OK}`.replace(/ +/g, ' ');
}

describe('Exim lines', () => {
  it('reads the older verify shapes and keeps a revoked certificate opportunistic', () => {
    const { deliveries } = parseLines(exim, [
      // ≤4.85: no address, so the line belongs to the message's next delivery.
      P + 'SSL verify error: depth=0 error=certificate has expired cert=/CN=self-signed.example',
      sent('dee@example.org', `${X} CV=no`),
      // ≤4.88 name mismatch, whose subject happens to contain "self-signed".
      P + '[192.0.2.11] SSL verify error: certificate name mismatch: "/CN=self-signed.example"',
      sent('eve@example.org', `${X} CV=no`, MX2),
      P + '[192.0.2.10] SSL verify error: depth=0 error=certificate revoked cert=/CN=mx1',
      sent('fay@example.org', `${X} CV=no`),
    ]);
    assert.deepEqual(
      deliveries.map((d) => d.verdicts),
      [
        { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: true },
        { selfSigned: false, untrustedCa: false, nameMismatch: true, expired: false },
        ALL_PASSED,
      ],
    );
    assert.deepEqual(
      deliveries.map((d) => [d.starttls, d.evidence]),
      [
        ['opportunistic', 'reasons'],
        ['opportunistic', 'reasons'],
        ['opportunistic', 'reasons'],
      ],
    );
    assert.equal(deliveries[2]?.verifyText, 'depth=0 error=certificate revoked cert=/CN=mx1');
  });

  it('skips what says nothing about outbound TLS and quarantines what it cannot read', () => {
    const { deliveries, outcomes } = parseLines(exim, [
      P + '<= sender@example.com H=client.example [198.51.100.7] P=esmtps X=TLS1.3:x:256 S=1',
      P + '=> ann <ann@example.org> R=localuser T=local_delivery',
      P + '=> |/usr/bin/procmail (ann@example.org) <ann@example.org> R=filter T=address_pipe',
      P + '=> /var/mail/ann <ann@example.org> R=filter T=address_file',
      P + '** bo@example.org: retry timeout exceeded',
      P + 'Completed',
      T + 'Start queue run: pid=4242',
      '',
      'Dec  1 10:00:00 out1 postfix/smtp[100]: not an exim line',
      '2026-13-01 10:00:00 ' + ID + ' Completed',
      sent('cy@example.org', 'X=garbled CV=yes'),
      sent('dee@example.org', `${X} CV=maybe`),
      P + `=> eve@example.org R=dnslookup T=remote_smtp H=mx1.example.net ${X} CV=yes ${OK}`,
      P + `=> nodomain R=dnslookup T=remote_smtp ${MX} ${X} CV=yes ${OK}`,
    ]);
    assert.equal(deliveries.length, 0);
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'quarantined' ? o.code : o.kind)),
      [
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'bad-prefix',
        'bad-prefix',
        'bad-field',
        'bad-field',
        'bad-field',
        'bad-field',
      ],
    );
  });

  it('detects Exim main logs, and not syslog or JSON lines', () => {
    assert.equal(
      exim.detect([
        '2026-12-01 10:00:00 Start queue run: pid=4242',
        P + '<= sender@example.com U=ann P=local S=1234',
        sent('ann@example.org', `${X} CV=yes`),
      ]),
      true,
    );
    assert.equal(exim.detect(['2026-12-01 10:00:00.123 +0100 [77] ' + ID + ' Completed']), true);
    assert.equal(
      exim.detect([
        'Dec  1 10:00:00 out1 postfix/smtp[100]: A1B2C3D4E5: to=<a@example.org>, status=sent',
        'Dec  1 10:00:01 out1 postfix/qmgr[101]: A1B2C3D4E5: removed',
      ]),
      false,
    );
    assert.equal(
      exim.detect(['2026-12-01 10:00:00 out1 postfix/smtp[100]: A1B2C3D4E5: removed']),
      false,
    );
    assert.equal(exim.detect(['{"timestamp":"2026-12-01T10:00:00Z","queue_id":"x"}']), false);
  });
});
