import assert from 'node:assert/strict';
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ingest, type IngestResult } from '../../pipeline/ingest/ingest.js';
import { readSet, type ReadEvent, type SetTask } from '../../pipeline/ingest/read-set.js';
import type { InputFile } from '../../pipeline/read/discover.js';
import { fingerprint } from '../../pipeline/read/fingerprint.js';
import { DEFAULT_PARAMETERS, WarehouseSession } from '../../pipeline/query/run-query.js';
import { ingestOptions } from '../helpers/ingest.js';
import { postfixLog } from '../helpers/postfix-log.js';

// Hostile and awkward input files, each with the outcome worked out by hand from the lines.
const MX = 'mx.d.example[192.0.2.7]:25';
const sent = (time: string, id: string, to: string, host = 'out1', pid = 100) =>
  `${time} ${host} postfix/smtp[${pid}]: ${id}: to=<${to}>, relay=${MX}, delay=0.4, ` +
  'delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC)';
const tls = (time: string, host = 'out1', pid = 100) =>
  `${time} ${host} postfix/smtp[${pid}]: Trusted TLS connection established to ${MX}: ` +
  'TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)';

async function scratch(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'census-input-'));
}

async function rows(warehouse: string, sql: string): Promise<Record<string, unknown>[]> {
  const session = await WarehouseSession.open(warehouse);
  try {
    return (await session.run(sql, DEFAULT_PARAMETERS)).rows;
  } finally {
    session.close();
  }
}

async function ingestFile(
  name: string,
  content: string | Buffer,
  extra: Parameters<typeof ingestOptions>[2] = {},
): Promise<{ result: IngestResult; warehouse: string; file: string }> {
  const dir = await scratch();
  const file = path.join(dir, name);
  await writeFile(file, content);
  const warehouse = path.join(dir, 'wh');
  const result = await ingest(ingestOptions([file], warehouse, extra));
  return { result, warehouse, file };
}

describe('awkward input', () => {
  it('reads every member of a concatenated .gz', async () => {
    const a = postfixLog({ host: 'h', deliveries: 3, start: Date.UTC(2026, 11, 1) });
    const b = postfixLog({
      host: 'h',
      deliveries: 2,
      start: Date.UTC(2026, 11, 1, 1),
      firstId: 99,
    });
    const { result } = await ingestFile('mail.log.2.gz', Buffer.concat([gzipSync(a), gzipSync(b)]));
    assert.equal(result.rowsWritten, 5);
    assert.equal(result.files[0]?.readError, null);
  });

  it('cuts a 10 MB line at the cap, counts and quarantines it, and reads on', async () => {
    const long =
      sent('Dec  1 10:00:01', 'B2F00D', 'b@d.example') + ' ' + 'x'.repeat(10 * 1024 * 1024);
    const content = [
      sent('Dec  1 10:00:00', 'A1F00D', 'a@d.example'),
      long,
      sent('Dec  1 10:00:02', 'C3F00D', 'c@d.example'),
    ];
    const { result, warehouse } = await ingestFile('mail.log', content.join('\n') + '\n');
    const entry = result.files[0]!;
    assert.deepEqual(
      [
        entry.linesRead,
        entry.linesUsed,
        entry.linesQuarantined,
        entry.linesTooLong,
        entry.rowsWritten,
      ],
      [3, 2, 1, 1, 2],
    );
    const quarantine = await readFile(
      path.join(warehouse, 'quarantine', `${entry.fileId}.jsonl`),
      'utf8',
    );
    const record = JSON.parse(quarantine) as { line: number; code: string; text: string };
    assert.equal(record.line, 2);
    assert.equal(record.code, 'line-too-long');
    assert.equal(record.text.length, 501); // 500 characters and an ellipsis
  });

  it('treats NUL bytes, invalid UTF-8 and CRLF line ends exactly', async () => {
    const lines = [
      sent('Dec  1 10:00:00', 'A1F00D', 'ann@d.example') + '\r', // CRLF: read as if LF
      '\0\0\0\0', // NULs only: no syslog header, quarantined
      sent('Dec  1 10:00:01', 'B2F00D', 'b\0b@d.example'), // a NUL in the local part: still read
    ];
    const bad = Buffer.from(sent('Dec  1 10:00:02', 'C3F00D', 'cy@XX.example'));
    const at = bad.indexOf('XX');
    bad[at] = 0xff; // an invalid byte in the domain: the domain is unreadable
    bad[at + 1] = 0xfe;
    const content = Buffer.concat([Buffer.from(lines.join('\n') + '\n'), bad, Buffer.from('\n')]);
    const { result, warehouse } = await ingestFile('mail.log', content);
    const entry = result.files[0]!;
    assert.deepEqual([entry.linesRead, entry.linesUsed, entry.linesQuarantined], [4, 2, 2]);
    const got = await rows(
      warehouse,
      'SELECT queue_id, recipient_domain FROM deliveries ORDER BY queue_id',
    );
    assert.deepEqual(got, [
      { queue_id: 'A1F00D', recipient_domain: 'd.example' },
      { queue_id: 'B2F00D', recipient_domain: 'd.example' },
    ]);
  });

  it('follows a file across New Year, taking the year from its mtime', async () => {
    const content = [
      sent('Dec 31 23:59:59', 'A1F00D', 'a@d.example'),
      sent('Jan  1 00:00:01', 'B2F00D', 'b@d.example'),
    ];
    const dir = await scratch();
    const file = path.join(dir, 'mail.log');
    await writeFile(file, content.join('\n') + '\n');
    const mtime = new Date(Date.UTC(2027, 0, 1, 6, 0, 0));
    await utimes(file, mtime, mtime);
    const warehouse = path.join(dir, 'wh');
    await ingest(ingestOptions([file], warehouse, { year: null }));
    const got = await rows(
      warehouse,
      `SELECT day::VARCHAR AS day, strftime(time_utc, '%Y-%m-%d %H:%M:%S') AS t FROM deliveries ORDER BY t`,
    );
    assert.deepEqual(got, [
      { day: '2026-12-31', t: '2026-12-31 23:59:59' },
      { day: '2027-01-01', t: '2027-01-01 00:00:01' },
    ]);
  });

  it('with --year, keeps a late December line after January in the old year', async () => {
    // Two syslog sources merged: one is a second behind at midnight on New Year's Eve.
    const content = [
      sent('Dec 31 23:59:58', 'A1F00D', 'a@d.example'),
      sent('Jan  1 00:00:01', 'B2F00D', 'b@d.example'),
      sent('Dec 31 23:59:59', 'C3F00D', 'c@d.example'),
      sent('Jan  1 00:00:02', 'D4F00D', 'd@d.example'),
    ];
    const { warehouse } = await ingestFile('mail.log', content.join('\n') + '\n', { year: 2026 });
    const got = await rows(
      warehouse,
      `SELECT queue_id, strftime(time_utc, '%Y-%m-%d %H:%M:%S') AS t
       FROM deliveries ORDER BY queue_id`,
    );
    assert.deepEqual(got, [
      { queue_id: 'A1F00D', t: '2026-12-31 23:59:58' },
      { queue_id: 'B2F00D', t: '2027-01-01 00:00:01' },
      { queue_id: 'C3F00D', t: '2026-12-31 23:59:59' },
      { queue_id: 'D4F00D', t: '2027-01-01 00:00:02' },
    ]);
  });

  it('reads local times across both daylight-saving changes of a zone', async () => {
    // Europe/Berlin, 2026: 02:00 CET became 03:00 CEST on March 29; 03:00 CEST went back to
    // 02:00 CET on October 25, so 02:30 happened twice (the first one, CEST, is taken).
    const content = [
      sent('Mar 29 01:30:00', 'A1F00D', 'a@d.example'), // CET, UTC+1
      sent('Mar 29 03:30:00', 'B2F00D', 'b@d.example'), // CEST, UTC+2
      sent('Oct 25 02:30:00', 'C3F00D', 'c@d.example'), // ambiguous: CEST, UTC+2
      sent('Oct 25 03:30:00', 'D4F00D', 'd@d.example'), // CET, UTC+1
    ];
    const { warehouse } = await ingestFile('mail.log', content.join('\n') + '\n', {
      zone: 'Europe/Berlin',
    });
    const got = await rows(
      warehouse,
      `SELECT queue_id, strftime(time_utc, '%Y-%m-%d %H:%M') AS utc FROM deliveries ORDER BY queue_id`,
    );
    assert.deepEqual(got, [
      { queue_id: 'A1F00D', utc: '2026-03-29 00:30' },
      { queue_id: 'B2F00D', utc: '2026-03-29 01:30' },
      { queue_id: 'C3F00D', utc: '2026-10-25 00:30' },
      { queue_id: 'D4F00D', utc: '2026-10-25 02:30' },
    ]);
  });

  it('drops a delivery line written twice, keeps repeated TLS lines, and keeps hosts apart', async () => {
    const content = [
      tls('Dec  1 10:00:00', 'out1', 100),
      tls('Dec  1 10:00:00', 'out2', 100), // another host, same PID: its own session
      sent('Dec  1 10:00:00', 'A1F00D', 'a@d.example', 'out1', 100),
      sent('Dec  1 10:00:00', 'A1F00D', 'a@d.example', 'out1', 100), // relayed twice
      tls('Dec  1 10:00:00', 'out1', 100), // the same words: a new connection
      sent('Dec  1 10:00:00', 'B2F00D', 'b@d.example', 'out1', 100),
      sent('Dec  1 10:00:01', 'C3F00D', 'c@d.example', 'out3', 100), // a host that logged no TLS
      sent('Dec  1 10:00:01', 'D4F00D', 'd@d.example', 'out2', 100),
    ];
    const { result, warehouse } = await ingestFile('syslog', content.join('\n') + '\n');
    const entry = result.files[0]!;
    assert.deepEqual([entry.linesRead, entry.linesDuplicate, entry.rowsWritten], [8, 1, 4]);
    const got = await rows(
      warehouse,
      'SELECT queue_id, log_host, starttls FROM deliveries ORDER BY queue_id',
    );
    assert.deepEqual(got, [
      { queue_id: 'A1F00D', log_host: 'out1', starttls: 'unverified' },
      { queue_id: 'B2F00D', log_host: 'out1', starttls: 'unverified' },
      { queue_id: 'C3F00D', log_host: 'out3', starttls: 'none' },
      { queue_id: 'D4F00D', log_host: 'out2', starttls: 'unverified' },
    ]);
  });

  it('says so when a file shrank between being found and being read', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'mail.log');
    const full = postfixLog({ host: 'h', deliveries: 4, start: Date.UTC(2026, 11, 1) });
    await writeFile(file, full.slice(0, full.indexOf('\n', full.length / 2) + 1));
    const events: ReadEvent[] = [];
    // Found at full size, read after a rotation cut it.
    const found: InputFile = {
      path: file,
      compression: 'none',
      setKey: file,
      rotation: 0,
      sizeBytes: Buffer.byteLength(full),
      mtimeMillis: 0,
      nameDate: null,
    };
    const task: SetTask = {
      files: [{ file: found, fileId: 'f1' }],
      format: 'postfix',
      year: 2026,
      zone: 'UTC',
      maxLineBytes: 65536,
      maxExpansion: 1000,
      recipientKey: null,
      scratch: dir,
      quarantineFile: (id) => path.join(dir, `${id}.jsonl`),
    };
    await readSet(
      task,
      (e) => events.push(e),
      () => 0,
    );
    const problems = events.filter((e) => e.kind === 'problem').map((e) => e.message);
    assert.equal(problems.length, 1);
    assert.match(
      problems[0] ?? '',
      /mail\.log: shrank while it was read \(\d+ bytes when found, \d+ read\)/,
    );
    const read = events.find((e) => e.kind === 'file');
    assert.equal(read?.kind === 'file' ? read.read.spills.reduce((n, s) => n + s.rows, 0) : -1, 2);
  });
});

describe('a file replaced between being found and being read', () => {
  it('keeps none of its rows and says to run again', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-replaced-'));
    const file = path.join(dir, 'mail.log');
    await writeFile(file, postfixLog({ host: 'h', deliveries: 3, start: Date.UTC(2026, 11, 1) }));
    const found: InputFile = {
      path: file,
      compression: 'none',
      setKey: file,
      rotation: 0,
      sizeBytes: 0,
      mtimeMillis: 0,
      nameDate: null,
    };
    const fileId = await fingerprint(found);
    // logrotate: the old file moves away and a new one takes its name.
    await writeFile(file, postfixLog({ host: 'h', deliveries: 5, start: Date.UTC(2026, 11, 2) }));
    const events: ReadEvent[] = [];
    const task: SetTask = {
      files: [{ file: found, fileId }],
      format: 'postfix',
      year: 2026,
      zone: 'UTC',
      maxLineBytes: 65536,
      maxExpansion: 1000,
      recipientKey: null,
      scratch: dir,
      quarantineFile: (id) => path.join(dir, `${id}.jsonl`),
    };
    await readSet(
      task,
      (e) => events.push(e),
      () => 0,
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      ['problem'],
    );
    const problem = events[0];
    assert.match(
      problem?.kind === 'problem' ? problem.message : '',
      /mail\.log: was replaced while it was being read \(a log rotation\?\); its rows were not kept/,
    );
  });
});
