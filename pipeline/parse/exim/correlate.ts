import { isIP } from 'node:net';
import type { Delivery } from '../../model/delivery.js';
import type { Reason } from '../../classify/reasons.js';
import { cipherFacts } from '../../classify/cipher.js';
import { normalizeTlsVersion } from '../../classify/tls-version.js';
import { recipientDomain } from '../../enrich/recipient.js';
import { softwareFromReply } from '../../enrich/software.js';
import { classifyExim } from './evidence.js';
import type { DeliveryLine } from './messages.js';
import { bareProtocol } from './tls-field.js';

interface VerifyEntry {
  text: string;
  reason: Reason | null;
}

/** A line logged before its delivery line, at an address (null: the line named none). */
interface Pending {
  address: string | null;
  timeMillis: number;
}

/** The evidence the last delivery line of a message to one address used. */
interface Session {
  verify: VerifyEntry[];
  handshakeFailed: boolean;
  /** A fallback line before it: the connection went on in clear. */
  fellBack: boolean;
  /** When its last delivery line was logged. */
  timeMillis: number;
}

interface MessageState {
  verify: (Pending & VerifyEntry)[];
  failures: Pending[];
  sessions: Map<string, Session>;
}

export interface DeliveryContext {
  queueId: string;
  line: DeliveryLine;
  timeMillis: number;
  offset: number;
  number: number;
}

// An attempt's lines come within its transport timeouts; older evidence of a message that was
// deferred and never completed must not reach a retry hours later.
const MAX_EVIDENCE_AGE_MILLIS = 3_600_000;
// Exim logs the lines of one transport run together; a retry comes minutes later at the least.
const SAME_RUN_MILLIS = 1000;
// Messages deferred for days never log `Completed` in this file: bound what is kept for them.
const MAX_MESSAGES = 100_000;
const MAX_ADDRESSES = 10_000;
// An attempt logs a few lines of evidence; a message whose lines pile up (a damaged or hostile
// log) keeps its latest ones, so that reading each delivery stays cheap.
const MAX_PENDING_PER_MESSAGE = 64;

const TLS_FAILURE_TEXT = new RegExp(
  [
    'TLS session: ',
    'an attempt to start TLS failed',
    'after STARTTLS\\b',
    'TLS error on connection',
    'DANE attempt failed',
  ].join('|'),
);
const ENHANCED_CODE = /(?:^|[\s-])([245]\.\d{1,3}\.\d{1,3})(?=[\s:;,)]|$)/;

/**
 * Ties Exim's evidence lines to delivery lines. Evidence lines carry the message id and the
 * address of the host tried; they belong to the next delivery line of that message to that
 * address, because one message can try several hosts and a check that failed at one must not
 * reach a delivery to another. `->` lines share the transaction of the `=>` before them.
 */
export class EximCorrelator {
  private readonly messages = new Map<string, MessageState>();
  /** Verification failures of the last session with `CV=no` to each address, any message. */
  private readonly lastFailedVerify = new Map<string, VerifyEntry[]>();

  constructor(private readonly emit: (delivery: Delivery) => void) {}

  verifyError(queueId: string, timeMillis: number, address: string | null, entry: VerifyEntry) {
    pushBounded(this.state(queueId).verify, { address, timeMillis, ...entry });
  }

  tlsFailure(queueId: string, timeMillis: number, address: string | null) {
    pushBounded(this.state(queueId).failures, { address, timeMillis });
  }

  completed(queueId: string) {
    this.messages.delete(queueId);
  }

  /** Classifies a delivery line with the evidence logged before it. */
  deliver(context: DeliveryContext): 'ok' | 'no-domain' {
    const { line, queueId } = context;
    const domain = recipientDomain(line.recipient);
    if (domain === null) return 'no-domain';

    const state = this.state(queueId);
    const address = line.host.address;
    const failedBefore = take(state.failures, address, context.timeMillis).length > 0;
    const session = state.sessions.get(address);
    const sameTransaction = line.flag === '->';
    const failedVerification = line.certificateVerified === 'no';

    let verify = unique(take(state.verify, address, context.timeMillis));
    // A session logs its failing checks once: later lines on it (`->`, `*`) and later batches of
    // the same message to that host have the same certificate.
    if (verify.length === 0 && session && (sameTransaction || line.host.continued)) {
      verify = session.verify;
    } else if (verify.length === 0 && session && failedVerification) {
      verify = session.verify;
    }
    // A continued connection or a resumed session was opened, and verified, by another message.
    if (verify.length === 0 && failedVerification && (line.host.continued || line.tls?.resumed)) {
      verify = this.lastFailedVerify.get(address) ?? [];
    }
    // The fallback is logged once, before the first line of its transport run; the run's other
    // lines (`->`, `**`, `==`), logged with it, went over the same connection in clear.
    const sameRun =
      sameTransaction ||
      (session !== undefined && context.timeMillis - session.timeMillis <= SAME_RUN_MILLIS);
    const fellBack = failedBefore || (sameRun && session?.fellBack === true);
    const handshakeFailed =
      fellBack || (sameTransaction && session?.handshakeFailed === true) || failureInText(line);

    const timeMillis = context.timeMillis;
    state.sessions.set(address, { verify, handshakeFailed, fellBack, timeMillis });
    if (failedVerification && verify.length > 0) this.rememberFailedVerify(address, verify);

    const classification = classifyExim({
      encrypted: line.tls !== null || line.certificateVerified !== null,
      certificateVerified: line.certificateVerified,
      verifyReasons: verify.map((v) => v.reason),
      handshakeFailed,
      noStarttls: noStarttlsLogged(line),
    });
    const tls = line.tls;
    const tlsVersion = tls ? normalizeTlsVersion(bareProtocol(tls.protocol)) : null;
    const facts = tls ? cipherFacts(tls.cipher, tlsVersion) : null;
    this.emit({
      timeMillis: context.timeMillis,
      logHost: '', // Exim lines carry no host name
      dialect: 'exim',
      queueId,
      recipientDomain: domain,
      recipientAddress: line.recipient,
      recipientPseudonym: null,
      mxHost: line.host.name === '' ? null : line.host.name.toLowerCase(),
      ip: isIP(address) === 0 ? null : address,
      port: line.host.port,
      status: line.status,
      dsn: line.status === 'sent' ? null : enhancedCode(line.errorText),
      starttls: classification.starttls,
      evidence: classification.evidence,
      verdicts: classification.verdicts,
      trustLogged: line.certificateVerified === null ? null : `CV=${line.certificateVerified}`,
      verifyText: verify.length > 0 ? verify.map((v) => v.text).join(' | ') : null,
      tlsVersionLogged: tls?.protocol ?? null,
      tlsVersion,
      cipherLogged: tls?.cipher ?? null,
      cipher: facts?.name ?? null,
      forwardSecrecy: facts?.forwardSecrecy ?? null,
      keyExchange: tls?.keyExchange ?? null,
      software:
        line.status === 'sent' && line.reply !== null ? softwareFromReply(line.reply) : null,
      connectionUse: null, // `*` says "not the first", not which
      sourceFile: '',
      sourceOffset: context.offset,
      sourceLine: context.number,
    });
    return 'ok';
  }

  private state(queueId: string): MessageState {
    let state = this.messages.get(queueId);
    if (!state) {
      if (this.messages.size >= MAX_MESSAGES) dropOldest(this.messages);
      state = { verify: [], failures: [], sessions: new Map() };
      this.messages.set(queueId, state);
    }
    return state;
  }

  private rememberFailedVerify(address: string, verify: VerifyEntry[]) {
    this.lastFailedVerify.delete(address);
    if (this.lastFailedVerify.size >= MAX_ADDRESSES) dropOldest(this.lastFailedVerify);
    this.lastFailedVerify.set(address, verify);
  }
}

/** Removes and returns the entries for `address` (or for no address); drops stale ones. */
function take<T extends Pending>(entries: T[], address: string, now: number): T[] {
  const taken: T[] = [];
  let kept = 0;
  for (const entry of entries) {
    if (now - entry.timeMillis > MAX_EVIDENCE_AGE_MILLIS) continue;
    if (entry.address === null || entry.address === address) taken.push(entry);
    else entries[kept++] = entry;
  }
  entries.length = kept;
  return taken;
}

/** Parallel attempts of one message to one host log the same checks: keep each text once. */
function unique(entries: VerifyEntry[]): VerifyEntry[] {
  const byText = new Map<string, VerifyEntry>();
  for (const { text, reason } of entries) if (!byText.has(text)) byText.set(text, { text, reason });
  return [...byText.values()];
}

/** A deferral or failure whose own text says the TLS handshake failed (errno -37). */
function failureInText(line: DeliveryLine): boolean {
  if (line.flag !== '==' && line.flag !== '**') return false;
  if (line.errno === -37) return true;
  return line.errorText !== null && TLS_FAILURE_TEXT.test(line.errorText);
}

function noStarttlsLogged(line: DeliveryLine): boolean {
  if (line.errorText?.includes('the server did not offer TLS support')) return true;
  const sequence = line.protocolSequence;
  return sequence !== null && !sequence.includes('s');
}

function enhancedCode(text: string | null): string | null {
  return text === null ? null : (ENHANCED_CODE.exec(text)?.[1] ?? null);
}

function pushBounded<T>(entries: T[], entry: T) {
  if (entries.length >= MAX_PENDING_PER_MESSAGE) entries.shift();
  entries.push(entry);
}

function dropOldest<K, V>(map: Map<K, V>) {
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}
