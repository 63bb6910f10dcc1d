/**
 * sendmail queue ids (8.12 and later, queue.c `assign_queueid`): year, month, day, hour, minute
 * and second of the id's creation, two characters of a counter, then the process id.
 */
const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx';

export class QueueIds {
  private readonly datePart: string;
  private counter = 0;

  constructor(epochSeconds: number) {
    const day = new Date(epochSeconds * 1000);
    this.datePart =
      char(day.getUTCFullYear() - 1900) + char(day.getUTCMonth()) + char(day.getUTCDate());
  }

  /** A new id made by process `pid` at `seconds` after midnight. */
  next(seconds: number, pid: number): string {
    const second = Math.min(Math.floor(seconds), 86_399);
    const count = this.counter;
    this.counter = (this.counter + 1) % (CHARS.length * CHARS.length);
    return (
      this.datePart +
      char(Math.floor(second / 3600)) +
      char(Math.floor(second / 60) % 60) +
      char(second % 60) +
      char(Math.floor(count / CHARS.length)) +
      char(count) +
      String(pid).padStart(6, '0')
    );
  }
}

function char(n: number): string {
  return CHARS.charAt(n % CHARS.length);
}
