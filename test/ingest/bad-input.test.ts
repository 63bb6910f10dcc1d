import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { memoryLog } from '../../cli/log.js';
import { ingestArgs, ingestOptions } from '../helpers/ingest.js';
import { runIngest } from '../../cli/run-ingest.js';
import { EXIT } from '../../cli/errors.js';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { WarehouseSession, DEFAULT_PARAMETERS } from '../../pipeline/query/run-query.js';

const LINE = (n: number) =>
  `Dec  1 10:00:0${n} out1 postfix/smtp[100]: A1B2C3D4E${n}: to=<user${n}@example.org>, ` +
  `relay=mx.example.net[192.0.2.10]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, ` +
  `status=sent (250 2.0.0 Ok: queued as 9F8E7D${n})`;

async function scratch(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'census-bad-'));
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function deliveredCount(warehouse: string): Promise<number> {
  const session = await WarehouseSession.open(warehouse);
  try {
    const r = await session.run('SELECT count(*) AS n FROM deliveries', DEFAULT_PARAMETERS);
    return Number(r.rows[0]?.n);
  } finally {
    session.close();
  }
}

describe('bad input', () => {
  it('quarantines a malformed line with its file, line and reason, and keeps the rest', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'mail.log');
    await writeFile(
      file,
      [
        LINE(1),
        'Dec  1 10:00:05 out1 postfix/smtp[100]: Verified TLS connection established to ???',
        LINE(2),
      ].join('\n') + '\n',
    );
    const warehouse = path.join(dir, 'wh');
    const options = ingestOptions([file], warehouse);
    const log = options.log;
    const result = await ingest(options);

    assert.equal(result.linesRead, 3);
    assert.equal(result.linesQuarantined, 1);
    assert.equal(result.rowsWritten, 2);
    const entry = result.files[0];
    assert.equal(entry?.linesUsed, 2);
    assert.equal(entry?.linesSkipped, 0);
    const quarantine = await readFile(
      path.join(warehouse, 'quarantine', `${entry?.fileId}.jsonl`),
      'utf8',
    );
    const record = JSON.parse(quarantine.trim()) as { file: string; line: number; code: string };
    assert.equal(record.file, file);
    assert.equal(record.line, 2);
    assert.equal(record.code, 'unrecognized-line');
    assert.ok(
      log.lines.some((l) =>
        l.startsWith(`warning: ${file}:2: postfix/smtp: unrecognized TLS summary`),
      ),
    );
    // The local part of an address never reaches the warehouse, not even the quarantine.
    assert.ok(
      !(await readFile(path.join(warehouse, 'manifest', `${entry?.fileId}.json`), 'utf8')).includes(
        'user1',
      ),
    );
  });

  it('reports a binary file, an unknown format and a missing path, and ingests the good file', async () => {
    const dir = await scratch();
    const good = path.join(dir, 'good.log');
    const binary = path.join(dir, 'blob.bin');
    const other = path.join(dir, 'notes.txt');
    await writeFile(good, LINE(1) + '\n');
    await writeFile(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await writeFile(other, 'shopping list\neggs\nmilk\n');
    const warehouse = path.join(dir, 'wh');
    const log = memoryLog();

    const code = await runIngest(
      ingestArgs([good, binary, other, path.join(dir, 'nope.log')], warehouse),
      log,
    );

    assert.equal(code, EXIT.INPUT_PROBLEMS);
    assert.equal(await deliveredCount(warehouse), 1);
    const warnings = log.lines.filter((l) => l.startsWith('warning: '));
    assert.ok(warnings.some((l) => l.includes(`${binary}: not in a log format this tool reads`)));
    assert.ok(warnings.some((l) => l.includes(`${other}: not in a log format this tool reads`)));
    assert.ok(warnings.some((l) => l.includes(`${path.join(dir, 'nope.log')}: no such file`)));
  });

  it('keeps every complete line of a truncated .gz and says where it ends', async () => {
    const dir = await scratch();
    const text = [LINE(1), LINE(2), LINE(3), LINE(4)].join('\n') + '\n';
    const gz = gzipSync(text, { level: 0 });
    // Stored blocks: cutting the file keeps a known prefix of the text.
    const cut = path.join(dir, 'mail.log.2.gz');
    await writeFile(cut, gz.subarray(0, 10 + 5 + LINE(1).length + 1 + LINE(2).length + 1 + 20));
    const warehouse = path.join(dir, 'wh');
    const log = memoryLog();

    const code = await runIngest(ingestArgs([cut], warehouse), log);

    assert.equal(code, EXIT.INPUT_PROBLEMS);
    assert.equal(await deliveredCount(warehouse), 2);
    assert.ok(log.lines.some((l) => l.includes(cut) && l.includes('truncated')));
    const names = await allFiles(warehouse);
    assert.ok(
      names.every((n) => !n.endsWith('.tmp')),
      `leftover temporary files: ${names}`,
    );
  });

  it('exits cleanly on clean input, and replaces rows exactly when a file is read again', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'mail.log');
    await writeFile(file, [LINE(1), LINE(2)].join('\n') + '\n');
    const warehouse = path.join(dir, 'wh');

    assert.equal(await runIngest(ingestArgs([file], warehouse), memoryLog()), EXIT.OK);
    assert.equal(await runIngest(ingestArgs([file], warehouse), memoryLog()), EXIT.OK);
    assert.equal(await deliveredCount(warehouse), 2);
  });
});
