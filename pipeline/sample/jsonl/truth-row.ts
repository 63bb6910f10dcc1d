import { domainToASCII } from 'node:url';
import type {
  CertificateVerdicts,
  DeliveryStatus,
  Evidence,
  StarttlsResult,
} from '../../model/delivery.js';
import type { CipherSuite } from '../cipher-suites.js';
import { flat } from '../flat.js';
import type { CertDefect } from '../tls-behaviour.js';
import type { Destination } from '../world.js';

/**
 * Ground-truth rows in the format of truth.ts (`GroundTruthRow`), for dialects whose rows need
 * other relay fields than Postfix's: no port, several rows per line, a log host of their own.
 */

/** What the log proves about the TLS of one delivery row. */
export interface TlsTruth {
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
  /** The negotiated suite, where the row carries protocol and cipher. */
  suite: CipherSuite | null;
}

export const UNKNOWN: CertificateVerdicts = Object.freeze({
  selfSigned: null,
  untrustedCa: null,
  nameMismatch: null,
  expired: null,
});

export const ALL_PASSED: CertificateVerdicts = Object.freeze({
  selfSigned: false,
  untrustedCa: false,
  nameMismatch: false,
  expired: false,
});

export const NONE_NO_TLS_LINE: TlsTruth = tls('none', 'no-tls-line', UNKNOWN, null);
export const NONE_NO_STARTTLS: TlsTruth = tls('none', 'no-starttls', UNKNOWN, null);

export function tls(
  starttls: StarttlsResult,
  evidence: Evidence,
  verdicts: CertificateVerdicts,
  suite: CipherSuite | null,
): TlsTruth {
  return { starttls, evidence, verdicts, suite };
}

export function failure(verdicts: CertificateVerdicts = UNKNOWN): TlsTruth {
  return tls('failure', 'handshake-failure', verdicts, null);
}

const VERDICT_KEY: Record<CertDefect, keyof CertificateVerdicts> = {
  'self-signed': 'selfSigned',
  'untrusted-ca': 'untrustedCa',
  'name-mismatch': 'nameMismatch',
  expired: 'expired',
};

/**
 * Verdicts from checks a log names: the named ones failed; the others passed when the log names
 * every failure (`complete`), else they are unknown.
 */
export function verdictsNaming(
  named: readonly CertDefect[],
  complete: boolean,
): CertificateVerdicts {
  const rest = complete ? false : null;
  const verdicts: CertificateVerdicts = {
    selfSigned: rest,
    untrustedCa: rest,
    nameMismatch: rest,
    expired: rest,
  };
  for (const defect of named) verdicts[VERDICT_KEY[defect]] = true;
  return verdicts;
}

/** The TLS part of a row as JSON text, from `"starttls"` to `"forwardSecrecy"`. */
export function tlsJson(t: TlsTruth): string {
  const v = t.verdicts;
  const s = t.suite;
  return flat(
    `"starttls":"${t.starttls}","evidence":"${t.evidence}",` +
      `"verdicts":{"selfSigned":${v.selfSigned},"untrustedCa":${v.untrustedCa},` +
      `"nameMismatch":${v.nameMismatch},"expired":${v.expired}},` +
      `"tlsVersion":${s ? `"${s.version}"` : null},"cipher":${s ? `"${s.cipher}"` : null},` +
      `"forwardSecrecy":${s ? s.forwardSecrecy : null}`,
  );
}

export interface RowFields {
  logHost: string;
  queueId: string;
  /** Lower-case A-label. */
  recipientDomain: string;
  mxHost: string | null;
  ip: string | null;
  port: number | null;
  status: DeliveryStatus;
  dsn: string | null;
  software: string | null;
}

/**
 * One row without its line number, ending in a newline (see day.ts `TruthRows`). The values are
 * host names, addresses, ids and codes the generators make, none with a character JSON escapes.
 */
export function truthRow(f: RowFields, tlsText: string): string {
  return (
    `"logHost":"${f.logHost}","queueId":"${f.queueId}","recipientDomain":"${f.recipientDomain}",` +
    `"mxHost":${text(f.mxHost)},"ip":${text(f.ip)},"port":${f.port},"status":"${f.status}",` +
    `"dsn":${text(f.dsn)},${tlsText},"software":${text(f.software)}}\n`
  );
}

function text(value: string | null): string {
  return value === null ? 'null' : `"${value}"`;
}

/**
 * The domain a logged address names, as a row states it (lower-case A-label): the destination's,
 * unless the address spells it otherwise. Upper-casing `straße` gives `STRASSE`, another domain.
 */
export function domainOf(address: string, destination: Destination): string {
  const logged = address.slice(address.lastIndexOf('@') + 1);
  if (logged === destination.logged) return destination.domain;
  return domainToASCII(logged.toLowerCase());
}
