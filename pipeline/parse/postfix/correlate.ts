import type { Delivery } from '../../model/delivery.js';
import { UNKNOWN_VERDICTS } from '../../model/delivery.js';
import { cipherFacts } from '../../classify/cipher.js';
import { normalizeTlsVersion } from '../../classify/tls-version.js';
import { recipientDomain } from '../../enrich/recipient.js';
import { softwareFromReply } from '../../enrich/software.js';
import { classifyEncrypted, classifyTlsFeatures, type Classification } from './evidence.js';
import { splitRelay, type PostfixMessage } from './messages.js';

type Summary = Extract<PostfixMessage, { kind: 'tls-summary' }>;
type DeliveryMessage = Extract<PostfixMessage, { kind: 'delivery' }>;

/** What one smtp process has logged about its current connection. */
interface ProcessState {
  /** The last TLS summary and the verification lines that preceded it. */
  session: { summary: Summary; verifyTexts: string[]; queueId: string | null } | null;
  /** Verification lines waiting for their summary. */
  pendingVerify: { relay: string; texts: string[] } | null;
  /** A failed handshake to this relay, and the queue id it was for once known. */
  failedHandshake: { relay: string; queueId: string | null } | null;
  /** The last connection a delivery used, to judge a `conn_use=` without a fresh TLS line. */
  lastConnection: { relay: string; result: Classification } | null;
  /** Log time of the process's last line. */
  lastSeenMillis: number;
}

export interface DeliveryLine {
  message: DeliveryMessage;
  timeMillis: number;
  logHost: string;
  offset: number;
  number: number;
}

// Postfix logs at most one reason per session; past a few, the lines come from a damaged log,
// and every delivery of the session would carry them all.
const MAX_VERIFY_TEXTS = 16;

/**
 * An smtp(8) process exits after max_idle (100 s by default) without work, and reuses a cached
 * connection for at most smtp_connection_reuse_time_limit (300 s): state silent for an hour
 * belongs to a process that has exited, or to an earlier process with the same PID. It is
 * forgotten, so memory follows the live processes rather than every PID a day of log names.
 */
const PROCESS_IDLE_LIMIT_MILLIS = 60 * 60_000;
const SWEEP_EVERY_LINES = 20_000;

/**
 * Ties TLS lines to delivery lines. TLS lines carry no queue id: they belong to the delivery
 * request that the same process (host + program + PID) handles next on the same relay. A TLS
 * session belongs to one delivery request (one queue id, all its recipients on that relay);
 * a later request needs a session line of its own (`established` or `reused`).
 */
export class PostfixCorrelator {
  private readonly processes = new Map<string, ProcessState>();
  private linesSinceSweep = 0;

  constructor(private readonly emit: (delivery: Delivery) => void) {}

  /** Processes whose state is kept (for tests and diagnostics). */
  get trackedProcesses(): number {
    return this.processes.size;
  }

  /** Feeds a non-delivery message; returns false when it carried nothing for correlation. */
  observe(processKey: string, message: PostfixMessage, timeMillis: number): boolean {
    const state = this.state(processKey, timeMillis);
    switch (message.kind) {
      case 'verify-failure':
      case 'untrusted-resumption': {
        const text = message.kind === 'verify-failure' ? message.text : 'untrusted resumption';
        if (state.pendingVerify && sameRelay(state.pendingVerify.relay, message.relay)) {
          const texts = state.pendingVerify.texts;
          if (texts.length < MAX_VERIFY_TEXTS) texts.push(text);
        } else {
          state.pendingVerify = { relay: message.relay, texts: [text] };
        }
        return true;
      }
      case 'tls-summary': {
        const pending = state.pendingVerify;
        const verifyTexts = pending && sameRelay(pending.relay, message.relay) ? pending.texts : [];
        state.session = { summary: message, verifyTexts, queueId: null };
        state.pendingVerify = null;
        state.failedHandshake = null;
        return true;
      }
      case 'handshake-error':
        state.session = null;
        state.pendingVerify = null;
        state.failedHandshake = { relay: message.relay, queueId: null };
        return true;
      case 'cannot-start-tls':
        state.session = null;
        if (state.failedHandshake && state.failedHandshake.queueId === null) {
          state.failedHandshake.queueId = message.queueId;
        } else if (!state.failedHandshake) {
          state.failedHandshake = { relay: '', queueId: message.queueId };
        }
        return true;
      case 'delivery':
      case 'irrelevant':
      case 'malformed':
        return false;
    }
  }

  /** Classifies a delivery line with the evidence its process logged before it. */
  deliver(processKey: string, line: DeliveryLine): 'ok' | 'no-domain' {
    const message = line.message;
    const domain = recipientDomain(message.recipient);
    if (domain === null) return 'no-domain';

    const state = this.state(processKey, line.timeMillis);
    const { mxHost, ip, port } = splitRelay(message.relay);
    let classification: Classification;
    let used: NonNullable<ProcessState['session']> | null = null;

    const session = state.session;
    const failed = state.failedHandshake;
    if (
      session &&
      sameRelay(session.summary.relay, message.relay) &&
      (session.queueId === null || session.queueId === message.queueId)
    ) {
      session.queueId = message.queueId;
      classification = classifyEncrypted(session.summary.trust, session.verifyTexts);
      used = session;
    } else if (
      failed &&
      (failed.relay === '' || sameRelay(failed.relay, message.relay)) &&
      (failed.queueId === null || failed.queueId === message.queueId)
    ) {
      classification = {
        starttls: 'failure',
        evidence: 'handshake-failure',
        verdicts: UNKNOWN_VERDICTS,
      };
    } else {
      classification = this.withoutTlsLine(state, message);
    }
    if (ip !== null) state.lastConnection = { relay: message.relay, result: classification };

    const summary = used?.summary ?? null;
    const tlsVersion = summary ? normalizeTlsVersion(summary.protocol) : null;
    const facts = summary ? cipherFacts(summary.cipher, tlsVersion) : null;
    this.emit({
      timeMillis: line.timeMillis,
      logHost: line.logHost,
      dialect: 'postfix',
      queueId: message.queueId,
      recipientDomain: domain,
      recipientAddress: message.recipient,
      recipientPseudonym: null,
      mxHost,
      ip,
      port,
      status: message.status,
      dsn: message.dsn,
      starttls: classification.starttls,
      evidence: classification.evidence,
      verdicts: classification.verdicts,
      trustLogged: summary?.trust ?? null,
      verifyText: used?.verifyTexts.length ? used.verifyTexts.join(' | ') : null,
      tlsVersionLogged: summary?.protocol ?? null,
      tlsVersion,
      cipherLogged: summary?.cipher ?? null,
      cipher: facts?.name ?? null,
      forwardSecrecy: facts?.forwardSecrecy ?? null,
      keyExchange: summary?.keyExchange ?? null,
      software: message.status === 'sent' ? softwareFromReply(message.reply) : null,
      connectionUse: message.connectionUse,
      sourceFile: '',
      sourceOffset: line.offset,
      sourceLine: line.number,
    });
    return 'ok';
  }

  private withoutTlsLine(state: ProcessState, message: DeliveryMessage): Classification {
    const fromField = message.tlsFeatures ? classifyTlsFeatures(message.tlsFeatures) : null;
    if (fromField) return fromField;

    // A reused connection without a `TLS connection reused` line was opened in clear (Postfix
    // caches only plaintext connections unless TLS connection reuse is on, which logs reuse);
    // it keeps the result of its opening when that was a failed handshake.
    if (message.connectionUse !== null && message.connectionUse >= 2) {
      const last = state.lastConnection;
      if (last?.relay === message.relay && last.result.starttls === 'failure') return last.result;
      return { starttls: 'none', evidence: 'plaintext-reuse', verdicts: UNKNOWN_VERDICTS };
    }
    return { starttls: 'none', evidence: 'no-tls-line', verdicts: UNKNOWN_VERDICTS };
  }

  /** The state of process `key` as of a line at `timeMillis`; fresh when it fell silent. */
  private state(key: string, timeMillis: number): ProcessState {
    this.maybeSweep(timeMillis);
    let state = this.processes.get(key);
    if (!state || state.lastSeenMillis < timeMillis - PROCESS_IDLE_LIMIT_MILLIS) {
      state = {
        session: null,
        pendingVerify: null,
        failedHandshake: null,
        lastConnection: null,
        lastSeenMillis: timeMillis,
      };
      this.processes.set(key, state);
    } else if (timeMillis > state.lastSeenMillis) {
      state.lastSeenMillis = timeMillis;
    }
    return state;
  }

  private maybeSweep(nowMillis: number): void {
    if (++this.linesSinceSweep < SWEEP_EVERY_LINES) return;
    this.linesSinceSweep = 0;
    const horizon = nowMillis - PROCESS_IDLE_LIMIT_MILLIS;
    for (const [key, state] of this.processes) {
      if (state.lastSeenMillis < horizon) this.processes.delete(key);
    }
  }
}

/** Relays match exactly, or by host name where an old Postfix logged no address. */
function sameRelay(a: string, b: string): boolean {
  if (a === b) return true;
  const hostA = a.includes('[') ? a.slice(0, a.indexOf('[')) : a;
  const hostB = b.includes('[') ? b.slice(0, b.indexOf('[')) : b;
  return (!a.includes('[') || !b.includes('[')) && hostA === hostB;
}
