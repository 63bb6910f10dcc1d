import type { LogHost } from '../log-hosts.js';
import type { Random } from '../random.js';
import type { SyslogClock } from '../syslog-clock.js';
import { line, type ScriptLine } from '../timeline.js';
import type { PlannedMessage } from '../traffic.js';
import {
  queueRunners,
  sendingHosts,
  type DayContext,
  type DialectDay,
  type Emit,
  type Request,
  type RequestResult,
  type RetryReason,
} from '../jsonl/day.js';
import { SENDMAIL_HOSTS, type SendmailHost } from './client.js';
import { deliverGroup, type Process } from './delivery.js';
import { delivery, envelope, prefix, submitted } from './lines.js';
import { QueueIds } from './queue-id.js';

export interface SendmailMessage {
  queueId: string;
  host: HostState;
  sender: string;
  sizeBytes: number;
  nrcpts: number;
  /** Seconds after midnight when it was queued. */
  arrival: number;
  messageId: string;
}

/** A sending host while the day runs. */
export interface HostState {
  config: SendmailHost;
  /** Queue runs start at this offset plus whole queue intervals. */
  runOffset: number;
  listPid: number;
  lastListArrival: number;
}

const LAST_QUEUED_SECONDS = 86_000;

/**
 * Two sendmail hosts. The daemon forks a process per SMTP client and delivers each message at
 * once in a background process; list mail is queued (`-odq`) and sent by the next queue run,
 * whose process keeps connections open for later messages (ConnectionCacheSize 2), so one
 * STARTTLS line serves several queue ids. Local programs submit through the submission program
 * (`sendmail[PID]`, mailer relay to [127.0.0.1]).
 */
export class SendmailDay implements DialectDay<SendmailMessage> {
  readonly hosts: readonly LogHost[];
  private readonly r: Random;
  private readonly clock: SyslogClock;
  private readonly ids: QueueIds;
  private readonly states = new Map<LogHost, HostState>();
  private pid: number;

  constructor(context: DayContext) {
    this.r = context.random;
    this.clock = context.clock;
    this.ids = new QueueIds(context.clock.epochSeconds);
    this.hosts = sendingHosts(this.r, SENDMAIL_HOSTS);
    this.pid = this.r.between(2_000, 60_000);
    // Offsets with different remainders, so that two hosts never run their queues at once.
    this.hosts.forEach((host, i) => {
      const config = SENDMAIL_HOSTS[i] as SendmailHost;
      const runOffset = 60 * this.r.between(0, 6) + 7 * i + 1;
      this.states.set(host, { config, runOffset, listPid: 0, lastListArrival: -Infinity });
    });
  }

  accept(p: PlannedMessage, emit: Emit): { message: SendmailMessage; firstTry: number } {
    const r = this.r;
    const t = p.arrival;
    const host = this.states.get(p.host) as HostState;
    const name = host.config.name;
    const list = p.sender.startsWith('bounce-');
    const lines: ScriptLine[] = [];
    let pid: number;
    if (list && t - host.lastListArrival < 10) pid = host.listPid;
    else pid = this.fork();
    if (list) {
      host.listPid = pid;
      host.lastListArrival = t;
    }
    const queueId = this.ids.next(t, pid);
    const messageId = `<${this.clock.compact(t)}.${queueId}@${name}.acme-retail.example>`;
    const addresses = p.groups.flatMap((g) => g.addresses);
    const unicode = p.groups.some((g) => g.destination.unicode);

    if (p.submission.kind === 'pickup') {
      // The submission program queues the message, then relays it to the daemon on localhost.
      const msp = this.fork();
      const submitId = this.ids.next(t, msp);
      const mspPrefix = prefix(name, 'sendmail', msp);
      lines.push(line(t, mspPrefix + submitted(submitId, p.sender, p.sizeBytes, addresses.length)));
      const local = { proto: 'ESMTP' as const, relay: 'localhost [127.0.0.1]' };
      const text = envelope(queueId, p.sender, p.sizeBytes + 412, p.recipients, messageId, local);
      lines.push(line(t + 0.01, prefix(name, 'sm-mta', pid) + text));
      const relayed = delivery({
        queueId: submitId,
        to: addresses.join(','),
        ctladdr: 'www-data (33/33)',
        delaySeconds: 0,
        xdelaySeconds: 0,
        mailer: 'relay',
        priority: 30_000 * addresses.length + p.sizeBytes,
        relay: '[127.0.0.1] [127.0.0.1]',
        dsn: '2.0.0',
        stat: `Sent (${queueId} Message accepted for delivery)`,
      });
      lines.push({ time: t + 0.02, text: mspPrefix + relayed, truth: null, unicode });
    } else {
      const client = p.submission.client;
      const open = client.indexOf('[');
      const relay = `${client.slice(0, open)} ${client.slice(open)}`;
      const text = envelope(queueId, p.sender, p.sizeBytes, p.recipients, messageId, {
        proto: 'ESMTPS',
        relay,
      });
      lines.push(line(t, prefix(name, 'sm-mta', pid) + text));
    }
    emit(lines);

    const message: SendmailMessage = {
      queueId,
      host,
      sender: p.sender,
      sizeBytes: p.sizeBytes,
      nrcpts: p.recipients,
      arrival: t,
      messageId,
    };
    const queued = list ? this.nextRun(host, t + 1) : null;
    const firstTry =
      queued !== null && queued < LAST_QUEUED_SECONDS ? queued : t + 0.05 + r.float() * 0.2;
    return { message, firstTry };
  }

  deliver(batch: readonly Request<SendmailMessage>[], emit: Emit): RequestResult[] {
    // A background delivery of one message, or a queue run shared among its runners.
    return queueRunners(batch).flatMap((share) => this.process(share, emit));
  }

  retryAt(request: Request<SendmailMessage>, _reason: RetryReason, end: number): number | null {
    const host = request.message.host;
    return this.nextRun(host, end + Math.max(1, host.config.minQueueAgeSeconds));
  }

  finished(): void {
    // sendmail logs nothing when a message leaves the queue.
  }

  stamp(seconds: number): string {
    return this.clock.stamp(seconds);
  }

  /** One process delivering its requests one after another, keeping connections open. */
  private process(requests: readonly Request<SendmailMessage>[], emit: Emit): RequestResult[] {
    const r = this.r;
    const first = requests[0];
    if (first === undefined) return [];
    const config = first.message.host.config;
    const pid = this.fork();
    const sm: Process = {
      host: config,
      pid,
      prefix: prefix(config.name, 'sm-mta', pid),
      cache: [],
    };
    const context = { random: r, clock: this.clock, ids: this.ids };
    const lines: ScriptLine[] = [];
    let cursor = first.time;
    const results = requests.map((request) => {
      const result = deliverGroup(context, sm, request, cursor, lines);
      cursor = result.end + 0.005 + r.float() * 0.05;
      return result;
    });
    emit(lines);
    return results;
  }

  private nextRun(host: HostState, after: number): number {
    const interval = host.config.queueIntervalSeconds;
    return host.runOffset + Math.ceil((after - host.runOffset) / interval) * interval;
  }

  private fork(): number {
    this.pid += this.r.between(1, 40);
    if (this.pid > 4_194_303) this.pid = 300 + this.r.int(1000);
    return this.pid;
  }
}
