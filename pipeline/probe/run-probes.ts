import { probeTarget, type ProbeEffects, type ProbeOptions } from './probe-target.js';
import type { ProbeOutcome, ProbeRecord, ProbeTarget } from './record.js';
import { forEachLimited, interleaveByIp, IpPacer } from './schedule.js';
import type { Clock, Network, Timer } from './effects.js';

export interface RunOptions extends ProbeOptions {
  concurrency: number;
  /** The least time between two connections to one address. */
  perIpIntervalMillis: number;
}

export interface RunEffects {
  network: Network;
  clock: Clock;
  timer: Timer;
  /** Called after each target; the CLI draws progress from it on a terminal. */
  onProbed?: (record: ProbeRecord, done: number, total: number) => void;
}

export interface RunSummary {
  targets: number;
  outcomes: Record<ProbeOutcome, number>;
  durationMillis: number;
}

/**
 * Probes every target under the run's manners: at most `concurrency` sessions at once, one
 * address no more often than its pace allows. A target that fails costs at most its timeouts;
 * nothing one server does stops the run. Records come back in the order of the targets.
 */
export async function runProbes(
  targets: readonly ProbeTarget[],
  options: RunOptions,
  effects: RunEffects,
): Promise<{ records: ProbeRecord[]; summary: RunSummary }> {
  const started = effects.timer.monotonic();
  const probeEffects: ProbeEffects = {
    network: effects.network,
    clock: effects.clock,
    timer: effects.timer,
    pacer: new IpPacer(options.perIpIntervalMillis, effects.timer),
  };

  const ordered = interleaveByIp(targets);
  const byTarget = new Map<ProbeTarget, ProbeRecord>();
  let done = 0;
  await forEachLimited(ordered, options.concurrency, async (target) => {
    const record = await probeTarget(target, options, probeEffects);
    byTarget.set(target, record);
    effects.onProbed?.(record, ++done, ordered.length);
  });

  const records = targets.map((t) => byTarget.get(t)).filter((r) => r !== undefined);
  return {
    records,
    summary: {
      targets: targets.length,
      outcomes: countOutcomes(records),
      durationMillis: Math.round(effects.timer.monotonic() - started),
    },
  };
}

export function countOutcomes(records: readonly ProbeRecord[]): Record<ProbeOutcome, number> {
  const counts: Record<ProbeOutcome, number> = {
    ok: 0,
    'no-starttls': 0,
    'handshake-failed': 0,
    unreachable: 0,
    'protocol-error': 0,
  };
  for (const record of records) if (record.outcome !== null) counts[record.outcome]++;
  return counts;
}

/** The run's one summary line. */
export function formatSummary(summary: RunSummary): string {
  const o = summary.outcomes;
  const seconds = (summary.durationMillis / 1000).toFixed(1);
  return (
    `probed ${summary.targets} target${summary.targets === 1 ? '' : 's'} in ${seconds} s: ` +
    `${o.ok} ok, ${o['no-starttls']} no STARTTLS, ${o['handshake-failed']} handshake failed, ` +
    `${o.unreachable} unreachable, ${o['protocol-error']} protocol error` +
    (o['protocol-error'] === 1 ? '' : 's')
  );
}
