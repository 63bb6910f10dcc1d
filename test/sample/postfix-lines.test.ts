import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deliveryLine,
  formatDelay,
  tlsSummary,
  verifyFailure,
} from '../../pipeline/sample/postfix-lines.js';
import { certificateView } from '../../pipeline/sample/tls-behaviour.js';

describe('Postfix line shapes', () => {
  it('writes delays the way Postfix does', () => {
    // Values as they appear in real logs: delay=0.52, delays=0.01/0/0.3/0.21, delay=3.6, delay=11.
    assert.equal(formatDelay(520), '0.52');
    assert.equal(formatDelay(10), '0.01');
    assert.equal(formatDelay(4), '0');
    assert.equal(formatDelay(300), '0.3');
    assert.equal(formatDelay(3_640), '3.6');
    assert.equal(formatDelay(2_000), '2');
    assert.equal(formatDelay(11_900), '11');
    assert.equal(formatDelay(1_060_000), '1060');
  });

  it('writes a delivery line with optional fields in Postfix order', () => {
    const line = deliveryLine({
      queueId: '7EE668039A',
      recipient: 'user@example.com',
      origTo: 'alias@example.net',
      relay: 'mail.example.com[192.0.2.4]:25',
      connectionUse: 3,
      delay: '3.6',
      delays: '0.08/0.02/0.85/0.14',
      tls: 'may',
      dsn: '2.0.0',
      status: 'sent',
      detail: '250 2.0.0 Ok: queued as 153053D',
    });
    assert.equal(
      line,
      '7EE668039A: to=<user@example.com>, orig_to=<alias@example.net>, ' +
        'relay=mail.example.com[192.0.2.4]:25, conn_use=3, delay=3.6, ' +
        'delays=0.08/0.02/0.85/0.14, tls=may, dsn=2.0.0, status=sent ' +
        '(250 2.0.0 Ok: queued as 153053D)\n',
    );
  });

  it('writes TLS summaries and verification failures as tls_misc.c and tls_verify.c do', () => {
    assert.equal(
      tlsSummary(
        'Trusted',
        false,
        'gmail-smtp-in.l.google.com[74.125.136.26]:25',
        'TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)',
      ),
      'Trusted TLS connection established to gmail-smtp-in.l.google.com[74.125.136.26]:25: ' +
        'TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)\n',
    );
    assert.match(
      tlsSummary('Verified', true, 'h[192.0.2.1]:25', 'x'),
      /^Verified TLS connection reused to /,
    );
    assert.equal(
      verifyFailure('server ', 'mx.example.com[192.0.2.7]:25', 'certificate has expired'),
      'server certificate verification failed for mx.example.com[192.0.2.7]:25: ' +
        'certificate has expired\n',
    );
  });
});

describe('what Postfix logs about a certificate', () => {
  it('at level may: Trusted or Untrusted, never a reason', () => {
    assert.deepEqual(certificateView([], '', 'may'), {
      trust: 'Trusted',
      named: null,
      verifyText: null,
      verifyPrefix: '',
      refused: false,
    });
    assert.equal(certificateView(['name-mismatch'], '', 'may').trust, 'Trusted');
    assert.equal(certificateView(['expired'], '', 'may').trust, 'Untrusted');
  });

  it('at level verify: Verified, or one reason, the one nearest the leaf, and a refusal', () => {
    assert.equal(certificateView([], '', 'verify').trust, 'Verified');
    const mismatch = certificateView(['name-mismatch'], '', 'verify');
    assert.equal(mismatch.trust, 'Trusted');
    assert.equal(mismatch.verifyText, 'num=62:hostname mismatch');
    assert.equal(mismatch.verifyPrefix, 'server ');
    assert.equal(mismatch.refused, true);
    const several = certificateView(['name-mismatch', 'expired', 'self-signed'], '', 'verify');
    assert.equal(several.trust, 'Untrusted');
    assert.equal(several.named, 'self-signed');
    assert.equal(several.verifyText, 'self-signed certificate');
    const issuer = certificateView(['untrusted-ca'], 'untrusted issuer /CN=X', 'verify');
    assert.equal(issuer.verifyText, 'untrusted issuer /CN=X');
    assert.equal(issuer.verifyPrefix, '');
  });
});
