import {
  ALL_PASSED,
  but,
  deferredEachTime,
  row,
  UNKNOWN,
  type Expectation,
  type ExpectationTable,
} from '../harness/expectation.js';

/**
 * What Exim 4.96 with GnuTLS logs prove (LOG-FORMATS.md §2). Exim tries to verify every host,
 * the chain against tls_verify_certificates and the name against the host it routed to, and
 * logs the verdict on the delivery line: `CV=yes` is strict. A GnuTLS build logs no reason
 * for `CV=no`, so every certificate defect looks the same. A failed handshake is followed at
 * once by a delivery in clear on a new connection (tls_tempfail_tryclear). Neither a missing
 * STARTTLS nor a 454 reply to it leaves a line. Deferrals (`==`) carry no TLS fields at all,
 * while failures (`**`) do. `+tls_peerdn` adds `DN=` and changes nothing else.
 */

const VERIFIED = row({
  status: 'sent',
  starttls: 'strict',
  evidence: 'verified',
  verdicts: ALL_PASSED,
  trust: 'CV=yes',
  tls: true,
  verifyText: null,
});
const NOT_VERIFIED = row({
  status: 'sent',
  starttls: 'opportunistic',
  evidence: 'trust-only',
  verdicts: UNKNOWN,
  trust: 'CV=no',
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

const CV_NO = 'CV=no; GnuTLS builds log no reason';

const table: Record<string, Expectation> = {
  valid: { final: VERIFIED, why: 'CV=yes: chain and name verified' },
  wildcard: { final: VERIFIED, why: 'CV=yes: the wildcard matches the host name' },
  'self-signed': { final: NOT_VERIFIED, why: CV_NO },
  'untrusted-ca': { final: NOT_VERIFIED, why: CV_NO },
  expired: { final: NOT_VERIFIED, why: CV_NO },
  mismatch: {
    final: NOT_VERIFIED,
    why: `${CV_NO}; the name is checked (tls_verify_cert_hostnames)`,
  },
  'self-signed-mismatch': { final: NOT_VERIFIED, why: CV_NO },
  'expired-untrusted': { final: NOT_VERIFIED, why: CV_NO },
  'no-starttls': { final: IN_CLEAR, why: 'no X= on the delivery line, and no other line' },
  'refuse-454': { final: IN_CLEAR, why: 'a refused STARTTLS is not logged: looks like none' },
  'handshake-failure': {
    final: row({
      status: 'sent',
      starttls: 'failure',
      evidence: 'handshake-failure',
      verdicts: UNKNOWN,
      trust: null,
      tls: false,
    }),
    why: '`TLS session: (gnutls_handshake): …: delivering unencrypted`, then => without X=',
  },
  'tls10-fs': { final: VERIFIED, why: 'GnuTLS still negotiates TLS 1.0 by default' },
  'tls10-rsa': { final: VERIFIED, why: 'GnuTLS still negotiates TLS 1.0 with RSA key exchange' },
  'tls12-fs': { final: VERIFIED, why: 'ECDHE: the GnuTLS description names the key exchange' },
  'tls12-rsa': { final: VERIFIED, why: 'RSA key exchange: no forward secrecy' },
  tls13: { final: VERIFIED, why: 'TLS 1.3: the suite maps to its OpenSSL name' },
  'temp-reject': deferredEachTime(
    but(IN_CLEAR, { status: 'deferred', tls: 'unlogged' }),
    'Exim writes no X= or CV= on == lines: a deferral over TLS reads as none/no-tls-line',
  ),
  'perm-reject': { final: but(VERIFIED, { status: 'bounced' }), why: '** line with X= and CV=yes' },
  'two-addresses': {
    final: VERIFIED,
    why: 'the refused address is skipped; delivered at the other',
  },
};

export function eximExpectations(_config: string): ExpectationTable {
  return (scenario) => {
    const expectation = table[scenario];
    if (!expectation) throw new Error(`no exim expectation for ${scenario}`);
    return expectation;
  };
}
