import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { InputFile } from '../../pipeline/read/discover.js';
import { createContentHasher } from '../../pipeline/read/fingerprint.js';
import type { Line } from '../../pipeline/read/line.js';
import { readLines } from '../../pipeline/read/lines.js';
import { ReadError } from '../../pipeline/read/read-error.js';
import { tempDir } from './temp-dir.js';

const HAS_ZSTD = spawnSync('zstd', ['--version']).status === 0;

async function inputFile(
  name: string,
  content: string | Buffer,
  compression: InputFile['compression'] = 'none',
): Promise<InputFile> {
  const path = join(await tempDir(), name);
  await writeFile(path, content);
  return {
    path,
    compression,
    setKey: path,
    rotation: 0,
    sizeBytes: Buffer.byteLength(content),
    mtimeMillis: 0,
    nameDate: null,
  };
}

/** Every line, and the error that ended the reading, if any. */
async function readAll(
  file: InputFile,
  maxLineBytes = 1000,
  batchLines?: number,
): Promise<{ lines: Line[]; batches: number[]; error: unknown }> {
  const lines: Line[] = [];
  const batches: number[] = [];
  try {
    for await (const batch of readLines(file, { maxLineBytes, batchLines })) {
      // What each line says, whether decoded at once or when first read.
      lines.push(...batch.map((l) => line(l.text, l.offset, l.number, l.truncated)));
      batches.push(batch.length);
    }
    return { lines, batches, error: null };
  } catch (error) {
    return { lines, batches, error };
  }
}

function line(text: string, offset: number, number: number, truncated = false): Line {
  return { text, offset, number, truncated };
}

/** Lines "line 0001\n" … : 10 bytes each, so line n starts at byte 10 × (n − 1). */
function numberedLines(count: number): string {
  let text = '';
  for (let n = 1; n <= count; n++) text += `line ${String(n).padStart(4, '0')}\n`;
  return text;
}

describe('readLines', () => {
  it('gives offsets and numbers, drops \\r before \\n, keeps an unended line', async () => {
    const file = await inputFile('mail.log', 'alpha\r\nbeta\n\ngamma');
    const { lines, error } = await readAll(file);
    assert.equal(error, null);
    assert.deepEqual(lines, [
      line('alpha', 0, 1),
      line('beta', 7, 2),
      line('', 12, 3),
      line('gamma', 13, 4),
    ]);
  });

  it('decodes UTF-8, with U+FFFD for invalid bytes, counting offsets in bytes', async () => {
    // a ff b \n | c3 28 \n | é \n | € \n
    const bytes = [0x61, 0xff, 0x62, 10, 0xc3, 0x28, 10, 0xc3, 0xa9, 10, 0xe2, 0x82, 0xac, 10];
    const file = await inputFile('mail.log', Buffer.from(bytes));
    const { lines } = await readAll(file);
    assert.deepEqual(lines, [
      line('a\ufffdb', 0, 1),
      line('\ufffd(', 4, 2),
      line('\u00e9', 7, 3),
      line('\u20ac', 10, 4),
    ]);
  });

  it('cuts a 10 MB line to maxLineBytes and reads on', async () => {
    const tenMegabytes = 10 * 1024 * 1024;
    const file = await inputFile('long.log', `${'y'.repeat(tenMegabytes)}\nshort\n`);
    const { lines } = await readAll(file, 4096);
    assert.deepEqual(lines, [
      line('y'.repeat(4096), 0, 1, true),
      line('short', tenMegabytes + 1, 2),
    ]);
  });

  it('yields batches of batchLines', async () => {
    const file = await inputFile('mail.log', numberedLines(10));
    const { lines, batches } = await readAll(file, 1000, 4);
    assert.deepEqual(batches, [4, 4, 2]);
    assert.deepEqual(lines[9], line('line 0010', 90, 10));
  });

  it('reads every member of a multi-member gzip file', async () => {
    const content = Buffer.concat([gzipSync('one\ntwo\n'), gzipSync('three\n')]);
    const file = await inputFile('mail.log.2.gz', content, 'gzip');
    const { lines, error } = await readAll(file);
    assert.equal(error, null);
    assert.deepEqual(lines, [line('one', 0, 1), line('two', 4, 2), line('three', 8, 3)]);
  });

  it('yields the lines before a truncation, then a ReadError at its offset', async () => {
    // Level 0 stores the 1000 bytes as they are: a 10-byte header, a 5-byte block header, the
    // content, an 8-byte trailer. Cut after 555 bytes of content: 55 whole lines survive.
    const gzip = gzipSync(numberedLines(100), { level: 0 });
    assert.equal(gzip.length, 10 + 5 + 1000 + 8);
    const file = await inputFile('mail.log.2.gz', gzip.subarray(0, 10 + 5 + 555), 'gzip');

    const { lines, error } = await readAll(file);
    assert.equal(lines.length, 55);
    assert.deepEqual(lines[54], line('line 0055', 540, 55));
    assert.ok(error instanceof ReadError);
    assert.equal(error.path, file.path);
    assert.equal(error.offset, 555);
    assert.equal(error.linesBefore, 55);
    assert.equal(
      error.message,
      `${file.path}: compressed data is truncated after 555 bytes of content (kept the 55 ` +
        `lines before; re-copy the file or ignore the warning if it is still being written)`,
    );
  });

  it('keeps every line when only the gzip trailer is missing', async () => {
    const gzip = gzipSync(numberedLines(100));
    const file = await inputFile('mail.log.2.gz', gzip.subarray(0, gzip.length - 8), 'gzip');
    const { lines, error } = await readAll(file);
    assert.equal(lines.length, 100);
    assert.ok(error instanceof ReadError);
    assert.equal(error.offset, 1000);
    assert.equal(error.failure.kind, 'truncated');
  });

  it('reports a gzip file whose check sum is wrong as corrupt', async () => {
    const gzip = gzipSync(numberedLines(100));
    gzip[gzip.length - 8] = (gzip[gzip.length - 8] ?? 0) ^ 0xff;
    const file = await inputFile('mail.log.2.gz', gzip, 'gzip');
    const { error } = await readAll(file);
    assert.ok(error instanceof ReadError);
    assert.deepEqual(error.failure, { kind: 'corrupt', detail: 'incorrect data check' });
    assert.match(error.message, /: compressed data is corrupt after \d+ bytes of content \(/);
  });

  it('turns a file gone since discovery into a ReadError', async () => {
    const file = await inputFile('mail.log.1', 'x\n');
    await rm(file.path);
    const { lines, error } = await readAll(file);
    assert.deepEqual(lines, []);
    assert.ok(error instanceof ReadError);
    assert.equal(
      error.message,
      `${file.path}: cannot open (no such file or directory); nothing was read from it ` +
        `(check the path and its permissions)`,
    );
  });

  it('hands every decompressed byte to onBytes', async () => {
    const content = numberedLines(3000);
    const file = await inputFile('mail.log.1.gz', gzipSync(content), 'gzip');
    const hasher = createContentHasher();
    for await (const batch of readLines(file, { maxLineBytes: 100, onBytes: hasher.update })) {
      assert.ok(batch.length > 0);
    }
    assert.equal(hasher.digest(), createHash('sha256').update(content).digest('hex'));
  });

  describe('zstd', { skip: HAS_ZSTD ? false : 'the zstd tool is not installed' }, () => {
    async function zstdFile(content: string, cutBytes = 0): Promise<InputFile> {
      const compressed = spawnSync('zstd', ['-c', '-q'], { input: content }).stdout;
      return inputFile(
        'mail.log.3.zst',
        compressed.subarray(0, compressed.length - cutBytes),
        'zstd',
      );
    }

    it('reads a zstd file', async () => {
      const { lines, error } = await readAll(await zstdFile('one\r\ntwo\n'));
      assert.equal(error, null);
      assert.deepEqual(lines, [line('one', 0, 1), line('two', 5, 2)]);
    });

    it('reports a truncated zstd file', async () => {
      const { error } = await readAll(await zstdFile(numberedLines(1000), 10));
      assert.ok(error instanceof ReadError);
      assert.equal(error.failure.kind, 'truncated');
    });

    it('ends the zstd process when the reader stops early', async () => {
      const file = await zstdFile(numberedLines(100_000));
      for await (const batch of readLines(file, { maxLineBytes: 100, batchLines: 10 })) {
        assert.equal(batch.length, 10);
        break;
      }
    });

    it('says how to install zstd when it is missing', async () => {
      const file = await zstdFile('one\n');
      const path = process.env.PATH;
      process.env.PATH = await tempDir();
      try {
        const { error } = await readAll(file);
        assert.ok(error instanceof ReadError);
        assert.equal(
          error.message,
          `${file.path}: zstd not installed: apt-get install zstd ` +
            `(needed for zstd-compressed files; nothing was read from it)`,
        );
      } finally {
        process.env.PATH = path;
      }
    });
  });
});
