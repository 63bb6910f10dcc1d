/**
 * Exim message ids before 4.97 (`1vQ2aB-000Gx1-3K`): the arrival time, the receiving process
 * id and the fraction of the second (in 1/2000 s on Linux), each in base 62.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const FRACTIONS = 2000;
// Pids whose last id is remembered, for uniqueness: pids are handed out in order, so only the
// latest few (and the list server's connection) can receive another message.
const REMEMBERED_PIDS = 64;

export class MessageIds {
  private readonly last = new Map<number, number>();

  constructor(private readonly epochSeconds: number) {}

  /** A new id for a message received by `pid` at `seconds` after midnight. */
  next(seconds: number, pid: number): string {
    // Exim waits for the clock to tick past an id it gave out; a later fraction does the same.
    let tick = Math.floor(seconds * FRACTIONS);
    const before = this.last.get(pid);
    if (before !== undefined && tick <= before) tick = before + 1;
    this.last.delete(pid);
    if (this.last.size >= REMEMBERED_PIDS) {
      const oldest = this.last.keys().next();
      if (!oldest.done) this.last.delete(oldest.value);
    }
    this.last.set(pid, tick);

    const unix = this.epochSeconds + Math.floor(tick / FRACTIONS);
    return `${base62(unix, 6)}-${base62(pid, 6)}-${base62(tick % FRACTIONS, 2)}`;
  }
}

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    text = BASE62.charAt(rest % 62) + text;
    rest = Math.floor(rest / 62);
  }
  return text;
}

/** `YYYY-MM-DD HH:MM:SS ` for one day; times past its end keep its last second. */
export class EximClock {
  private cachedSecond = -1;
  private cachedStamp = '';

  constructor(private readonly date: string) {}

  stamp(seconds: number): string {
    const second = Math.min(Math.floor(seconds), 86_399);
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      const h = Math.floor(second / 3600);
      const m = Math.floor(second / 60) % 60;
      this.cachedStamp = `${this.date} ${two(h)}:${two(m)}:${two(second % 60)} `;
    }
    return this.cachedStamp;
  }
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
