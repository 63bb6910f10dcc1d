import type { DeliveryStatus, Dialect } from '../../../pipeline/model/delivery.js';
import type { ExpectationTable } from './expectation.js';
import type { Scenario } from './scenarios.js';

/**
 * How the suite drives one MTA: where its packages come from, which configurations it proves,
 * and how to start it, hand it mail, push its queue and stop it inside the namespace.
 */
export interface MtaConfig {
  name: string;
  /** The settings that differ from the MTA's base configuration, in its own words. */
  settings: string;
}

/** What a driver gets inside the namespace. */
export interface InsideContext {
  /** A folder on the machine's file system, kept after the run (logs, configuration copies). */
  scratch: string;
  /** The CA the sender trusts. */
  caFile: string;
  scenarios: Scenario[];
  /** Runs a short command; throws with its stderr when it fails. */
  exec(command: string, args: string[], input?: string): string;
  /**
   * Runs a command that talks to the receivers (a queue run): they live in this process, so
   * waiting for it must not block the event loop.
   */
  run(command: string, args: string[]): Promise<string>;
  /** Starts a long-running command, ended by the namespace at the latest. */
  spawn(command: string, args: string[]): { stop(): Promise<void> };
}

export interface MtaDriver {
  name: 'postfix' | 'exim' | 'sendmail';
  dialect: Extract<Dialect, 'postfix' | 'exim' | 'sendmail'>;
  /** Debian packages to unpack (their missing dependencies come too). */
  packages: string[];
  /** The Debian package of the TLS library the MTA links (the machine's, through the overlay). */
  tlsPackage: 'libssl3' | 'libgnutls30';
  /** Lines in the namespace's /etc/passwd and /etc/group the packages' scripts would add. */
  users: { user: string; group: string; home: string }[];
  /** sendmail logs only through syslog(3): the namespace needs its own /dev/log. */
  needsDevLog: boolean;
  configs: MtaConfig[];
  expectations(config: string): ExpectationTable;

  /** One-time setup after the packages are in place: directories, permissions. */
  prepare(context: InsideContext): void;
  /** Name → version of the MTA and its TLS library, as the binaries report them. */
  versions(context: InsideContext): Record<string, string>;
  /** Writes the configuration and starts whatever must run; resolves with the log's path. */
  start(config: MtaConfig, context: InsideContext): Promise<string>;
  /** Queues one message from the null sender to `recipient`. */
  submit(recipient: string, context: InsideContext): void;
  /** Runs the queue now (deferred messages included). */
  flush(context: InsideContext): Promise<void>;
  /** Stops the MTA, and empties its queue and host caches for the next configuration. */
  stop(context: InsideContext): Promise<void>;
  /** The statuses the log shows so far, by recipient domain, in log order. */
  statuses(logText: string): Map<string, DeliveryStatus[]>;
}

/** A message of one scenario, as the MTAs take it on stdin. */
export function messageText(recipient: string, subject: string): string {
  return [
    'From: census-sender <postmaster@census-sender.test>',
    `To: <${recipient}>`,
    `Subject: ${subject}`,
    '',
    'A message of the starttls-census conformance suite.',
    '',
  ].join('\n');
}
