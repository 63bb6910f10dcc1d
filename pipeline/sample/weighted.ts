import type { Random } from './random.js';

/** Draws items in proportion to their weights, in O(log n) per draw. */
export class WeightedTable<T> {
  private readonly items: T[] = [];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: Iterable<readonly [T, number]>) {
    const weights: number[] = [];
    for (const [item, weight] of entries) {
      if (!(weight >= 0)) throw new Error(`WeightedTable: weight ${weight} is not >= 0`);
      this.items.push(item);
      weights.push(weight);
    }
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((weight, i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (!(sum > 0)) throw new Error('WeightedTable: the weights add up to 0');
    this.total = sum;
  }

  pick(random: Random): T {
    const target = random.float() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low] as T;
  }
}

/** Shorthand for a table from an object of weights: `weighted({ a: 3, b: 1 })`. */
export function weighted<K extends string>(weights: Record<K, number>): WeightedTable<K> {
  return new WeightedTable(Object.entries(weights) as [K, number][]);
}
