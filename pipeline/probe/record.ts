import type { CertificateVerdicts } from '../model/delivery.js';

/** A receiving server to probe: the MX host name (for SNI and the name check) and its address. */
export interface ProbeTarget {
  /** Lower-case host name, or null to probe an address without SNI or a name check. */
  mxHost: string | null;
  ip: string;
  port: number;
}

/**
 * How a probe ended, best first.
 * - ok: STARTTLS was advertised and the TLS handshake completed.
 * - no-starttls: the server greeted but did not offer STARTTLS (or refused EHLO).
 * - handshake-failed: STARTTLS was offered but refused, or the TLS handshake failed.
 * - unreachable: no SMTP session: the connection failed, or the greeting refused service.
 * - protocol-error: the server broke SMTP: garbage, an overlong line, a stall or a reset.
 */
export const PROBE_OUTCOMES = [
  'ok',
  'no-starttls',
  'handshake-failed',
  'unreachable',
  'protocol-error',
] as const;
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

/** Where a probe row came from: this program's own probe, or an imported ZGrab2 scan. */
export type ProbeSource = 'probe' | 'zgrab2';

/** The server certificate as presented: the leaf's facts and the fingerprints of the chain. */
export interface CertificateFacts {
  /** Distinguished names in one line, `C=US, O=Example, CN=mx.example.com`. */
  subject: string;
  issuer: string;
  /** DNS names of the subjectAltName extension, lower-case, in certificate order. */
  sans: string[];
  notBeforeMillis: number;
  notAfterMillis: number;
  /** SHA-256 of the leaf's DER, lower-case hex. */
  sha256: string;
  /** SHA-256 of every certificate the server sent, leaf first, in issuing order. */
  chainSha256: string[];
}

/** One probe of one server, as the probe table stores it; docs/probe.md describes each column. */
export interface ProbeRecord {
  /** The day the row is filed under (YYYY-MM-DD, the UTC day of probedAtMillis by default). */
  probeDay: string;
  probedAtMillis: number;
  source: ProbeSource;
  mxHost: string | null;
  ip: string;
  port: number;
  /** Null only for an imported scan that stopped before it could tell (a banner grab). */
  outcome: ProbeOutcome | null;
  /** The greeting, its lines joined by `\n`. */
  banner: string | null;
  software: string | null;
  /** EHLO keywords (`STARTTLS`, `SIZE`, `PIPELINING`), upper-case, in reply order. */
  ehloKeywords: string[] | null;
  starttlsAdvertised: boolean | null;
  tlsVersion: string | null;
  /** OpenSSL name of the negotiated suite. */
  cipher: string | null;
  forwardSecrecy: boolean | null;
  keyExchange: string | null;
  certificate: CertificateFacts | null;
  verdicts: CertificateVerdicts;
  /** True when all four checks passed, false when one failed, null when one is unknown. */
  strict: boolean | null;
  /** What went wrong, for every outcome but ok (and for an ok probe whose QUIT failed: null). */
  error: string | null;
  /** Connection attempts made (1 + retries used); 0 for imported rows. */
  attempts: number;
  durationMillis: number | null;
}

/** Strict means every check is known and passed; one failure settles it, one unknown does not. */
export function strictFromVerdicts(v: CertificateVerdicts): boolean | null {
  const all = [v.selfSigned, v.untrustedCa, v.nameMismatch, v.expired];
  if (all.includes(true)) return false;
  if (all.includes(null)) return null;
  return true;
}

/** The UTC day (YYYY-MM-DD) of a time in milliseconds since the epoch. */
export function utcDay(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}
