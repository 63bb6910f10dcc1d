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
            const seen = window.seenBefore(line);
            if (since <= capacity) assert.equal(seen, true, `${line} ${since} lines back`);
            if (since > 2 * capacity) assert.equal(seen, false, `${line} ${since} lines back`);
            if (!seen) remembered.push(line);
          }
        },
      ),
      runs(300),
    );
  });

  it('tells apart lines that differ in one character, and hashes the same text alike', () => {
    const a = 'Dec  1 00:00:01 mx1 postfix/smtp[7]: 4B2C1: to=<a@example.org>, status=sent';
    const b = a.replace('a@', 'b@');
    assert.equal(hash53(a), hash53(`${a}`.slice(0)));
    assert.notEqual(hash53(a), hash53(b));
    const window = new RecentLines();
    assert.deepEqual(
      [a, b, a, b].map((line) => window.seenBefore(line)),
      [false, false, true, true],
    );
  });
});
