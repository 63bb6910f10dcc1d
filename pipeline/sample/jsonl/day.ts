/**
 * One day of outbound mail for the generators of the Exim, Sendmail, KumoMTA and canonical JSONL
 * samples: the same world and traffic as the Postfix sample, with the MTA left to each dialect.
 *
 *   seed ─▶ world.ts (recipient domains, MX hosts, their TLS and software)
 *        ─▶ traffic.ts (messages over the day) ─▶ DialectDay.accept (arrival lines)
 *        ─▶ delivery requests, batched by due time ─▶ DialectDay.deliver (lines + ground truth)
 *        ─▶ retries when a request was deferred ─▶ timeline.ts ─▶ chunk-writer.ts
 *
 * A request that comes due with others at the same instant (a queue run) is handed over with
 * them, so that a dialect can deliver them one after another in one process. It lives with the
 * canonical format because a canonical record is the MTA-neutral account of one attempt.
 */
import { ChunkWriter, type TextSink } from '../chunk-writer.js';
import { LogHost } from '../log-hosts.js';
import type { RecipientGroup } from '../message.js';
import { Random } from '../random.js';
import { SyslogClock } from '../syslog-clock.js';
import { Timeline, type ScriptLine } from '../timeline.js';
import { Traffic, type PlannedMessage } from '../traffic.js';
import { buildWorld, type World } from '../world.js';
import { DueQueue } from './due-queue.js';

export interface SampleOptions {
  /** Delivery rows to write: the ground truth gets exactly this many. */
  deliveries: number;
  seed: number;
  /** The day of the log, `YYYY-MM-DD`. */
  date: string;
}

export interface SampleCounts {
  /** Ground-truth rows: one per recipient of each delivery line or record. */
  deliveries: number;
  messages: number;
  logLines: number;
  logBytes: number;
  truthBytes: number;
}

export interface SampleSinks {
  log: TextSink;
  /** Without it the log alone is written (the rows are still counted). */
  truth?: TextSink;
}

/** Why a whole request was deferred; `reconnect` is KumoMTA's retry in clear after a failure. */
export type RetryReason = 'greylist' | 'throttle' | 'handshake' | 'policy' | 'reconnect';

/** One try at delivering a message's recipients at one destination. */
export interface Request<M> {
  /** When the request comes due, in seconds after midnight. */
  readonly time: number;
  readonly message: M;
  readonly group: RecipientGroup;
  /** 1 for the first try. */
  readonly attempt: number;
}

export interface RequestResult {
  /** When the request's last line was logged. */
  end: number;
  deferred: RetryReason | null;
}

export type Emit = (lines: ScriptLine[]) => void;

export interface DayContext {
  random: Random;
  world: World;
  clock: SyslogClock;
}

/** What a dialect adds to the day: its hosts, and what its MTA logs. */
export interface DialectDay<M> {
  /** The sending hosts, with their share of the mail. */
  readonly hosts: readonly LogHost[];
  /** Takes a message into the queue; returns it and when its groups are first tried. */
  accept(planned: PlannedMessage, emit: Emit): { message: M; firstTry: number };
  /** Delivers the requests due at one instant; one result each, in their order. */
  deliver(batch: readonly Request<M>[], emit: Emit): RequestResult[];
  /** When a request deferred for `reason` at `end` is tried again, or null when not today. */
  retryAt(request: Request<M>, reason: RetryReason, end: number): number | null;
  /** Lines logged once every recipient of the message is final. */
  finished(message: M, time: number, emit: Emit): void;
  /** The text before each line, e.g. its timestamp. */
  stamp(seconds: number): string;
}

/** A row's text without its leading `{"line":N,`, ending in a newline; several are joined. */
export type TruthRows = string;

interface Tracked<M> {
  message: M;
  pending: number;
  stuck: boolean;
  lastEnd: number;
}

interface Due<M> extends Request<M> {
  tracked: Tracked<M>;
  seq: number;
}

// Retries end before midnight, like the Postfix sample's.
const LAST_RETRY_SECONDS = 86_400 - 300;

/**
 * Writes the day's log to `out.log` and one ground-truth row per delivery row to `out.truth`
 * (when given). The same options give byte-identical output; the sinks are not ended.
 */
export async function runDay<M>(
  options: SampleOptions,
  out: SampleSinks,
  label: string,
  create: (context: DayContext) => DialectDay<M>,
): Promise<SampleCounts> {
  const total = options.deliveries;
  if (!Number.isSafeInteger(total) || total < 1) {
    throw new Error(`deliveries must be a positive integer, got ${total}`);
  }
  if (!Number.isSafeInteger(options.seed)) {
    throw new Error(`seed must be an integer, got ${options.seed}`);
  }
  const clock = new SyslogClock(options.date);
  const r = Random.derive(options.seed, label);
  const world = buildWorld(options.seed);
  const day = create({ random: r, world, clock });
  const traffic = new Traffic(r, world, day.hosts, total);
  const timeline = new Timeline();
  const emit: Emit = (lines) => timeline.add(lines);
  const queue = new DueQueue<Due<M>>();
  const log = new ChunkWriter(out.log);
  const truth = out.truth ? new ChunkWriter(out.truth) : null;
  let planned = 0;
  let messages = 0;
  let lineNumber = 0;
  let rows = 0;
  let seq = 0;

  const plan = (): PlannedMessage | null => {
    if (planned >= total) return null;
    const message = traffic.next(planned, total - planned);
    planned += message.recipients;
    return message;
  };

  const schedule = (tracked: Tracked<M>, group: RecipientGroup, attempt: number, time: number) => {
    queue.push({ time, message: tracked.message, group, attempt, tracked, seq: seq++ });
  };

  const accept = (p: PlannedMessage): void => {
    const { message, firstTry } = day.accept(p, emit);
    const tracked: Tracked<M> = {
      message,
      pending: p.groups.length,
      stuck: false,
      lastEnd: p.arrival,
    };
    messages += 1;
    for (const group of p.groups) schedule(tracked, group, 1, firstTry);
  };

  const deliver = (): void => {
    const batch = queue.popBatch();
    const results = day.deliver(batch, emit);
    batch.forEach((due, i) => {
      const result = results[i];
      if (!result) throw new Error(`${label}: no result for request ${i} of ${batch.length}`);
      settle(due, result);
    });
  };

  const settle = (due: Due<M>, result: RequestResult): void => {
    const tracked = due.tracked;
    tracked.lastEnd = Math.max(tracked.lastEnd, result.end);
    if (result.deferred !== null) {
      const size = due.group.addresses.length;
      const retry = day.retryAt(due, result.deferred, result.end);
      if (retry !== null && retry < LAST_RETRY_SECONDS && total - planned >= size) {
        planned += size;
        schedule(tracked, due.group, due.attempt + 1, retry);
        return;
      }
      tracked.stuck = true;
    }
    tracked.pending -= 1;
    if (tracked.pending === 0 && !tracked.stuck) {
      day.finished(tracked.message, tracked.lastEnd + 0.01, emit);
    }
  };

  // Arrivals and due requests are handled in time order, each before the first line it adds.
  let next = plan();
  const run = (): boolean => {
    for (;;) {
      const arrivalTime = next?.arrival ?? Infinity;
      const dueTime = queue.nextTime;
      const lineTime = timeline.peekTime();
      if (next !== null && arrivalTime <= dueTime && arrivalTime <= lineTime) {
        accept(next);
        next = plan();
        continue;
      }
      if (dueTime <= lineTime && dueTime !== Infinity) {
        deliver();
        continue;
      }
      if (lineTime === Infinity) return true;

      const written = timeline.pop();
      lineNumber += 1;
      log.add(day.stamp(written.time) + written.text, written.unicode);
      if (written.truth !== null) rows += addRows(truth, lineNumber, written.truth);
      if (log.full || truth?.full) return false;
    }
  };
  while (!run()) {
    if (log.full) await log.flush();
    if (truth?.full) await truth.flush();
  }
  await log.flush();
  await truth?.flush();
  // Every request logs one row per recipient, so the plan's count is the log's.
  if (rows !== total) throw new Error(`${label}: the log has ${rows} delivery rows, not ${total}`);

  return {
    deliveries: rows,
    messages,
    logLines: lineNumber,
    logBytes: log.bytes,
    truthBytes: truth?.bytes ?? 0,
  };
}

const QUEUE_RUNNERS = 5;
const MESSAGES_PER_RUNNER = 50;

/**
 * A queue run's requests shared out among parallel runners (Exim's `queue_run_max`, sendmail's
 * MaxQueueChildren: 5), in order, so that a long queue is done before the next run. A short one
 * takes one runner.
 */
export function queueRunners<T>(batch: readonly T[]): T[][] {
  const runners = Math.min(QUEUE_RUNNERS, Math.ceil(batch.length / MESSAGES_PER_RUNNER));
  const size = Math.ceil(batch.length / Math.max(runners, 1));
  const shares: T[][] = [];
  for (let i = 0; i < batch.length; i += size) shares.push(batch.slice(i, i + size));
  return shares;
}

/** Writes the rows of one line with its number, when rows are wanted; returns how many. */
function addRows(truth: ChunkWriter | null, lineNumber: number, rows: TruthRows): number {
  const head = `{"line":${lineNumber},`;
  const first = rows.indexOf('\n');
  if (first === rows.length - 1) {
    truth?.add(head + rows, false);
    return 1;
  }
  let count = 0;
  let start = 0;
  while (start < rows.length) {
    const end = rows.indexOf('\n', start) + 1;
    truth?.add(head + rows.slice(start, end), false);
    start = end;
    count++;
  }
  return count;
}

/**
 * Sending hosts for the traffic model, which picks one per message by share. Only the name and
 * share matter outside the Postfix sample; the Postfix-only features are off.
 */
export function sendingHosts(
  random: Random,
  hosts: readonly { name: string; share: number }[],
): LogHost[] {
  return hosts.map(
    ({ name, share }) =>
      new LogHost(
        {
          name,
          service: 'mta',
          tlsReuse: false,
          tls13Suffix: false,
          featureStatus: false,
          longQueueIds: false,
          share,
        },
        random,
      ),
  );
}
