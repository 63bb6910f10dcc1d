import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ChunkLine, type Line } from '../../pipeline/read/line.js';
import { LineSplitter } from '../../pipeline/read/line-splitter.js';

function split(content: Buffer, maxLineBytes: number, chunkBytes = content.length): Line[] {
  const splitter = new LineSplitter(maxLineBytes);
  const out: Line[] = [];
  for (let start = 0; start < content.length; start += chunkBytes) {
    splitter.push(content.subarray(start, start + chunkBytes), out);
  }
  splitter.finish(out);
  return out.map(plain);
}

/** What a line says, whether decoded at once or when first read. */
function plain(l: Line): Line {
  return { text: l.text, offset: l.offset, number: l.number, truncated: l.truncated };
}

function line(text: string, offset: number, number: number, truncated = false): Line {
  return { text, offset, number, truncated };
}

describe('LineSplitter', () => {
  it('cuts at the cap, keeping a line that fits once its \\r is dropped', () => {
    // "abcde\r\n" is 5 bytes of text; "abcdef\n" is 6; "abcdé" is 4 + 2 bytes.
    const content = Buffer.from('abcde\r\nabcdef\nabcd\u00e9\nab\n');
    const expected = [
      line('abcde', 0, 1),
      line('abcde', 7, 2, true),
      line('abcd', 14, 3, true), // not cut inside the 2 bytes of é
      line('ab', 21, 4),
    ];
    assert.deepEqual(split(content, 5), expected);
    assert.deepEqual(split(content, 5, 1), expected, 'fed one byte at a time');
  });

  it('holds no more than maxLineBytes + 1 bytes of a 10 MB line', () => {
    const splitter = new LineSplitter(1000);
    const out: Line[] = [];
    const piece = Buffer.alloc(64 * 1024, 'x');
    for (let sent = 0; sent < 10 * 1024 * 1024; sent += piece.length) {
      splitter.push(piece, out);
      assert.ok(splitter.heldBytes <= 1001, `holds ${splitter.heldBytes} bytes`);
    }
    splitter.push(Buffer.from('\nnext\n'), out);

    assert.equal(out.length, 2);
    assert.deepEqual(plain(out[0]!), line('x'.repeat(1000), 0, 1, true));
    assert.deepEqual(plain(out[1]!), line('next', 10 * 1024 * 1024 + 1, 2));
    assert.equal(splitter.consumedBytes, 10 * 1024 * 1024 + 6);
  });

  it('gives the same lines however the content is cut into chunks', () => {
    const bytes = fc.uint8Array({ maxLength: 300 }).map((a) =>
      // Plenty of \n and \r, and bytes of multi-byte UTF-8 characters.
      Buffer.from(a.map((b) => [10, 13, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x61][b % 8] ?? 0)),
    );
    fc.assert(
      fc.property(
        bytes,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (c, n, max) => assert.deepEqual(split(c, max, n), split(c, max)),
      ),
    );
  });

  it('keeps the bytes of a line inside one chunk, its \\r dropped, for a parser to look at', () => {
    const chunk = Buffer.from('abc\r\nd\xe9f\nunended');
    const splitter = new LineSplitter(100);
    const out: Line[] = [];
    splitter.push(chunk, out);
    splitter.finish(out);
    const raw = out.map((l) => (l instanceof ChunkLine ? [l.bytes, l.start, l.end] : null));
    // The unended line was carried past the chunk: it has a copy of its bytes.
    assert.deepEqual(raw, [
      [chunk, 0, 3],
      [chunk, 5, 9],
      [Buffer.from('unended'), 0, 7],
    ]);
    assert.deepEqual(
      out.map((l) => l.text),
      ['abc', 'd\u00e9f', 'unended'],
    );
  });

  it('gives each line carried across chunks its own bytes, and a cut line none', () => {
    const splitter = new LineSplitter(5);
    const out: Line[] = [];
    for (const piece of ['ab', 'c\nde', 'f\r\nlong', 'er line\n']) {
      splitter.push(Buffer.from(piece), out);
    }
    // 'abc' and 'def' both passed through the one carry buffer; the first keeps its bytes.
    const raw = out.map((l) =>
      l instanceof ChunkLine ? l.bytes.toString('latin1', l.start, l.end) : null,
    );
    assert.deepEqual(raw, ['abc', 'def', null]);
    assert.deepEqual(
      out.map((l) => [l.text, l.truncated]),
      [
        ['abc', false],
        ['def', false],
        ['longe', true],
      ],
    );
  });

  it('counts the bytes of a last line that has no \\n', () => {
    assert.deepEqual(split(Buffer.from('a\nbc'), 10), [line('a', 0, 1), line('bc', 2, 2)]);
    assert.deepEqual(split(Buffer.from('a\n'), 10), [line('a', 0, 1)]);
    assert.deepEqual(split(Buffer.alloc(0), 10), []);
  });
});
