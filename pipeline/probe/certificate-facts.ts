import type { X509Certificate } from 'node:crypto';
import type { CertificateFacts } from './record.js';

/** What the table stores about a presented chain: the leaf's names and dates, every fingerprint. */
export function certificateFacts(chain: readonly X509Certificate[]): CertificateFacts | null {
  const leaf = chain[0];
  if (leaf === undefined) return null;
  return {
    subject: oneLineName(leaf.subject),
    issuer: oneLineName(leaf.issuer),
    sans: dnsNames(leaf.subjectAltName),
    notBeforeMillis: parseCertificateTime(leaf.validFrom),
    notAfterMillis: parseCertificateTime(leaf.validTo),
    sha256: sha256Hex(leaf),
    chainSha256: chain.map(sha256Hex),
  };
}

export function sha256Hex(certificate: X509Certificate): string {
  return certificate.fingerprint256.replaceAll(':', '').toLowerCase();
}

/** Node prints a name one attribute per line (`C=US\nCN=mx.example.com`); the table, on one. */
export function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/**
 * The DNS names of a subjectAltName as Node prints it: `DNS:a.example, IP Address:192.0.2.1`.
 * Since Node 17 a value with a comma or quote is printed as a JSON string, so one cannot
 * smuggle a second name into the list.
 */
export function dnsNames(subjectAltName: string | undefined): string[] {
  if (subjectAltName === undefined) return [];
  const names: string[] = [];
  const entry = /(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (const match of subjectAltName.matchAll(entry)) {
    if (match[1] !== 'DNS') continue;
    const value = match[2] ?? '';
    names.push((value.startsWith('"') ? (JSON.parse(value) as string) : value).toLowerCase());
  }
  return names;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OpenSSL's certificate time, `Jan  1 00:00:00 2030 GMT`, in milliseconds since the epoch. */
export function parseCertificateTime(text: string): number {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) GMT$/.exec(text.trim());
  const month = MONTHS.indexOf(m?.[1] ?? '');
  if (!m || month < 0) throw new Error(`unreadable certificate time: ${JSON.stringify(text)}`);
  const [day, hour, minute, second, year] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  return Date.UTC(year ?? NaN, month, day, hour, minute, second);
}
