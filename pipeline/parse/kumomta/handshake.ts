import { isIP } from 'node:net';
import { maskLocalParts } from '../../enrich/local-part.js';
import type { Peer } from './record.js';
import { mxHostName } from './record.js';

/** A TLS failure that KumoMTA wrote into the content of a TransientFailure record. */
export interface HandshakeFailure {
  /** The TLS library's words for what failed, e.g. `invalid peer certificate: UnknownIssuer`. */
  reasonText: string;
  /** KumoMTA re-connects to the same address in clear (`opportunistic_tls_reconnect_...`). */
  reconnect: boolean;
  /** The address the failure names, when it names one. */
  peer: Peer | null;
}

// `TLS handshake with ResolvedAddress { name: "mx.example.", addr: 192.0.2.10 }:25 failed: <why>`
// and, with the reconnect option, `TLS handshake failed: <why>, will re-connect in the clear
// because opportunistic_tls_reconnect_on_failed_handshake=true`.
// The address is bounded (a name has at most 253 characters): an unbounded `.+?` would scan the
// rest of the content from every `TLS handshake with ` that no `failed` follows.
const HANDSHAKE_FAILED =
  /TLS handshake (?:with .{1,512}? )?failed:? (.*?)(?:, will re-connect in the clear\b.*)?$/s;
// The EHLO after a handshake failed; KumoMTA reconnects in clear for this too.
const EHLO_FAILED =
  /\b(?:EHLO|LHLO|HELO) after STARTT?LS failed:? (.*?)(?:, will re-connect in the clear\b.*)?$/s;
const RECONNECT = /\bwill re-connect in the clear\b/;
// Certificate errors without the phrases above: OpenSSL's summary, and rustls's error names.
const CERTIFICATE_ERROR = new RegExp(
  [
    'certificate verify failed',
    'invalid peer certificate',
    'InvalidCertificate\\(',
    '\\b(?:NotValidForName|UnknownIssuer|BadSignature)\\b',
  ].join('|'),
);
const RESOLVED_ADDRESS = /ResolvedAddress \{ name: "([^"]*)", addr: ([^,\s}]+)/;

/** The TLS failure described by a response's content, or null when it describes none. */
export function handshakeFailure(content: string): HandshakeFailure | null {
  const match = HANDSHAKE_FAILED.exec(content) ?? EHLO_FAILED.exec(content);
  if (!match && !CERTIFICATE_ERROR.test(content) && !RECONNECT.test(content)) return null;

  const address = RESOLVED_ADDRESS.exec(content);
  return {
    // The remote server wrote the content, and a reply may name the recipient.
    reasonText: maskLocalParts((match?.[1] ?? '').trim() || content.trim()),
    reconnect: RECONNECT.test(content),
    peer: address ? { name: mxHostName(address[1] ?? null), addr: ipOrNull(address[2]) } : null,
  };
}

function ipOrNull(text: string | undefined): string | null {
  return text !== undefined && isIP(text) !== 0 ? text : null;
}
