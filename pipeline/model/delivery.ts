/**
 * One delivery attempt to one recipient, as the warehouse stores it. Column names in the
 * warehouse are the snake_case forms of these fields; docs/columns.md describes each one.
 */

export const DIALECTS = ['postfix', 'exim', 'sendmail', 'kumomta', 'jsonl'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * What a delivery's log proves about STARTTLS, strongest first.
 * - strict: encrypted, and the certificate passed CA, name and date checks.
 * - unverified: encrypted, but the log holds no verdict on the certificate (or not on every check).
 * - opportunistic: encrypted, and the certificate failed at least one check.
 * - failure: STARTTLS was attempted and the handshake failed; the mail went in clear.
 * - none: sent in clear without a STARTTLS attempt.
 */
export const STARTTLS_RESULTS = [
  'strict',
  'unverified',
  'opportunistic',
  'failure',
  'none',
] as const;
export type StarttlsResult = (typeof STARTTLS_RESULTS)[number];

export const DELIVERY_STATUSES = ['sent', 'deferred', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A certificate check: true = the check failed (the defect is present), null = not known. */
export type Verdict = boolean | null;

/**
 * What the STARTTLS result of a delivery rests on. Stored as a column so that every figure can
 * say how much of it is proven by the log and how much is inferred.
 */
export const EVIDENCE = [
  'verified', // the MTA verified chain and name (Postfix Verified, Exim CV=yes/dane, ...)
  'reasons', // the certificate failed, and the log names the failing check(s)
  'trust-only', // the log says the chain was not trusted but not why
  'chain-only', // the chain was trusted, the name was not checked
  'tls-only', // TLS was used, nothing is known about the certificate
  'anonymous', // an anonymous cipher suite: no certificate was presented
  'handshake-failure', // a failed handshake was logged before a delivery in clear
  'no-starttls', // the log says explicitly that the server did not offer STARTTLS
  'no-tls-line', // no TLS line: inferred from absence
  'plaintext-reuse', // a reused connection that was opened in clear
  'probe', // no verdict in the log: the verdicts come from a probe of the server
] as const;
export type Evidence = (typeof EVIDENCE)[number];

export interface CertificateVerdicts {
  selfSigned: Verdict;
  untrustedCa: Verdict;
  nameMismatch: Verdict;
  expired: Verdict;
}

export interface Delivery {
  /** Milliseconds since the epoch, UTC. */
  timeMillis: number;
  logHost: string;
  dialect: Dialect;
  queueId: string;
  /** Lower-case IDNA A-label; never the local part. */
  recipientDomain: string;
  /**
   * The recipient address as logged, held in memory only: the ingest turns it into the opt-in
   * keyed pseudonym and no column, file or message ever receives it. Null when the log has none.
   */
  recipientAddress: string | null;
  /** HMAC of the address under the user's key (`--recipient-key-file`), or null. */
  recipientPseudonym: string | null;
  mxHost: string | null;
  ip: string | null;
  port: number | null;
  status: DeliveryStatus;
  dsn: string | null;
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
  /** The MTA's own word for the certificate, as logged: `Trusted`, `CV=no`, `verify=OK`. */
  trustLogged: string | null;
  /** Certificate-verification text as logged, several joined by ` | `. */
  verifyText: string | null;
  /** TLS protocol as logged, and normalized to `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`, `SSLv3`. */
  tlsVersionLogged: string | null;
  tlsVersion: string | null;
  cipherLogged: string | null;
  /** OpenSSL name of the cipher suite where it is known, else the logged name. */
  cipher: string | null;
  forwardSecrecy: boolean | null;
  /** Key-exchange group where logged (Postfix 3.4+, Exim 4.99+): `X25519`, `secp256r1`. */
  keyExchange: string | null;
  /** Receiving software guessed from a banner or the reply to DATA, or null. */
  software: string | null;
  /** Nth delivery on one connection, where the MTA logs it. */
  connectionUse: number | null;
  /** Content fingerprint of the input file, and byte offset and 1-based number of the line. */
  sourceFile: string;
  sourceOffset: number;
  sourceLine: number;
}

export const UNKNOWN_VERDICTS: CertificateVerdicts = Object.freeze({
  selfSigned: null,
  untrustedCa: null,
  nameMismatch: null,
  expired: null,
});
