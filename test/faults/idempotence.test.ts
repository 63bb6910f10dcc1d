import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../pipeline/project-root.js';
import { postfixLog } from '../helpers/postfix-log.js';

// Rerunning, or reading the same lines again under another name after rotation, never counts a
// delivery twice; and the same inputs give the same bytes whatever the machine's clock zone.
const CLI = path.join(projectRoot(), 'cli', 'main.ts');

function ingest(inputs: string[], warehouse: string, env: Record<string, string> = {}) {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'ingest',
      ...inputs,
      '--warehouse',
      warehouse,
      '--year',
      '2026',
      '--quiet',
    ],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  assert.equal(run.status, 0, run.stderr);
}

async function digests(warehouse: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(warehouse, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath ?? e.path, e.name);
    const name = path.relative(warehouse, file);
    if (name.startsWith('.')) continue;
    out[name] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

function count(warehouse: string): number {
  const sql = path.join(warehouse, '..', 'count.sql');
  spawnSync('sh', ['-c', `echo 'SELECT count(*) AS n FROM deliveries' > '${sql}'`]);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', CLI, 'query', sql, '--warehouse', warehouse, '--format', 'json'],
    { encoding: 'utf8' },
  );
  return (JSON.parse(run.stdout) as { n: number }[])[0]?.n ?? -1;
}

describe('reruns and rotation', () => {
  it('writes the same bytes for the same inputs, whatever the clock zone and however often', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-idem-'));
    const log = path.join(dir, 'mail.log');
    await writeFile(
      log,
      postfixLog({ host: 'h', deliveries: 800, start: Date.UTC(2026, 11, 1, 23, 50) }),
    );
    ingest([log], path.join(dir, 'a'), { TZ: 'UTC' });
    ingest([log], path.join(dir, 'b'), { TZ: 'Pacific/Auckland' });
    ingest([log], path.join(dir, 'b'), { TZ: 'America/New_York' }); // a rerun over itself
    const a = await digests(path.join(dir, 'a'));
    assert.ok(Object.keys(a).some((f) => f.startsWith('deliveries/day=2026-12-02/')));
    assert.ok(Object.keys(a).some((f) => f.startsWith('rollups/')));
    assert.deepEqual(await digests(path.join(dir, 'b')), a);
  });

  it('counts each delivery once across a night of rotation', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-rotate-'));
    const logs = path.join(dir, 'logs');
    await mkdir(logs);
    const warehouse = path.join(dir, 'wh');
    const day1 = postfixLog({ host: 'h', deliveries: 300, start: Date.UTC(2026, 11, 1) });
    const day2 = postfixLog({
      host: 'h',
      deliveries: 200,
      start: Date.UTC(2026, 11, 2),
      firstId: 5000,
    });
    const half = day2.slice(0, day2.indexOf('\n', day2.length / 2) + 1);

    // Night 1: yesterday's log, and today's still being written.
    await writeFile(path.join(logs, 'mail.log.1'), day1);
    await writeFile(path.join(logs, 'mail.log'), half);
    ingest([path.join(logs, 'mail.log.1'), path.join(logs, 'mail.log')], warehouse);
    const night1 = count(warehouse);

    // Night 2: logrotate moved mail.log.1 to mail.log.2.gz and the grown mail.log to mail.log.1.
    await writeFile(path.join(logs, 'mail.log.2.gz'), gzipSync(day1));
    await rename(path.join(logs, 'mail.log'), path.join(logs, 'mail.log.1'));
    await writeFile(path.join(logs, 'mail.log.1'), day2);
    await writeFile(path.join(logs, 'mail.log'), '');
    ingest([logs], warehouse);

    assert.ok(night1 > 300 && night1 < 500, `night 1 read ${night1}`);
    assert.equal(count(warehouse), 500);
  });
});
