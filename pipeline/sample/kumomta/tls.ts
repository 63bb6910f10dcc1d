import { suite, type CipherSuite } from '../cipher-suites.js';
import { certificateAt } from '../jsonl/server.js';
import {
  failure,
  NONE_NO_TLS_LINE,
  tls,
  tlsJson,
  UNKNOWN,
  verdictsNaming,
} from '../jsonl/truth-row.js';
import type { MxHost } from '../world.js';

/**
 * What KumoMTA's default TLS client (rustls, `enable_tls = "Opportunistic"`) meets at an MX
 * host. rustls speaks TLS 1.2 and 1.3 with ECDHE and AEAD suites only, checks the chain, dates
 * and name of every certificate, and names what failed with its error variants.
 */
export type KumoServer =
  | { kind: 'clear'; truth: string }
  | { kind: 'failed'; error: string; truth: string }
  | {
      kind: 'tls';
      /** rustls spellings: `TLS13_AES_256_GCM_SHA384`, `TLSv1_3`. */
      cipher: string;
      protocol: string;
      /** The leaf's subject as `OBJ=value` strings. */
      subject: readonly string[];
      truth: string;
    };

const RUSTLS_TLS12: Readonly<Record<string, string>> = {
  'ECDHE-RSA-AES256-GCM-SHA384': 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256': 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384': 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305': 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
};
// A TLS 1.2 server that prefers an older suite still has this one for clients without it.
const FALLBACK_TLS12 = suite('TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384', '256/256', true);

const CLEAR_TRUTH = tlsJson(NONE_NO_TLS_LINE);

const views = [new WeakMap<MxHost, KumoServer>(), new WeakMap<MxHost, KumoServer>()];

/**
 * The server as a session sees it; `validate` is false under `OpportunisticInsecure`, which
 * takes any certificate.
 */
export function kumoServer(mx: MxHost, validate: boolean): KumoServer {
  const byMx = views[validate ? 1 : 0] as WeakMap<MxHost, KumoServer>;
  let view = byMx.get(mx);
  if (view === undefined) {
    view = viewOf(mx, validate);
    byMx.set(mx, view);
  }
  return view;
}

function viewOf(mx: MxHost, validate: boolean): KumoServer {
  const behaviour = mx.tls;
  if (behaviour.kind === 'no-starttls') return { kind: 'clear', truth: CLEAR_TRUTH };
  if (behaviour.kind === 'handshake-failure') {
    const old = behaviour.libraryError?.includes('unsupported protocol') ?? false;
    return failed(`received fatal alert: ${old ? 'ProtocolVersion' : 'HandshakeFailure'}`);
  }
  const cert = certificateAt(mx, behaviour, false);
  if (cert === null) throw new Error(`kumomta: ${mx.name} presents no certificate`);
  const negotiated = rustlsSuite(cert.suite);
  if (negotiated === null) return failed('received fatal alert: ProtocolVersion');

  // webpki stops at the first failure: the leaf's dates, then its issuer, then the name.
  const defects = validate ? cert.defects : [];
  if (defects.includes('expired')) return failed('invalid peer certificate: Expired', 'expired');
  if (defects.includes('self-signed') || defects.includes('untrusted-ca')) {
    return failed('invalid peer certificate: UnknownIssuer', 'untrusted-ca');
  }
  if (defects.includes('name-mismatch')) {
    return failed('invalid peer certificate: NotValidForName', 'name-mismatch');
  }

  const tls13 = negotiated.version === 'TLSv1.3';
  return {
    kind: 'tls',
    cipher: tls13
      ? `TLS13_${negotiated.cipher.slice('TLS_'.length)}`
      : (RUSTLS_TLS12[negotiated.cipher] as string),
    protocol: tls13 ? 'TLSv1_3' : 'TLSv1_2',
    subject: cert.subject.split('/').filter((part) => part !== ''),
    // No verdict on the certificate is logged, whatever the mode checked.
    truth: tlsJson(tls('unverified', 'tls-only', UNKNOWN, negotiated)),
  };
}

/** The suite rustls ends up with, or null when the server speaks nothing newer than TLS 1.1. */
function rustlsSuite(offered: CipherSuite): CipherSuite | null {
  if (offered.version === 'TLSv1.3') return offered;
  if (offered.version !== 'TLSv1.2') return null;
  return RUSTLS_TLS12[offered.cipher] === undefined ? FALLBACK_TLS12 : offered;
}

function failed(
  error: string,
  named?: 'expired' | 'untrusted-ca' | 'name-mismatch',
): KumoServer & { kind: 'failed' } {
  const verdicts = named === undefined ? UNKNOWN : verdictsNaming([named], false);
  return { kind: 'failed', error, truth: tlsJson(failure(verdicts)) };
}
