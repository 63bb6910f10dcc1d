import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../pipeline/sample/random.js';

function draws(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => random.uint32());
}

describe('Random', () => {
  it('repeats its sequence for the same seed', () => {
    assert.deepEqual(draws(new Random(42), 100), draws(new Random(42), 100));
    assert.deepEqual(draws(Random.derive(7, 'world'), 50), draws(Random.derive(7, 'world'), 50));
  });

  it('gives different sequences for different seeds, salts and labels', () => {
    const first = draws(new Random(1), 20);
    assert.notDeepEqual(draws(new Random(2), 20), first);
    assert.notDeepEqual(draws(new Random(1, 5), 20), first);
    assert.notDeepEqual(draws(Random.derive(1, 'a'), 20), draws(Random.derive(1, 'b'), 20));
    // Seeds beyond 32 bits count too, and derived generators keep the seed's low bits.
    assert.notDeepEqual(draws(new Random(2 ** 40), 20), draws(new Random(2 ** 41), 20));
    assert.notDeepEqual(draws(Random.derive(1, 'x'), 20), draws(Random.derive(2, 'x'), 20));
  });

  it('stays within the asked ranges', () => {
    const r = new Random(3);
    for (let i = 0; i < 10_000; i++) {
      const f = r.float();
      assert.ok(f >= 0 && f < 1);
      const n = r.between(5, 9);
      assert.ok(Number.isInteger(n) && n >= 5 && n <= 9);
      assert.ok(r.exponential(2) >= 0);
    }
    assert.match(r.chars('ab', 64), /^[ab]{64}$/);
    assert.throws(() => r.pick([]), /empty/);
  });

  it('is roughly uniform', () => {
    const r = new Random(11);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const k = r.int(10);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) assert.ok(c > 9_000 && c < 11_000, `bucket count ${c}`);
  });
});
