import type { CipherSuite } from './cipher-suites.js';

/** A fault of a server certificate, as the world knows it (the log may show one, or none). */
export type CertDefect = 'self-signed' | 'untrusted-ca' | 'expired' | 'name-mismatch';

/** Postfix's word for the peer at the start of a TLS summary line. */
export type Trust = 'Anonymous' | 'Untrusted' | 'Trusted' | 'Verified';

/** The sender's TLS policy for a recipient domain (smtp_tls_policy_maps). */
export type TlsPolicy = 'may' | 'verify';

/** How an MX host answers STARTTLS. Fixed per host for the whole day. */
export type TlsBehaviour =
  | { kind: 'no-starttls' }
  | { kind: 'handshake-failure'; libraryError: string | null }
  | { kind: 'anonymous'; suite: CipherSuite; tail: SummaryTail }
  | {
      kind: 'certificate';
      suite: CipherSuite;
      tail: SummaryTail;
      defects: readonly CertDefect[];
      /** What OpenSSL says about an untrusted chain: `untrusted issuer /C=…` or similar. */
      untrustedText: string;
    };

/** The summary after `H[IP]:P: `, without (3.3 and older) and with (3.4+) the TLS 1.3 suffix. */
export interface SummaryTail {
  plain: string;
  full: string;
}

/** What Postfix logs about a new TLS session, before any delivery line. */
export interface TlsSessionView {
  trust: Trust;
  /** The one verification failure Postfix logs (only under a policy that requires a match). */
  named: CertDefect | null;
  /** The failure text after `H[IP]:P: `, and the words before `certificate verification`. */
  verifyText: string | null;
  verifyPrefix: string;
  /** The policy refused the server: every recipient is deferred. */
  refused: boolean;
}

// Postfix keeps the error closest to the leaf and ranks a hostname mismatch last.
const LOGGED_FIRST: readonly CertDefect[] = [
  'self-signed',
  'untrusted-ca',
  'expired',
  'name-mismatch',
];

/**
 * The trust word and verification line Postfix logs for a certificate under a policy. At level
 * `may` the name is never checked (a good chain is `Trusted`) and failures are not logged; at
 * `verify` a failure is logged before the summary and the delivery is deferred.
 */
export function certificateView(
  defects: readonly CertDefect[],
  untrustedText: string,
  policy: TlsPolicy,
): TlsSessionView {
  const chainOk = !defects.some((d) => d !== 'name-mismatch');
  const trust: Trust = chainOk ? 'Trusted' : 'Untrusted';
  if (policy === 'may') {
    return { trust, named: null, verifyText: null, verifyPrefix: '', refused: false };
  }

  const named = LOGGED_FIRST.find((d) => defects.includes(d)) ?? null;
  switch (named) {
    case null:
      return { trust: 'Verified', named, verifyText: null, verifyPrefix: '', refused: false };
    case 'self-signed':
      return {
        trust,
        named,
        verifyText: 'self-signed certificate',
        verifyPrefix: '',
        refused: true,
      };
    case 'untrusted-ca':
      return { trust, named, verifyText: untrustedText, verifyPrefix: '', refused: true };
    case 'expired':
      return {
        trust,
        named,
        verifyText: 'certificate has expired',
        verifyPrefix: 'server ',
        refused: true,
      };
    case 'name-mismatch':
      return {
        trust,
        named,
        verifyText: 'num=62:hostname mismatch',
        verifyPrefix: 'server ',
        refused: true,
      };
  }
}

export const UNTRUSTED_ISSUERS = [
  'untrusted issuer /C=US/O=Example/CN=Example CA',
  'untrusted issuer /C=DE/O=Muster Hosting GmbH/CN=Muster Hosting Internal CA',
  'untrusted issuer /O=Plesk/CN=Plesk/emailAddress=info@plesk.com',
  'untrusted issuer /C=FR/ST=Paris/O=Societe Exemple/CN=Exemple Root CA 2018',
  'untrusted issuer /CN=localhost.localdomain',
  'untrusted issuer /C=JP/O=Sample Corp/CN=Sample Corp Private CA G2',
  'not trusted by local or TLSA policy',
];

export const TLS_LIBRARY_ERRORS = [
  'error:0A000410:SSL routines::sslv3 alert handshake failure:ssl/record/rec_layer_s3.c:908:' +
    'SSL alert number 40:',
  'error:0A000102:SSL routines::unsupported protocol:ssl/statem/statem_lib.c:2002:',
  'error:0A00018A:SSL routines::dh key too small:ssl/statem/statem_clnt.c:2114:',
  'error:0A000152:SSL routines::unsafe legacy renegotiation disabled:ssl/statem/statem_lib.c:1089:',
];
