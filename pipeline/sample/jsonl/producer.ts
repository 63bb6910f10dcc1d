import type { CertificateVerdicts } from '../../model/delivery.js';
import type { CipherSuite } from '../cipher-suites.js';
import type { CertDefect, TlsPolicy } from '../tls-behaviour.js';
import type { MxHost } from '../world.js';
import { certificateAt } from './server.js';
import {
  ALL_PASSED,
  failure,
  NONE_NO_STARTTLS,
  NONE_NO_TLS_LINE,
  tls,
  tlsJson,
  UNKNOWN,
  verdictsNaming,
  type TlsTruth,
} from './truth-row.js';

/**
 * The sender's own MTAs that write canonical records, each from a different release of the
 * in-house exporter: they check certificates to different depths and leave out what they do
 * not know. All send opportunistically, fall back to clear when a handshake fails, and refuse
 * a failing certificate for domains with a TLS policy.
 */
export interface Producer {
  host: string;
  share: number;
  /** Writes the server's greeting, `starttls_advertised` and `connection_use`. */
  session: boolean;
  /** Writes the full `recipient` (older exporter) instead of `recipient_domain`. */
  fullRecipient: boolean;
  /** all: `verified` and the four checks; verdict: `verified` only; chain: no name check. */
  checks: 'all' | 'verdict' | 'chain';
  /** Offers anonymous suites, as Postfix does at level `may`. */
  anonymous: boolean;
}

export const PRODUCERS: readonly Producer[] = [
  {
    host: 'out1.acme-retail.example',
    share: 50,
    session: true,
    fullRecipient: false,
    checks: 'all',
    anonymous: true,
  },
  {
    host: 'out2.acme-retail.example',
    share: 25,
    session: false,
    fullRecipient: true,
    checks: 'verdict',
    anonymous: false,
  },
  {
    host: 'out3.acme-retail.example',
    share: 25,
    session: true,
    fullRecipient: false,
    checks: 'chain',
    anonymous: false,
  },
];

/** The `tls` member of a record, as written. */
export interface CanonicalTls {
  attempted: true;
  established: boolean;
  protocol?: string;
  cipher?: string;
  key_exchange?: string;
  certificate?: Record<string, boolean | string | null> | null;
  error?: string;
}

/** What a producer's session with an MX host comes to, and the row it proves. */
export interface ProducerSession {
  kind: 'clear' | 'fallback' | 'refused' | 'tls';
  /** The `tls` member as JSON text; omitted for a session in clear. */
  tlsText: string | undefined;
  /** Written as `starttls_advertised` by producers that log the session. */
  advertised: boolean;
  truth: string;
}

// OpenSSL reports the chain before the name (check_id) and the dates last (internal_verify).
const CHECK_ORDER: readonly [CertDefect, string][] = [
  ['self-signed', 'self-signed certificate'],
  ['untrusted-ca', 'unable to get local issuer certificate'],
  ['name-mismatch', 'hostname mismatch'],
  ['expired', 'certificate has expired'],
];

const views = new WeakMap<MxHost, Map<string, ProducerSession>>();

export function producerSession(p: Producer, mx: MxHost, policy: TlsPolicy): ProducerSession {
  let byProducer = views.get(mx);
  if (byProducer === undefined) {
    byProducer = new Map();
    views.set(mx, byProducer);
  }
  const name = `${p.host} ${policy}`;
  let view = byProducer.get(name);
  if (view === undefined) {
    const { tls, ...rest } = sessionOf(p, mx, policy);
    view = { ...rest, tlsText: tls === undefined ? undefined : JSON.stringify(tls) };
    byProducer.set(name, view);
  }
  return view;
}

type Session = Omit<ProducerSession, 'tlsText'> & { tls: CanonicalTls | undefined };

function sessionOf(p: Producer, mx: MxHost, policy: TlsPolicy): Session {
  const behaviour = mx.tls;
  if (behaviour.kind === 'no-starttls') {
    const truth = p.session ? NONE_NO_STARTTLS : NONE_NO_TLS_LINE;
    return { kind: 'clear', tls: undefined, advertised: false, truth: tlsJson(truth) };
  }
  if (behaviour.kind === 'handshake-failure') {
    const error =
      behaviour.libraryError?.replace(/:ssl\/.*$/, '') ?? 'unexpected eof while reading';
    const attempt: CanonicalTls = { attempted: true, established: false, error };
    return { kind: 'fallback', tls: attempt, advertised: true, truth: tlsJson(failure()) };
  }

  const cert = certificateAt(mx, behaviour, p.anonymous);
  if (cert === null) {
    // An anonymous suite: no certificate to judge.
    const s = behaviour.kind === 'anonymous' ? behaviour.suite : null;
    const established: CanonicalTls = {
      attempted: true,
      established: true,
      protocol: s?.version,
      cipher: s?.cipher,
      certificate: null,
    };
    return {
      kind: 'tls',
      tls: established,
      advertised: true,
      truth: tlsJson(tls('unverified', 'tls-only', UNKNOWN, s)),
    };
  }

  const checked = cert.defects.filter((d) => p.checks !== 'chain' || d !== 'name-mismatch');
  const fields = certificateFields(p, cert.defects, checked.length === 0);
  const s = cert.suite;
  if (policy === 'verify' && checked.length > 0) {
    const first = CHECK_ORDER.find(([defect]) => checked.includes(defect));
    const error = `certificate verify failed: ${first?.[1] ?? 'unknown error'}`;
    const refused: CanonicalTls = {
      attempted: true,
      established: false,
      certificate: { ...fields, subject: rfc4514(cert.subject), issuer: rfc4514(cert.issuer) },
      error,
    };
    // A producer that names no check leaves the census the one its error names.
    const verdicts =
      p.checks === 'verdict' && first ? verdictsNaming([first[0]], false) : given(p, checked);
    return { kind: 'refused', tls: refused, advertised: true, truth: tlsJson(failure(verdicts)) };
  }

  const exchange = s.version === 'TLSv1.3' || s.cipher.startsWith('ECDHE-') ? 'X25519' : undefined;
  const established: CanonicalTls = {
    attempted: true,
    established: true,
    protocol: s.version,
    cipher: s.cipher,
    key_exchange: p.session ? exchange : undefined,
    certificate: { ...fields, subject: rfc4514(cert.subject), issuer: rfc4514(cert.issuer) },
  };
  const truth = tlsJson(establishedTruth(p, checked, s));
  return { kind: 'tls', tls: established, advertised: true, truth };
}

/** The canonical table's row for an established session, from the checks the producer made. */
function establishedTruth(
  p: Producer,
  failed: readonly CertDefect[],
  suite: CipherSuite,
): TlsTruth {
  const passed = failed.length === 0;
  switch (p.checks) {
    case 'all':
      return passed
        ? tls('strict', 'verified', ALL_PASSED, suite)
        : tls('opportunistic', 'reasons', verdictsNaming(failed, true), suite);
    case 'verdict':
      return passed
        ? tls('strict', 'verified', ALL_PASSED, suite)
        : tls('opportunistic', 'trust-only', UNKNOWN, suite);
    case 'chain':
      // The name was not checked: passing the rest proves the chain only.
      return passed
        ? tls('unverified', 'chain-only', given(p, failed), suite)
        : tls('opportunistic', 'reasons', given(p, failed), suite);
  }
}

/** The verdicts a producer writes: every check it made, failed (true) or passed (false). */
function given(p: Producer, failed: readonly CertDefect[]): CertificateVerdicts {
  const verdicts = verdictsNaming(failed, true);
  return p.checks === 'chain' ? { ...verdicts, nameMismatch: null } : verdicts;
}

function certificateFields(
  p: Producer,
  defects: readonly CertDefect[],
  verified: boolean,
): Record<string, boolean | null> {
  const has = (d: CertDefect) => defects.includes(d);
  switch (p.checks) {
    case 'verdict':
      return { verified };
    case 'all':
      return {
        verified,
        self_signed: has('self-signed'),
        untrusted_ca: has('untrusted-ca'),
        name_mismatch: has('name-mismatch'),
        expired: has('expired'),
      };
    case 'chain':
      return {
        verified: null,
        self_signed: has('self-signed'),
        untrusted_ca: has('untrusted-ca'),
        name_mismatch: null,
        expired: has('expired'),
      };
  }
}

/** `/C=US/O=Let's Encrypt/CN=R11` as the canonical format writes names: `C=US, O=…, CN=R11`. */
function rfc4514(oneline: string): string {
  return oneline
    .split('/')
    .filter((part) => part !== '')
    .join(', ');
}
