/**
 * The receiving servers of the conformance suite. Each scenario is one recipient domain, routed
 * to its own MX host name on its own loopback address, where a receiver behaves as the
 * scenario says. The sender learns the addresses from the namespace's /etc/hosts only.
 */

/** Which certificate a receiver presents (see pki.ts for how each one is made). */
export type CertificateKind =
  | 'valid' // issued by the test CA the sender trusts, for the MX host name
  | 'wildcard' // issued by the test CA for `*.<scenario domain>`
  | 'self-signed' // for the right name, signed by its own key
  | 'untrusted-ca' // for the right name, issued by a CA the sender does not know
  | 'expired' // issued by the test CA for the right name, expired a month ago
  | 'mismatch' // issued by the test CA for another name
  | 'self-signed-mismatch'
  | 'expired-untrusted';

/** What the receiver does when the client sends STARTTLS. */
export type StarttlsBehaviour =
  | 'accept' // 220, then the handshake
  | 'not-offered' // EHLO does not advertise STARTTLS
  | 'refuse-454' // 454 4.7.0, then carries on in clear
  | 'garbage'; // 220, then bytes that are not TLS, then closes the connection

export interface TlsSettings {
  minVersion: 'TLSv1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion: 'TLSv1' | 'TLSv1.2' | 'TLSv1.3';
  /**
   * OpenSSL cipher string as Node takes it: TLS ≤1.2 suites (with `@SECLEVEL=0` where old
   * protocols need it) and TLS 1.3 suites (`TLS_…`) alike.
   */
  ciphers?: string;
}

export interface Scenario {
  name: string;
  /** The recipient domain, `<name>.census.test`. */
  domain: string;
  /** The host name the sender routes the domain to. */
  mxHost: string;
  /** The addresses /etc/hosts gives the MX host; a receiver listens on each `live` one. */
  addresses: string[];
  /** Addresses with no listener: connections to them are refused. */
  deadAddresses: string[];
  certificate: CertificateKind;
  starttls: StarttlsBehaviour;
  tls: TlsSettings;
  /** The reply to RCPT TO. */
  rcptReply: '250' | '451' | '550';
  /** One line for the report: what the receiver does. */
  description: string;
}

const DEFAULT_TLS: TlsSettings = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' };

interface ScenarioSpec {
  name: string;
  description: string;
  certificate?: CertificateKind;
  starttls?: StarttlsBehaviour;
  tls?: TlsSettings;
  rcptReply?: Scenario['rcptReply'];
  /** The first of two addresses has no listener. */
  twoAddresses?: boolean;
}

const SPECS: ScenarioSpec[] = [
  { name: 'valid', description: 'certificate from the trusted test CA, matching name' },
  { name: 'wildcard', certificate: 'wildcard', description: 'trusted wildcard certificate' },
  { name: 'self-signed', certificate: 'self-signed', description: 'self-signed certificate' },
  { name: 'untrusted-ca', certificate: 'untrusted-ca', description: 'issued by an unknown CA' },
  { name: 'expired', certificate: 'expired', description: 'trusted CA, expired' },
  { name: 'mismatch', certificate: 'mismatch', description: 'trusted CA, another host name' },
  {
    name: 'self-signed-mismatch',
    certificate: 'self-signed-mismatch',
    description: 'self-signed, another host name',
  },
  {
    name: 'expired-untrusted',
    certificate: 'expired-untrusted',
    description: 'issued by an unknown CA, expired',
  },
  { name: 'no-starttls', starttls: 'not-offered', description: 'EHLO without STARTTLS' },
  { name: 'refuse-454', starttls: 'refuse-454', description: 'STARTTLS answered with 454' },
  {
    name: 'handshake-failure',
    starttls: 'garbage',
    description: 'STARTTLS accepted, then bytes that are not TLS and a closed connection',
  },
  {
    name: 'tls10-fs',
    tls: {
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'ECDHE-RSA-AES256-SHA:@SECLEVEL=0',
    },
    description: 'TLS 1.0 only, ECDHE-RSA-AES256-SHA',
  },
  {
    name: 'tls10-rsa',
    tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'AES256-SHA:@SECLEVEL=0' },
    description: 'TLS 1.0 only, AES256-SHA (RSA key exchange)',
  },
  {
    name: 'tls12-fs',
    tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
    description: 'TLS 1.2 only, ECDHE-RSA-AES128-GCM-SHA256',
  },
  {
    name: 'tls12-rsa',
    tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'AES256-GCM-SHA384' },
    description: 'TLS 1.2 only, AES256-GCM-SHA384 (RSA key exchange)',
  },
  {
    name: 'tls13',
    tls: {
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      ciphers: 'TLS_CHACHA20_POLY1305_SHA256',
    },
    description: 'TLS 1.3 only, TLS_CHACHA20_POLY1305_SHA256',
  },
  { name: 'temp-reject', rcptReply: '451', description: 'valid certificate, 451 to RCPT' },
  { name: 'perm-reject', rcptReply: '550', description: 'valid certificate, 550 to RCPT' },
  {
    name: 'two-addresses',
    twoAddresses: true,
    description: 'MX name with two addresses, the first refuses connections',
  },
];

export const DOMAIN_SUFFIX = 'census.test';

/** The scenarios, each with its addresses: 127.0.0.10 and up, in table order. */
export const SCENARIOS: Scenario[] = (() => {
  let next = 10;
  return SPECS.map((spec) => {
    const addresses = spec.twoAddresses ? [next, next + 1] : [next];
    next += addresses.length;
    const domain = `${spec.name}.${DOMAIN_SUFFIX}`;
    const dotted = addresses.map((n) => `127.0.0.${n}`);
    return {
      name: spec.name,
      domain,
      mxHost: `mx.${domain}`,
      addresses: dotted,
      deadAddresses: spec.twoAddresses ? dotted.slice(0, 1) : [],
      certificate: spec.certificate ?? 'valid',
      starttls: spec.starttls ?? 'accept',
      tls: spec.tls ?? DEFAULT_TLS,
      rcptReply: spec.rcptReply ?? '250',
      description: spec.description,
    };
  });
})();

export function scenarioByDomain(domain: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.domain === domain);
}

/** The one recipient of each scenario's message. */
export function recipientOf(scenario: Scenario): string {
  return `census@${scenario.domain}`;
}

/** The name a certificate of this kind carries: the MX host, or another name. */
export function certificateNames(scenario: Scenario): string[] {
  switch (scenario.certificate) {
    case 'wildcard':
      return [`*.${scenario.domain}`];
    case 'mismatch':
    case 'self-signed-mismatch':
      return [`other-host.${DOMAIN_SUFFIX}`];
    default:
      return [scenario.mxHost];
  }
}
