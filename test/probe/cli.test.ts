import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki, type TestPki } from './certificates.js';
import { writeDeliveries } from './fixtures.js';
import { startFakeServer, type FakeServer } from './smtp-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The command is not registered in cli/commands/index.ts by this change, so the tests run it
// in a program of its own, built as cli/main.ts builds the real one.
const PROGRAM = `
import yargs from '${ROOT}/node_modules/yargs/index.mjs';
import { CliError } from '${ROOT}/cli/errors.ts';
import { probeCommand } from '${ROOT}/cli/commands/probe.ts';
try {
  await yargs(process.argv.slice(2))
    .option('quiet', { type: 'boolean', default: false })
    .option('json', { type: 'boolean', default: false })
    .command(probeCommand).strict()
    .fail((message, error) => { if (error) throw error; throw new CliError(message, 2); })
    .parseAsync();
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  process.stderr.write('starttls-census: ' + error.message + '\\n');
  process.exitCode = error.exitCode;
}
`;

const work = await tempDir('census-probe-cli-');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(work, 'program.mts'), ...args],
      { cwd: ROOT, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('probe: the command', () => {
  let pki: TestPki;
  let server: FakeServer;
  const warehouse = path.join(work, 'warehouse');

  before(async () => {
    await writeFile(path.join(work, 'program.mts'), PROGRAM);
    pki = makeTestPki(path.join(work, 'pki'));
    server = await startFakeServer({
      host: '127.0.8.1',
      tls: { key: pki.leafKey, cert: pki.good.pem },
    });
    const row = {
      status: 'sent' as const,
      evidence: 'chain-only',
      checks: 'FFNF',
      software: null,
      starttls: 'unverified',
    };
    await writeDeliveries(warehouse, [
      { ...row, day: '2026-12-01', queueId: 'A', mxHost: 'mx.good.test', ip: '127.0.8.1' },
      { ...row, day: '2026-12-01', queueId: 'B', mxHost: 'mx.good.test', ip: '127.0.8.1' },
    ]);
  });
  after(() => server.close());

  it('--dry-run lists the targets and probes nothing', async () => {
    const result = await run(['probe', '--warehouse', warehouse, '--dry-run', '--port', '2525']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'mx.good.test\t127.0.8.1\t2525\n');
    assert.equal(result.stderr, '1 target; nothing was probed\n');
    assert.equal(server.connections.length, 0);
  });

  it('probes, stores the rows, and prints one summary line', async () => {
    const result = await run([
      'probe',
      '--warehouse', warehouse,
      '--port', String(server.port),
      '--ca-file', pki.ca.file,
      '--date', '2026-12-02',
      '--ehlo-name', 'census.test',
      '--per-ip-interval-ms', '0',
    ]); // prettier-ignore
    assert.equal(result.code, 0, result.stderr);
    const files = await readdir(path.join(warehouse, 'probes', 'day=2026-12-02'));
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^probe-\d{8}T\d{6}Z-[0-9a-f]{8}\.parquet$/);
    const summary = result.stderr
      .replace(/ in \d+\.\d s:/, ' in T s:')
      .replace(/wrote .*/, 'wrote F');
    assert.equal(
      summary,
      'probed 1 target in T s: 1 ok, 0 no STARTTLS, 0 handshake failed, 0 unreachable, ' +
        '0 protocol errors; wrote F\n',
    );
    assert.match(result.stderr, /wrote \S+\/probes\/day=2026-12-02\/probe-\S+\.parquet\n$/);
    assert.deepEqual(server.connections[0]!.commands, ['EHLO census.test', 'STARTTLS', 'QUIT']);
  });

  it('imports a ZGrab2 file and says which lines it skipped', async () => {
    const file = path.join(work, 'scan.jsonl');
    await writeFile(
      file,
      [
        '{"ip":"127.0.8.2","domain":"mx.scan.test","data":{"smtp":{"status":"success",' +
          '"timestamp":"2026-12-03T10:00:00Z","result":{"banner":"220 mx ESMTP Postfix\\r\\n",' +
          '"ehlo":"250-mx\\r\\n250 SIZE 1\\r\\n"}}}}',
        'not json',
      ].join('\n'),
    );
    const result = await run(['probe', '--warehouse', warehouse, '--import-zgrab2', file]);
    assert.equal(result.code, 3);
    assert.equal(
      result.stderr,
      `warning: ${file}:2: skipped: not valid JSON\n` +
        `imported 1 records from ${file} (1 lines skipped): 0 ok, 1 no STARTTLS, ` +
        `0 handshake failed, 0 unreachable, 0 protocol errors; 1 file in ${warehouse}/probes\n`,
    );
    assert.equal((await readdir(path.join(warehouse, 'probes', 'day=2026-12-03'))).length, 1);
  });

  it('refuses bad numbers and days with a usage error', async () => {
    const zero = await run(['probe', '--warehouse', warehouse, '--concurrency', '0']);
    assert.equal(zero.code, 2);
    assert.equal(
      zero.stderr,
      'starttls-census: --concurrency 0: must be a whole number of at least 1\n',
    );
    const day = await run(['probe', '--warehouse', warehouse, '--date', '2026-13-45']);
    assert.equal(day.code, 2);
  });
});
