import type { CertificateVerdicts } from '../model/delivery.js';

/** Why a certificate failed strict validation, in the vocabulary of the report. */
export type Reason = 'self-signed' | 'untrusted-ca' | 'name-mismatch' | 'expired' | 'other';

/**
 * Maps a verification message, as OpenSSL (1.x or 3.x), Postfix or an MTA words it, to a reason.
 * Returns null for text that names no known check.
 */
export function reasonFromText(text: string): Reason | null {
  const t = text.toLowerCase();
  if (t.includes('self signed certificate in certificate chain')) return 'untrusted-ca';
  if (t.includes('self-signed certificate in certificate chain')) return 'untrusted-ca';
  if (t.includes('self-signed') || t.includes('self signed')) return 'self-signed';
  if (t.includes('hostname mismatch') || t.includes('name mismatch')) return 'name-mismatch';
  if (t.includes('notvalidforname') || t.includes('altname')) return 'name-mismatch';
  // OpenSSL's CRL errors (`CRL has expired`, `unable to get certificate CRL`) are about the
  // revocation list, not the certificate's dates.
  if (/\bcrl (has expired|is not yet valid|signature)|certificate crl\b|\bcrl's\b/.test(t)) {
    return 'other';
  }
  if (t.includes('has expired') || t.includes('not yet valid') || t.includes('expired')) {
    return 'expired';
  }
  if (
    t.includes('untrusted issuer') ||
    t.includes('unable to get local issuer') ||
    t.includes('unable to get issuer') ||
    t.includes('unable to verify the first certificate') ||
    t.includes('unable to verify leaf') ||
    t.includes('not trusted') ||
    t.includes('unknownissuer') ||
    t.includes('unknown issuer') ||
    t.includes('certificate_not_trusted')
  ) {
    return 'untrusted-ca';
  }
  if (t.includes('revoked') || t.includes('chain longer') || t.includes('not designated')) {
    return 'other';
  }
  return null;
}

/**
 * Verdicts from the reasons a log names. With `complete`, the log lists every failing check
 * (Exim with OpenSSL), so checks not named passed; otherwise only the named ones are known.
 */
export function verdictsFromReasons(reasons: Reason[], complete: boolean): CertificateVerdicts {
  const known = (r: Reason): boolean | null =>
    reasons.includes(r) ? true : complete ? false : null;
  return {
    selfSigned: known('self-signed'),
    untrustedCa: known('untrusted-ca'),
    nameMismatch: known('name-mismatch'),
    expired: known('expired'),
  };
}
