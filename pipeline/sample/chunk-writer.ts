import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where sample text goes: a file stream, or any Writable (tests collect the chunks). */
export type TextSink = Writable;

const CHUNK_BYTES = 1 << 20;
/** Longest line the writer expects, in UTF-8 bytes; a longer one makes the chunk grow. */
const LINE_ROOM = 16 << 10;

/**
 * Encodes text straight into large buffers and hands each full one to the sink, waiting for
 * `drain` when the sink asks for it, so that a run of any size holds about one chunk in memory.
 */
export class ChunkWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private written = 0;

  constructor(private readonly sink: TextSink) {}

  /** Bytes handed to the sink so far. */
  get bytes(): number {
    return this.written;
  }

  get full(): boolean {
    return this.used > CHUNK_BYTES - LINE_ROOM;
  }

  /**
   * Appends text. ASCII-only text (`unicode` false) is encoded as Latin-1, which gives the same
   * bytes as UTF-8 for it and is faster.
   */
  add(text: string, unicode: boolean): void {
    // 3 bytes per UTF-16 unit is the most UTF-8 can take.
    if (this.used + text.length * 3 > this.chunk.length) this.grow(text.length * 3);
    this.used += this.chunk.write(text, this.used, unicode ? 'utf8' : 'latin1');
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    if (this.sink.errored) throw this.sink.errored;
    if (this.sink.destroyed) throw new Error('the output was closed before the sample was written');
    const full = this.chunk.subarray(0, this.used);
    this.written += this.used;
    // The sink may hold on to the buffer until it is written, so the next chunk is a new one.
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    if (!this.sink.write(full)) await once(this.sink, 'drain');
  }

  private grow(room: number): void {
    const bigger = Buffer.allocUnsafe(this.used + Math.max(room, CHUNK_BYTES));
    this.chunk.copy(bigger, 0, 0, this.used);
    this.chunk = bigger;
  }
}
