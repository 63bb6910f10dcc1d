import type { LogHost } from '../log-hosts.js';
import type { RecipientGroup } from '../message.js';
import { HEX_LOWER, type Random } from '../random.js';
import { softwareOf } from '../software.js';
import type { SyslogClock } from '../syslog-clock.js';
import type { ScriptLine } from '../timeline.js';
import type { PlannedMessage } from '../traffic.js';
import type { MxHost } from '../world.js';
import {
  sendingHosts,
  type DayContext,
  type DialectDay,
  type Emit,
  type Request,
  type RequestResult,
  type RetryReason,
} from '../jsonl/day.js';
import { recipientOutcomes, refusalOf, refusalReply, type Reply } from '../jsonl/replies.js';
import { IdlePool, type Pooled } from '../jsonl/idle-pool.js';
import { pickServer } from '../jsonl/server.js';
import { domainOf, truthRow } from '../jsonl/truth-row.js';
import {
  commandOf,
  kumoRecord,
  response,
  type RecordBase,
  type RecordType,
  type SessionFields,
} from './record.js';
import { RecordBases, uuid, type KumoMessage } from './message.js';
import { kumoServer, type KumoServer } from './tls.js';

/** An open SMTP session from one egress source to one site. */
interface Session extends Pooled {
  id: string;
  mx: MxHost;
  ip: string;
  server: KumoServer;
}

/** A handshake failed: the next try goes to the same address in clear. */
interface Reconnect {
  mx: MxHost;
  ip: string;
  truth: string;
}

/** Egress sources; the bulk pool's paths use `enable_tls = "OpportunisticInsecure"`. */
const SOURCES = [
  { name: 'ip-1', share: 50, validate: true },
  { name: 'ip-2', share: 50, validate: false },
];

// Sessions idle this long are closed (idle_timeout); the first retry waits retry_interval.
const IDLE_SECONDS = 60;
const RETRY_SECONDS = 1200;

/**
 * One KumoMTA node with two egress sources, one validating certificates (the default), one not.
 * Every message is received (a Reception record) and
 * queued per recipient domain; ready messages go out at once over a session to the site, kept
 * open for the next message there. With `opportunistic_tls_reconnect_on_failed_handshake`, a
 * failed handshake is logged as a TransientFailure and the message is sent again in clear;
 * domains with a TLS policy (`enable_tls = "Required"`) wait for the next try instead.
 */
export class KumoDay implements DialectDay<KumoMessage> {
  readonly hosts: readonly LogHost[];
  private readonly r: Random;
  private readonly clock: SyslogClock;
  private readonly bases: RecordBases;
  private readonly sessions = new IdlePool<Session>(IDLE_SECONDS);
  private readonly reconnects = new Map<RecipientGroup, Reconnect>();

  constructor(context: DayContext) {
    this.r = context.random;
    this.clock = context.clock;
    this.hosts = sendingHosts(this.r, SOURCES);
    this.bases = new RecordBases(uuid(this.r));
  }

  accept(p: PlannedMessage, emit: Emit): { message: KumoMessage; firstTry: number } {
    const r = this.r;
    const t = p.arrival;
    const created = this.clock.unixSeconds(t);
    const open = p.submission.kind === 'smtpd' ? p.submission.client.indexOf('[') : -1;
    const peer =
      p.submission.kind === 'smtpd'
        ? {
            name: p.submission.client.slice(0, open),
            addr: p.submission.client.slice(open + 1, -1),
          }
        : { name: 'localhost', addr: '127.0.0.1' };
    const message: KumoMessage = {
      sender: p.sender,
      sizeBytes: p.sizeBytes,
      created,
      source: p.host.profile.name,
      ids: new Map(),
      messageId: `<${r.chars(HEX_LOWER, 16)}@acme-retail.example>`,
    };
    const lines: ScriptLine[] = p.groups.map((group, i) => {
      const id = r.chars(HEX_LOWER, 32);
      message.ids.set(group, id);
      const text = this.bases.reception(message, id, group, peer);
      return { time: t + i * 0.0001, text, truth: null, unicode: group.destination.unicode };
    });
    emit(lines);
    return { message, firstTry: t + 0.05 + r.float() * 0.3 };
  }

  deliver(batch: readonly Request<KumoMessage>[], emit: Emit): RequestResult[] {
    // Queues are served in parallel, each on its own session.
    return batch.map((request) => {
      const lines: ScriptLine[] = [];
      const result = this.attempt(request, lines);
      emit(lines);
      return result;
    });
  }

  retryAt(request: Request<KumoMessage>, reason: RetryReason, end: number): number | null {
    if (reason === 'reconnect') return end + 0.02 + this.r.float() * 0.05;
    return end + RETRY_SECONDS * 2 ** Math.min(request.attempt - 1, 4);
  }

  finished(): void {
    // Every record is written when its attempt ends.
  }

  stamp(): string {
    return '';
  }

  private attempt(request: Request<KumoMessage>, lines: ScriptLine[]): RequestResult {
    const r = this.r;
    const { message, group } = request;
    const destination = group.destination;
    const id = message.ids.get(group) as string;
    const start = request.time;
    const base = (type: RecordType, recipients: readonly string[], time: number) =>
      this.bases.of(
        message,
        id,
        destination,
        type,
        recipients,
        this.clock.unixSeconds(time),
        request.attempt - 1,
      );

    // 1. The session: the clear retry after a failed handshake, an idle one, or a new one.
    const reconnect = this.reconnects.get(group);
    this.reconnects.delete(group);
    let session: Session | null = null;
    let setup = 0.002 + r.float() * 0.01;
    if (reconnect === undefined) {
      session = this.sessions.take(message.source, destination.connectionKey, start);
      if (session === null) {
        const { mx, ip } = pickServer(r, destination);
        const key = destination.connectionKey;
        // A domain with a TLS policy is `Required`, which validates whatever the pool says.
        const required = destination.policy === 'verify';
        const validate = required || SOURCES.some((s) => s.name === message.source && s.validate);
        const server = kumoServer(mx, validate);
        session = { id: uuid(r), key, mx, ip, server, freeAt: start };
        setup = 0.05 + r.float() * 0.35;
      }
    }
    const mx = reconnect?.mx ?? (session as Session).mx;
    const ip = reconnect?.ip ?? (session as Session).ip;
    const server = session?.server ?? null;
    const peer = { name: `${mx.name}.`, addr: ip };
    const truth = reconnect?.truth ?? (server as KumoServer).truth;
    const tlsFields = server?.kind === 'tls' ? server : null;
    const sessionId = session?.id ?? uuid(r);
    let at = start + setup;
    const write = (
      base: RecordBase,
      fields: SessionFields,
      status: 'sent' | 'deferred' | 'bounced',
    ) => {
      const rows = base.recipients.map((address) =>
        truthRow(
          {
            logHost: message.source,
            queueId: id,
            recipientDomain: domainOf(address, destination),
            mxHost: mx.name,
            ip,
            port: null,
            status,
            dsn: fields.response.enhanced,
            software: base.type === 'Delivery' ? softwareOf(mx.reply) : null,
          },
          truth,
        ),
      );
      const text = kumoRecord(base, fields);
      lines.push({ time: at, text, truth: rows.join(''), unicode: destination.unicode });
      at += 0.0001;
    };

    // 2. A failed handshake: sent again in clear, or (under a TLS policy) left for later.
    if (server?.kind === 'failed') {
      const required = destination.policy === 'verify';
      const content = required
        ? 'KumoMTA internal: failed to connect to any candidate hosts: TLS handshake with ' +
          `ResolvedAddress { name: "${mx.name}.", addr: ${ip} }:25 failed: ${server.error}`
        : `TLS handshake failed: ${server.error}, will re-connect in the clear because ` +
          'opportunistic_tls_reconnect_on_failed_handshake=true';
      write(
        base('TransientFailure', group.addresses, at),
        {
          response: { code: 400, enhanced: null, content, command: null },
          peer: required ? null : peer,
          tls: null,
          sessionId: required ? null : sessionId,
        },
        'deferred',
      );
      if (!required) this.reconnects.set(group, { mx, ip, truth: server.truth });
      return { end: at, deferred: required ? 'handshake' : 'reconnect' };
    }
    const tls = tlsFields && {
      cipher: tlsFields.cipher,
      protocol: tlsFields.protocol,
      subject: tlsFields.subject,
    };
    const record = (
      type: RecordType,
      recipients: readonly string[],
      reply: Reply,
      status: 'sent' | 'deferred' | 'bounced',
    ) => {
      const command = commandOf(type, reply, message.sender, recipients);
      const fields = { response: response(reply, command), peer, tls, sessionId };
      write(base(type, recipients, at), fields, status);
    };

    // 3. A refusal of the whole transaction: a rate limit at MAIL, greylisting at each RCPT.
    const refusal = refusalOf(r, mx, destination, request.attempt);
    if (refusal !== null) {
      at += 0.02 + r.float() * 0.1;
      if (refusal === 'throttle') {
        const reply = refusalReply(refusal, '', destination.domain);
        record('TransientFailure', group.addresses, reply, 'deferred');
      } else {
        for (const address of group.addresses) {
          const reply = refusalReply(refusal, address, destination.domain);
          record('TransientFailure', [address], reply, 'deferred');
        }
      }
      this.release(message.source, session, at);
      return { end: at, deferred: refusal };
    }

    // 4. Unknown recipients bounce one by one; the accepted ones share a Delivery record.
    at += 0.05 + r.float() * 0.6 + message.sizeBytes / 4_000_000;
    const outcomes = recipientOutcomes(r, mx.reply, group.addresses, {
      unixSeconds: this.clock.unixSeconds(at),
      messageId: message.messageId,
      sizeBytes: message.sizeBytes,
      backend: mx.backend,
    });
    for (const o of outcomes) {
      if (o.status === 'bounced') record('Bounce', [o.address], o.reply, 'bounced');
    }
    const sent = outcomes.filter((o) => o.status === 'sent');
    const accepted = sent[0]?.reply;
    if (accepted) {
      const recipients = sent.map((o) => o.address);
      record('Delivery', recipients, accepted, 'sent');
    }
    this.release(message.source, session, at);
    return { end: at, deferred: null };
  }

  private release(source: string, session: Session | null, freeAt: number): void {
    // The clear retry after a failed handshake closes its connection.
    if (session !== null) this.sessions.give(source, session, freeAt);
  }
}
