import type { Delivery } from '../../model/delivery.js';
import { recipientDomain } from '../../enrich/recipient.js';
import { softwareFromReply } from '../../enrich/software.js';
import { connectionWithout, tlsFields, type Connection, type TlsSession } from './connection.js';
import { bareAddress, type DeliveryMessage } from './delivery-line.js';
import type { SendmailMessage } from './messages.js';
import { isShortened, relayKey, relayMatches } from './relay.js';
import type { FailedVerify } from './verify.js';

interface ProcessState {
  /** By relay key. sendmail caches several open connections per process (ConnectionCacheSize). */
  connections: Map<string, Connection>;
  /** The session a `cert-subject=` line right after it belongs to. */
  lastSession: TlsSession | null;
  /** Failing `cert verify:` reasons of a handshake whose session line has not come yet. */
  pendingReasons: string[];
  /** A failed handshake whose relay is not known yet: `connect failed` names none. */
  unplacedFailure: { verify: FailedVerify | null; timeMillis: number } | null;
}

export interface DeliveryLine {
  message: DeliveryMessage;
  timeMillis: number;
  logHost: string;
  offset: number;
  number: number;
}

/**
 * sendmail closes a cached connection that stayed idle past ConnectionCacheTimeout (5 minutes by
 * default). A session last seen longer ago than this limit, plus the delivery's own transaction
 * time (`xdelay=`), belonged to a connection that is gone, or to an earlier process that had the
 * same PID.
 */
const CONNECTION_IDLE_LIMIT_MILLIS = 15 * 60_000;
const SWEEP_EVERY_LINES = 20_000;
// OpenSSL reports a few failing checks per handshake; past a few, the lines come from a damaged
// log, and every delivery over the connection would carry them all.
const MAX_PENDING_REASONS = 16;

/**
 * Ties STARTTLS lines to delivery lines. STARTTLS lines carry no queue id: they belong to the
 * connection that the same process (host + program + PID) opens to the relay they name, and
 * sendmail logs them once per connection, so every message later sent over that cached
 * connection, whatever its queue id, takes the session.
 */
export class SendmailCorrelator {
  private readonly processes = new Map<string, ProcessState>();
  private linesSinceSweep = 0;

  constructor(private readonly emit: (delivery: Delivery) => void) {}

  /** Feeds a non-delivery message; returns false when it carried nothing for correlation. */
  observe(processKey: string, message: SendmailMessage, timeMillis: number): boolean {
    this.maybeSweep(timeMillis);
    const state = this.state(processKey);
    switch (message.kind) {
      case 'tls-session': {
        const key = relayKey(message.relay);
        const reasons = unique(state.pendingReasons);
        state.pendingReasons = [];
        state.unplacedFailure = null;
        state.lastSession = null;
        if (message.verify.kind !== 'encrypted') {
          // tls_get_info writes only the values of a completed handshake; read others as said.
          state.connections.set(key, connectionWithout(message.verify, timeMillis));
          return true;
        }
        const session: TlsSession = {
          relay: message.relay,
          version: message.version,
          verify: message.verify.verify,
          cipher: message.cipher,
          verifyTexts: reasons,
          certificateLogged: false,
        };
        state.connections.set(key, { kind: 'encrypted', session, lastSeenMillis: timeMillis });
        state.lastSession = session;
        return true;
      }
      case 'certificate': {
        const session = state.lastSession;
        if (!session || session.certificateLogged) return false;
        session.certificateLogged = true;
        if (message.verifyMessage !== '' && message.verifyMessage !== 'ok') {
          session.verifyTexts = unique([...session.verifyTexts, message.verifyMessage]);
        }
        return true;
      }
      case 'verify-trace':
        if (message.passed || message.reason === '') return false;
        if (state.pendingReasons.length < MAX_PENDING_REASONS) {
          state.pendingReasons.push(message.reason);
        }
        return true;
      case 'connect-failed':
        // starttls() returns EX_SOFTWARE after it, which deliver.c turns into verify=SOFTWARE.
        state.pendingReasons = [];
        state.lastSession = null;
        state.unplacedFailure = { verify: 'SOFTWARE', timeMillis };
        return true;
      case 'tls-library-error':
        // Detail of the failure just logged; alone it may come from a session's shutdown.
        return state.unplacedFailure !== null;
      case 'tls-server-ruleset': {
        const meaning = message.meaning;
        // Policy refusals of an established session (verify=FAIL with TLS_Srv VERIFY) leave the
        // session as it is: the deferral that follows is classified by it.
        if (meaning === null || meaning.kind === 'encrypted') return false;
        if (message.relay === null) {
          if (meaning.kind === 'failed') {
            state.unplacedFailure = { verify: meaning.verify, timeMillis };
          }
          return true;
        }
        state.connections.set(relayKey(message.relay), connectionWithout(meaning, timeMillis));
        if (meaning.kind === 'failed') {
          state.lastSession = null;
          state.unplacedFailure = null;
        }
        return true;
      }
      case 'dane-warning': {
        const key = relayKey(message.relay);
        if (message.starttls === 'failed') {
          const verify = state.unplacedFailure?.verify ?? null;
          state.connections.set(key, {
            kind: 'handshake-failed',
            verify,
            lastSeenMillis: timeMillis,
          });
          state.unplacedFailure = null;
        } else {
          state.connections.set(key, {
            kind: 'clear',
            evidence: 'no-starttls',
            lastSeenMillis: timeMillis,
          });
        }
        return true;
      }
      case 'delivery':
      case 'irrelevant':
      case 'malformed':
        return false;
    }
  }

  /** Classifies a delivery line with what its process logged before it; one row a recipient. */
  deliver(processKey: string, line: DeliveryLine): 'ok' | 'no-domain' {
    this.maybeSweep(line.timeMillis);
    const message = line.message;
    const domains = message.recipients.map((r) => recipientDomain(bareAddress(r)));
    if (domains.every((d) => d === null)) return 'no-domain';

    const state = this.state(processKey);
    const connection = this.connectionFor(state, message, line.timeMillis);
    if (connection) connection.lastSeenMillis = line.timeMillis;
    const tls = tlsFields(connection, message);

    for (let i = 0; i < domains.length; i++) {
      const domain = domains[i];
      if (domain === null || domain === undefined) continue;
      this.emit({
        timeMillis: line.timeMillis,
        logHost: line.logHost,
        dialect: 'sendmail',
        queueId: message.queueId,
        recipientDomain: domain,
        recipientAddress: bareAddress(message.recipients[i] ?? ''),
        recipientPseudonym: null,
        mxHost: tls.mxHost,
        ip: message.ip,
        port: null,
        status: message.status,
        dsn: message.dsn,
        starttls: tls.starttls,
        evidence: tls.evidence,
        // Each row gets its own verdicts object: rows of one line must not share mutable state.
        verdicts: {
          selfSigned: tls.verdicts.selfSigned,
          untrustedCa: tls.verdicts.untrustedCa,
          nameMismatch: tls.verdicts.nameMismatch,
          expired: tls.verdicts.expired,
        },
        trustLogged: tls.trustLogged,
        verifyText: tls.verifyText,
        tlsVersionLogged: tls.tlsVersionLogged,
        tlsVersion: tls.tlsVersion,
        cipherLogged: tls.cipherLogged,
        cipher: tls.cipher,
        forwardSecrecy: tls.forwardSecrecy,
        keyExchange: null,
        software: message.status === 'sent' ? softwareFromReply(message.reply) : null,
        connectionUse: null,
        sourceFile: '',
        sourceOffset: line.offset,
        sourceLine: line.number,
      });
    }
    return 'ok';
  }

  /**
   * The process's connection to the delivery's relay: the one its lines named, or the one a
   * `connect failed` without a relay was about. Stale entries are dropped.
   */
  private connectionFor(
    state: ProcessState,
    message: DeliveryMessage,
    nowMillis: number,
  ): Connection | null {
    if (message.relayHost === null) return null;
    const limit = CONNECTION_IDLE_LIMIT_MILLIS + (message.xdelaySeconds ?? 0) * 1000;
    const fresh = (seen: number): boolean => nowMillis - seen <= limit;

    let key = relayKey(message.relayHost);
    let connection = state.connections.get(key) ?? null;
    if (connection === null && isShortened(message.relayHost)) {
      for (const [candidate, c] of state.connections) {
        if (relayMatches(candidate, message.relayHost)) {
          key = candidate;
          connection = c;
          break;
        }
      }
    }
    if (connection !== null && !fresh(connection.lastSeenMillis)) {
      state.connections.delete(key);
      connection = null;
    }

    const failure = state.unplacedFailure;
    if (failure !== null) {
      state.unplacedFailure = null;
      if (fresh(failure.timeMillis)) {
        connection = {
          kind: 'handshake-failed',
          verify: failure.verify,
          lastSeenMillis: failure.timeMillis,
        };
        state.connections.set(key, connection);
      }
    }
    return connection;
  }

  private state(key: string): ProcessState {
    let state = this.processes.get(key);
    if (!state) {
      state = {
        connections: new Map(),
        lastSession: null,
        pendingReasons: [],
        unplacedFailure: null,
      };
      this.processes.set(key, state);
    }
    return state;
  }

  /** Forgets processes whose every connection has gone stale, so memory follows live PIDs. */
  private maybeSweep(nowMillis: number): void {
    if (++this.linesSinceSweep < SWEEP_EVERY_LINES) return;
    this.linesSinceSweep = 0;
    const horizon = nowMillis - 2 * CONNECTION_IDLE_LIMIT_MILLIS;
    for (const [key, state] of this.processes) {
      for (const [relay, c] of state.connections) {
        if (c.lastSeenMillis < horizon) state.connections.delete(relay);
      }
      const failure = state.unplacedFailure;
      const idle = state.connections.size === 0 && state.pendingReasons.length === 0;
      if (idle && (failure === null || failure.timeMillis < horizon)) this.processes.delete(key);
    }
  }
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}
