import { flat } from './flat.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * RFC 3164 timestamps (`Dec  1 09:05:03`) for one day, from seconds after midnight. The day is
 * read as UTC for the Unix times that some replies and queue ids carry.
 */
export class SyslogClock {
  readonly epochSeconds: number;
  private readonly prefix: string;
  private readonly compactDate: string;
  private cachedSecond = -1;
  private cachedStamp = '';

  constructor(date: string) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
    const millis = Date.UTC(year, month - 1, day);
    const check = new Date(millis);
    if (!m || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      throw new Error(`sample date "${date}" is not a calendar date in the form YYYY-MM-DD`);
    }
    this.epochSeconds = millis / 1000;
    this.prefix = `${MONTHS[month - 1]} ${String(day).padStart(2, ' ')} `;
    this.compactDate = date.replace(/-/g, '');
  }

  /** The timestamp of `seconds` after midnight; times past the day's end keep its last second. */
  stamp(seconds: number): string {
    const second = Math.min(Math.floor(seconds), 86_399);
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      const h = Math.floor(second / 3600);
      const m = Math.floor(second / 60) % 60;
      const s = second % 60;
      this.cachedStamp = flat(`${this.prefix}${two(h)}:${two(m)}:${two(s)} `);
    }
    return this.cachedStamp;
  }

  /** `YYYYMMDDhhmmss`, as Postfix writes it into the Message-ID headers it adds. */
  compact(seconds: number): string {
    const second = Math.min(Math.floor(seconds), 86_399);
    const h = Math.floor(second / 3600);
    const m = Math.floor(second / 60) % 60;
    return `${this.compactDate}${two(h)}${two(m)}${two(second % 60)}`;
  }

  unixSeconds(seconds: number): number {
    return this.epochSeconds + Math.floor(seconds);
  }
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
