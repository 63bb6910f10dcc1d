import type { Random } from '../random.js';
import { softwareOf } from '../software.js';
import type { SyslogClock } from '../syslog-clock.js';
import { line, type ScriptLine } from '../timeline.js';
import type { ConnectionKey, MxHost } from '../world.js';
import type { Request, RequestResult } from '../jsonl/day.js';
import {
  recipientOutcomes,
  refusalOf,
  refusalReply,
  replyWords,
  type RecipientOutcome,
} from '../jsonl/replies.js';
import { pickServer } from '../jsonl/server.js';
import { domainOf, truthRow } from '../jsonl/truth-row.js';
import { sendmailServer, type SendmailHost, type SendmailServer } from './client.js';
import type { SendmailMessage } from './day.js';
import {
  connectFailed,
  delivery,
  dsnEnvelope,
  dsnNotice,
  libraryError,
  relayField,
  tlsServerRefused,
} from './lines.js';
import type { QueueIds } from './queue-id.js';

/** A delivering sendmail process and the connections it keeps open. */
export interface Process {
  host: SendmailHost;
  pid: number;
  /** `host sm-mta[PID]: ` */
  prefix: string;
  /** Most recently used last. */
  cache: Connection[];
}

interface Connection {
  key: ConnectionKey;
  mx: MxHost;
  ip: string;
  server: SendmailServer;
  freeAt: number;
}

export interface DeliveryContext {
  random: Random;
  clock: SyslogClock;
  ids: QueueIds;
}

// sendmail.cf defaults: ConnectionCacheSize 2, ConnectionCacheTimeout 5 minutes.
const CACHE_SIZE = 2;
const CACHE_TIMEOUT_SECONDS = 300;

/**
 * One message's recipients at one destination, sent by process `sm` from `start`: over a cached
 * connection, or a new one whose STARTTLS lines come first. Writes one delivery line per
 * outcome, with a ground-truth row per recipient.
 */
export function deliverGroup(
  context: DeliveryContext,
  sm: Process,
  request: Request<SendmailMessage>,
  start: number,
  lines: ScriptLine[],
): RequestResult {
  const r = context.random;
  const { message, group } = request;
  const destination = group.destination;
  const p = sm.prefix;

  // 1. The connection, and what its opening logged.
  let connection = takeCached(sm, destination.connectionKey, start);
  let setup = 0.002 + r.float() * 0.01;
  let refused = false;
  if (connection === null) {
    const { mx, ip } = pickServer(r, destination);
    const server = sendmailServer(sm.host, mx);
    connection = { key: destination.connectionKey, mx, ip, server, freeAt: start };
    setup = 0.05 + r.float() * 0.35;
    const at = start + setup;
    if (server.kind === 'tls') {
      for (const text of server.lines) lines.push(line(at, p + text));
    } else if (server.kind === 'failed') {
      lines.push(line(at, p + connectFailed(server.reason)));
      if (sm.host.logLevel > 9 && server.libraryError !== null) {
        lines.push(line(at, p + libraryError(sm.pid, server.libraryError)));
      }
      lines.push(line(at, p + tlsServerRefused(mx.name)));
      // With TLSFallbacktoClear, sendmail connects again without STARTTLS.
      if (sm.host.fallbackToClear) setup += 0.05 + r.float() * 0.3;
      else refused = true;
    }
  }
  const { mx, ip, server } = connection;
  const relay = relayField(mx.name, ip);
  const priority = message.sizeBytes + 30_000 * message.nrcpts + 90_000 * (request.attempt - 1);
  const write = (time: number, outcomes: readonly Outcome[], dsn: string, stat: string) => {
    const to = outcomes.map((o) => `<${o.address}>`).join(',');
    const text = delivery({
      queueId: message.queueId,
      to,
      delaySeconds: time - message.arrival,
      xdelaySeconds: time - start,
      mailer: 'esmtp',
      priority,
      relay,
      dsn,
      stat,
    });
    const truth = outcomes
      .map((o) =>
        truthRow(
          {
            logHost: sm.host.name,
            queueId: message.queueId,
            recipientDomain: domainOf(o.address, destination),
            mxHost: mx.name,
            ip,
            port: null,
            status: o.status,
            dsn,
            software: o.status === 'sent' ? softwareOf(mx.reply) : null,
          },
          server.truth,
        ),
      )
      .join('');
    lines.push({ time, text: p + text, truth, unicode: destination.unicode });
  };
  const deferAll = (reason: 'handshake' | 'greylist' | 'throttle'): RequestResult => {
    const at = start + setup + 0.02 + r.float() * 0.1;
    return { end: at, deferred: reason };
  };

  // 2. No mail over a failed handshake without the fallback.
  if (refused) {
    const result = deferAll('handshake');
    const outcomes = group.addresses.map((address) => ({ address, status: 'deferred' as const }));
    write(result.end, outcomes, '4.7.0', 'Deferred: 403 4.7.0 TLS handshake failed.');
    return result;
  }
  connection.freeAt = start;
  putCached(sm, connection);

  // 3. A refusal of the whole transaction: a rate limit at MAIL, greylisting at each RCPT.
  const refusal = refusalOf(r, mx, destination, request.attempt);
  if (refusal === 'throttle') {
    const result = deferAll(refusal);
    const reply = refusalReply(refusal, '', destination.domain);
    const outcomes = group.addresses.map((address) => ({ address, status: 'deferred' as const }));
    write(result.end, outcomes, reply.dsn, `Deferred: ${reply.text}`);
    connection.freeAt = result.end;
    return result;
  }
  if (refusal === 'greylist') {
    const result = deferAll(refusal);
    group.addresses.forEach((address, i) => {
      const reply = refusalReply(refusal, address, destination.domain);
      const outcome = { address, status: 'deferred' as const };
      write(result.end + i * 0.001, [outcome], reply.dsn, `Deferred: ${reply.text}`);
    });
    connection.freeAt = result.end;
    return result;
  }

  // 4. Refused recipients get a line each; the accepted ones share one.
  const transfer = 0.05 + r.float() * 0.6 + message.sizeBytes / 4_000_000;
  const at = start + setup + transfer;
  const outcomes = recipientOutcomes(r, mx.reply, group.addresses, {
    unixSeconds: context.clock.unixSeconds(at),
    messageId: message.messageId,
    sizeBytes: message.sizeBytes,
    backend: mx.backend,
  });
  const sent = outcomes.filter((o) => o.status === 'sent');
  const bounced = outcomes.filter((o) => o.status === 'bounced');
  for (const o of bounced) write(at, [o], o.reply.dsn, statOfRefusal(o));
  const accepted = sent[0]?.reply;
  if (accepted) write(at + 0.0001, sent, '2.0.0', `Sent (${replyWords(accepted.text)})`);
  let end = at + 0.001;
  connection.freeAt = end;

  // 5. A DSN to the sender for each refused recipient, delivered to the local mailbox.
  for (const o of bounced) {
    end += 0.01;
    const dsnId = context.ids.next(end, sm.pid);
    const size = r.between(2_500, 6_000);
    lines.push(line(end, p + dsnNotice(message.queueId, dsnId, statOfRefusal(o))));
    lines.push(line(end, p + dsnEnvelope(dsnId, sm.host.name, size)));
    const local = delivery({
      queueId: dsnId,
      to: `<${message.sender}>`,
      delaySeconds: 0,
      xdelaySeconds: 0,
      mailer: 'local',
      priority: size + 30_000,
      relay: null,
      dsn: '2.0.0',
      stat: 'Sent',
    });
    lines.push(line(end, p + local));
  }
  return { end, deferred: null };
}

type Outcome = Pick<RecipientOutcome, 'address'> & { status: 'sent' | 'bounced' | 'deferred' };

/** sendmail's words for a permanent refusal: its text for the exit status it maps to. */
function statOfRefusal(o: RecipientOutcome): string {
  return o.reply.dsn.startsWith('5.1.') ? 'User unknown' : 'Service unavailable';
}

function takeCached(sm: Process, key: ConnectionKey, start: number): Connection | null {
  const cache = sm.cache;
  for (let i = cache.length - 1; i >= 0; i--) {
    const c = cache[i] as Connection;
    if (start - c.freeAt > CACHE_TIMEOUT_SECONDS) {
      cache.splice(i, 1); // closed by the cache timeout
    } else if (c.key === key) {
      cache.splice(i, 1);
      return c;
    }
  }
  return null;
}

function putCached(sm: Process, connection: Connection): void {
  sm.cache.push(connection);
  if (sm.cache.length > CACHE_SIZE) sm.cache.shift();
}
