import { connect, isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock, Network, Timer } from '../../pipeline/probe/effects.js';
import type { ProbeRecord, ProbeTarget } from '../../pipeline/probe/record.js';
import { runProbes, type RunOptions } from '../../pipeline/probe/run-probes.js';
import { TrustStore } from '../../pipeline/probe/trust-store.js';
import { TEST_NOW } from './certificates.js';
import type { FakeServer } from './smtp-server.js';

/** True for 127.0.0.0/8 and ::1, the only addresses these tests may connect to. */
export function isLoopback(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith('127.');
  return ip === '::1';
}

/** The network the probe gets in tests: real sockets, but a non-loopback address throws. */
export const loopbackNetwork: Network = {
  connect(ip, port) {
    if (!isLoopback(ip)) throw new Error(`test tried to connect to ${ip}: loopback only`);
    return connect({ host: ip, port });
  },
};

export const pinnedClock: Clock = { now: () => TEST_NOW };

export const realTimer: Timer = {
  monotonic: () => performance.now(),
  sleep: (ms) => sleep(ms),
};

export function runOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    ehloName: 'probe.census.test',
    connectTimeoutMillis: 1000,
    readTimeoutMillis: 1000,
    limits: { maxLineBytes: 2048, maxReplyLines: 100 },
    retries: 0,
    retryBackoffMillis: 50,
    trust: TrustStore.withSystemRoots(null),
    day: null,
    concurrency: 8,
    perIpIntervalMillis: 0,
    ...overrides,
  };
}

export function targetOf(server: FakeServer, mxHost: string | null): ProbeTarget {
  return { mxHost, ip: server.host, port: server.port };
}

/** Probes the targets with the test effects and returns the records in target order. */
export async function probeAll(
  targets: ProbeTarget[],
  overrides: Partial<RunOptions> = {},
): Promise<ProbeRecord[]> {
  const { records } = await runProbes(targets, runOptions(overrides), {
    network: loopbackNetwork,
    clock: pinnedClock,
    timer: realTimer,
  });
  return records;
}
