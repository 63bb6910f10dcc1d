import type { CertificateVerdicts, Evidence, StarttlsResult } from '../../model/delivery.js';
import { UNKNOWN_VERDICTS } from '../../model/delivery.js';
import { verdictsFromReasons, type Reason } from '../../classify/reasons.js';
import type { CertificateVerified } from './messages.js';

export interface Classification {
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
}

/** What is known about one delivery once its line and the lines before it are tied together. */
export interface EximEvidence {
  /** The line has `X=` or `CV=`: the delivery went over TLS. */
  encrypted: boolean;
  certificateVerified: CertificateVerified | null;
  /** The reasons of the `SSL verify error` lines of this session; null for unknown wording. */
  verifyReasons: (Reason | null)[];
  /** A failed handshake was logged for this attempt (a fallback line, or the deferral itself). */
  handshakeFailed: boolean;
  /** The log says the server offered no STARTTLS (`PS=` without `s`, or the deferral text). */
  noStarttls: boolean;
}

/**
 * The STARTTLS result of an Exim delivery (LOG-FORMATS §2.4). With OpenSSL, Exim logs one
 * `SSL verify error` line for every failing check, so checks not named passed; GnuTLS builds
 * log none, which leaves `CV=no` without a reason.
 */
export function classifyExim(e: EximEvidence): Classification {
  if (e.encrypted) {
    switch (e.certificateVerified) {
      case 'yes':
      case 'dane':
        return {
          starttls: 'strict',
          evidence: 'verified',
          verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false },
        };
      case 'no':
        return failedVerification(e.verifyReasons);
      case null:
        // `tls_certificate_verified` off, or Exim before 4.86.
        return { starttls: 'unverified', evidence: 'tls-only', verdicts: UNKNOWN_VERDICTS };
    }
  }
  if (e.handshakeFailed) {
    return { starttls: 'failure', evidence: 'handshake-failure', verdicts: UNKNOWN_VERDICTS };
  }
  if (e.noStarttls) {
    return { starttls: 'none', evidence: 'no-starttls', verdicts: UNKNOWN_VERDICTS };
  }
  return { starttls: 'none', evidence: 'no-tls-line', verdicts: UNKNOWN_VERDICTS };
}

function failedVerification(verifyReasons: (Reason | null)[]): Classification {
  const reasons = verifyReasons.filter((r) => r !== null);
  if (reasons.length === 0) {
    return { starttls: 'opportunistic', evidence: 'trust-only', verdicts: UNKNOWN_VERDICTS };
  }
  // A line in wording we do not know may name one of the four checks: then the checks not
  // named are unknown rather than passed.
  const complete = reasons.length === verifyReasons.length;
  return {
    starttls: 'opportunistic',
    evidence: 'reasons',
    verdicts: verdictsFromReasons(reasons, complete),
  };
}
