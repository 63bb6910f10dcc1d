import fc from 'fast-check';

/**
 * Interleaves groups of items, each group kept in order, as processes of one MTA interleave
 * their lines in a log.
 */
export function interleaved<T>(groups: fc.Arbitrary<T[][]>): fc.Arbitrary<T[]> {
  return groups.chain((gs) => {
    const total = gs.reduce((n, g) => n + g.length, 0);
    return fc.array(fc.nat(), { minLength: total, maxLength: total }).map((picks) => {
      const queues = gs.map((g) => [...g]);
      const out: T[] = [];
      for (const pick of picks) {
        const open = queues.filter((q) => q.length > 0);
        const item = open[pick % open.length]?.shift();
        if (item !== undefined) out.push(item);
      }
      return out;
    });
  });
}
