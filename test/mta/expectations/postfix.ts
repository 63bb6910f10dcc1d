import {
  ALL_PASSED,
  but,
  deferredEachTime,
  row,
  UNKNOWN,
  type Expectation,
  type ExpectationTable,
  type RowExpectation,
} from '../harness/expectation.js';

/**
 * What Postfix 3.7 logs prove (LOG-FORMATS.md §1), with the test CA as smtp_tls_CAfile.
 * At `may`, Postfix checks the chain but never the name: a good chain is `Trusted`, and a
 * certificate for another name is just as `Trusted`. Reasons are logged only when the
 * `untrusted` keyword is set or the policy requires a match, and then one reason, the one
 * closest to the leaf. A failed handshake defers the message; the next attempt, once the
 * message has waited minimal_backoff_time, goes in clear.
 */

/** Scenarios under `verify` in the verify-policy configuration; the others stay at `may`. */
export const VERIFY_POLICY_SCENARIOS = [
  'valid',
  'wildcard',
  'self-signed',
  'untrusted-ca',
  'expired',
  'mismatch',
  'self-signed-mismatch',
  'expired-untrusted',
  'no-starttls',
];

const TRUSTED = row({
  status: 'sent',
  starttls: 'unverified',
  evidence: 'chain-only',
  verdicts: [false, false, null, false],
  trust: 'Trusted',
  tls: true,
  verifyText: null,
});
const UNTRUSTED = row({
  status: 'sent',
  starttls: 'opportunistic',
  evidence: 'trust-only',
  verdicts: UNKNOWN,
  trust: 'Untrusted',
  tls: true,
  verifyText: null,
});
const IN_CLEAR = row({
  status: 'sent',
  starttls: 'none',
  evidence: 'no-tls-line',
  verdicts: UNKNOWN,
  trust: null,
  tls: false,
});
const HANDSHAKE_FAILED = row({
  status: 'sent',
  starttls: 'failure',
  evidence: 'handshake-failure',
  verdicts: UNKNOWN,
  trust: null,
  tls: false,
});

/** Sent with an `Untrusted` summary after the one reason Postfix logs. */
function untrustedBecause(verdicts: RowExpectation['verdicts'], text: string): RowExpectation {
  return but(UNTRUSTED, { evidence: 'reasons', verdicts, verifyText: text });
}

const SELF_SIGNED: RowExpectation['verdicts'] = [true, null, null, null];
const UNTRUSTED_CA: RowExpectation['verdicts'] = [null, true, null, null];
const EXPIRED: RowExpectation['verdicts'] = [null, null, null, true];

const common: Record<string, Expectation> = {
  valid: { final: TRUSTED, why: 'Trusted: chain checked, name never checked at may' },
  wildcard: { final: TRUSTED, why: 'Trusted: chain checked, name never checked at may' },
  mismatch: { final: TRUSTED, why: 'at may the name is not checked, so the wrong name is Trusted' },
  'self-signed': { final: UNTRUSTED, why: 'Untrusted, no reason logged at loglevel 1' },
  'untrusted-ca': { final: UNTRUSTED, why: 'Untrusted, no reason logged at loglevel 1' },
  expired: { final: UNTRUSTED, why: 'Untrusted, no reason logged at loglevel 1' },
  'self-signed-mismatch': { final: UNTRUSTED, why: 'Untrusted, no reason logged' },
  'expired-untrusted': { final: UNTRUSTED, why: 'Untrusted, no reason logged' },
  'no-starttls': { final: IN_CLEAR, why: 'no TLS line at all' },
  'refuse-454': { final: IN_CLEAR, why: 'a 454 to STARTTLS is not logged at may: looks like none' },
  'handshake-failure': {
    before: but(HANDSHAKE_FAILED, { status: 'deferred' }),
    final: HANDSHAKE_FAILED,
    why: 'SSL_connect error + Cannot start TLS, deferred (4.7.5); the retry goes in clear',
  },
  'tls10-fs': {
    final: TRUSTED,
    why: 'Postfix completes TLS 1.0 handshakes with OpenSSL 3.0 (no security-level refusal)',
  },
  'tls10-rsa': {
    final: TRUSTED,
    why: 'TLS 1.0 with RSA key exchange: accepted, no forward secrecy',
  },
  'tls12-fs': { final: TRUSTED, why: 'Trusted, ECDHE suite' },
  'tls12-rsa': { final: TRUSTED, why: 'Trusted, RSA key exchange: no forward secrecy' },
  tls13: { final: TRUSTED, why: 'Trusted, TLS 1.3' },
  'temp-reject': deferredEachTime(
    but(TRUSTED, { status: 'deferred' }),
    'deferred on each attempt, each over a Trusted session',
  ),
  'perm-reject': { final: but(TRUSTED, { status: 'bounced' }), why: 'bounced over TLS' },
  'two-addresses': {
    final: TRUSTED,
    why: 'the refused address is skipped; delivered at the other',
  },
};

const withUntrustedKeyword: Record<string, Expectation> = {
  'self-signed': {
    final: untrustedBecause(SELF_SIGNED, 'self-signed certificate'),
    why: 'the untrusted keyword logs the reason',
  },
  'untrusted-ca': {
    final: untrustedBecause(UNTRUSTED_CA, 'untrusted issuer'),
    why: 'the untrusted keyword logs the reason',
  },
  expired: {
    final: untrustedBecause(EXPIRED, 'certificate has expired'),
    why: 'the untrusted keyword logs the reason',
  },
  'self-signed-mismatch': {
    final: untrustedBecause(SELF_SIGNED, 'self-signed certificate'),
    why: 'one reason only; the name is not checked at may',
  },
  'expired-untrusted': {
    final: untrustedBecause(UNTRUSTED_CA, 'untrusted issuer'),
    why: 'one reason only: the missing issuer is found before the dates are checked',
  },
};

/** Under `verify`: Verified, or deferred with the one reason Postfix logs. */
function notVerified(
  verdicts: RowExpectation['verdicts'],
  text: string,
  trust: string,
): RowExpectation {
  return row({
    status: 'deferred',
    starttls: 'opportunistic',
    evidence: 'reasons',
    verdicts,
    trust,
    tls: true,
    verifyText: text,
  });
}

const VERIFIED = row({
  status: 'sent',
  starttls: 'strict',
  evidence: 'verified',
  verdicts: ALL_PASSED,
  trust: 'Verified',
  tls: true,
  verifyText: null,
});

const underVerify: Record<string, Expectation> = {
  valid: { final: VERIFIED, why: 'Verified: chain and name' },
  wildcard: { final: VERIFIED, why: 'Verified: the wildcard matches the MX host' },
  mismatch: deferredEachTime(
    notVerified([false, false, true, false], 'hostname mismatch', 'Untrusted'),
    'the name is checked with the chain, so the mismatch makes it Untrusted; deferred',
  ),
  'self-signed': deferredEachTime(
    notVerified(SELF_SIGNED, 'self-signed certificate', 'Untrusted'),
    'the reason is logged because verify requires a match; deferred',
  ),
  'untrusted-ca': deferredEachTime(
    notVerified(UNTRUSTED_CA, 'untrusted issuer', 'Untrusted'),
    'reason logged; deferred',
  ),
  expired: deferredEachTime(
    notVerified(EXPIRED, 'certificate has expired', 'Untrusted'),
    'reason logged; deferred',
  ),
  'self-signed-mismatch': deferredEachTime(
    notVerified(SELF_SIGNED, 'self-signed certificate', 'Untrusted'),
    'one reason only: self-signed hides the mismatch; deferred',
  ),
  'expired-untrusted': deferredEachTime(
    notVerified(UNTRUSTED_CA, 'untrusted issuer', 'Untrusted'),
    'one reason only; deferred',
  ),
  'no-starttls': deferredEachTime(
    but(IN_CLEAR, { status: 'deferred' }),
    'TLS is required, but was not offered: deferred, no TLS line',
  ),
};

export function postfixExpectations(config: string): ExpectationTable {
  const overrides =
    config === 'untrusted' ? withUntrustedKeyword : config === 'verify-policy' ? underVerify : {};
  return (scenario) => {
    const expectation = overrides[scenario] ?? common[scenario];
    if (!expectation) throw new Error(`no postfix expectation for ${scenario}`);
    return expectation;
  };
}
