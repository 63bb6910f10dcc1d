import {
  but,
  deferredEachTime,
  row,
  UNKNOWN,
  type Expectation,
  type ExpectationTable,
  type RowExpectation,
} from '../harness/expectation.js';

/**
 * What sendmail 8.17 logs prove (LOG-FORMATS.md §3), with the test CA as CACertFile. One
 * `STARTTLS=client` line per connection says `verify=OK` for a chain that verifies (sendmail
 * never checks the host name, so a certificate for another name is just as OK) and
 * `verify=FAIL` for one that does not; the reason comes only at LogLevel 12 and up
 * (`verifymsg=`, and at 14 a `cert verify` trace): one reason, the first failed check. A failed
 * handshake defers the message (`ruleset=tls_server, arg1=SOFTWARE`, logged with a 454) on
 * every attempt, unless TLSFallbacktoClear is set, which reconnects in clear at once. OpenSSL 3
 * refuses a TLS 1.0 handshake signed with SHA-1 (ECDHE), not one without a signature (RSA).
 */

const CHAIN_OK = row({
  status: 'sent',
  starttls: 'unverified',
  evidence: 'chain-only',
  verdicts: [false, false, null, false],
  trust: 'verify=OK',
  tls: true,
  verifyText: null,
});
const FAIL = row({
  status: 'sent',
  starttls: 'opportunistic',
  evidence: 'trust-only',
  verdicts: UNKNOWN,
  trust: 'verify=FAIL',
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
  status: 'deferred',
  starttls: 'failure',
  evidence: 'handshake-failure',
  verdicts: UNKNOWN,
  trust: 'verify=SOFTWARE',
  tls: false,
});

function failBecause(verdicts: RowExpectation['verdicts'], text: string): RowExpectation {
  return but(FAIL, { evidence: 'reasons', verdicts, verifyText: text });
}

const common: Record<string, Expectation> = {
  valid: { final: CHAIN_OK, why: 'verify=OK: the chain; sendmail never checks the name' },
  wildcard: { final: CHAIN_OK, why: 'verify=OK' },
  mismatch: { final: CHAIN_OK, why: 'verify=OK: the wrong name goes unnoticed' },
  'self-signed': { final: FAIL, why: 'verify=FAIL, no reason below LogLevel 12' },
  'untrusted-ca': { final: FAIL, why: 'verify=FAIL, no reason below LogLevel 12' },
  expired: { final: FAIL, why: 'verify=FAIL, no reason below LogLevel 12' },
  'self-signed-mismatch': { final: FAIL, why: 'verify=FAIL, no reason below LogLevel 12' },
  'expired-untrusted': { final: FAIL, why: 'verify=FAIL, no reason below LogLevel 12' },
  'no-starttls': { final: IN_CLEAR, why: 'no STARTTLS line for the connection' },
  'refuse-454': { final: IN_CLEAR, why: 'the 454 is not logged; the mail goes in clear' },
  'handshake-failure': deferredEachTime(
    HANDSHAKE_FAILED,
    'connect failed + ruleset=tls_server arg1=SOFTWARE; deferred: 403 4.7.0 TLS handshake failed',
  ),
  'tls10-fs': deferredEachTime(
    HANDSHAKE_FAILED,
    'OpenSSL 3.0 refuses the SHA-1 signature of a TLS 1.0 ECDHE handshake (legacy sigalg)',
  ),
  'tls10-rsa': { final: CHAIN_OK, why: 'TLS 1.0 with RSA key exchange has no signature to refuse' },
  'tls12-fs': { final: CHAIN_OK, why: 'verify=OK, ECDHE suite' },
  'tls12-rsa': { final: CHAIN_OK, why: 'verify=OK, RSA key exchange' },
  tls13: { final: CHAIN_OK, why: 'verify=OK, TLS 1.3' },
  'temp-reject': deferredEachTime(
    but(CHAIN_OK, { status: 'deferred' }),
    'deferred by the 451 on a connection with verify=OK',
  ),
  'perm-reject': { final: but(CHAIN_OK, { status: 'bounced' }), why: 'bounced over TLS' },
  'two-addresses': {
    final: CHAIN_OK,
    why: 'the refused address is skipped; delivered at the other',
  },
};

const atLogLevel14: Record<string, Expectation> = {
  'self-signed': {
    final: failBecause([true, null, null, null], 'self-signed certificate'),
    why: 'verifymsg= names the reason',
  },
  'untrusted-ca': {
    final: failBecause([null, true, null, null], 'unable to get local issuer certificate'),
    why: 'verifymsg= names the reason',
  },
  expired: {
    final: failBecause([null, null, null, true], 'certificate has expired'),
    why: 'verifymsg= names the reason',
  },
  'self-signed-mismatch': {
    final: failBecause([true, null, null, null], 'self-signed certificate'),
    why: 'self-signed; the name is never checked',
  },
  'expired-untrusted': {
    final: failBecause([null, true, null, null], 'unable to get local issuer certificate'),
    why: 'one reason only: verification stops at the missing issuer, before the dates',
  },
};

const withFallback: Record<string, Expectation> = {
  'handshake-failure': {
    final: but(HANDSHAKE_FAILED, { status: 'sent' }),
    why: 'TLSFallbacktoClear: the failed handshake is followed at once by a delivery in clear',
  },
  'tls10-fs': {
    final: but(HANDSHAKE_FAILED, { status: 'sent' }),
    why: 'TLS 1.0 ECDHE refused, then delivered in clear at once',
  },
};

export function sendmailExpectations(config: string): ExpectationTable {
  const overrides =
    config === 'loglevel-14' ? atLogLevel14 : config === 'fallback-to-clear' ? withFallback : {};
  return (scenario) => {
    const expectation = overrides[scenario] ?? common[scenario];
    if (!expectation) throw new Error(`no sendmail expectation for ${scenario}`);
    return expectation;
  };
}
