import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { InputFile } from '../../pipeline/read/discover.js';
import { referenceDate } from '../../pipeline/read/reference-date.js';
import { tempDir } from './temp-dir.js';

// 2026-01-01T00:30:00Z, still 2025-12-31 in New York: a local-time reading would say December.
const NEW_YEAR_SECONDS = 1_767_227_400;
// 2025-07-15T12:00:00Z
const JULY_SECONDS = 1_752_580_800;

function withGzipMtime(content: string, seconds: number): Buffer {
  const gzip = gzipSync(content);
  gzip.writeUInt32LE(seconds, 4);
  return gzip;
}

async function inputFile(
  content: Buffer | string,
  compression: InputFile['compression'],
  nameDate: InputFile['nameDate'] = null,
): Promise<InputFile> {
  const path = join(await tempDir(), 'mail.log.1');
  await writeFile(path, content);
  const mtimeMillis = JULY_SECONDS * 1000;
  return { path, compression, setKey: path, rotation: 1, sizeBytes: 0, mtimeMillis, nameDate };
}

describe('referenceDate', () => {
  const zone = process.env.TZ;
  before(() => {
    process.env.TZ = 'America/New_York';
  });
  after(() => {
    process.env.TZ = zone;
  });

  it('takes the date in the name first', async () => {
    const file = await inputFile(withGzipMtime('x\n', NEW_YEAR_SECONDS), 'gzip', {
      year: 2026,
      month: 11,
      day: 30,
    });
    assert.deepEqual(await referenceDate(file), { year: 2026, month: 11, source: 'name' });
  });

  it('then the gzip header MTIME, in UTC', async () => {
    const file = await inputFile(withGzipMtime('x\n', NEW_YEAR_SECONDS), 'gzip');
    assert.deepEqual(await referenceDate(file), { year: 2026, month: 1, source: 'gzip-header' });
  });

  it('then the file mtime, when the gzip header has none', async () => {
    const gzip = await inputFile(withGzipMtime('x\n', 0), 'gzip');
    assert.deepEqual(await referenceDate(gzip), { year: 2025, month: 7, source: 'mtime' });

    const plain = await inputFile('x\n', 'none');
    assert.deepEqual(await referenceDate(plain), { year: 2025, month: 7, source: 'mtime' });
  });
});
