import type { Delivery } from '../../model/delivery.js';
import { handshakeFailure } from './handshake.js';
import type { AttemptRecord, Peer } from './record.js';
import { deliveryRow, type AttemptEvidence, type SourceLine } from './row.js';

/** A handshake failure after which KumoMTA re-connects to the same address in clear. */
interface PendingReconnect {
  peer: Peer | null;
  reasonText: string;
  /** The first record of the clear session, once read. */
  first: { sessionId: string; timeMillis: number } | null;
}

// Queue ids whose reconnect never got a record (the process stopped) must not pile up.
const MAX_PENDING = 100_000;

/**
 * Turns attempt records into rows, one per recipient. A record carries its own TLS fields, so
 * the only state is the reconnect: with `opportunistic_tls_reconnect_on_failed_handshake`,
 * a TransientFailure says the handshake failed and the next record of that message, to the same
 * address, describes the attempt made in clear (with the other records of that session): a
 * failure, not a plain delivery.
 */
export class KumoCorrelator {
  private readonly reconnects = new Map<string, PendingReconnect>();

  constructor(private readonly emit: (delivery: Delivery) => void) {}

  attempt(record: AttemptRecord, line: SourceLine): void {
    // The record right after the failure is the reconnect; later ones are new attempts, unless
    // they are more records of that session (a bounce and a delivery of one transaction).
    let pending = this.reconnects.get(record.id) ?? null;
    this.reconnects.delete(record.id);
    if (pending?.first && !sameTransaction(pending.first, record)) pending = null;
    if (pending && record.sessionId !== null) {
      const first = pending.first ?? { sessionId: record.sessionId, timeMillis: record.timeMillis };
      this.reconnects.set(record.id, { ...pending, first });
    }

    const evidence = this.evidence(record, pending);
    for (const recipient of record.recipients) {
      this.emit(deliveryRow(record, recipient, evidence, line));
    }
  }

  private evidence(record: AttemptRecord, pending: PendingReconnect | null): AttemptEvidence {
    // A failure in the content wins over TLS fields, which may describe an earlier session.
    const failure = record.type === 'TransientFailure' ? handshakeFailure(record.content) : null;
    if (failure) {
      if (failure.reconnect) {
        this.remember(record.id, {
          peer: failure.peer ?? record.peer,
          reasonText: failure.reasonText,
          first: null,
        });
      }
      return { kind: 'failed', reasonText: failure.reasonText, peer: failure.peer };
    }
    if (record.tlsCipher !== null || record.tlsProtocolVersion !== null) return { kind: 'tls' };
    if (pending && samePeer(pending.peer, record.peer)) {
      return { kind: 'failed', reasonText: pending.reasonText, peer: null };
    }
    return { kind: 'clear' };
  }

  private remember(id: string, reconnect: PendingReconnect): void {
    if (this.reconnects.size >= MAX_PENDING) {
      const oldest = this.reconnects.keys().next();
      if (!oldest.done) this.reconnects.delete(oldest.value);
    }
    this.reconnects.set(id, reconnect);
  }
}

// KumoMTA writes a transaction's records at once; a later try is minutes away at the least.
const SAME_TRANSACTION_MILLIS = 1000;

function sameTransaction(
  first: { sessionId: string; timeMillis: number },
  record: AttemptRecord,
): boolean {
  return (
    record.sessionId === first.sessionId &&
    Math.abs(record.timeMillis - first.timeMillis) <= SAME_TRANSACTION_MILLIS
  );
}

/** Peers match by address, else by name; an unknown peer matches any. */
function samePeer(a: Peer | null, b: Peer | null): boolean {
  if (a === null || b === null) return true;
  if (a.addr !== null && b.addr !== null) return a.addr === b.addr;
  if (a.name !== null && b.name !== null) return a.name === b.name;
  return true;
}
