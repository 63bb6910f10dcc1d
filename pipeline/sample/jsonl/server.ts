import { suite, type CipherSuite } from '../cipher-suites.js';
import type { Random } from '../random.js';
import type { CertDefect, TlsBehaviour } from '../tls-behaviour.js';
import type { Destination, MxHost } from '../world.js';

/** The MX host and address a connection goes to. */
export interface Server {
  mx: MxHost;
  ip: string;
}

/** One of the most preferred MX hosts, and one of its addresses, as an MTA picks them. */
export function pickServer(r: Random, destination: Destination): Server {
  const mx = r.pick(destination.mx[0] ?? destination.mx.flat());
  return { mx, ip: r.pick(mx.ips) };
}

/** A server certificate as a client that checks everything finds it. */
export interface Certificate {
  suite: CipherSuite;
  defects: readonly CertDefect[];
  /** OpenSSL one-line names: `/C=US/O=Let's Encrypt/CN=R11`. */
  subject: string;
  issuer: string;
}

const SNAKEOIL_TLS12 = suite('TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384', '256/256', true);
const SNAKEOIL_TLS1 = suite('TLSv1', 'DHE-RSA-AES256-SHA', '256/256', true);
const SNAKEOIL_DEFECTS: readonly CertDefect[] = ['self-signed', 'name-mismatch'];

/**
 * The certificate a client meets at `mx`, or null when the server presents none (no STARTTLS,
 * a failed handshake, or an anonymous suite a client allows). Servers that prefer anonymous
 * suites also have the installer's self-signed certificate for their short host name, which
 * clients that exclude anonymous suites (OpenSSL's default list, rustls) get instead.
 */
export function certificateAt(
  mx: MxHost,
  tls: TlsBehaviour,
  allowAnonymous: boolean,
): Certificate | null {
  switch (tls.kind) {
    case 'no-starttls':
    case 'handshake-failure':
      return null;
    case 'anonymous': {
      if (allowAnonymous) return null;
      const cn = `/CN=${mx.name.split('.')[0] ?? 'mail'}`;
      const modern = tls.suite.version === 'TLSv1.2';
      return {
        suite: modern ? SNAKEOIL_TLS12 : SNAKEOIL_TLS1,
        defects: SNAKEOIL_DEFECTS,
        subject: cn,
        issuer: cn,
      };
    }
    case 'certificate':
      return {
        suite: tls.suite,
        defects: tls.defects,
        ...names(mx.name, tls.defects, tls.untrustedText),
      };
  }
}

const PUBLIC_ISSUERS = [
  "/C=US/O=Let's Encrypt/CN=R11",
  "/C=US/O=Let's Encrypt/CN=R10",
  "/C=US/O=Let's Encrypt/CN=E6",
  '/C=GB/ST=Greater Manchester/L=Salford/O=Sectigo Limited/CN=Sectigo RSA Domain Validation ' +
    'Secure Server CA',
  '/C=US/O=DigiCert Inc/CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1',
  '/C=BE/O=GlobalSign nv-sa/CN=GlobalSign GCC R3 DV TLS CA 2020',
];

/** Subject and issuer, derived from the host name so that every session to it agrees. */
function names(
  host: string,
  defects: readonly CertDefect[],
  untrustedText: string,
): { subject: string; issuer: string } {
  const parent = host.slice(host.indexOf('.') + 1);
  const selfSigned = defects.includes('self-signed');
  const mismatch = defects.includes('name-mismatch');
  const cn = mismatch ? (selfSigned ? 'localhost.localdomain' : `www.${parent}`) : host;
  const subject = `/CN=${cn}`;
  if (selfSigned) return { subject, issuer: subject };
  if (defects.includes('untrusted-ca')) {
    const dn = untrustedText.startsWith('untrusted issuer ')
      ? untrustedText.slice('untrusted issuer '.length)
      : `/O=${parent}/CN=${parent} Mail CA`;
    return { subject, issuer: dn };
  }
  return { subject, issuer: PUBLIC_ISSUERS[hash(host) % PUBLIC_ISSUERS.length] as string };
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
