import type { Attempt } from './receiver.js';

/**
 * What the host side hands the process inside the namespace (as a JSON file), and what that
 * process hands back.
 */
export interface Job {
  mta: 'postfix' | 'exim' | 'sendmail';
  /** The unpacked packages (etc/, usr/, var/). */
  tree: string;
  /** Where the inside process writes: logs, overlay layers, the result. */
  scratch: string;
  caFile: string;
  servers: Record<string, { keyFile: string; certFile: string }>;
  configs: string[];
  /** How long one configuration may take to settle before the suite gives up on it. */
  settleTimeoutMillis: number;
}

export interface ConfigRun {
  config: string;
  logFile: string;
  /** What the receivers saw while this configuration ran. */
  attempts: Attempt[];
  /** Scenarios whose expected final status never reached the log. */
  unsettled: string[];
  durationMillis: number;
}

export interface JobResult {
  versions: Record<string, string>;
  runs: ConfigRun[];
  /** Set when the inside process failed before finishing every configuration. */
  error: string | null;
}

export const RESULT_FILE = 'result.json';
