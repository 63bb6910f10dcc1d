import type { Timer } from './effects.js';
import type { ProbeTarget } from './record.js';

/**
 * Keeps connections to one address at least `intervalMillis` apart, retries included. Each
 * caller reserves the next free slot before it sleeps, so concurrent callers queue up in order.
 */
export class IpPacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly intervalMillis: number,
    private readonly timer: Timer,
  ) {}

  async wait(ip: string): Promise<void> {
    const now = this.timer.monotonic();
    const slot = Math.max(now, this.nextSlot.get(ip) ?? now);
    this.nextSlot.set(ip, slot + this.intervalMillis);
    if (slot > now) await this.timer.sleep(slot - now);
  }
}

/** Runs `work` on every item, at most `concurrency` at a time, in order of the items. */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * Orders targets so that consecutive ones are on different addresses where possible (round
 * robin over addresses, each keeping its order): workers then rarely wait on one address's pace
 * while others are free.
 */
export function interleaveByIp(targets: readonly ProbeTarget[]): ProbeTarget[] {
  const byIp = new Map<string, ProbeTarget[]>();
  for (const target of targets) {
    const queue = byIp.get(target.ip) ?? [];
    queue.push(target);
    byIp.set(target.ip, queue);
  }
  const queues = [...byIp.values()];
  const ordered: ProbeTarget[] = [];
  for (let round = 0; ordered.length < targets.length; round++) {
    for (const queue of queues) {
      const target = queue[round];
      if (target !== undefined) ordered.push(target);
    }
  }
  return ordered;
}
