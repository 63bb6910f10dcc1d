import type { Delivery } from '../../model/delivery.js';
import { cipherFacts } from '../../classify/cipher.js';
import { normalizeTlsVersion } from '../../classify/tls-version.js';
import type { DeliveryMessage } from './delivery-line.js';
import {
  classifySession,
  clearConnection,
  HANDSHAKE_FAILURE,
  type Classification,
} from './evidence.js';
import { mxHostName } from './relay.js';
import type { EncryptedVerify, FailedVerify, VerifyMeaning } from './verify.js';

/** One `STARTTLS=client` session and what was logged about its certificate. */
export interface TlsSession {
  relay: string;
  version: string;
  verify: EncryptedVerify;
  cipher: string;
  verifyTexts: string[];
  certificateLogged: boolean;
}

/** What one process last logged about its connection to one relay. */
export type Connection = { lastSeenMillis: number } & (
  | { kind: 'encrypted'; session: TlsSession }
  | { kind: 'handshake-failed'; verify: FailedVerify | null }
  | { kind: 'clear'; evidence: 'no-starttls' | 'no-tls-line' }
);

/** The connection state a `{verify}` value of a connection without TLS leaves behind. */
export function connectionWithout(
  meaning: Exclude<VerifyMeaning, { kind: 'encrypted' }>,
  timeMillis: number,
): Connection {
  if (meaning.kind === 'clear') {
    return { kind: 'clear', evidence: 'no-tls-line', lastSeenMillis: timeMillis };
  }
  return { kind: 'handshake-failed', verify: meaning.verify, lastSeenMillis: timeMillis };
}

export type TlsFields = Pick<
  Delivery,
  | 'mxHost'
  | 'starttls'
  | 'evidence'
  | 'verdicts'
  | 'trustLogged'
  | 'verifyText'
  | 'tlsVersionLogged'
  | 'tlsVersion'
  | 'cipherLogged'
  | 'cipher'
  | 'forwardSecrecy'
>;

/** What the connection a delivery went over proves about its STARTTLS use. */
export function tlsFields(connection: Connection | null, message: DeliveryMessage): TlsFields {
  // The deferral itself names the failure (`Deferred: 403 4.7.0 TLS handshake failed.`).
  const namesFailure =
    message.status === 'deferred' && /\bTLS handshake failed\b/.test(message.statusText);
  if (namesFailure || connection?.kind === 'handshake-failed') {
    const verify = connection?.kind === 'handshake-failed' ? connection.verify : null;
    return withoutSession(message, HANDSHAKE_FAILURE, verify === null ? null : `verify=${verify}`);
  }
  if (connection === null) return withoutSession(message, clearConnection('no-tls-line'), null);
  if (connection.kind === 'clear') {
    return withoutSession(message, clearConnection(connection.evidence), null);
  }

  const session = connection.session;
  const result = classifySession(session.verify, session.verifyTexts);
  const tlsVersion = normalizeTlsVersion(session.version);
  const facts = session.cipher === '' ? null : cipherFacts(session.cipher, tlsVersion);
  return {
    // The session line has the full name where the delivery line may have cut it short.
    mxHost: mxHostName(session.relay),
    starttls: result.starttls,
    evidence: result.evidence,
    verdicts: result.verdicts,
    trustLogged: `verify=${session.verify}`,
    verifyText: result.verifyText,
    tlsVersionLogged: session.version,
    tlsVersion,
    cipherLogged: facts === null ? null : session.cipher,
    cipher: facts?.name ?? null,
    forwardSecrecy: facts?.forwardSecrecy ?? null,
  };
}

// Fields are written out, not spread: this runs once per delivery line.
function withoutSession(
  message: DeliveryMessage,
  classification: Classification,
  trustLogged: string | null,
): TlsFields {
  return {
    mxHost: message.relayHost === null ? null : mxHostName(message.relayHost),
    starttls: classification.starttls,
    evidence: classification.evidence,
    verdicts: classification.verdicts,
    trustLogged,
    verifyText: null,
    tlsVersionLogged: null,
    tlsVersion: null,
    cipherLogged: null,
    cipher: null,
    forwardSecrecy: null,
  };
}
