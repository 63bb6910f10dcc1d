import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { probePaths, probeRunId } from '../../pipeline/probe/paths.js';
import { writeProbeTable } from '../../pipeline/probe/probe-writer.js';
import type { ProbeRecord } from '../../pipeline/probe/record.js';
import { TrustStore } from '../../pipeline/probe/trust-store.js';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki, type TestPki } from './certificates.js';
import { handProbe } from './fixtures.js';
import { probeAll, targetOf } from './harness.js';
import { startFakeServer, type FakeServer } from './smtp-server.js';

const COLUMNS = [
  ['probe_day', 'DATE'],
  ['probed_at', 'TIMESTAMP'],
  ['source', 'VARCHAR'],
  ['mx_host', 'VARCHAR'],
  ['ip', 'VARCHAR'],
  ['port', 'INTEGER'],
  ['outcome', 'VARCHAR'],
  ['banner', 'VARCHAR'],
  ['software', 'VARCHAR'],
  ['ehlo_keywords', 'VARCHAR[]'],
  ['starttls_advertised', 'BOOLEAN'],
  ['tls_version', 'VARCHAR'],
  ['cipher', 'VARCHAR'],
  ['forward_secrecy', 'BOOLEAN'],
  ['key_exchange', 'VARCHAR'],
  ['cert_subject', 'VARCHAR'],
  ['cert_issuer', 'VARCHAR'],
  ['cert_sans', 'VARCHAR[]'],
  ['cert_not_before', 'TIMESTAMP'],
  ['cert_not_after', 'TIMESTAMP'],
  ['cert_sha256', 'VARCHAR'],
  ['chain_sha256', 'VARCHAR[]'],
  ['cert_self_signed', 'BOOLEAN'],
  ['cert_untrusted_ca', 'BOOLEAN'],
  ['cert_name_mismatch', 'BOOLEAN'],
  ['cert_expired', 'BOOLEAN'],
  ['strict', 'BOOLEAN'],
  ['error', 'VARCHAR'],
  ['attempts', 'INTEGER'],
  ['duration_ms', 'INTEGER'],
  ['day', 'DATE'],
];

// Made at the top level: a temporary folder made in a hook is removed when the hook ends.
const warehouse = await tempDir('census-probe-wh-');

describe('probe: the stored table', () => {
  let pki: TestPki;
  const servers: FakeServer[] = [];
  let records: ProbeRecord[];
  let written: string[];
  let instance: DuckDBInstance;
  let db: DuckDBConnection;

  before(async () => {
    pki = makeTestPki(await tempDir('census-probe-pki-'));
    const tls = { key: pki.leafKey, cert: pki.good.pem };
    servers.push(await startFakeServer({ host: '127.0.5.1', tls }));
    servers.push(
      await startFakeServer({ host: '127.0.5.2', ehlo: ['250-mx.plain.test', '250 SIZE 1000'] }),
    );
    records = await probeAll(
      [targetOf(servers[0]!, 'mx.good.test'), targetOf(servers[1]!, 'mx.plain.test')],
      { trust: TrustStore.withSystemRoots(pki.ca.pem) },
    );
    written = await writeProbeTable(records, warehouse, 'run-1');
    instance = await DuckDBInstance.create(':memory:');
    db = await instance.connect();
  });
  after(async () => {
    db.closeSync();
    instance.closeSync();
    await Promise.all(servers.map((s) => s.close()));
  });

  const read = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
  const glob = () => probePaths(warehouse).glob;

  it('is one Parquet file per run and day, in a Hive partition', async () => {
    assert.deepEqual(written, [
      path.join(warehouse, 'probes', 'day=2030-06-15', 'probe-run-1.parquet'),
    ]);
    // No staging file is left behind.
    assert.deepEqual(await readdir(path.join(warehouse, 'probes', 'day=2030-06-15')), [
      'probe-run-1.parquet',
    ]);
  });

  it('has the documented columns and types', async () => {
    const rows = await read(
      `DESCRIBE SELECT * FROM read_parquet('${glob()}', hive_partitioning = true)`,
    );
    assert.deepEqual(
      rows.map((r) => [r.column_name, r.column_type]),
      COLUMNS,
    );
  });

  it('reads back with DuckDB, row for row', async () => {
    const rows = await read(
      `SELECT * EXCLUDE (duration_ms, port) REPLACE (
         probe_day::VARCHAR AS probe_day, probed_at::VARCHAR AS probed_at,
         cert_not_before::VARCHAR AS cert_not_before, cert_not_after::VARCHAR AS cert_not_after,
         day::VARCHAR AS day)
       FROM read_parquet('${glob()}', hive_partitioning = true) ORDER BY mx_host`,
    );
    const common = {
      probe_day: '2030-06-15',
      probed_at: '2030-06-15 12:00:00',
      source: 'probe',
      error: null,
      attempts: 1,
      day: '2030-06-15',
      banner: '220 mx.test ESMTP Postfix',
      software: 'postfix',
    };
    assert.deepEqual(rows, [
      {
        ...common,
        mx_host: 'mx.good.test',
        ip: '127.0.5.1',
        outcome: 'ok',
        ehlo_keywords: ['PIPELINING', 'SIZE', 'STARTTLS', '8BITMIME'],
        starttls_advertised: true,
        tls_version: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        forward_secrecy: true,
        key_exchange: 'X25519',
        cert_subject: 'CN=mx.good.test',
        cert_issuer: 'CN=Census Test CA',
        cert_sans: ['mx.good.test'],
        cert_not_before: '2020-01-01 00:00:00',
        cert_not_after: '2040-01-01 00:00:00',
        cert_sha256: pki.good.sha256,
        chain_sha256: [pki.good.sha256],
        cert_self_signed: false,
        cert_untrusted_ca: false,
        cert_name_mismatch: false,
        cert_expired: false,
        strict: true,
      },
      {
        ...common,
        mx_host: 'mx.plain.test',
        ip: '127.0.5.2',
        outcome: 'no-starttls',
        ehlo_keywords: ['SIZE'],
        starttls_advertised: false,
        tls_version: null,
        cipher: null,
        forward_secrecy: null,
        key_exchange: null,
        cert_subject: null,
        cert_issuer: null,
        cert_sans: null,
        cert_not_before: null,
        cert_not_after: null,
        cert_sha256: null,
        chain_sha256: null,
        cert_self_signed: null,
        cert_untrusted_ca: null,
        cert_name_mismatch: null,
        cert_expired: null,
        strict: null,
      },
    ]);
  });

  it('a second run on the same day adds a file and replaces nothing', async () => {
    const again = handProbe({
      mxHost: 'mx.good.test',
      ip: '127.0.5.1',
      probeDay: '2030-06-15',
      probedAtMillis: Date.UTC(2030, 5, 15, 18),
    });
    const second = await writeProbeTable([again], warehouse, 'run-2');
    assert.deepEqual(second, [
      path.join(warehouse, 'probes', 'day=2030-06-15', 'probe-run-2.parquet'),
    ]);
    const rows = await read(
      `SELECT mx_host, count(*)::INTEGER AS n FROM read_parquet('${glob()}') GROUP BY 1 ORDER BY 1`,
    );
    assert.deepEqual(rows, [
      { mx_host: 'mx.good.test', n: 2 },
      { mx_host: 'mx.plain.test', n: 1 },
    ]);
  });

  it('rows go to the day of their own probe, or the day asked for', async () => {
    const other = await tempDir('census-probe-wh-');
    const rows = [
      handProbe({ mxHost: 'a', ip: '127.0.0.1', probeDay: '2026-12-01' }),
      handProbe({ mxHost: 'b', ip: '127.0.0.1', probeDay: '2026-12-02' }),
    ];
    const files = await writeProbeTable(rows, other, 'r');
    assert.deepEqual(
      files.map((f) => path.relative(other, f)),
      ['probes/day=2026-12-01/probe-r.parquet', 'probes/day=2026-12-02/probe-r.parquet'],
    );
  });

  it('names runs by their start and a random suffix', () => {
    assert.equal(probeRunId(Date.UTC(2026, 11, 3, 17, 4, 5, 678), 'a1b2'), '20261203T170405Z-a1b2');
  });
});
