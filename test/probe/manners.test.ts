import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProbeRecord } from '../../pipeline/probe/record.js';
import { interleaveByIp } from '../../pipeline/probe/schedule.js';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki, type TestPki } from './certificates.js';
import { probeAll, targetOf } from './harness.js';
import { startFakeServer, type ConnectionLog, type FakeServer } from './smtp-server.js';

/** The most sessions open at once, from the servers' own timestamps (accept to QUIT). */
function maxOverlap(connections: ConnectionLog[]): number {
  const events = connections.flatMap((c) => [
    { at: c.openedAt, delta: 1 },
    { at: c.quitAt ?? c.closedAt ?? Infinity, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const e of events) most = Math.max(most, (open += e.delta));
  return most;
}

describe('probe: manners', () => {
  let pki: TestPki;
  const servers: FakeServer[] = [];
  before(async () => {
    pki = makeTestPki(await tempDir('census-probe-pki-'));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const start = async (host: string, greetingDelayMillis = 0) => {
    const server = await startFakeServer({
      host,
      greetingDelayMillis,
      tls: { key: pki.leafKey, cert: pki.good.pem },
    });
    servers.push(server);
    return server;
  };

  it('keeps to the concurrency limit', async () => {
    const six = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => start(`127.0.3.${n}`, 200)));
    const started = performance.now();
    const records = await probeAll(
      six.map((s) => targetOf(s, 'mx.good.test')),
      { concurrency: 2 },
    );
    const tookMillis = performance.now() - started;
    assert.deepEqual(
      records.map((r: ProbeRecord) => r.outcome),
      ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    );
    const connections = six.flatMap((s) => s.connections);
    assert.equal(maxOverlap(connections), 2);
    // Three rounds of two, each held 200 ms by the greeting.
    assert.ok(tookMillis >= 3 * 200 - 20, `run took ${tookMillis} ms`);
    assert.ok(tookMillis < 3 * 200 + 1500, `run took ${tookMillis} ms`);
  });

  it('paces connections to one address, while other addresses go ahead', async () => {
    // Four servers share one address (on different ports); two others have their own.
    const shared = await Promise.all([1, 2, 3, 4].map(() => start('127.0.3.50')));
    const others = await Promise.all([start('127.0.3.51'), start('127.0.3.52')]);
    const started = performance.now();
    const records = await probeAll(
      [...shared, ...others].map((s) => targetOf(s, 'mx.good.test')),
      { concurrency: 6, perIpIntervalMillis: 250 },
    );
    assert.ok(records.every((r) => r.outcome === 'ok'));

    const opened = shared.map((s) => s.connections[0]!.openedAt).sort((a, b) => a - b);
    const gaps = opened.slice(1).map((t, i) => t - opened[i]!);
    // The pace is kept on the client's clock; the servers' accept times may lag a little.
    for (const gap of gaps) assert.ok(gap >= 200, `gap of ${gap} ms on one address`);
    // The other addresses did not wait behind the shared one's pace.
    for (const server of others) {
      const openedAt = server.connections[0]!.openedAt;
      assert.ok(openedAt < opened[1]!, `other address opened ${openedAt - started} ms in`);
    }
  });

  it('orders targets round robin over addresses', () => {
    const t = (ip: string, port: number) => ({ mxHost: 'mx', ip, port });
    const ordered = interleaveByIp([t('a', 1), t('a', 2), t('a', 3), t('b', 1), t('c', 1)]);
    assert.deepEqual(
      ordered.map((x) => `${x.ip}${x.port}`),
      ['a1', 'b1', 'c1', 'a2', 'a3'],
    );
  });
});
