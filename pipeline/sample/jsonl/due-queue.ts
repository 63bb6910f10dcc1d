/** Items in order of `time`, then of `seq` (the order they were added in): a binary heap. */
export class DueQueue<T extends { time: number; seq: number }> {
  private readonly heap: T[] = [];

  get nextTime(): number {
    return this.heap[0]?.time ?? Infinity;
  }

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as T, heap[parent] as T)) break;
      [heap[i], heap[parent]] = [heap[parent] as T, heap[i] as T];
      i = parent;
    }
  }

  /** Removes and returns every item due at the earliest time, in the order they were added. */
  popBatch(): T[] {
    const time = this.nextTime;
    const batch: T[] = [];
    while (this.heap.length > 0 && (this.heap[0] as T).time === time) batch.push(this.pop());
    return batch;
  }

  private pop(): T {
    const heap = this.heap;
    const top = heap[0] as T;
    const last = heap.pop() as T;
    if (heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && before(heap[left] as T, heap[best] as T)) best = left;
      if (right < heap.length && before(heap[right] as T, heap[best] as T)) best = right;
      if (best === i) return top;
      [heap[i], heap[best]] = [heap[best] as T, heap[i] as T];
      i = best;
    }
  }
}

function before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
