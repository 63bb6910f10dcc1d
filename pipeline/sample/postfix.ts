/**
 * A realistic outbound Postfix log with its ground truth, for tests and benchmarks.
 *
 *   seed ─▶ world.ts (recipient domains, MX hosts, their TLS and software)
 *        ─▶ traffic.ts (messages over the day: transactional mail and campaigns)
 *        ─▶ delivery-request.ts (one smtp process delivers one message to one domain,
 *           reusing or opening a connection: connection-open.ts) ─▶ lines + ground truth
 *        ─▶ timeline.ts (concurrent processes merged in time order) ─▶ chunk-writer.ts
 *
 * The ground truth (truth.ts) is decided from what the generator chose to log, never read
 * back from the log. Memory stays bounded: only messages in flight are held.
 */
import { ChunkWriter, type TextSink } from './chunk-writer.js';
import { deliveryRequest, type RequestContext } from './delivery-request.js';
import { LOG_HOSTS, LogHost } from './log-hosts.js';
import type { DeferReason, QueuedMessage, RecipientGroup } from './message.js';
import {
  messageIdLine,
  pickupLine,
  queueActive,
  removed,
  submissionClient,
} from './postfix-lines.js';
import { Random } from './random.js';
import { SyslogClock } from './syslog-clock.js';
import { line, Timeline } from './timeline.js';
import { Traffic, type PlannedMessage } from './traffic.js';
import { buildWorld } from './world.js';

export interface PostfixSampleOptions {
  /** Delivery lines to write: the ground truth gets exactly this many rows. */
  deliveries: number;
  seed: number;
  /** The day of the log, `YYYY-MM-DD`. */
  date: string;
  /** Log the Postfix 3.11 `tls=` field (on the hosts recent enough for it). */
  tlsField?: boolean;
}

export interface PostfixSampleCounts {
  deliveries: number;
  messages: number;
  logLines: number;
  logBytes: number;
  truthBytes: number;
}

// Retries wait for Postfix's minimal_backoff_time (300 s) or longer, and end before midnight.
const LAST_RETRY_SECONDS = 86_400 - 300;
const RETRY_DELAY: Record<DeferReason, [number, number]> = {
  handshake: [300, 1500],
  greylist: [300, 900],
  throttle: [600, 2400],
  policy: [900, 3600],
};

interface Retry {
  time: number;
  message: QueuedMessage;
  group: RecipientGroup;
  attempt: number;
}

/**
 * Writes one day of an outbound Postfix log with `deliveries` delivery lines to `out.log`, and
 * to `out.truth` one JSON line per delivery line with the result the log proves (see truth.ts);
 * without `out.truth` no rows are built, which a benchmark may prefer. The same options give
 * byte-identical output. The sinks are not ended.
 */
export async function generatePostfix(
  options: PostfixSampleOptions,
  out: { log: TextSink; truth?: TextSink },
): Promise<PostfixSampleCounts> {
  const total = options.deliveries;
  if (!Number.isSafeInteger(total) || total < 1) {
    throw new Error(`deliveries must be a positive integer, got ${total}`);
  }
  if (!Number.isSafeInteger(options.seed)) {
    throw new Error(`seed must be an integer, got ${options.seed}`);
  }
  const clock = new SyslogClock(options.date);
  const r = Random.derive(options.seed, 'postfix');
  const world = buildWorld(options.seed);
  const hosts = LOG_HOSTS.map((profile) => new LogHost(profile, r));
  const ctx: RequestContext = {
    random: r,
    clock,
    tlsField: options.tlsField ?? false,
    truth: out.truth !== undefined,
  };
  const traffic = new Traffic(r, world, hosts, total);
  const timeline = new Timeline();
  const retries: Retry[] = [];
  const log = new ChunkWriter(out.log);
  const truth = out.truth ? new ChunkWriter(out.truth) : null;
  let planned = 0;
  let messages = 0;
  let lineNumber = 0;
  let deliveries = 0;

  const plan = (): PlannedMessage | null => {
    if (planned >= total) return null;
    const message = traffic.next(planned, total - planned);
    planned += message.recipients;
    return message;
  };

  const request = (message: QueuedMessage, group: RecipientGroup, attempt: number, at: number) => {
    const outcome = deliveryRequest(ctx, message, group, attempt, at);
    message.lastEnd = Math.max(message.lastEnd, outcome.end);
    let final = true;
    if (outcome.deferred !== null) {
      const [low, high] = RETRY_DELAY[outcome.deferred];
      const time = outcome.end + low + r.float() * (high - low);
      const wanted = outcome.deferred !== 'policy' || r.chance(0.5);
      if (wanted && time < LAST_RETRY_SECONDS && total - planned >= group.addresses.length) {
        planned += group.addresses.length;
        insertRetry(retries, { time, message, group, attempt: attempt + 1 });
        final = false;
      } else {
        message.stuck = true;
      }
    }
    if (final) {
      message.pending -= 1;
      if (message.pending === 0 && !message.stuck) {
        const last = outcome.lines[outcome.lines.length - 1]?.time ?? outcome.end;
        const time = Math.max(message.lastEnd, last) + 0.01;
        outcome.lines.push(line(time, message.host.qmgr + removed(message.queueId)));
      }
    }
    timeline.add(outcome.lines);
  };

  const enqueue = (p: PlannedMessage): void => {
    const host = p.host;
    const t = p.arrival;
    const queueId = host.queueId(clock.unixSeconds(t));
    const message: QueuedMessage = {
      host,
      queueId,
      messageId: `<${clock.compact(t)}.${queueId}@${host.profile.name}.acme-retail.example>`,
      sender: p.sender,
      sizeBytes: p.sizeBytes,
      arrival: t,
      nrcpt: p.recipients,
      pending: p.groups.length,
      stuck: false,
      lastEnd: t,
    };
    const submitted =
      p.submission.kind === 'pickup'
        ? host.pickup + pickupLine(queueId, p.submission.uid, p.sender)
        : host.smtpd + submissionClient(queueId, p.submission.client);
    const cleanup = host.cleanup[messages % host.cleanup.length] ?? host.qmgr;
    timeline.add([
      line(t, submitted),
      line(t + 0.004, cleanup + messageIdLine(queueId, message.messageId)),
      line(t + 0.008, host.qmgr + queueActive(queueId, p.sender, p.sizeBytes, p.recipients)),
    ]);
    messages += 1;
    for (const group of p.groups) request(message, group, 1, t + 0.01 + r.float() * 0.02);
  };

  const retry = (entry: Retry): void => {
    const m = entry.message;
    timeline.add([
      line(entry.time, m.host.qmgr + queueActive(m.queueId, m.sender, m.sizeBytes, m.nrcpt)),
    ]);
    request(m, entry.group, entry.attempt, entry.time + 0.01 + r.float() * 0.02);
  };

  // Arrivals and retries are created in time order, each before the first line it adds; the
  // timeline then writes every line in time order.
  let next = plan();
  // Runs the day until a chunk is full (false) or the day is written (true); the writers are
  // awaited between runs, so the loop that every line passes through stays synchronous.
  const run = (): boolean => {
    for (;;) {
      const arrivalTime = next?.arrival ?? Infinity;
      const retryTime = retries[0]?.time ?? Infinity;
      const lineTime = timeline.peekTime();
      if (next !== null && arrivalTime <= retryTime && arrivalTime <= lineTime) {
        enqueue(next);
        next = plan();
        continue;
      }
      if (retryTime <= lineTime && retryTime !== Infinity) {
        retry(retries.shift() as Retry);
        continue;
      }
      if (lineTime === Infinity) return true;

      const written = timeline.pop();
      lineNumber += 1;
      log.add(clock.stamp(written.time) + written.text, written.unicode);
      if (written.truth !== null) {
        deliveries += 1;
        truth?.add(`{"line":${lineNumber},${written.truth}`, false);
      }
      if (log.full || truth?.full) return false;
    }
  };
  while (!run()) {
    if (log.full) await log.flush();
    if (truth?.full) await truth.flush();
  }
  await log.flush();
  await truth?.flush();

  return {
    deliveries,
    messages,
    logLines: lineNumber,
    logBytes: log.bytes,
    truthBytes: truth?.bytes ?? 0,
  };
}

/** Keeps retries sorted by time; there are few at a time, so a sorted array will do. */
function insertRetry(retries: Retry[], entry: Retry): void {
  let i = retries.length;
  while (i > 0 && (retries[i - 1] as Retry).time > entry.time) i--;
  retries.splice(i, 0, entry);
}
