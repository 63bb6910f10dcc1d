import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { projectRoot } from '../../pipeline/project-root.js';

const CLI = path.join(projectRoot(), 'cli', 'main.ts');

function census(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: projectRoot(),
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const MX = 'mx.example.net[192.0.2.10]:25';
const LOG = [
  `Dec  1 10:00:00 out1 postfix/smtp[100]: Verified TLS connection established to ${MX}: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`,
  `Dec  1 10:00:01 out1 postfix/smtp[100]: A1B2C3D4E5: to=<ann@example.org>, relay=${MX}, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F8E7D)`,
  `Dec  1 10:00:02 out1 postfix/smtp[101]: B1B2C3D4E5: to=<bob@example.com>, relay=mx.example.com[192.0.2.20]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 ok 1733000000 qp 1)`,
  `Dec  1 10:00:03 out1 postfix/smtp[101]: C1B2C3D4E5: to=<cy@example.com>, relay=mx.example.com[192.0.2.20]:25, conn_use=2, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 ok 1733000001 qp 2)`,
].join('\n');

describe('the command line', () => {
  it('ingests, then prints Figure 1 as CSV, and the Parquet opens in plain DuckDB', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-cli-'));
    const log = path.join(dir, 'mail.log');
    await writeFile(log, LOG + '\n');
    const warehouse = path.join(dir, 'wh');

    const ingest = census(['ingest', log, '--warehouse', warehouse, '--year', '2026', '--quiet']);
    assert.equal(ingest.code, 0, ingest.stderr);

    const query = census(['query', 'fig01-overall', '--warehouse', warehouse, '--format', 'csv']);
    assert.equal(query.code, 0, query.stderr);
    // 3 emails: 1 strict (Verified), 2 none (no TLS line; a plaintext reuse). Two domains, MX
    // hosts and IPs: one strict, one none.
    const third = 1 / 3;
    const expected = [
      'unit,result,count,share',
      'email,strict,1,' + third,
      'email,unverified,0,0',
      'email,opportunistic,0,0',
      'email,failure,0,0',
      'email,none,2,' + 2 * third,
      ...['domain', 'mx_host', 'ip'].flatMap((u) => [
        `${u},strict,1,0.5`,
        `${u},unverified,0,0`,
        `${u},opportunistic,0,0`,
        `${u},failure,0,0`,
        `${u},none,1,0.5`,
      ]),
    ];
    assert.deepEqual(query.stdout.trimEnd().split('\r\n'), expected);

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT day::VARCHAR AS day, starttls, evidence, count(*)::INTEGER AS n
       FROM read_parquet('${warehouse}/deliveries/*/*.parquet', hive_partitioning = true)
       GROUP BY ALL ORDER BY ALL`,
    );
    assert.deepEqual(reader.getRowObjectsJS(), [
      { day: '2026-12-01', starttls: 'none', evidence: 'no-tls-line', n: 1 },
      { day: '2026-12-01', starttls: 'none', evidence: 'plaintext-reuse', n: 1 },
      { day: '2026-12-01', starttls: 'strict', evidence: 'verified', n: 1 },
    ]);
    connection.closeSync();
    instance.closeSync();
  });

  it('has --help on every command, and explains a bad flag with exit code 2', () => {
    for (const command of ['run', 'ingest', 'query', 'report']) {
      const help = census([command, '--help']);
      assert.equal(help.code, 0, `${command} --help: ${help.stderr}`);
      assert.match(help.stdout, new RegExp(`starttls-census ${command}`));
    }
    const bad = census(['query', 'fig01-overall', '--from', '12/01/2026']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--from 12\/01\/2026: not a day; write it as YYYY-MM-DD/);
    const unknown = census(['query', 'no-such-query']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no-such-query: no such query; --list shows the names/);
  });
});
