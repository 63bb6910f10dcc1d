import type { Socket } from 'node:net';

/**
 * The effects a probe run needs, passed in so that the pipeline never reads the clock or opens
 * a connection on its own: tests pin the clock and keep every connection on loopback.
 */
export interface Network {
  /** Starts a TCP connection; the socket emits `connect` or `error`. */
  connect(ip: string, port: number): Socket;
}

export interface Clock {
  /** Wall-clock time in milliseconds since the epoch: `probed_at`, and the certificate dates. */
  now(): number;
}

export interface Timer {
  /** A monotonic time in milliseconds, for pacing and durations. */
  monotonic(): number;
  sleep(millis: number): Promise<void>;
}
