import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { generatePostfix } from '../pipeline/sample/postfix.js';

/** Bytes of log per delivery line of the generator, measured on a small run of the same seed. */
export async function bytesPerDelivery(seed: number): Promise<number> {
  let bytes = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const nowhere = new Writable({ write: (_c, _e, done) => done() });
  const counts = await generatePostfix(
    { deliveries: 20_000, seed, date: '2026-12-01' },
    { log: counter, truth: nowhere },
  );
  return bytes / counts.deliveries;
}

/**
 * Writes `files` Postfix logs of one day (one per sending host, different seeds) that add up
 * to about `totalBytes`, and a gzip copy of each. Returns their paths and sizes.
 */
export async function writeInputs(
  dir: string,
  totalBytes: number,
  files: number,
  seed: number,
): Promise<{ plain: string[]; gzip: string[]; plainBytes: number; gzipBytes: number }> {
  await mkdir(dir, { recursive: true });
  const perDelivery = await bytesPerDelivery(seed);
  const deliveries = Math.max(1000, Math.round(totalBytes / files / perDelivery));
  const plain: string[] = [];
  const gzip: string[] = [];
  let plainBytes = 0;
  let gzipBytes = 0;
  for (let i = 0; i < files; i++) {
    const file = path.join(dir, `mail-${i + 1}.log`);
    const log = createWriteStream(file, { highWaterMark: 8 << 20 });
    const nowhere = new Writable({ write: (_c, _e, done) => done() });
    await generatePostfix(
      { deliveries, seed: seed + i, date: '2026-12-01' },
      { log, truth: nowhere },
    );
    await new Promise<void>((done, fail) =>
      log.end((error?: Error | null) => (error ? fail(error) : done())),
    );
    const compressed = `${file}.gz`;
    await pipeline(createReadStream(file), createGzip({ level: 6 }), createWriteStream(compressed));
    plain.push(file);
    gzip.push(compressed);
    plainBytes += (await stat(file)).size;
    gzipBytes += (await stat(compressed)).size;
  }
  return { plain, gzip, plainBytes, gzipBytes };
}
