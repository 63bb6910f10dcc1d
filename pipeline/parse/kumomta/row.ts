import type { Delivery } from '../../model/delivery.js';
import { UNKNOWN_VERDICTS } from '../../model/delivery.js';
import { cipherFacts } from '../../classify/cipher.js';
import { reasonFromText, verdictsFromReasons, type Reason } from '../../classify/reasons.js';
import { normalizeTlsVersion } from '../../classify/tls-version.js';
import { softwareFromReply } from '../../enrich/software.js';
import type { AttemptRecord, Peer } from './record.js';

/** What a record, and the records before it, prove about the TLS of its attempt. */
export type AttemptEvidence =
  | { kind: 'tls' } // the record carries TLS fields: the session was encrypted
  | { kind: 'failed'; reasonText: string; peer: Peer | null } // a handshake failure was logged
  | { kind: 'clear' }; // no TLS fields and no failure: inferred from absence

export interface SourceLine {
  offset: number;
  number: number;
}

/**
 * The warehouse row of one recipient of an attempt record. KumoMTA logs no verdict on the
 * certificate, so an encrypted attempt is `unverified` whatever `enable_tls` mode was in force:
 * the mode is configuration and is not in the record.
 */
export function deliveryRow(
  record: AttemptRecord,
  recipient: { domain: string; address: string },
  evidence: AttemptEvidence,
  line: SourceLine,
): Delivery {
  const encrypted = evidence.kind === 'tls';
  const protocol = encrypted ? record.tlsProtocolVersion : null;
  const cipher = encrypted ? record.tlsCipher : null;
  const tlsVersion = protocol === null ? null : normalizeTlsVersion(protocol);
  const facts = cipher === null ? null : cipherFacts(cipher, tlsVersion);
  // The failure text names the address that failed; the record's peer may be an older one.
  const peer = (evidence.kind === 'failed' ? evidence.peer : null) ?? record.peer;

  return {
    timeMillis: record.timeMillis,
    logHost: record.logHost,
    dialect: 'kumomta',
    queueId: record.id,
    recipientDomain: recipient.domain,
    recipientAddress: recipient.address,
    recipientPseudonym: null,
    mxHost: peer?.name ?? null,
    ip: peer?.addr ?? null,
    port: null,
    status: record.status,
    dsn: record.dsn,
    ...classification(evidence),
    trustLogged: null,
    verifyText: evidence.kind === 'failed' ? evidence.reasonText : null,
    tlsVersionLogged: protocol,
    tlsVersion,
    cipherLogged: cipher,
    cipher: facts?.name ?? null,
    forwardSecrecy: facts?.forwardSecrecy ?? null,
    keyExchange: null,
    software: record.type === 'Delivery' ? softwareFromReply(record.content) : null,
    connectionUse: null,
    sourceFile: '',
    sourceOffset: line.offset,
    sourceLine: line.number,
  };
}

function classification(
  evidence: AttemptEvidence,
): Pick<Delivery, 'starttls' | 'evidence' | 'verdicts'> {
  switch (evidence.kind) {
    case 'tls':
      return { starttls: 'unverified', evidence: 'tls-only', verdicts: UNKNOWN_VERDICTS };
    case 'failed': {
      const reason = reasonOf(evidence.reasonText);
      const verdicts = verdictsFromReasons(reason === null ? [] : [reason], false);
      return { starttls: 'failure', evidence: 'handshake-failure', verdicts };
    }
    case 'clear':
      return { starttls: 'none', evidence: 'no-tls-line', verdicts: UNKNOWN_VERDICTS };
  }
}

/** The reason in a TLS error, including rustls ≥ 0.23's `certificate not valid for name …`. */
function reasonOf(text: string): Reason | null {
  return reasonFromText(text) ?? (/not valid for name/i.test(text) ? 'name-mismatch' : null);
}
