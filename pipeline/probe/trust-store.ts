import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

/**
 * The certificates a chain may end at: Node's bundled Mozilla roots and any extra PEM bundle
 * (`--ca-file`). Indexed by subject, since an issuer is looked up by its name first.
 */
export class TrustStore {
  private readonly bySubject = new Map<string, X509Certificate[]>();
  private readonly fingerprints = new Set<string>();

  constructor(anchors: Iterable<X509Certificate>) {
    for (const anchor of anchors) {
      if (this.fingerprints.has(anchor.fingerprint256)) continue;
      this.fingerprints.add(anchor.fingerprint256);
      const same = this.bySubject.get(anchor.subject) ?? [];
      same.push(anchor);
      this.bySubject.set(anchor.subject, same);
    }
  }

  /** Node's Mozilla roots, plus the certificates of `extraPem` (a PEM bundle's text). */
  static withSystemRoots(extraPem: string | null): TrustStore {
    const pems = [...rootCertificates, ...(extraPem === null ? [] : splitPem(extraPem))];
    return new TrustStore(pems.map((pem) => new X509Certificate(pem)));
  }

  get size(): number {
    return this.fingerprints.size;
  }

  /** The certificate is itself an anchor (a pinned self-signed certificate, or a root). */
  contains(certificate: X509Certificate): boolean {
    return this.fingerprints.has(certificate.fingerprint256);
  }

  /** An anchor that issued and signed the certificate, or null. */
  issuerOf(certificate: X509Certificate): X509Certificate | null {
    for (const anchor of this.bySubject.get(certificate.issuer) ?? []) {
      if (issued(certificate, anchor)) return anchor;
    }
    return null;
  }
}

/** `child` names `parent` as its issuer and carries a valid signature by `parent`'s key. */
export function issued(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    // A key type OpenSSL cannot use for the signature is no proof of issuance.
    return false;
  }
}

/** The PEM blocks of a bundle, in order; text between blocks is ignored. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
