import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { EXIT } from '../../cli/errors.js';
import { projectRoot } from '../../pipeline/project-root.js';
import { postfixLog } from '../helpers/postfix-log.js';

// What the machine does to a run: a second run at once, a file it may not read, a full disk,
// a read-only warehouse. The last three need root (to drop privileges, to mount a small tmpfs).
const CLI = path.join(projectRoot(), 'cli', 'main.ts');
const isRoot = process.getuid?.() === 0;
// The unprivileged user must be able to reach the project (a checkout in a private folder
// cannot be run by another user).
const nobodyCanRun =
  isRoot &&
  spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', CLI])
    .status === 0;
const canMount =
  isRoot && spawnSync('unshare', ['--mount', 'true'], { stdio: 'ignore' }).status === 0;

function census(args: string[], options: { as?: number; cwd?: string } = {}) {
  return new Promise<{ code: number | null; stderr: string }>((done) => {
    // tsx by its own URL: a run from another folder would not find it by name.
    const node = [process.execPath, '--import', import.meta.resolve('tsx'), CLI, ...args];
    const command =
      options.as === undefined
        ? node
        : ['setpriv', `--reuid=${options.as}`, `--regid=${options.as}`, '--clear-groups', ...node];
    const child = spawn(command[0]!, command.slice(1), { cwd: options.cwd ?? projectRoot() });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => done({ code, stderr }));
  });
}

const scratchDirs: string[] = [];
async function scratch(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'census-system-'));
  scratchDirs.push(dir);
  return dir;
}

async function logFile(dir: string, name: string, deliveries: number): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, postfixLog({ host: 'h', deliveries, start: Date.UTC(2026, 11, 1) }));
  return file;
}

describe('the machine around a run', () => {
  after(() => {
    for (const dir of scratchDirs) spawnSync('umount', ['-l', path.join(dir, 'wh')]);
  });

  it('lets one of two simultaneous runs write, and tells the other why it stopped', async () => {
    const dir = await scratch();
    const file = await logFile(dir, 'mail.log', 4000);
    const warehouse = path.join(dir, 'wh');
    const args = ['ingest', file, '--warehouse', warehouse, '--year', '2026', '--quiet'];
    const [a, b] = await Promise.all([census(args), census(args)]);
    const codes = [a.code, b.code].sort();
    if (codes[0] === EXIT.OK && codes[1] === EXIT.OK) {
      // The second started after the first had finished: nothing to prove on this machine.
      return;
    }
    assert.deepEqual(codes, [EXIT.OK, EXIT.BUSY]);
    const busy = a.code === EXIT.BUSY ? a : b;
    assert.match(busy.stderr, /another run \(pid \d+\) is writing this warehouse/);
    const parts = await readdir(path.join(warehouse, 'deliveries', 'day=2026-12-01'));
    assert.deepEqual(parts.filter((p) => p.endsWith('.parquet')).length, 1);
  });

  it(
    'names a file it may not read, and ingests the rest',
    { skip: !nobodyCanRun && 'needs root, and a checkout the user nobody can read' },
    async () => {
      const dir = await scratch();
      await chmod(dir, 0o755);
      const readable = await logFile(dir, 'a.log', 3);
      const secret = await logFile(dir, 'b.log', 3);
      await chmod(readable, 0o644);
      await chmod(secret, 0o600);
      const warehouse = path.join(dir, 'wh');
      await mkdir(warehouse);
      await chmod(warehouse, 0o777);
      const run = await census(
        ['ingest', readable, secret, '--warehouse', warehouse, '--year', '2026'],
        {
          as: 65534,
          cwd: dir,
        },
      );
      assert.equal(run.code, EXIT.INPUT_PROBLEMS, run.stderr);
      assert.match(run.stderr, new RegExp(`${secret}: permission denied`));
      assert.match(run.stderr, /ingested 1 file: \d+ lines, 3 deliveries/);
    },
  );

  it(
    'stops with exit code 4 on a full disk and leaves earlier partitions as they were',
    { skip: !canMount && 'needs root and mount namespaces' },
    async () => {
      const dir = await scratch();
      const warehouse = path.join(dir, 'wh');
      await mkdir(warehouse);
      assert.equal(
        spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', warehouse]).status,
        0,
      );
      const small = await logFile(dir, 'small.log', 10);
      assert.equal(
        (await census(['ingest', small, '--warehouse', warehouse, '--year', '2026', '--quiet']))
          .code,
        0,
      );
      const before = await readdir(path.join(warehouse, 'deliveries', 'day=2026-12-01'));

      const big = await logFile(dir, 'big.log', 40_000);
      const run = await census([
        'ingest',
        big,
        '--warehouse',
        warehouse,
        '--year',
        '2026',
        '--quiet',
      ]);
      assert.equal(run.code, EXIT.OUTPUT_FAILED, run.stderr);
      assert.match(run.stderr, /cannot write the warehouse \(the disk is full/);
      const afterwards = await readdir(path.join(warehouse, 'deliveries', 'day=2026-12-01'));
      assert.deepEqual(
        afterwards.filter((f) => !f.startsWith('.')),
        before,
      );
    },
  );

  it(
    'stops with exit code 4 on a read-only warehouse',
    { skip: !canMount && 'needs root and mount namespaces' },
    async () => {
      const dir = await scratch();
      const warehouse = path.join(dir, 'wh');
      await mkdir(warehouse);
      assert.equal(
        spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,ro', 'tmpfs', warehouse]).status,
        0,
      );
      const file = await logFile(dir, 'mail.log', 10);
      const run = await census([
        'ingest',
        file,
        '--warehouse',
        warehouse,
        '--year',
        '2026',
        '--quiet',
      ]);
      assert.equal(run.code, EXIT.OUTPUT_FAILED, run.stderr);
      assert.match(run.stderr, /cannot write the warehouse \(it is not writable/);
    },
  );
});
