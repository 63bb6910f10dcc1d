import type { LogHost } from '../log-hosts.js';
import { ALNUM, type Random } from '../random.js';
import { softwareOf } from '../software.js';
import type { SyslogClock } from '../syslog-clock.js';
import type { ScriptLine } from '../timeline.js';
import type { PlannedMessage } from '../traffic.js';
import type { MxHost } from '../world.js';
import { banner, bannerSoftware } from './banner.js';
import {
  sendingHosts,
  type DayContext,
  type DialectDay,
  type Emit,
  type Request,
  type RequestResult,
  type RetryReason,
} from './day.js';
import { IdlePool, type Pooled } from './idle-pool.js';
import { producerSession, PRODUCERS, type Producer, type ProducerSession } from './producer.js';
import { canonicalRecord, type CanonicalFields } from './record.js';
import { recipientOutcomes, refusalOf, refusalReply, type Reply } from './replies.js';
import { pickServer } from './server.js';
import { domainOf, truthRow } from './truth-row.js';

export interface CanonicalMessage {
  producer: Producer;
  queueId: string;
  sizeBytes: number;
  messageId: string;
}

/** A connection a producer keeps open for the next message to the same hosts. */
interface Connection extends Pooled {
  mx: MxHost;
  ip: string;
  session: ProducerSession;
  banner: string;
  uses: number;
}

const IDLE_SECONDS = 10;
const READY_FOR_TLS: Reply = {
  text: '220 2.0.0 Ready to start TLS',
  command: 'DATA',
  dsn: '4.7.5',
};

/**
 * The sender's own MTAs, one canonical record per recipient and attempt. Queues are served in
 * parallel; an idle connection to the same hosts is reused for a while (`connection_use`).
 */
export class CanonicalDay implements DialectDay<CanonicalMessage> {
  readonly hosts: readonly LogHost[];
  private readonly r: Random;
  private readonly clock: SyslogClock;
  private readonly producers = new Map<LogHost, Producer>();
  private readonly idle = new IdlePool<Connection>(IDLE_SECONDS);

  constructor(context: DayContext) {
    this.r = context.random;
    this.clock = context.clock;
    this.hosts = sendingHosts(
      this.r,
      PRODUCERS.map((p) => ({ name: p.host, share: p.share })),
    );
    this.hosts.forEach((host, i) => this.producers.set(host, PRODUCERS[i] as Producer));
  }

  accept(p: PlannedMessage): { message: CanonicalMessage; firstTry: number } {
    const message: CanonicalMessage = {
      producer: this.producers.get(p.host) as Producer,
      queueId: this.r.chars(ALNUM, 12),
      sizeBytes: p.sizeBytes,
      messageId: `<${this.r.chars(ALNUM, 20)}@acme-retail.example>`,
    };
    return { message, firstTry: p.arrival + 0.05 + this.r.float() * 0.3 };
  }

  deliver(batch: readonly Request<CanonicalMessage>[], emit: Emit): RequestResult[] {
    return batch.map((request) => {
      const lines: ScriptLine[] = [];
      const result = this.attempt(request, lines);
      emit(lines);
      return result;
    });
  }

  retryAt(request: Request<CanonicalMessage>, reason: RetryReason, end: number): number | null {
    // Greylisting lets the second try through; other refusals wait longer each time.
    if (reason === 'greylist') return end + 300 + this.r.float() * 600;
    const wait = Math.min(900 * 2 ** (request.attempt - 1), 4 * 3600);
    return end + wait * (1 + this.r.float() * 0.2);
  }

  finished(): void {
    // Records are written per attempt.
  }

  stamp(): string {
    return '';
  }

  private attempt(request: Request<CanonicalMessage>, lines: ScriptLine[]): RequestResult {
    const r = this.r;
    const { message, group } = request;
    const destination = group.destination;
    const producer = message.producer;
    const start = request.time;

    // 1. An idle connection to the same hosts, or a new one.
    let connection = this.idle.take(producer.host, destination.connectionKey, start);
    let at = start + 0.002 + r.float() * 0.01;
    if (connection === null) {
      const { mx, ip } = pickServer(r, destination);
      const session = producerSession(producer, mx, destination.policy);
      const greeting = banner(r, mx, this.clock.unixSeconds(start));
      const key = destination.connectionKey;
      connection = { key, mx, ip, session, banner: greeting, uses: 0, freeAt: start };
      at = start + 0.05 + r.float() * 0.4;
    }
    connection.uses += 1;
    const { mx, ip, session } = connection;
    const shown = producer.session ? connection.banner : undefined;
    const write = (address: string, status: CanonicalFields['status'], reply: Reply) => {
      const domain = address.slice(address.lastIndexOf('@') + 1);
      const text = canonicalRecord({
        host: producer.host,
        queueId: message.queueId,
        recipient: producer.fullRecipient
          ? { field: 'recipient', value: address }
          : { field: 'recipient_domain', value: domain },
        mxHost: mx.name,
        ip,
        time: new Date((this.clock.epochSeconds + at) * 1000).toISOString(),
        status,
        dsn: reply.dsn,
        reply: reply.text,
        banner: shown,
        advertised: producer.session ? session.advertised : undefined,
        connectionUse: producer.session ? connection.uses : undefined,
        tls: session.tlsText,
      });
      // The banner names the software first, else the reply (§ "How a record is classified").
      const software =
        shown !== undefined
          ? bannerSoftware(mx.reply)
          : status === 'sent'
            ? softwareOf(mx.reply)
            : status === 'bounced' && mx.reply === 'google'
              ? 'google' // its refusal ends in `- gsmtp` too
              : null;
      const truth = truthRow(
        {
          logHost: producer.host,
          queueId: message.queueId,
          recipientDomain: domainOf(address, destination),
          mxHost: mx.name,
          ip,
          port: 25,
          status,
          dsn: reply.dsn,
          software,
        },
        session.truth,
      );
      lines.push({ time: at, text, truth, unicode: destination.unicode });
      at += 0.0001;
    };

    // 2. A certificate refused under the domain's TLS policy: nothing sent, try again later.
    if (session.kind === 'refused') {
      for (const address of group.addresses) write(address, 'deferred', READY_FOR_TLS);
      return { end: at, deferred: 'policy' };
    }

    // 3. The transaction: refused as a whole, or recipient by recipient.
    const refusal = refusalOf(r, mx, destination, request.attempt);
    if (refusal !== null) {
      at += 0.02 + r.float() * 0.1;
      for (const address of group.addresses) {
        write(address, 'deferred', refusalReply(refusal, address, destination.domain));
      }
      this.release(producer, connection, at);
      return { end: at, deferred: refusal };
    }
    at += 0.05 + r.float() * 0.6 + message.sizeBytes / 4_000_000;
    const outcomes = recipientOutcomes(r, mx.reply, group.addresses, {
      unixSeconds: this.clock.unixSeconds(at),
      messageId: message.messageId,
      sizeBytes: message.sizeBytes,
      backend: mx.backend,
    });
    for (const o of outcomes) write(o.address, o.status, o.reply);
    this.release(producer, connection, at);
    return { end: at, deferred: null };
  }

  /** Keeps a connection that went well; one opened after a failed handshake is closed. */
  private release(producer: Producer, connection: Connection, freeAt: number): void {
    if (connection.session.kind !== 'fallback') this.idle.give(producer.host, connection, freeAt);
  }
}
