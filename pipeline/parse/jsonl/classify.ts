import type { CertificateVerdicts, Evidence, StarttlsResult } from '../../model/delivery.js';
import { UNKNOWN_VERDICTS } from '../../model/delivery.js';
import { reasonFromText, verdictsFromReasons } from '../../classify/reasons.js';
import type { CanonicalCertificate, CanonicalRecord } from './validate.js';

export interface Classification {
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: CertificateVerdicts;
}

/**
 * What a canonical record proves about STARTTLS. The sender states its own verdicts, so a
 * record can prove Strict (every check passed) where most MTA logs cannot; a check it leaves
 * null stays unknown and is never taken as passed.
 */
export function classifyRecord(record: CanonicalRecord): Classification {
  const tls = record.tls;
  if (tls?.established) return classifyEstablished(tls.certificate);
  if (tls?.attempted) {
    // The handshake failed: verdicts the sender gave win over those read from its error text.
    const reason = tls.error === null ? null : reasonFromText(tls.error);
    const fromError = verdictsFromReasons(reason === null ? [] : [reason], false);
    const given = verdictsOf(tls.certificate);
    return {
      starttls: 'failure',
      evidence: 'handshake-failure',
      verdicts: {
        selfSigned: given.selfSigned ?? fromError.selfSigned,
        untrustedCa: given.untrustedCa ?? fromError.untrustedCa,
        nameMismatch: given.nameMismatch ?? fromError.nameMismatch,
        expired: given.expired ?? fromError.expired,
      },
    };
  }
  return record.starttlsAdvertised === false
    ? { starttls: 'none', evidence: 'no-starttls', verdicts: UNKNOWN_VERDICTS }
    : { starttls: 'none', evidence: 'no-tls-line', verdicts: UNKNOWN_VERDICTS };
}

function classifyEstablished(certificate: CanonicalCertificate | null): Classification {
  const verdicts = verdictsOf(certificate);
  const values = Object.values(verdicts);
  if (values.some((v) => v === true)) {
    return { starttls: 'opportunistic', evidence: 'reasons', verdicts };
  }
  if (certificate?.verified === true || values.every((v) => v === false)) {
    return {
      starttls: 'strict',
      evidence: 'verified',
      verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false },
    };
  }
  if (certificate?.verified === false) {
    // Failed, but the sender did not say which check.
    return { starttls: 'opportunistic', evidence: 'trust-only', verdicts };
  }
  if (
    verdicts.selfSigned === false &&
    verdicts.untrustedCa === false &&
    verdicts.expired === false
  ) {
    // The chain and dates passed and the name was not checked, like Postfix's `Trusted`.
    return { starttls: 'unverified', evidence: 'chain-only', verdicts };
  }
  return { starttls: 'unverified', evidence: 'tls-only', verdicts };
}

function verdictsOf(certificate: CanonicalCertificate | null): CertificateVerdicts {
  return {
    selfSigned: certificate?.selfSigned ?? null,
    untrustedCa: certificate?.untrustedCa ?? null,
    nameMismatch: certificate?.nameMismatch ?? null,
    expired: certificate?.expired ?? null,
  };
}
