import assert from 'node:assert/strict';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runOnWorkers } from '../../pipeline/ingest/pool.js';
import { fingerprint } from '../../pipeline/read/fingerprint.js';
import type { WorkerMessage, WorkerTask } from '../../pipeline/ingest/worker.js';

// The worker's heap cap in these tests, far below the 512 MB of a real ingest.
const CAP_MB = 48;

/**
 * A Postfix log of `processes` smtp processes, each with a TLS session and no delivery yet, all
 * in one second: none is old enough to forget, so the parser holds every one.
 */
async function openSessions(dir: string, processes: number): Promise<WorkerTask> {
  const file = path.join(dir, `open-${processes}.log`);
  const out = await open(file, 'w');
  for (let first = 1; first <= processes; first += 100_000) {
    const lines: string[] = [];
    for (let pid = first; pid < first + 100_000 && pid <= processes; pid++) {
      lines.push(
        `Dec  1 10:00:00 mx1 postfix/smtp[${pid}]: Trusted TLS connection established to ` +
          `mx${pid}.example.org[192.0.2.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 ` +
          '(256/256 bits)\n',
      );
    }
    await out.write(lines.join(''));
  }
  await out.close();
  const input = {
    path: file,
    compression: 'none' as const,
    setKey: file,
    rotation: 0,
    sizeBytes: (await stat(file)).size,
    mtimeMillis: Date.UTC(2026, 11, 1, 12),
    nameDate: null,
  };
  return {
    files: [{ file: input, fileId: await fingerprint(input) }],
    format: 'postfix',
    year: 2026,
    zone: 'UTC',
    maxLineBytes: 65536,
    maxExpansion: 1000,
    recipientKey: null,
    warehouse: path.join(dir, 'wh'),
  };
}

describe('the parse worker pool', () => {
  it('names the file when a worker runs out of heap, reporting nothing of it read', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-pool-'));
    after(() => rm(dir, { recursive: true, force: true }));

    // Under the same cap, a worker reads a small file of the same kind: the cap leaves room
    // for the worker itself, so what exhausts it below is the parser's state.
    const small = await openSessions(dir, 1_000);
    const read: WorkerMessage[] = [];
    await runOnWorkers([small], 1, (message) => read.push(message), CAP_MB);
    const smallPath = small.files[0]!.file.path;
    assert.deepEqual(
      read.flatMap((m) => (m.kind === 'file' ? [[m.read.entry.path, m.read.entry.linesRead]] : [])),
      [[smallPath, 1_000]],
    );

    // 1.5 million open sessions need several hundred MB.
    const large = await openSessions(dir, 1_500_000);
    const largePath = large.files[0]!.file.path;
    const events: WorkerMessage[] = [];
    await assert.rejects(
      runOnWorkers([large], 1, (m) => events.push(m), CAP_MB),
      (error: Error) => {
        assert.ok(
          error.message.startsWith(
            `${largePath}: reading it needed more than ${CAP_MB} MB of parser state`,
          ),
          error.message,
        );
        return true;
      },
    );
    assert.deepEqual(
      events.filter((m) => m.kind === 'file'),
      [],
    );
  });
});
