import type { LogHost } from '../log-hosts.js';
import type { Random } from '../random.js';
import { softwareOf } from '../software.js';
import type { SyslogClock } from '../syslog-clock.js';
import { line, type ScriptLine } from '../timeline.js';
import type { PlannedMessage } from '../traffic.js';
import type { ConnectionKey, MxHost } from '../world.js';
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
import { enhancedCode, recipientOutcomes, refusalOf, refusalReply } from '../jsonl/replies.js';
import { pickServer } from '../jsonl/server.js';
import { domainOf, truthRow } from '../jsonl/truth-row.js';
import {
  arrival,
  bounceMessage,
  completed,
  deferred,
  delivered,
  failed,
  fallback,
  hostField,
  queueRun,
  verifyError,
  type Submission,
} from './lines.js';
import { EximClock, MessageIds } from './message-id.js';
import { deferralTruth, eximServer, type EximServer } from './session.js';

export interface EximMessage {
  id: string;
  sender: string;
  sizeBytes: number;
  messageId: string;
}

/** A connection a queue runner keeps open for the next message to the same hosts. */
interface Open {
  key: ConnectionKey;
  mx: MxHost;
  ip: string;
  server: EximServer;
}

interface Attempt extends RequestResult {
  open: Open | null;
}

// `exim -bd -q10m`; the default retry rule waits 15 minutes after a temporary error.
const QUEUE_RUN_SECONDS = 600;
const RETRY_SECONDS = 900;
const LAST_QUEUED_SECONDS = 86_000;

/**
 * One Exim host (its main log names no host). Messages are delivered as they arrive, one
 * delivery process each; list mail is queued by an ACL and sent by the queue runner, which
 * passes an open connection on to the next message for the same hosts (`*`). Deferred messages
 * wait for a queue run past their retry time.
 */
export class EximDay implements DialectDay<EximMessage> {
  readonly hosts: readonly LogHost[];
  private readonly r: Random;
  private readonly syslogClock: SyslogClock;
  private readonly clock: EximClock;
  private readonly ids: MessageIds;
  private readonly runOffset: number;
  private readonly runTimes = new Set<number>();
  private pid: number;
  private listPid = 0;
  private lastListArrival = -Infinity;

  constructor(context: DayContext, date: string) {
    this.r = context.random;
    this.syslogClock = context.clock;
    this.hosts = sendingHosts(this.r, [{ name: 'mail-out', share: 100 }]);
    this.clock = new EximClock(date);
    this.ids = new MessageIds(context.clock.epochSeconds);
    this.runOffset = this.r.between(0, QUEUE_RUN_SECONDS - 1);
    this.pid = this.r.between(2_000, 60_000);
  }

  accept(p: PlannedMessage, emit: Emit): { message: EximMessage; firstTry: number } {
    const t = p.arrival;
    // A list server sends its messages down one SMTP connection: one receiving process.
    const list = p.sender.startsWith('bounce-');
    let pid: number;
    if (list && t - this.lastListArrival < 10) pid = this.listPid;
    else pid = this.fork();
    if (list) {
      this.listPid = pid;
      this.lastListArrival = t;
    }
    const id = this.ids.next(t, pid);
    const messageId = `<${this.syslogClock.compact(t)}.${id}@mail-out.acme-retail.example>`;
    const from: Submission =
      p.submission.kind === 'pickup' ? { kind: 'local' } : client(p.submission.client);
    emit([line(t, arrival(id, p.sender, from, p.sizeBytes, messageId))]);

    const queued = list ? this.nextRun(t + 1) : null;
    const firstTry =
      queued !== null && queued < LAST_QUEUED_SECONDS ? queued : t + 0.02 + this.r.float() * 0.03;
    return { message: { id, sender: p.sender, sizeBytes: p.sizeBytes, messageId }, firstTry };
  }

  deliver(batch: readonly Request<EximMessage>[], emit: Emit): RequestResult[] {
    const start = batch[0]?.time ?? 0;
    if (!this.runTimes.delete(start)) return this.process(batch, start, false, emit);
    return queueRunners(batch).flatMap((share) => this.process(share, start, true, emit));
  }

  retryAt(_request: Request<EximMessage>, _reason: RetryReason, end: number): number | null {
    return this.nextRun(end + RETRY_SECONDS);
  }

  finished(message: EximMessage, time: number, emit: Emit): void {
    emit([line(time, completed(message.id))]);
  }

  stamp(seconds: number): string {
    return this.clock.stamp(seconds);
  }

  /**
   * One process: a delivery process takes a message's destinations one after another, a queue
   * runner its messages.
   */
  private process(
    requests: readonly Request<EximMessage>[],
    start: number,
    run: boolean,
    emit: Emit,
  ): RequestResult[] {
    const r = this.r;
    const lines: ScriptLine[] = [];
    let cursor = start;
    const runPid = run ? this.fork() : 0;
    if (run) lines.push(line(cursor, queueRun('Start', runPid)));
    let open: Open | null = null;
    const results = requests.map((request) => {
      const attempt = this.attempt(request, cursor + 0.002, run ? open : null, lines);
      open = attempt.open;
      cursor = attempt.end + 0.005 + r.float() * 0.05;
      return { end: attempt.end, deferred: attempt.deferred };
    });
    if (run) lines.push(line(cursor, queueRun('End', runPid)));
    emit(lines);
    return results;
  }

  private attempt(
    request: Request<EximMessage>,
    start: number,
    open: Open | null,
    lines: ScriptLine[],
  ): Attempt {
    const r = this.r;
    const { message, group } = request;
    const destination = group.destination;
    const id = message.id;

    // 1. The connection: passed on by the last message, or a new one with its TLS lines.
    const continued = open !== null && open.key === destination.connectionKey;
    let mx: MxHost;
    let ip: string;
    let server: EximServer;
    let setup: number;
    if (open !== null && continued) {
      ({ mx, ip, server } = open);
      setup = 0.003 + r.float() * 0.01;
    } else {
      ({ mx, ip } = pickServer(r, destination));
      server = eximServer(mx);
      setup = 0.05 + r.float() * 0.35;
      if (server.kind === 'tls') {
        for (const text of server.verifyTexts) {
          lines.push(line(start + setup, verifyError(id, ip, text)));
        }
      } else if (server.kind === 'fallback') {
        setup += 0.05 + r.float() * 0.3;
        lines.push(line(start + setup, fallback(id, server.error, mx.name, ip)));
      }
    }
    const host = hostField(mx.name, ip, continued);
    const tlsFields = server.kind === 'tls' ? server.fields : '';
    const row = (address: string, status: 'sent' | 'deferred' | 'bounced', dsn: string | null) =>
      truthRow(
        {
          logHost: '',
          queueId: id,
          recipientDomain: domainOf(address, destination),
          mxHost: mx.name,
          ip,
          port: null,
          status,
          dsn,
          software: status === 'sent' ? softwareOf(mx.reply) : null,
        },
        status === 'deferred' ? deferralTruth(server) : server.truth,
      );
    const unicode = destination.unicode;

    // 2. A refusal of the whole transaction defers every address.
    const transfer = 0.05 + r.float() * 0.6 + message.sizeBytes / 4_000_000;
    const at = start + setup + transfer;
    const refusal = refusalOf(r, mx, destination, request.attempt);
    if (refusal !== null) {
      group.addresses.forEach((address, i) => {
        const reply = refusalReply(refusal, address, destination.domain);
        const after =
          reply.command === 'RCPT TO'
            ? `RCPT TO:<${address}>`
            : `MAIL FROM:<${message.sender}> SIZE=${message.sizeBytes}`;
        const text = deferred(id, address, host, after, reply.text);
        const truth = row(address, 'deferred', enhancedCode(reply.text));
        lines.push({ time: at + i * 0.0001, text, truth, unicode });
      });
      return { end: at + 0.001, deferred: refusal, open: null };
    }

    // 3. One line per address: refused ones with `**`, the first delivered one with `=>`.
    const outcomes = recipientOutcomes(r, mx.reply, group.addresses, {
      unixSeconds: this.syslogClock.unixSeconds(at),
      messageId: message.messageId,
      sizeBytes: message.sizeBytes,
      backend: mx.backend,
    });
    let flag: '=>' | '->' = '=>';
    let bounced = false;
    outcomes.forEach(({ address, status, reply }, i) => {
      let text: string;
      let truth: string;
      if (status === 'bounced') {
        text = failed(id, address, host, tlsFields, reply.text);
        truth = row(address, 'bounced', enhancedCode(reply.text));
        bounced = true;
      } else {
        text = delivered(id, flag, address, host, tlsFields, reply.text);
        truth = row(address, 'sent', null);
        flag = '->';
      }
      lines.push({ time: at + i * 0.0001, text, truth, unicode });
    });
    let end = at + 0.001;
    if (bounced) {
      end += 0.01;
      const bounceId = this.ids.next(end, this.fork());
      for (const text of bounceMessage(bounceId, id, message.sender, r.between(2_000, 6_000))) {
        lines.push(line(end, text));
      }
    }

    // 4. A connection that went well is offered to the next message of a queue run.
    const keep =
      server.kind === 'fallback' ? null : { key: destination.connectionKey, mx, ip, server };
    return { end, deferred: null, open: keep };
  }

  private nextRun(after: number): number {
    const k = Math.ceil((after - this.runOffset) / QUEUE_RUN_SECONDS);
    const time = this.runOffset + k * QUEUE_RUN_SECONDS;
    this.runTimes.add(time);
    return time;
  }

  private fork(): number {
    this.pid += this.r.between(1, 40);
    if (this.pid > 4_194_303) this.pid = 300 + this.r.int(1000);
    return this.pid;
  }
}

/** `app-01.internal[10.20.0.11]` as the traffic model names an SMTP client. */
function client(text: string): Submission {
  const open = text.indexOf('[');
  return { kind: 'smtp', name: text.slice(0, open), ip: text.slice(open + 1, -1) };
}
