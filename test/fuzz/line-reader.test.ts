import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { InputFile } from '../../pipeline/read/discover.js';
import type { Line } from '../../pipeline/read/line.js';
import { LineSplitter } from '../../pipeline/read/line-splitter.js';
import { readLines } from '../../pipeline/read/lines.js';
import { tempDir } from '../read/temp-dir.js';
import { runs } from './config.js';

// The line reader against a reference splitter written here, on arbitrary bytes: `\n`, `\r\n`,
// lone `\r`, NUL, invalid and cut UTF-8, lines far longer than the cap, and content that crosses
// the reader's 128 KiB read and 256 KiB inflate chunks; plain, gzip, and gzip in members.

/** A line as the reference reads it: its bytes without the `\n`, and where it starts. */
interface ReferenceLine {
  raw: Buffer;
  offset: number;
  number: number;
  newline: boolean;
}

/** Splits at every `\n`; a last line without one counts, an empty content has no line. */
function referenceLines(content: Buffer): ReferenceLine[] {
  const lines: ReferenceLine[] = [];
  for (let start = 0; start < content.length;) {
    const newline = content.indexOf(10, start);
    const end = newline < 0 ? content.length : newline;
    lines.push({
      raw: content.subarray(start, end),
      offset: start,
      number: lines.length + 1,
      newline: newline >= 0,
    });
    start = end + 1;
  }
  return lines;
}

const endsWithCr = (b: Buffer) => b.length > 0 && b[b.length - 1] === 13;

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Checks the lines read from `content` against the reference, line by line. */
function checkLines(content: Buffer, lines: Line[], maxLineBytes: number): void {
  const expected = referenceLines(content);
  assert.equal(lines.length, expected.length, 'number of lines');
  const valid = isValidUtf8(content);

  for (const [i, ref] of expected.entries()) {
    const line = lines[i];
    assert.ok(line);
    const where = `line ${ref.number} at ${ref.offset}`;
    assert.equal(line.number, ref.number, `${where}: number`);
    assert.equal(line.offset, ref.offset, `${where}: offset`);
    const body = endsWithCr(ref.raw) ? ref.raw.subarray(0, -1) : ref.raw;
    assert.equal(line.truncated, body.length > maxLineBytes, `${where}: truncated`);

    if (!line.truncated) {
      assert.equal(line.text, body.toString('utf8'), `${where}: text`);
      continue;
    }
    // Cut at the cap, or up to three bytes before it so as not to split a character.
    const cuts = [0, 1, 2, 3].map((back) => maxLineBytes - back).filter((p) => p >= 0);
    const cut = cuts.find((p) => ref.raw.subarray(0, p).toString('utf8') === line.text);
    assert.ok(cut !== undefined, `${where}: a truncated text that is no prefix of the line`);
    if (valid) {
      // In valid UTF-8 the cut is the last character boundary at or before the cap.
      const next = ref.raw[maxLineBytes] ?? 0;
      const boundary = (next & 0xc0) !== 0x80;
      if (boundary) assert.equal(cut, maxLineBytes, `${where}: cut before a boundary`);
      assert.ok(!line.text.includes('\ufffd'), `${where}: a character split by the cut`);
    }
  }

  if (expected.every((_, i) => lines[i]?.truncated === false)) {
    // Texts joined with their separators give the content back.
    const joined = Buffer.concat(
      expected.map((ref, i) => {
        const cr = endsWithCr(ref.raw) ? '\r' : '';
        return Buffer.from((lines[i]?.text ?? '') + cr + (ref.newline ? '\n' : ''));
      }),
    );
    if (valid) assert.ok(joined.equals(content), 'joined lines differ from the content');
    else assert.equal(joined.toString(), content.toString(), 'joined lines, decoded');
  }
}

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)) },
  {
    weight: 6,
    arbitrary: fc
      .constantFrom('\n', '\r\n', '\r', '\0', 'é', '€', '😀', '\u2028', 'line of text ')
      .map((s) => Buffer.from(s)),
  },
  {
    weight: 3,
    // Invalid and cut UTF-8: lone continuation bytes, leads without their continuations.
    arbitrary: fc
      .constantFrom([0xff], [0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80])
      .map((bytes) => Buffer.from(bytes)),
  },
  {
    weight: 1,
    // Long runs: past the splitter's 64 KiB first carry and the 128 and 256 KiB chunks, by far.
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'é', '\r', '\0'), fc.integer({ min: 1, max: 1_300_000 }))
      .map(([unit, count]) => Buffer.from(unit.repeat(count).slice(0, count))),
  },
);

const content = fc.array(piece, { maxLength: 60 }).map((pieces) => Buffer.concat(pieces));

const maxLineBytes = fc.oneof(
  fc.integer({ min: 1, max: 8 }),
  fc.integer({ min: 1, max: 300 }),
  fc.constantFrom(64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1_000_000, 10_000_000),
);

/** How the content is stored: plain, one gzip member, or several (cut at these points). */
const storage = fc.oneof(
  fc.constant({ kind: 'plain' as const }),
  fc.constant({ kind: 'gzip' as const, cuts: [] as number[] }),
  fc.record({
    kind: fc.constant('gzip' as const),
    cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  }),
);

function gzipMembers(bytes: Buffer, cuts: number[]): Buffer {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const members: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    members.push(gzipSync(bytes.subarray(from, point)));
    from = point;
  }
  return Buffer.concat(members);
}

describe('line reader, fuzzed', () => {
  it('reads arbitrary bytes, plain or gzipped, exactly as the reference splits them', async () => {
    const dir = await tempDir('census-fuzz-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        content,
        maxLineBytes,
        storage,
        fc.option(fc.integer({ min: 1, max: 5000 })),
        async (bytes, max, store, batchLines) => {
          const path = join(dir, `input-${n++}`);
          const stored = store.kind === 'plain' ? bytes : gzipMembers(bytes, store.cuts);
          await writeFile(path, stored);
          const file: InputFile = {
            path,
            compression: store.kind === 'plain' ? 'none' : 'gzip',
            setKey: path,
            rotation: 0,
            sizeBytes: stored.length,
            mtimeMillis: 0,
            nameDate: null,
          };
          const lines: Line[] = [];
          const seen: Buffer[] = [];
          const options = { maxLineBytes: max, batchLines: batchLines ?? undefined };
          for await (const batch of readLines(file, { ...options, onBytes: (c) => seen.push(c) })) {
            assert.ok(batch.length > 0 && batch.length <= (batchLines ?? 512), 'batch size');
            lines.push(...batch);
          }
          assert.ok(Buffer.concat(seen).equals(bytes), 'onBytes saw other content');
          checkLines(bytes, lines, max);
        },
      ),
      runs(120),
    );
  });

  it('splits the same lines however the content is cut into chunks', () => {
    fc.assert(
      fc.property(
        content.filter((b) => b.length < 200_000),
        maxLineBytes,
        fc.array(fc.nat(), { maxLength: 12 }),
        (bytes, max, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const splitter = new LineSplitter(max);
          const lines: Line[] = [];
          let from = 0;
          for (const point of [...points, bytes.length]) {
            splitter.push(bytes.subarray(from, point), lines);
            from = point;
          }
          splitter.finish(lines);
          assert.equal(splitter.consumedBytes, bytes.length);
          assert.equal(splitter.lineCount, lines.length);
          assert.ok(splitter.heldBytes === 0, 'bytes held after the end');
          checkLines(bytes, lines, max);
        },
      ),
      runs(400),
    );
  });
});
