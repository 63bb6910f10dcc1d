import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import yargs from 'yargs';
import { sampleCommand } from '../../cli/commands/sample.js';
import { CliError, EXIT } from '../../cli/errors.js';
import { generate } from './generate.js';

// The command runs in-process, so that errors can be checked by class and exit code.
async function sample(args: string[]): Promise<void> {
  await yargs(['sample', ...args, '--quiet'])
    .option('quiet', { type: 'boolean', default: false })
    .option('json', { type: 'boolean', default: false })
    .command(sampleCommand)
    .strict()
    .fail((message, error) => {
      throw error ?? new CliError(message, EXIT.USAGE);
    })
    .parseAsync();
}

describe('sample command', () => {
  it('writes OUT/postfix/mail.log and ground-truth.jsonl, and no temporary files', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'census-sample-'));
    await sample(['--deliveries', '200', '--seed', '4', '--out', out, '--date', '2026-11-30']);
    const folder = path.join(out, 'postfix');
    assert.deepEqual((await readdir(folder)).sort(), ['ground-truth.jsonl', 'mail.log']);
    const expected = await generate({ deliveries: 200, seed: 4, date: '2026-11-30' });
    assert.ok((await readFile(path.join(folder, 'mail.log'))).equals(expected.log));
    assert.ok((await readFile(path.join(folder, 'ground-truth.jsonl'))).equals(expected.truth));
  });

  it('turns bad options into usage errors that name the value', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'census-sample-'));
    const usage = (pattern: RegExp) => (error: unknown) =>
      error instanceof CliError && error.exitCode === EXIT.USAGE && pattern.test(error.message);
    await assert.rejects(sample(['--deliveries', '0', '--out', out]), usage(/--deliveries 0/));
    await assert.rejects(
      sample(['--deliveries', '5', '--seed', '2.5', '--out', out]),
      usage(/2\.5/),
    );
    await assert.rejects(
      sample(['--deliveries', '5', '--out', out, '--date', '2026-02-30']),
      usage(/--date 2026-02-30/),
    );
  });

  it('reports a folder it cannot write to as an output failure', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'census-sample-'));
    const file = path.join(out, 'not-a-folder');
    await writeFile(file, '');
    await assert.rejects(
      sample(['--deliveries', '5', '--out', file]),
      (error: unknown) =>
        error instanceof CliError &&
        error.exitCode === EXIT.OUTPUT_FAILED &&
        error.message.includes('could not write the sample'),
    );
  });
});
