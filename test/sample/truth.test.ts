import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suite } from '../../pipeline/sample/cipher-suites.js';
import { tlsFragment, tlsTruth } from '../../pipeline/sample/truth.js';

// The classification contract for Postfix logs, case by case; expectations written from the
// contract, not from the code.
const TLS13 = suite('TLSv1.3', 'TLS_AES_256_GCM_SHA384', '256/256', true);
const RSA_KX = suite('TLSv1.2', 'AES128-SHA', '128/128', false);
const ALL_FALSE = { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false };
const ALL_NULL = { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null };

describe('ground-truth classification', () => {
  it('Verified is strict, every check passed', () => {
    const t = tlsTruth({ kind: 'summary', trust: 'Verified', named: null, suite: TLS13 });
    assert.equal(t.starttls, 'strict');
    assert.equal(t.evidence, 'verified');
    assert.deepEqual(t.verdicts, ALL_FALSE);
  });

  it('Trusted without a verification line proves the chain but not the name', () => {
    const t = tlsTruth({ kind: 'summary', trust: 'Trusted', named: null, suite: TLS13 });
    assert.equal(t.starttls, 'unverified');
    assert.equal(t.evidence, 'chain-only');
    assert.deepEqual(t.verdicts, { ...ALL_FALSE, nameMismatch: null });
  });

  it('a logged reason makes it opportunistic and says only what was logged', () => {
    const selfSigned = tlsTruth({
      kind: 'summary',
      trust: 'Untrusted',
      named: 'self-signed',
      suite: TLS13,
    });
    assert.equal(selfSigned.starttls, 'opportunistic');
    assert.equal(selfSigned.evidence, 'reasons');
    assert.deepEqual(selfSigned.verdicts, { ...ALL_NULL, selfSigned: true });

    const untrusted = tlsTruth({
      kind: 'summary',
      trust: 'Untrusted',
      named: 'untrusted-ca',
      suite: TLS13,
    });
    assert.deepEqual(untrusted.verdicts, { ...ALL_NULL, untrustedCa: true });

    const expired = tlsTruth({
      kind: 'summary',
      trust: 'Untrusted',
      named: 'expired',
      suite: TLS13,
    });
    assert.deepEqual(expired.verdicts, { ...ALL_NULL, expired: true });
  });

  it('a hostname mismatch is logged only when the rest passed', () => {
    const t = tlsTruth({ kind: 'summary', trust: 'Trusted', named: 'name-mismatch', suite: TLS13 });
    assert.equal(t.starttls, 'opportunistic');
    assert.equal(t.evidence, 'reasons');
    assert.deepEqual(t.verdicts, { ...ALL_FALSE, nameMismatch: true });
  });

  it('Untrusted alone and Anonymous are opportunistic with nothing known', () => {
    const untrusted = tlsTruth({ kind: 'summary', trust: 'Untrusted', named: null, suite: RSA_KX });
    assert.equal(untrusted.starttls, 'opportunistic');
    assert.equal(untrusted.evidence, 'trust-only');
    assert.deepEqual(untrusted.verdicts, ALL_NULL);
    const anonymous = tlsTruth({ kind: 'summary', trust: 'Anonymous', named: null, suite: TLS13 });
    assert.equal(anonymous.evidence, 'anonymous');
    assert.deepEqual(anonymous.verdicts, ALL_NULL);
  });

  it('a failed handshake and clear connections carry no TLS facts', () => {
    const failure = tlsTruth({ kind: 'handshake-failure' });
    assert.equal(failure.starttls, 'failure');
    assert.equal(failure.evidence, 'handshake-failure');
    assert.equal(failure.suite, null);
    for (const evidence of ['no-tls-line', 'no-starttls', 'plaintext-reuse'] as const) {
      const t = tlsTruth({ kind: 'clear', evidence });
      assert.equal(t.starttls, 'none');
      assert.equal(t.evidence, evidence);
      assert.deepEqual(t.verdicts, ALL_NULL);
    }
  });

  it('writes the TLS part of a row as JSON in the contract order', () => {
    const text = tlsFragment({ kind: 'summary', trust: 'Untrusted', named: null, suite: RSA_KX });
    assert.equal(
      text,
      '"starttls":"opportunistic","evidence":"trust-only","verdicts":{"selfSigned":null,' +
        '"untrustedCa":null,"nameMismatch":null,"expired":null},"tlsVersion":"TLSv1.2",' +
        '"cipher":"AES128-SHA","forwardSecrecy":false',
    );
    assert.deepEqual(JSON.parse(`{${tlsFragment({ kind: 'handshake-failure' })}}`), {
      starttls: 'failure',
      evidence: 'handshake-failure',
      verdicts: ALL_NULL,
      tlsVersion: null,
      cipher: null,
      forwardSecrecy: null,
    });
  });
});
