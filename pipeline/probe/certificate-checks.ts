import { isIP } from 'node:net';
import type { X509Certificate } from 'node:crypto';
import type { CertificateVerdicts } from '../model/delivery.js';
import { UNKNOWN_VERDICTS } from '../model/delivery.js';
import { parseCertificateTime } from './certificate-facts.js';
import { issued, type TrustStore } from './trust-store.js';

export interface CheckContext {
  /** The MX host name the certificate must carry; null when only an address is known. */
  host: string | null;
  /** The time the dates are judged at, in milliseconds since the epoch (the probe's clock). */
  nowMillis: number;
  trust: TrustStore;
}

export interface CheckResult {
  verdicts: CertificateVerdicts;
  /** The certification path found: the leaf, the sent certificates used, and the anchor. */
  path: X509Certificate[];
  trusted: boolean;
}

const MAX_PATH = 10;

/**
 * Every check of a presented chain at once, where a TLS library stops at the first failure:
 * self-signed, untrusted CA, name mismatch and dates. A self-signed leaf that is not itself
 * trusted counts as self-signed, not as an untrusted CA: no CA is involved, and OpenSSL, Postfix
 * and Exim name it so. With no certificate at all (an anonymous suite) nothing is known.
 */
export function checkCertificate(
  chain: readonly X509Certificate[],
  context: CheckContext,
): CheckResult {
  const leaf = chain[0];
  if (leaf === undefined) return { verdicts: UNKNOWN_VERDICTS, path: [], trusted: false };

  const { path, trusted } = certificationPath(leaf, chain.slice(1), context.trust);
  const selfSigned = isSelfSigned(leaf) && !context.trust.contains(leaf);
  const verdicts: CertificateVerdicts = {
    selfSigned,
    untrustedCa: !trusted && !selfSigned,
    nameMismatch: context.host === null ? null : !matchesHost(leaf, context.host),
    expired: path.some((c) => !validAt(c, context.nowMillis)),
  };
  return { verdicts, path, trusted };
}

/**
 * Builds the path from the leaf upwards, preferring an anchor at every step (so an expired
 * cross-signed root sent along does not spoil a path that a trusted root already ends), then a
 * sent certificate that issued and signed the current one.
 */
function certificationPath(
  leaf: X509Certificate,
  sent: readonly X509Certificate[],
  trust: TrustStore,
): { path: X509Certificate[]; trusted: boolean } {
  const path = [leaf];
  let current = leaf;
  while (path.length <= MAX_PATH) {
    if (trust.contains(current)) return { path, trusted: true };
    const anchor = trust.issuerOf(current);
    if (anchor !== null) return { path: [...path, anchor], trusted: true };
    if (isSelfSigned(current)) return { path, trusted: false };
    const next = sent.find((c) => !path.includes(c) && issued(current, c));
    if (next === undefined) return { path, trusted: false };
    path.push(next);
    current = next;
  }
  return { path, trusted: false };
}

/**
 * Issuer and subject are the same name, and the certificate's own key verifies it. Not
 * `checkIssued`: that also asks for the keyCertSign usage, which self-signed server
 * certificates rarely carry, and OpenSSL does not ask for it when it calls a leaf self-signed.
 */
export function isSelfSigned(certificate: X509Certificate): boolean {
  if (certificate.issuer !== certificate.subject) return false;
  try {
    return certificate.verify(certificate.publicKey);
  } catch {
    return false;
  }
}

/**
 * RFC 6125 name matching, as OpenSSL implements it with these flags: the subjectAltName DNS
 * names (the subject CN only when there are none), a wildcard only as the whole leftmost label
 * and standing for exactly one label, so `*.example.com` matches `mx.example.com` but neither
 * `a.mx.example.com` nor `example.com`, and `m*.example.com` matches nothing.
 */
export function matchesHost(certificate: X509Certificate, host: string): boolean {
  const name = host.replace(/\.$/, '').toLowerCase();
  if (isIP(name) !== 0) return certificate.checkIP(name) !== undefined;
  return (
    certificate.checkHost(name, {
      subject: 'default',
      wildcards: true,
      partialWildcards: false,
      multiLabelWildcards: false,
      singleLabelSubdomains: false,
    }) !== undefined
  );
}

function validAt(certificate: X509Certificate, nowMillis: number): boolean {
  const notBefore = parseCertificateTime(certificate.validFrom);
  const notAfter = parseCertificateTime(certificate.validTo);
  return nowMillis >= notBefore && nowMillis <= notAfter;
}
