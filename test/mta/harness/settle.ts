import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryStatus } from '../../../pipeline/model/delivery.js';
import type { ExpectationTable } from './expectation.js';
import type { InsideContext, MtaDriver } from './mta.js';
import type { Scenario } from './scenarios.js';

const POLL_MILLIS = 250;
const FLUSH_EVERY_MILLIS = 2_000;
// After the last awaited line: later lines of the same attempt (a final `Completed`, a second
// recipient) are written within moments.
const GRACE_MILLIS = 750;

/**
 * Waits until the log shows, for every scenario, the status its message must end with (a
 * deferral for a message deferred on every attempt), running the queue every few seconds so
 * that deferred messages are retried. Returns the scenarios that never got there.
 */
export async function settle(
  driver: MtaDriver,
  logFile: string,
  expectations: ExpectationTable,
  context: InsideContext,
  timeoutMillis: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMillis;
  let lastFlush = 0;
  let waiting = context.scenarios;
  for (;;) {
    const statuses = existsSync(logFile)
      ? driver.statuses(readFileSync(logFile, 'utf8'))
      : new Map<string, DeliveryStatus[]>();
    waiting = waiting.filter((s) => !reached(s, statuses, expectations));
    if (waiting.length === 0 || Date.now() > deadline) break;
    if (Date.now() - lastFlush >= FLUSH_EVERY_MILLIS) {
      await driver.flush(context);
      lastFlush = Date.now();
    } else {
      await sleep(POLL_MILLIS);
    }
  }
  await sleep(GRACE_MILLIS);
  return waiting.map((s) => s.name);
}

function reached(
  scenario: Scenario,
  statuses: Map<string, DeliveryStatus[]>,
  expectations: ExpectationTable,
): boolean {
  return (statuses.get(scenario.domain) ?? []).includes(expectations(scenario.name).final.status);
}
