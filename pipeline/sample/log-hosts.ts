import { ConnectionCache } from './connection-cache.js';
import { flat } from './flat.js';
import type { Random } from './random.js';

/**
 * The sender's outbound relays, which write the log. They differ the way a real fleet does: one
 * still runs Postfix 3.3 (no TLS connection reuse, no TLS 1.3 key-exchange suffix, no `tls=`),
 * one is a second Postfix instance named `postfix-out`, and half use long queue ids.
 */
export interface LogHostProfile {
  name: string;
  /** syslog_name of the instance: `postfix` or `postfix-out`. */
  service: string;
  /** Postfix 3.4+ with smtp_tls_connection_reuse = yes: TLS sessions go through tlsproxy. */
  tlsReuse: boolean;
  /** Postfix 3.4+: key exchange and signature after a TLS 1.3 summary. */
  tls13Suffix: boolean;
  /** Recent enough for the 3.11 `tls=` field when the sample asks for it. */
  featureStatus: boolean;
  longQueueIds: boolean;
  /** Share of the mail, in percent. */
  share: number;
}

export const LOG_HOSTS: readonly LogHostProfile[] = [
  {
    name: 'mx-out1',
    service: 'postfix',
    tlsReuse: true,
    tls13Suffix: true,
    featureStatus: true,
    longQueueIds: false,
    share: 32,
  },
  {
    name: 'mx-out2',
    service: 'postfix',
    tlsReuse: true,
    tls13Suffix: true,
    featureStatus: true,
    longQueueIds: true,
    share: 28,
  },
  {
    name: 'mx-out3',
    service: 'postfix',
    tlsReuse: false,
    tls13Suffix: false,
    featureStatus: false,
    longQueueIds: false,
    share: 18,
  },
  {
    name: 'relay-b',
    service: 'postfix-out',
    tlsReuse: true,
    tls13Suffix: true,
    featureStatus: true,
    longQueueIds: true,
    share: 22,
  },
];

/** One smtp(8) process: its line prefix and when it is free for the next delivery request. */
export interface SmtpProcess {
  prefix: string;
  freeAt: number;
  requests: number;
}

// master.cf defaults: a process exits after 100 requests or 100 s idle; 100 processes at most.
const MAX_USE = 100;
const MAX_IDLE_SECONDS = 100;
const PROCESS_LIMIT = 100;

// Postfix's long queue ids encode time in base 52 without vowels; `z` separates the inode.
const BASE52 = '0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz';
const BASE51 = '0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxy';

/** A log host while the day runs: its daemons' line prefixes, smtp processes, queue ids. */
export class LogHost {
  readonly qmgr: string;
  readonly pickup: string;
  readonly smtpd: string;
  readonly bounce: string;
  readonly tlsproxy: string;
  readonly cleanup: readonly string[];
  /** Connections kept open for reuse (scache). */
  readonly connections = new ConnectionCache();
  private readonly smtp: SmtpProcess[] = [];
  private nextPid: number;
  private inode: number;

  constructor(
    readonly profile: LogHostProfile,
    private readonly random: Random,
  ) {
    this.nextPid = random.between(900, 30_000);
    this.inode = random.between(0x10000, 0x3fffff);
    this.qmgr = this.daemon('qmgr');
    this.pickup = this.daemon('pickup');
    this.smtpd = this.daemon('smtpd');
    this.bounce = this.daemon('bounce');
    this.tlsproxy = this.daemon('tlsproxy');
    this.cleanup = [this.daemon('cleanup'), this.daemon('cleanup'), this.daemon('cleanup')];
  }

  /** An smtp process for a request ready at `readyAt`, and when the request can start. */
  smtpProcess(readyAt: number): { process: SmtpProcess; start: number } {
    let earliest: SmtpProcess | null = null;
    for (let i = 0; i < this.smtp.length; i++) {
      const process = this.smtp[i] as SmtpProcess;
      if (process.freeAt <= readyAt) {
        if (readyAt - process.freeAt > MAX_IDLE_SECONDS || process.requests >= MAX_USE) {
          // That process has exited; the master starts a new one with a new PID.
          this.smtp[i] = this.newSmtp();
          return { process: this.smtp[i] as SmtpProcess, start: readyAt };
        }
        return { process, start: readyAt };
      }
      if (earliest === null || process.freeAt < earliest.freeAt) earliest = process;
    }
    if (this.smtp.length < PROCESS_LIMIT || earliest === null) {
      const process = this.newSmtp();
      this.smtp.push(process);
      return { process, start: readyAt };
    }
    return { process: earliest, start: earliest.freeAt + 0.001 };
  }

  /** A new queue id: short (hex microseconds + hex inode) or long (base-52 time + inode). */
  queueId(unixSeconds: number): string {
    this.inode += this.random.between(1, 9);
    const micros = this.random.int(1_000_000);
    if (!this.profile.longQueueIds) {
      return (
        micros.toString(16).toUpperCase().padStart(5, '0') + this.inode.toString(16).toUpperCase()
      );
    }
    return (
      encode(unixSeconds, BASE52, 6) +
      encode(micros, BASE52, 4) +
      'z' +
      encode(this.inode, BASE51, 0)
    );
  }

  private newSmtp(): SmtpProcess {
    return { prefix: this.daemon('smtp'), freeAt: 0, requests: 0 };
  }

  private daemon(name: string): string {
    this.nextPid += this.random.between(1, 40);
    if (this.nextPid > 4_194_303) this.nextPid = 300 + this.random.int(1000);
    return flat(`${this.profile.name} ${this.profile.service}/${name}[${this.nextPid}]: `);
  }
}

function encode(value: number, alphabet: string, width: number): string {
  const base = alphabet.length;
  let text = '';
  let rest = Math.floor(value);
  do {
    text = alphabet.charAt(rest % base) + text;
    rest = Math.floor(rest / base);
  } while (rest > 0);
  return text.padStart(width, '0');
}
