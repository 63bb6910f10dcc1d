import type { CertificateVerdicts, Evidence, StarttlsResult } from '../../model/delivery.js';
import { UNKNOWN_VERDICTS } from '../../model/delivery.js';
import { reasonFromText, verdictsFromReasons } from '../../classify/reasons.js';
import type { TrustLevel } from './messages.js';

export interface Classification {
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
}

/**
 * What a Postfix TLS summary, and the verification lines logged before it, prove about the
 * certificate. Postfix logs at most one reason per session, the one closest to the leaf, and a
 * hostname mismatch only when nothing else failed; at level `may` it never checks the name.
 */
export function classifyEncrypted(trust: TrustLevel | null, verifyTexts: string[]): Classification {
  if (trust === 'Verified') {
    return { starttls: 'strict', evidence: 'verified', verdicts: allPassed() };
  }

  const reasons = verifyTexts.map(reasonFromText).filter((r) => r !== null);
  if (reasons.length > 0) {
    const verdicts = verdictsFromReasons(reasons, false);
    if (reasons.includes('name-mismatch') || trust === 'Trusted') {
      // Either the chain was fine (Trusted) or the mismatch, Postfix's lowest-priority error,
      // was the only one found.
      if (verdicts.selfSigned === null) verdicts.selfSigned = false;
      if (verdicts.untrustedCa === null) verdicts.untrustedCa = false;
      if (verdicts.expired === null) verdicts.expired = false;
    }
    return { starttls: 'opportunistic', evidence: 'reasons', verdicts };
  }
  if (verifyTexts.length > 0 || trust === 'Untrusted') {
    return { starttls: 'opportunistic', evidence: 'trust-only', verdicts: UNKNOWN_VERDICTS };
  }
  if (trust === 'Anonymous') {
    return { starttls: 'opportunistic', evidence: 'anonymous', verdicts: UNKNOWN_VERDICTS };
  }
  if (trust === 'Trusted') {
    return {
      starttls: 'unverified',
      evidence: 'chain-only',
      verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: null, expired: false },
    };
  }
  return { starttls: 'unverified', evidence: 'tls-only', verdicts: UNKNOWN_VERDICTS };
}

/**
 * What the Postfix 3.11 `tls=` field alone proves, for a delivery without a summary line:
 * `level[:downgrade][?]` with a `!` before a level the connection violated.
 */
export function classifyTlsFeatures(features: string): Classification | null {
  const level = features.split('/')[0] ?? '';
  if (level.startsWith('!') || level.endsWith('?')) return null;
  const [policy, downgrade] = level.split(':');
  const effective = downgrade ?? policy;
  switch (effective) {
    case 'none':
      return policy === 'may' || policy === 'dane'
        ? { starttls: 'none', evidence: 'no-starttls', verdicts: UNKNOWN_VERDICTS }
        : { starttls: 'none', evidence: 'no-tls-line', verdicts: UNKNOWN_VERDICTS };
    case 'may':
    case 'encrypt':
    case 'halfdane':
      return { starttls: 'unverified', evidence: 'tls-only', verdicts: UNKNOWN_VERDICTS };
    case 'dane':
    case 'dane-only':
    case 'verify':
    case 'secure':
      return { starttls: 'strict', evidence: 'verified', verdicts: allPassed() };
    default:
      return null;
  }
}

function allPassed(): CertificateVerdicts {
  return { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false };
}
