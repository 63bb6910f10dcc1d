import {
  anonymousSuite,
  certificateSuite,
  summaryTail,
  type CipherSuite,
  type SuiteAge,
} from './cipher-suites.js';
import type { Random } from './random.js';
import type { ReplyStyle } from './software.js';
import {
  TLS_LIBRARY_ERRORS,
  UNTRUSTED_ISSUERS,
  type CertDefect,
  type TlsBehaviour,
} from './tls-behaviour.js';
import { weighted } from './weighted.js';

/** Which kind of server, for the TLS it tends to run. Shared hosting is run by professionals. */
export type ServerKind = ReplyStyle | 'hosting';

type Outcome = 'no-starttls' | 'handshake-failure' | 'anonymous' | 'certificate';

// STARTTLS support by server software: qmail rarely has it, old Postfix servers without TLS 1.3
// still offer anonymous suites (which Postfix at level `may` then prefers).
const OUTCOMES = {
  postfix: weighted<Outcome>({
    'no-starttls': 5,
    'handshake-failure': 1.5,
    anonymous: 8,
    certificate: 85.5,
  }),
  exim: weighted<Outcome>({
    'no-starttls': 6,
    'handshake-failure': 2,
    anonymous: 0,
    certificate: 92,
  }),
  exchange: weighted<Outcome>({
    'no-starttls': 4,
    'handshake-failure': 3,
    anonymous: 0,
    certificate: 93,
  }),
  sendmail: weighted<Outcome>({
    'no-starttls': 15,
    'handshake-failure': 5,
    anonymous: 2,
    certificate: 78,
  }),
  qmail: weighted<Outcome>({
    'no-starttls': 45,
    'handshake-failure': 5,
    anonymous: 0,
    certificate: 50,
  }),
  generic: weighted<Outcome>({
    'no-starttls': 8,
    'handshake-failure': 2,
    anonymous: 2,
    certificate: 88,
  }),
  hosting: weighted<Outcome>({
    'no-starttls': 3,
    'handshake-failure': 0,
    anonymous: 0,
    certificate: 97,
  }),
};

const AGE: Record<keyof typeof OUTCOMES, SuiteAge> = {
  postfix: 'current',
  exim: 'current',
  exchange: 'dated',
  sendmail: 'legacy',
  qmail: 'legacy',
  generic: 'current',
  hosting: 'modern',
};

type Certificate = 'valid' | 'mismatch' | 'self-signed' | 'untrusted-ca' | 'expired';
const CERTIFICATES = weighted<Certificate>({
  valid: 45,
  mismatch: 20,
  'self-signed': 14,
  'untrusted-ca': 10,
  expired: 11,
});
const HOSTING_CERTIFICATES = weighted<Certificate>({
  valid: 80,
  mismatch: 12,
  'self-signed': 0,
  'untrusted-ca': 3,
  expired: 5,
});

/** The TLS behaviour of a server of this kind, drawn once per host. */
export function serverBehaviour(r: Random, kind: ServerKind): TlsBehaviour {
  const table = kind in OUTCOMES ? OUTCOMES[kind as keyof typeof OUTCOMES] : OUTCOMES.generic;
  const age = kind in AGE ? AGE[kind as keyof typeof AGE] : 'current';
  switch (table.pick(r)) {
    case 'no-starttls':
      return { kind: 'no-starttls' };
    case 'handshake-failure':
      return {
        kind: 'handshake-failure',
        libraryError: r.chance(0.5) ? r.pick(TLS_LIBRARY_ERRORS) : null,
      };
    case 'anonymous': {
      const suite = anonymousSuite(r);
      return { kind: 'anonymous', suite, tail: summaryTail(r, suite) };
    }
    case 'certificate': {
      const suite = certificateSuite(r, age);
      const certificates = kind === 'hosting' ? HOSTING_CERTIFICATES : CERTIFICATES;
      return {
        kind: 'certificate',
        suite,
        tail: summaryTail(r, suite),
        defects: defects(r, certificates.pick(r)),
        untrustedText: r.pick(UNTRUSTED_ISSUERS),
      };
    }
  }
}

/** Real certificates fail in more than one way at once: self-signed ones rarely match a name. */
function defects(r: Random, certificate: Certificate): CertDefect[] {
  switch (certificate) {
    case 'valid':
      return [];
    case 'mismatch':
      return ['name-mismatch'];
    case 'self-signed':
      return [
        'self-signed',
        ...(r.chance(0.6) ? ['name-mismatch' as const] : []),
        ...(r.chance(0.25) ? ['expired' as const] : []),
      ];
    case 'untrusted-ca':
      return ['untrusted-ca', ...(r.chance(0.3) ? ['name-mismatch' as const] : [])];
    case 'expired':
      return ['expired', ...(r.chance(0.2) ? ['name-mismatch' as const] : [])];
  }
}

/** A certificate with exactly one defect, on a server of this kind. */
export function failingCertificate(r: Random, kind: ServerKind, defect: CertDefect): TlsBehaviour {
  const suite = certificateSuite(r, kind in AGE ? AGE[kind as keyof typeof AGE] : 'current');
  return {
    kind: 'certificate',
    suite,
    tail: summaryTail(r, suite),
    defects: [defect],
    untrustedText: r.pick(UNTRUSTED_ISSUERS),
  };
}

/** A CA-signed certificate that matches the MX name: what big providers run. */
export function validCertificate(r: Random, suite: CipherSuite): TlsBehaviour {
  return {
    kind: 'certificate',
    suite,
    tail: summaryTail(r, suite),
    defects: [],
    untrustedText: '',
  };
}
