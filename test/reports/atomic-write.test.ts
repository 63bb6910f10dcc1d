import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeFileAtomic } from '../../pipeline/write/atomic.js';

describe('writeFileAtomic', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'starttls-census-atomic-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces a file and leaves no temporary file behind', async () => {
    const path = join(dir, 'index.html');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    await writeFileAtomic(join(dir, 'figure.png'), new Uint8Array([1, 2, 3]));

    assert.equal(await readFile(path, 'utf8'), 'new');
    assert.deepEqual([...(await readFile(join(dir, 'figure.png')))], [1, 2, 3]);
    assert.deepEqual((await readdir(dir)).sort(), ['figure.png', 'index.html']);
  });

  it('removes its temporary file when the rename fails', async () => {
    // A folder where the file should go makes the rename fail after the data is written.
    const blocked = join(dir, 'blocked');
    await mkdir(join(blocked, 'inside'), { recursive: true });

    await assert.rejects(writeFileAtomic(blocked, 'data'));
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });
});
