import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hash53, RecentLines } from '../../pipeline/ingest/duplicates.js';
import { runs } from '../fuzz/config.js';

describe('the duplicate-line window', () => {
  it('knows a line among the last `capacity` remembered, forgets it after twice that', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 400 }),
        (capacity, sequence) => {
          const window = new RecentLines(capacity);
          // Lines for which the window answered "new", in order: the ones it remembers.
          const remembered: string[] = [];
          for (const n of sequence) {
            const line = `Dec  1 00:00:01 mx1 postfix/smtp[${n}]: to=<x@example.org>`;
            const last = remembered.lastIndexOf(line);
            const since = last === -1 ? Infinity : remembered.length - last;
            const seen = window.seenBefore(Buffer.from(line));
            if (since <= capacity) assert.equal(seen, true, `${line} ${since} lines back`);
            if (since > 2 * capacity) assert.equal(seen, false, `${line} ${since} lines back`);
            if (!seen) remembered.push(line);
          }
        },
      ),
      runs(300),
    );
  });

  it('tells apart lines one byte apart, wherever it is, and hashes equal bytes alike', () => {
    const a = 'Dec  1 00:00:01 mx1 postfix/smtp[7]: 4B2C1: to=<a@example.org>, status=sent';
    const bytes = Buffer.from(a);
    // The same bytes inside a larger buffer hash alike.
    const inside = Buffer.from(`xyz${a}\n`);
    assert.equal(hash53(bytes), hash53(inside, 3, 3 + bytes.length));
    // One byte changed, in the four-byte words and in the tail of every length's remainder.
    for (let cut = bytes.length - 3; cut <= bytes.length; cut++) {
      for (let at = 0; at < cut; at++) {
        const other = Buffer.from(bytes.subarray(0, cut));
        other[at] = other[at]! ^ 1;
        assert.notEqual(hash53(bytes, 0, cut), hash53(other), `${cut} bytes, byte ${at}`);
      }
      assert.notEqual(hash53(bytes, 0, cut), hash53(bytes, 0, cut - 1), `${cut} bytes`);
    }
    const b = Buffer.from(a.replace('a@', 'b@'));
    const window = new RecentLines();
    assert.deepEqual(
      [bytes, b, bytes, b].map((line) => window.seenBefore(line)),
      [false, false, true, true],
    );
  });

  it('knows a line again by its bytes at another place of another chunk', () => {
    const line = 'Dec  1 00:00:01 mx1 postfix/smtp[7]: 4B2C1: to=<a@example.org>, status=sent';
    const window = new RecentLines();
    assert.equal(window.seenBefore(Buffer.from(`${line}\n`), 0, line.length), false);
    assert.equal(window.seenBefore(Buffer.from(`ab\n${line}\n`), 3, 3 + line.length), true);
  });
});
