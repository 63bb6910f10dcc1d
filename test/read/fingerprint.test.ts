import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { InputFile } from '../../pipeline/read/discover.js';
import { createContentHasher, fingerprint } from '../../pipeline/read/fingerprint.js';
import { ReadError } from '../../pipeline/read/read-error.js';
import { tempDir } from './temp-dir.js';

// sha256("abc") and sha256("") from FIPS 180-2 and `sha256sum`.
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const SHA256_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

async function inputFile(
  dir: string,
  name: string,
  content: Buffer | string,
  compression: InputFile['compression'],
): Promise<InputFile> {
  const path = join(dir, name);
  await writeFile(path, content);
  return {
    path,
    compression,
    setKey: join(dir, 'mail.log'),
    rotation: 0,
    sizeBytes: 0,
    mtimeMillis: 0,
    nameDate: null,
  };
}

describe('fingerprint', () => {
  it('is the first 16 hex digits of the sha256 of the decompressed content', async () => {
    const dir = await tempDir();
    const plain = await inputFile(dir, 'mail.log.1', 'abc', 'none');
    const gzip = await inputFile(dir, 'mail.log.2.gz', gzipSync('abc'), 'gzip');
    const empty = await inputFile(dir, 'empty.log', '', 'none');

    assert.equal(await fingerprint(plain), SHA256_ABC.slice(0, 16));
    assert.equal(await fingerprint(gzip), SHA256_ABC.slice(0, 16));
    assert.equal(await fingerprint(empty), SHA256_EMPTY.slice(0, 16));
  });

  it('reads only the first 4 KiB', async () => {
    const dir = await tempDir();
    const head = Buffer.alloc(4096, 'a');
    const one = await inputFile(dir, 'one.log', Buffer.concat([head, Buffer.from('one')]), 'none');
    const two = await inputFile(dir, 'two.log.gz', gzipSync(Buffer.concat([head, head])), 'gzip');
    const short = await inputFile(dir, 'short.log', head.subarray(1), 'none');

    assert.equal(await fingerprint(one), await fingerprint(two));
    assert.notEqual(await fingerprint(one), await fingerprint(short));
  });

  it(
    'is the same for a zstd copy',
    { skip: spawnSync('zstd', ['--version']).error !== undefined },
    async () => {
      const dir = await tempDir();
      const zstd = spawnSync('zstd', ['-c', '-q'], { input: 'abc' }).stdout;
      const file = await inputFile(dir, 'mail.log.3.zst', zstd, 'zstd');
      assert.equal(await fingerprint(file), SHA256_ABC.slice(0, 16));
    },
  );

  it('identifies a file damaged before 4 KiB by the content it has', async () => {
    const dir = await tempDir();
    const gzip = gzipSync('a\nb\nc\n', { level: 0 });
    // A stored block: the 10-byte header, 5 bytes of block header, then the first 5 bytes.
    const file = await inputFile(dir, 'mail.log.2.gz', gzip.subarray(0, 10 + 5 + 5), 'gzip');
    const expected = createHash('sha256').update('a\nb\nc').digest('hex').slice(0, 16);
    assert.equal(await fingerprint(file), expected);
  });

  it('throws a ReadError for a file it cannot open', async () => {
    const dir = await tempDir();
    const file = await inputFile(dir, 'gone.log', 'x', 'none');
    await rm(file.path);
    await assert.rejects(fingerprint(file), ReadError);
  });
});
