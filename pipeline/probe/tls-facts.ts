import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { cipherFacts } from '../classify/cipher.js';
import { normalizeTlsVersion } from '../classify/tls-version.js';

/** What a completed handshake shows: protocol, suite, key exchange and the presented chain. */
export interface TlsFacts {
  tlsVersion: string | null;
  /** OpenSSL name of the suite (`ECDHE-RSA-AES128-GCM-SHA256`, `TLS_AES_256_GCM_SHA384`). */
  cipher: string | null;
  forwardSecrecy: boolean | null;
  /** The ephemeral group (`X25519`, `prime256v1`), `DH-<bits>` for finite-field DHE, else null. */
  keyExchange: string | null;
  /** The certificates the server sent, leaf first, in issuing order; empty for anonymous suites. */
  chain: X509Certificate[];
}

export function tlsFacts(socket: TLSSocket): TlsFacts {
  const protocol = socket.getProtocol();
  const tlsVersion = protocol === null ? null : (normalizeTlsVersion(protocol) ?? protocol);
  const suite = socket.getCipher();
  const facts = suite.name ? cipherFacts(suite.name, tlsVersion) : null;

  const ephemeral = socket.getEphemeralKeyInfo();
  let keyExchange: string | null = null;
  if (ephemeral !== null && 'type' in ephemeral) {
    keyExchange = ephemeral.name ?? (ephemeral.type === 'DH' ? `DH-${ephemeral.size}` : null);
  }

  return {
    tlsVersion,
    cipher: facts?.name ?? null,
    forwardSecrecy: facts?.forwardSecrecy ?? (keyExchange === null ? null : true),
    keyExchange,
    chain: presentedChain(socket.getPeerCertificate(true)),
  };
}

/**
 * The presented chain, walked through Node's issuer links. The client context is made with an
 * empty CA list, so Node cannot append a root of its own: every certificate here was sent by
 * the server (those that issue no other are dropped by Node, and irrelevant to the checks).
 */
function presentedChain(peer: DetailedPeerCertificate | Record<string, never>): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined =
    'raw' in peer && peer.raw ? (peer as DetailedPeerCertificate) : undefined;
  while (current !== undefined && current.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}
