import type { Connection } from './connection-cache.js';
import { openConnection } from './connection-open.js';
import type { DeferReason, QueuedMessage, RecipientGroup } from './message.js';
import { deliveryLine, formatDelay, hostSaid, nonDeliveryNotice } from './postfix-lines.js';
import type { Random } from './random.js';
import { dataReply, replyDsn, softwareOf, unknownUserReply } from './software.js';
import type { SyslogClock } from './syslog-clock.js';
import { summaryText } from './summary-text.js';
import { line, type ScriptLine } from './timeline.js';
import { relayFragment, rowText, tlsFragment } from './truth.js';

export interface RequestContext {
  random: Random;
  clock: SyslogClock;
  /** Write the Postfix 3.11 `tls=` field on hosts recent enough to log it. */
  tlsField: boolean;
  /** Build ground-truth rows (a benchmark that needs only the log skips them). */
  truth: boolean;
}

export interface RequestOutcome {
  lines: ScriptLine[];
  end: number;
  /** Every recipient was deferred for this reason, or null. */
  deferred: DeferReason | null;
}

const BOUNCE_RATE = 0.015;
const GREYLIST_RATE = 0.5;
const THROTTLE_RATE = 0.03;

const CLEAR_TRUTH = {
  'no-tls-line': tlsFragment({ kind: 'clear', evidence: 'no-tls-line' }),
  'no-starttls': tlsFragment({ kind: 'clear', evidence: 'no-starttls' }),
  'plaintext-reuse': tlsFragment({ kind: 'clear', evidence: 'plaintext-reuse' }),
};

/**
 * One delivery request: an smtp process takes a message's recipients at one destination,
 * reuses a cached connection or opens one, and logs one delivery line per recipient.
 */
export function deliveryRequest(
  ctx: RequestContext,
  message: QueuedMessage,
  group: RecipientGroup,
  attempt: number,
  readyAt: number,
): RequestOutcome {
  const r = ctx.random;
  const host = message.host;
  const destination = group.destination;
  const { process, start } = host.smtpProcess(readyAt);
  process.requests += 1;
  const prefix = process.prefix;
  const lines: ScriptLine[] = [];
  const cacheKey = destination.connectionKey;

  // 1. A cached connection, or a new one with its TLS lines.
  let connection: Connection | null = host.connections.take(cacheKey, start);
  let setup: number;
  let deferred: DeferReason | null = null;
  let cacheable = true;
  if (connection) {
    connection.uses += 1;
    setup = 0.002 + r.float() * 0.01;
    const summary = connection.summary;
    if (summary) {
      const suffixed = host.profile.tls13Suffix;
      const text = summaryText(
        connection.mx,
        connection.ip,
        summary.trust,
        true,
        suffixed,
        summary.tail,
      );
      lines.push(line(start + setup, prefix + text));
    }
  } else {
    const opening = openConnection(
      r,
      host,
      prefix,
      message.queueId,
      destination,
      start,
      attempt,
      lines,
    );
    connection = opening.connection;
    setup = opening.setupSeconds;
    deferred = opening.refused;
    // Before Postfix 3.4, or without smtp_tls_connection_reuse, only plaintext is cached.
    cacheable = opening.cacheable && (connection.summary === null || host.profile.tlsReuse);
  }

  // 2. What the server says to this request as a whole.
  const mx = connection.mx;
  const ip = connection.ip;
  if (deferred === null) {
    if (mx.reply === 'yahoo' && r.chance(THROTTLE_RATE)) deferred = 'throttle';
    else if (destination.greylisting && attempt === 1 && r.chance(GREYLIST_RATE)) {
      deferred = 'greylist';
    }
  }

  // 3. What the log proves about this connection.
  const feature = ctx.tlsField && host.profile.featureStatus ? connection.feature : null;
  let truthTls = connection.truth;
  if (connection.evidence.kind === 'clear') {
    if (feature !== null) truthTls = CLEAR_TRUTH['no-starttls'];
    else if (connection.uses > 1) truthTls = CLEAR_TRUTH['plaintext-reuse'];
    else truthTls = CLEAR_TRUTH['no-tls-line'];
  }
  const relayTruth = ctx.truth
    ? relayFragment(host.profile.name, message.queueId, destination.domain, mx.name, ip)
    : '';

  // 4. One line per recipient: rejected ones after RCPT TO, delivered ones after DATA.
  const transfer = 0.05 + r.float() * 0.6 + message.sizeBytes / 4_000_000;
  const aMillis = Math.max(10, (readyAt - message.arrival) * 1000);
  const bMillis = r.chance(0.6) ? 0 : r.int(40);
  const cMillis = setup * 1000;
  const aDelay = formatDelay(aMillis);
  const bDelay = formatDelay(bMillis);
  const cDelay = formatDelay(cMillis);
  const unix = ctx.clock.unixSeconds(start + setup + transfer);
  let reply: string | null = null;
  const sent: ScriptLine[] = [];
  let bounced = 0;

  for (let i = 0; i < group.addresses.length; i++) {
    const address = group.addresses[i] as string;
    let status: 'sent' | 'deferred' | 'bounced';
    let dsn: string;
    let detail: string;
    let dMillis: number;
    if (deferred !== null) {
      status = 'deferred';
      ({ dsn, detail } = deferral(deferred, mx.name, ip, address, destination.domain));
      dMillis = deferred === 'handshake' || deferred === 'policy' ? 0 : 20 + r.int(60);
    } else if (r.chance(BOUNCE_RATE)) {
      status = 'bounced';
      const rejection = unknownUserReply(mx.reply, address, r);
      dsn = rejection.dsn;
      detail = hostSaid(mx.name, ip, rejection.reply, 'RCPT TO');
      dMillis = transfer * 300;
      bounced += 1;
    } else {
      status = 'sent';
      reply ??= dataReply(mx.reply, {
        random: r,
        unixSeconds: unix,
        messageId: message.messageId,
        sizeBytes: message.sizeBytes,
        backend: mx.backend,
      });
      dsn = replyDsn(mx.reply);
      detail = reply;
      dMillis = transfer * 1000;
    }
    const text = deliveryLine({
      queueId: message.queueId,
      recipient: address,
      origTo: group.origTo[i] ?? null,
      relay: connection.relay,
      connectionUse: connection.uses,
      delay: formatDelay(aMillis + bMillis + cMillis + dMillis),
      delays: `${aDelay}/${bDelay}/${cDelay}/${formatDelay(dMillis)}`,
      tls: feature,
      dsn,
      status,
      detail,
    });
    const software = status === 'sent' ? softwareOf(mx.reply) : null;
    const row: ScriptLine = {
      time: start + setup + dMillis / 1000 + i * 0.0001,
      text: prefix + text,
      truth: ctx.truth ? rowText(relayTruth, status, dsn, truthTls, software) : '',
      unicode: destination.unicode,
    };
    if (status === 'sent') sent.push(row);
    else lines.push(row);
  }
  for (const row of sent) lines.push(row);

  // 5. Release the process and, when the server allows, keep the connection for later.
  let end = start + setup;
  for (const l of lines) if (l.time > end) end = l.time;
  process.freeAt = end + 0.01;
  if (cacheable && (deferred === null || deferred === 'greylist') && r.chance(0.92)) {
    host.connections.give(cacheKey, connection, end + 0.005);
  }
  if (bounced > 0) {
    const notice = host.queueId(ctx.clock.unixSeconds(end));
    lines.push(line(end + 0.02, host.bounce + nonDeliveryNotice(message.queueId, notice)));
  }
  return { lines, end, deferred };
}

function deferral(
  reason: DeferReason,
  mxHost: string,
  ip: string,
  address: string,
  domain: string,
): { dsn: string; detail: string } {
  switch (reason) {
    case 'handshake':
      return { dsn: '4.7.5', detail: 'Cannot start TLS: handshake failure' };
    case 'policy':
      return { dsn: '4.7.5', detail: 'Server certificate not verified' };
    case 'greylist': {
      const reply =
        `450 4.2.0 <${address}>: Recipient address rejected: Greylisted, ` +
        `see http://postgrey.schweikert.ch/help/${domain}.html`;
      return { dsn: '4.2.0', detail: hostSaid(mxHost, ip, reply, 'RCPT TO') };
    }
    case 'throttle': {
      const reply =
        '421 4.7.0 [TSS04] Messages from 198.51.100.25 temporarily deferred due to unexpected ' +
        'volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes';
      return { dsn: '4.7.0', detail: hostSaid(mxHost, ip, reply, 'MAIL FROM') };
    }
  }
}
