import type { CertificateVerdicts, Evidence, StarttlsResult } from '../../model/delivery.js';
import { UNKNOWN_VERDICTS } from '../../model/delivery.js';
import { reasonFromText, verdictsFromReasons } from '../../classify/reasons.js';
import type { EncryptedVerify } from './verify.js';

export interface Classification {
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
}

export interface SessionClassification extends Classification {
  /** The verification text to store with the delivery, or null. */
  verifyText: string | null;
}

/**
 * What a `STARTTLS=client` session proves about the certificate, from its `verify=` value and
 * the verification texts logged with it (`verifymsg=` at LogLevel 12, `cert verify:` reasons at
 * LogLevel 14). sendmail never checks the server's host name in the TLS layer, so `verify=OK`
 * is a trusted chain and nothing more; it reports one X509 error at most.
 */
export function classifySession(
  verify: EncryptedVerify,
  verifyTexts: string[],
): SessionClassification {
  const verifyText = verifyTexts.length > 0 ? verifyTexts.join(' | ') : null;
  switch (verify) {
    case 'TRUSTED':
      return { starttls: 'strict', evidence: 'verified', verdicts: allPassed(), verifyText };
    case 'OK':
      return {
        starttls: 'unverified',
        evidence: 'chain-only',
        verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: null, expired: false },
        verifyText,
      };
    case 'FAIL':
    case 'DANE_FAIL':
      return { ...failedChain(verifyTexts), verifyText };
    case 'NO':
      // A certificate was asked for and none came; it failed no named check.
      return {
        starttls: 'opportunistic',
        evidence: 'trust-only',
        verdicts: UNKNOWN_VERDICTS,
        verifyText: verifyText ?? 'no certificate',
      };
    case 'NOT':
    case 'DANE_TEMP':
    case 'BOGUS_DANE_RES':
      // Encrypted, but the log holds no verdict on the certificate.
      return {
        starttls: 'unverified',
        evidence: 'tls-only',
        verdicts: UNKNOWN_VERDICTS,
        verifyText,
      };
  }
}

function failedChain(verifyTexts: string[]): Classification {
  const reasons = verifyTexts.map(reasonFromText).filter((r) => r !== null);
  if (reasons.length === 0) {
    return { starttls: 'opportunistic', evidence: 'trust-only', verdicts: UNKNOWN_VERDICTS };
  }
  const verdicts = verdictsFromReasons(reasons, false);
  if (reasons.includes('name-mismatch')) {
    // OpenSSL reports a name mismatch only when the chain passed every other check.
    if (verdicts.selfSigned === null) verdicts.selfSigned = false;
    if (verdicts.untrustedCa === null) verdicts.untrustedCa = false;
    if (verdicts.expired === null) verdicts.expired = false;
  }
  return { starttls: 'opportunistic', evidence: 'reasons', verdicts };
}

/** A failed handshake before a delivery in clear, or before a deferral. */
export const HANDSHAKE_FAILURE: Classification = Object.freeze({
  starttls: 'failure',
  evidence: 'handshake-failure',
  verdicts: UNKNOWN_VERDICTS,
});

/** A connection without STARTTLS; `no-starttls` only where the log says it was not offered. */
export function clearConnection(evidence: 'no-starttls' | 'no-tls-line'): Classification {
  return { starttls: 'none', evidence, verdicts: UNKNOWN_VERDICTS };
}

function allPassed(): CertificateVerdicts {
  return { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false };
}
