import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { queriesDir } from '../../pipeline/query/catalog.js';
import { deliveriesWithProbesSql, probesRelationSql } from '../../pipeline/probe/join-sql.js';
import { writeProbeTable } from '../../pipeline/probe/probe-writer.js';
import { readTargets } from '../../pipeline/probe/targets.js';
import { TrustStore } from '../../pipeline/probe/trust-store.js';
import { WarehouseSession } from '../../pipeline/query/run-query.js';
import { warehousePaths } from '../../pipeline/write/paths.js';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki } from './certificates.js';
import { handProbe, writeDeliveries, type DeliveryRow } from './fixtures.js';
import { probeAll, targetOf } from './harness.js';
import { startFakeServer, type FakeServer } from './smtp-server.js';

const row = (
  day: string,
  queueId: string,
  mxHost: string,
  ip: string,
  starttls: string,
  evidence: string,
  checks: string,
  software: string | null = null,
): DeliveryRow => ({
  day,
  queueId,
  mxHost,
  ip,
  status: 'sent',
  starttls,
  evidence,
  checks,
  software,
});

// Postfix-like rows: `unverified` chain-only (Trusted at level may) and `opportunistic`
// trust-only (Untrusted without a reason) for the probed servers, and rows the join must leave.
const GOOD = ['mx.good.test', '127.0.6.1'] as const;
const SELF = ['mx.self.test', '127.0.6.2'] as const;
const ROWS: DeliveryRow[] = [
  row('2026-12-01', 'A', ...GOOD, 'unverified', 'chain-only', 'FFNF'),
  row('2026-12-01', 'B', ...SELF, 'opportunistic', 'trust-only', 'NNNN'),
  row('2026-12-01', 'C', ...GOOD, 'strict', 'verified', 'FFFF', 'exim'),
  row('2026-12-01', 'D', ...GOOD, 'opportunistic', 'trust-only', 'NNNN'),
  row('2026-12-01', 'E', ...GOOD, 'none', 'no-tls-line', 'NNNN'),
  row('2026-12-01', 'F', ...SELF, 'opportunistic', 'anonymous', 'NNNN'),
  row('2026-11-20', 'G', ...GOOD, 'unverified', 'tls-only', 'NNNN'),
  row('2026-12-01', 'H', 'mx.multi.test', '127.0.6.3', 'unverified', 'tls-only', 'NNNN'),
  row('2026-12-05', 'I', 'mx.near.test', '127.0.6.4', 'unverified', 'tls-only', 'NNNN'),
  row('2026-12-01', 'J', ...GOOD, 'unverified', 'chain-only', 'FFNF', 'sendmail'),
  row('2026-12-01', 'K', 'mx.flaky.test', '127.0.6.5', 'unverified', 'tls-only', 'NNNN'),
  row('2026-12-01', 'L', ...SELF, 'unverified', 'chain-only', 'FFNF'),
];

const warehouse = await tempDir('census-probe-join-');

describe('probe: joining probes into the deliveries view', () => {
  const servers: FakeServer[] = [];
  let instance: DuckDBInstance;
  let db: DuckDBConnection;

  before(async () => {
    await writeDeliveries(warehouse, ROWS);

    // Live probes of the two servers, filed under 2026-12-02, a day after most deliveries.
    const pki = makeTestPki(await tempDir('census-probe-pki-'));
    servers.push(
      await startFakeServer({ host: GOOD[1], tls: { key: pki.leafKey, cert: pki.good.pem } }),
      await startFakeServer({
        host: SELF[1],
        tls: { key: pki.leafKey, cert: pki.selfSigned.pem },
      }),
    );
    const live = await probeAll([targetOf(servers[0]!, GOOD[0]), targetOf(servers[1]!, SELF[0])], {
      trust: TrustStore.withSystemRoots(pki.ca.pem),
      day: '2026-12-02',
    });
    assert.deepEqual(
      live.map((r) => [r.outcome, r.strict]),
      [
        ['ok', true],
        ['ok', false],
      ],
    );
    await writeProbeTable(live, warehouse, 'live');

    // Hand-made probes for the choice rules.
    const at = (day: string, hour: number) => Date.parse(`${day}T${hour}:00:00Z`);
    await writeProbeTable(
      [
        // Two runs on one day: the later one counts.
        handProbe({ mxHost: 'mx.multi.test', ip: '127.0.6.3', probeDay: '2026-12-03' }),
        // Probes four days before and two days after: the nearer one counts.
        handProbe(
          { mxHost: 'mx.near.test', ip: '127.0.6.4', probeDay: '2026-12-01' },
          { expired: true },
        ),
        handProbe({ mxHost: 'mx.near.test', ip: '127.0.6.4', probeDay: '2026-12-07' }),
        // A failed handshake on the day, a successful probe two days later: the latter counts.
        handProbe({
          mxHost: 'mx.flaky.test',
          ip: '127.0.6.5',
          probeDay: '2026-12-01',
          outcome: 'handshake-failed',
          software: 'exim',
          verdicts: { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null },
          strict: null,
        }),
        handProbe(
          { mxHost: 'mx.flaky.test', ip: '127.0.6.5', probeDay: '2026-12-03' },
          { selfSigned: true },
        ),
      ],
      warehouse,
      'hand-1',
    );
    await writeProbeTable(
      [
        handProbe(
          {
            mxHost: 'mx.multi.test',
            ip: '127.0.6.3',
            probeDay: '2026-12-03',
            probedAtMillis: at('2026-12-03', 11),
          },
          { nameMismatch: true },
        ),
      ],
      warehouse,
      'hand-2',
    );

    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
    // What views.ts is to do: the logged rows under their own name, `deliveries` over them.
    await db.run(
      `CREATE VIEW deliveries_log AS SELECT * FROM read_parquet(
         '${warehousePaths(warehouse).deliveriesGlob}', hive_partitioning = true)`,
    );
    const probes = await probesRelationSql(warehouse);
    await db.run(
      `CREATE VIEW deliveries AS ${deliveriesWithProbesSql({ raw: 'deliveries_log', probes })}`,
    );
  });
  after(async () => {
    db.closeSync();
    instance.closeSync();
    await Promise.all(servers.map((s) => s.close()));
  });

  const read = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();

  it('keeps every column of the logged rows and adds probe_age_days', async () => {
    const raw = await read('DESCRIBE deliveries_log');
    const joined = await read('DESCRIBE deliveries');
    assert.deepEqual(
      joined.map((c) => [c.column_name, c.column_type]),
      [...raw.map((c) => [c.column_name, c.column_type]), ['probe_age_days', 'INTEGER']],
    );
    const [count] = await read('SELECT count(*)::INTEGER AS n FROM deliveries');
    assert.equal(count?.n, ROWS.length);
  });

  it('completes the rows without a verdict, and leaves the log verdicts alone', async () => {
    const rows = await read(
      `SELECT queue_id, starttls, evidence,
         concat_ws('', ${['self_signed', 'untrusted_ca', 'name_mismatch', 'expired']
           .map((c) => `CASE cert_${c} WHEN true THEN 'T' WHEN false THEN 'F' ELSE 'N' END`)
           .join(', ')}) AS checks,
         software, probe_age_days
       FROM deliveries ORDER BY queue_id`,
    );
    const expect = (
      queueId: string,
      starttls: string,
      evidence: string,
      checks: string,
      software: string | null,
      age: number | null,
    ) => ({ queue_id: queueId, starttls, evidence, checks, software, probe_age_days: age });
    assert.deepEqual(rows, [
      // Chain trusted by the MTA, name checked by the probe: strict.
      expect('A', 'strict', 'probe', 'FFFF', 'postfix', 1),
      // Untrusted without a reason; the probe names it: self-signed.
      expect('B', 'opportunistic', 'probe', 'TFFF', 'postfix', 1),
      // A verdict from the log: untouched, software too.
      expect('C', 'strict', 'verified', 'FFFF', 'exim', null),
      // The MTA did not trust what the probe trusts: the log wins, only software is added.
      expect('D', 'opportunistic', 'trust-only', 'NNNN', 'postfix', 1),
      // Sent in clear: a probe cannot make it encrypted.
      expect('E', 'none', 'no-tls-line', 'NNNN', 'postfix', 1),
      // An anonymous suite showed no certificate; the probe's is not that session's.
      expect('F', 'opportunistic', 'anonymous', 'NNNN', 'postfix', 1),
      // Twelve days from the nearest probe: beyond the seven allowed.
      expect('G', 'unverified', 'tls-only', 'NNNN', null, null),
      // Two probes on one day: the later one, which found a name mismatch.
      expect('H', 'opportunistic', 'probe', 'FFTF', 'postfix', 2),
      // The nearer of two probes (two days after, not four before).
      expect('I', 'strict', 'probe', 'FFFF', 'postfix', 2),
      // The row's own software stays.
      expect('J', 'strict', 'probe', 'FFFF', 'sendmail', 1),
      // The nearest successful probe, not the nearer failed one; software from the nearest.
      expect('K', 'opportunistic', 'probe', 'TFFF', 'exim', 2),
      // The log's passed checks win over the probe's self-signed verdict; the name is the
      // probe's, and it matched.
      expect('L', 'strict', 'probe', 'FFFF', 'postfix', 1),
    ]);
  });

  it('takes the window as a parameter', async () => {
    const probes = await probesRelationSql(warehouse);
    const sql = deliveriesWithProbesSql({ raw: 'deliveries_log', probes, maxAgeDays: 1 });
    const rows = await read(
      `SELECT queue_id, starttls FROM (${sql}) WHERE queue_id IN ('H', 'I') ORDER BY queue_id`,
    );
    assert.deepEqual(rows, [
      { queue_id: 'H', starttls: 'unverified' },
      { queue_id: 'I', starttls: 'unverified' },
    ]);
  });

  it('without probes, the view is the log with an empty probe_age_days', async () => {
    const sql = deliveriesWithProbesSql({ raw: 'deliveries_log', probes: null });
    const rows = await read(
      `SELECT count(*)::INTEGER AS n, count(probe_age_days)::INTEGER AS aged FROM (${sql})`,
    );
    assert.deepEqual(rows, [{ n: ROWS.length, aged: 0 }]);
    assert.equal(await probesRelationSql(await tempDir('census-probe-empty-')), null);
  });

  it('works over the real, empty deliveries view of an empty warehouse', async () => {
    const session = await WarehouseSession.open(await tempDir('census-probe-empty-'));
    try {
      const probes = await probesRelationSql(warehouse);
      await session.connection.run(
        `CREATE VIEW probed AS ${deliveriesWithProbesSql({ raw: 'deliveries_log', probes })}`,
      );
      const columns = await session.connection.runAndReadAll('DESCRIBE probed');
      const names = columns.getRowObjectsJS().map((c) => c.column_name);
      assert.equal(names.length, 35);
      assert.deepEqual(names.slice(-2), ['day', 'probe_age_days']);
      const rows = await session.connection.runAndReadAll('SELECT count(*) FROM probed');
      assert.equal(rows.getRowsJS()[0]?.[0], 0n);
    } finally {
      session.close();
    }
  });

  it('the coverage query counts delivered emails on probes, by age', async () => {
    const statement = await db.prepare(
      readFileSync(path.join(queriesDir(), 'probe-coverage.sql'), 'utf8').replace(/;\s*$/, ''),
    );
    statement.bind({ from: '2026-11-01', to: '2026-12-31' });
    const rows = (await statement.runAndReadAll()).getRowObjectsJS();
    // 12 delivered: A, B, J, L rest on probes 1 day old; H, I, K on probes 2 days old.
    assert.deepEqual(rows, [
      { rests_on: 'log', probe_age_days: null, emails: 5n, share: 5 / 12, mx_hosts: 2n },
      { rests_on: 'probe', probe_age_days: 1, emails: 4n, share: 4 / 12, mx_hosts: 2n },
      { rests_on: 'probe', probe_age_days: 2, emails: 3n, share: 3 / 12, mx_hosts: 3n },
    ]);
  });

  it('targets are the pairs whose delivered rows lack a verdict or software', async () => {
    const targets = await readTargets(warehouse, { from: null, to: null, all: false, port: 25 });
    assert.deepEqual(
      targets.map((t) => `${t.mxHost} ${t.ip} ${t.port}`),
      [
        'mx.good.test 127.0.6.1 25',
        'mx.self.test 127.0.6.2 25',
        'mx.flaky.test 127.0.6.5 25',
        'mx.multi.test 127.0.6.3 25',
        'mx.near.test 127.0.6.4 25',
      ],
    );
    const inRange = await readTargets(warehouse, {
      from: '2026-12-02',
      to: '2026-12-31',
      all: false,
      port: 2525,
    });
    assert.deepEqual(
      inRange.map((t) => `${t.mxHost} ${t.ip} ${t.port}`),
      ['mx.near.test 127.0.6.4 2525'],
    );
  });

  it('--all targets every pair, verdict or not', async () => {
    await writeDeliveries(warehouse, [
      row('2026-12-09', 'M', 'mx.done.test', '127.0.6.9', 'strict', 'verified', 'FFFF', 'exim'),
    ]);
    const some = await readTargets(warehouse, {
      from: '2026-12-09',
      to: null,
      all: false,
      port: 25,
    });
    const all = await readTargets(warehouse, { from: '2026-12-09', to: null, all: true, port: 25 });
    assert.deepEqual(some, []);
    assert.deepEqual(all, [{ mxHost: 'mx.done.test', ip: '127.0.6.9', port: 25 }]);
  });
});
