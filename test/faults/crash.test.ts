import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { projectRoot } from '../../pipeline/project-root.js';
import { postfixLog } from '../helpers/postfix-log.js';

// SIGKILL an ingest at many seeded points, then rerun it: the warehouse must never show a
// half-written Parquet file, and the rerun must give exactly the rows of a clean run.
const KILLS = 50;
const CLI = path.join(projectRoot(), 'cli', 'main.ts');

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs an ingest; kills it after `killAfterMillis` when given. Resolves with the exit. */
function runIngest(inputs: string, warehouse: string, killAfterMillis?: number) {
  return new Promise<{ code: number | null; signal: string | null; millis: number }>((done) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        'ingest',
        inputs,
        '--warehouse',
        warehouse,
        '--year',
        '2026',
        '--quiet',
      ],
      { stdio: 'ignore' },
    );
    const timer =
      killAfterMillis === undefined
        ? null
        : setTimeout(() => child.kill('SIGKILL'), killAfterMillis);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, millis: performance.now() - started });
    });
  });
}

/** Every visible Parquet file opens, and the rows, in a canonical order, as one text. */
async function warehouseRows(warehouse: string): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const listed = await readdir(path.join(warehouse, 'deliveries'), { recursive: true }).catch(
      () => [] as string[],
    );
    const files = listed.filter((f) => f.endsWith('.parquet'));
    for (const file of files) {
      // A torn file would fail here, and would break the wildcard read below.
      assert.doesNotMatch(path.basename(file), /^\./);
      await connection.run(`SELECT count(*) FROM '${path.join(warehouse, 'deliveries', file)}'`);
    }
    if (files.length === 0) return '';
    const reader = await connection.runAndReadAll(
      `SELECT string_agg(concat_ws('|', day, queue_id, recipient_domain, starttls, source_file,
                source_offset), '\n' ORDER BY day, source_file, source_offset) AS rows
       FROM read_parquet('${warehouse}/deliveries/*/*.parquet', hive_partitioning = true)`,
    );
    return String(reader.getRowsJS()[0]?.[0] ?? '');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function manifests(warehouse: string): Promise<string[]> {
  const dir = path.join(warehouse, 'manifest');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  return Promise.all(names.sort().map((n) => readFile(path.join(dir, n), 'utf8')));
}

describe('an ingest killed with SIGKILL', () => {
  it(`leaves old or new partitions only, and a rerun completes the work (${KILLS} kills)`, async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'census-crash-'));
    const logs = path.join(root, 'logs');
    await mkdir(logs);
    // Two hosts, a rotated set, three days: several partitions and files to be caught between.
    const day = Date.UTC(2026, 10, 29, 20, 0, 0);
    await writeFile(
      path.join(logs, 'a.log.1'),
      postfixLog({ host: 'a', deliveries: 1500, start: day }),
    );
    await writeFile(
      path.join(logs, 'a.log'),
      postfixLog({ host: 'a', deliveries: 1500, start: day + 86_400_000, firstId: 10_000 }),
    );
    await writeFile(
      path.join(logs, 'b.log.2.gz'),
      gzipSync(
        postfixLog({ host: 'b', deliveries: 2000, start: day + 40_000_000, firstId: 20_000 }),
      ),
    );

    const clean = path.join(root, 'clean');
    const first = await runIngest(logs, clean);
    assert.equal(first.code, 0);
    const expected = await warehouseRows(clean);
    assert.equal(expected.split('\n').length, 5000);
    const expectedManifests = await manifests(clean);

    // Half the kills start from an empty warehouse, half from an older state of it (the same
    // files ingested before, minus one), so a kill can land between old and new partitions.
    const older = path.join(root, 'older');
    const olderLogs = path.join(root, 'older-logs');
    await cp(logs, olderLogs, { recursive: true });
    await rm(path.join(olderLogs, 'a.log'));
    assert.equal((await runIngest(olderLogs, older)).code, 0);

    const random = mulberry32(20261203);
    const kinds = { killed: 0, finished: 0 };
    // Runs that finish before their kill do not count: go on until KILLS runs were killed.
    for (let k = 0; kinds.killed < KILLS && k < KILLS * 3; k++) {
      const warehouse = path.join(root, `w${k}`);
      if (k % 2 === 1) await cp(older, warehouse, { recursive: true });
      // The first half of a run is mostly the program starting; aim most kills at the rest.
      const delay = first.millis * (0.3 + 0.6 * random());
      const killed = await runIngest(logs, warehouse, delay);
      if (killed.signal === 'SIGKILL') kinds.killed++;
      else kinds.finished++;

      await warehouseRows(warehouse); // every visible file opens
      const rerun = await runIngest(logs, warehouse);
      assert.equal(rerun.code, 0, `rerun after a kill at ${delay.toFixed(0)} ms`);
      assert.equal(
        await warehouseRows(warehouse),
        expected,
        `rows after a kill at ${delay.toFixed(0)} ms`,
      );
      assert.deepEqual(await manifests(warehouse), expectedManifests);
      await rm(warehouse, { recursive: true, force: true });
    }
    assert.equal(kinds.killed, KILLS, `only ${kinds.killed} runs were killed`);
  });
});
