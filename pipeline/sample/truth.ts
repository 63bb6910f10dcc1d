import type {
  CertificateVerdicts,
  DeliveryStatus,
  Evidence,
  StarttlsResult,
} from '../model/delivery.js';
import type { CipherSuite } from './cipher-suites.js';
import { flat } from './flat.js';
import type { CertDefect, Trust } from './tls-behaviour.js';

/**
 * The ground truth: for every delivery line written, the result its log proves. It is computed
 * from what the generator decided to log, never by reading the log back, so that it can judge
 * the pipeline's parser and correlator.
 */
export interface GroundTruthRow {
  /** 1-based number of the delivery line in the log. */
  line: number;
  logHost: string;
  queueId: string;
  recipientDomain: string;
  mxHost: string | null;
  ip: string | null;
  port: number | null;
  status: DeliveryStatus;
  dsn: string | null;
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
  tlsVersion: string | null;
  cipher: string | null;
  forwardSecrecy: boolean | null;
  software: string | null;
}

/** What the lines a process logged before a delivery line say about its connection. */
export type SessionEvidence =
  | { kind: 'summary'; trust: Trust; named: CertDefect | null; suite: CipherSuite }
  | { kind: 'handshake-failure' }
  | { kind: 'clear'; evidence: 'no-tls-line' | 'no-starttls' | 'plaintext-reuse' };

const VERDICT_KEYS: Record<CertDefect, keyof CertificateVerdicts> = {
  'self-signed': 'selfSigned',
  'untrusted-ca': 'untrustedCa',
  'name-mismatch': 'nameMismatch',
  expired: 'expired',
};

interface TlsTruth {
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
  suite: CipherSuite | null;
}

const UNKNOWN: CertificateVerdicts = {
  selfSigned: null,
  untrustedCa: null,
  nameMismatch: null,
  expired: null,
};

/** The classification contract for Postfix logs, applied to what a session logged. */
export function tlsTruth(session: SessionEvidence): TlsTruth {
  switch (session.kind) {
    case 'handshake-failure':
      return { starttls: 'failure', evidence: 'handshake-failure', verdicts: UNKNOWN, suite: null };
    case 'clear':
      return { starttls: 'none', evidence: session.evidence, verdicts: UNKNOWN, suite: null };
    case 'summary':
      break;
  }
  const suite = session.suite;
  if (session.named !== null) {
    // One logged reason. A hostname mismatch is logged only when the chain passed; any other
    // reason says nothing about the checks Postfix did not report.
    const others = session.named === 'name-mismatch' ? false : null;
    const verdicts: CertificateVerdicts = {
      selfSigned: others,
      untrustedCa: others,
      nameMismatch: others,
      expired: others,
    };
    verdicts[VERDICT_KEYS[session.named]] = true;
    return { starttls: 'opportunistic', evidence: 'reasons', verdicts, suite };
  }
  switch (session.trust) {
    case 'Verified':
      return {
        starttls: 'strict',
        evidence: 'verified',
        verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false },
        suite,
      };
    case 'Trusted':
      return {
        starttls: 'unverified',
        evidence: 'chain-only',
        verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: null, expired: false },
        suite,
      };
    case 'Untrusted':
      return { starttls: 'opportunistic', evidence: 'trust-only', verdicts: UNKNOWN, suite };
    case 'Anonymous':
      return { starttls: 'opportunistic', evidence: 'anonymous', verdicts: UNKNOWN, suite };
  }
}

/**
 * The TLS part of a row as JSON text, from `"starttls"` to `"forwardSecrecy"`. Built once per
 * session and shared by its delivery lines.
 */
export function tlsFragment(session: SessionEvidence): string {
  const t = tlsTruth(session);
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

/** Where a delivery went, as JSON text from `"logHost"` to `"port"`. */
export function relayFragment(
  logHost: string,
  queueId: string,
  recipientDomain: string,
  mxHost: string,
  ip: string,
): string {
  return (
    `"logHost":"${logHost}","queueId":"${queueId}","recipientDomain":"${recipientDomain}",` +
    `"mxHost":"${mxHost}","ip":"${ip}","port":25`
  );
}

/** A row without its line number: the generator adds `{"line":N,` when the line is written. */
export function rowText(
  relay: string,
  status: DeliveryStatus,
  dsn: string,
  tls: string,
  software: string | null,
): string {
  const name = software === null ? 'null' : `"${software}"`;
  return `${relay},"status":"${status}","dsn":"${dsn}",${tls},"software":${name}}\n`;
}
