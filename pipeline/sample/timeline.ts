/**
 * Merges the lines of many concurrent processes into one log in time order. Each script is
 * the lines one unit of work writes (a delivery request, a message's queue lines), already in
 * its own order; the timeline interleaves scripts by time, keeping their insertion order on
 * ties, so that one process's lines never swap.
 */

export interface ScriptLine {
  /** Seconds after midnight. */
  time: number;
  /** The line after the timestamp: `host program[pid]: message\n`. */
  text: string;
  /**
   * The ground-truth row of a delivery line, without `{"line":N,` (empty when no rows are
   * wanted); null for other lines.
   */
  truth: string | null;
  /** The text may hold non-ASCII characters (an IDN recipient, logged in UTF-8). */
  unicode: boolean;
}

/** A line without a ground-truth row, in ASCII. */
export function line(time: number, text: string): ScriptLine {
  return { time, text, truth: null, unicode: false };
}

export interface Script {
  lines: ScriptLine[];
  next: number;
  seq: number;
}

export class Timeline {
  private readonly heap: Script[] = [];
  private seq = 0;

  add(lines: ScriptLine[]): void {
    if (lines.length === 0) return;
    this.push({ lines, next: 0, seq: this.seq++ });
  }

  /** Time of the earliest pending line, or Infinity. */
  peekTime(): number {
    const top = this.heap[0];
    return top ? (top.lines[top.next] as ScriptLine).time : Infinity;
  }

  /** Removes and returns the earliest pending line. */
  pop(): ScriptLine {
    const top = this.heap[0];
    if (!top) throw new Error('Timeline.pop: no line is pending');
    const line = top.lines[top.next++] as ScriptLine;
    if (top.next < top.lines.length) {
      top.seq = this.seq++;
      this.siftDown(0);
    } else {
      const last = this.heap.pop() as Script;
      if (this.heap.length > 0) {
        this.heap[0] = last;
        this.siftDown(0);
      }
    }
    return line;
  }

  private push(script: Script): void {
    this.heap.push(script);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < n && this.before(left, best)) best = left;
      if (right < n && this.before(right, best)) best = right;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a] as Script;
    const y = this.heap[b] as Script;
    const tx = (x.lines[x.next] as ScriptLine).time;
    const ty = (y.lines[y.next] as ScriptLine).time;
    return tx < ty || (tx === ty && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a] as Script;
    this.heap[a] = this.heap[b] as Script;
    this.heap[b] = t;
  }
}
