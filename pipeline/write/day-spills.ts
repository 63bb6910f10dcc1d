import path from 'node:path';
import type { Delivery } from '../model/delivery.js';
import { DeliverySpill, type SpillPerFile } from './spill.js';

const DAY_MILLIS = 86_400_000;

/** A closed spill: one input file's rows of one UTC day. */
export interface SpillFile {
  day: string;
  path: string;
  perFile: SpillPerFile;
  rows: number;
  longestRowBytes: number;
}

/** One spill file per UTC day of an input file, so each day's partition is one bulk copy. */
export class DaySpills {
  private readonly spills = new Map<number, { day: string; spill: DeliverySpill }>();

  constructor(
    private readonly dir: string,
    private readonly perFile: SpillPerFile,
  ) {}

  add(delivery: Delivery): void {
    const key = Math.floor(delivery.timeMillis / DAY_MILLIS);
    let entry = this.spills.get(key);
    if (entry === undefined) {
      const day = new Date(key * DAY_MILLIS).toISOString().slice(0, 10);
      const file = path.join(this.dir, `${this.perFile.sourceFile}.${day}.tsv`);
      entry = { day, spill: new DeliverySpill(file, this.perFile) };
      this.spills.set(key, entry);
    }
    entry.spill.add(delivery);
  }

  /** Closes every spill; returns them by day, in day order. */
  close(): SpillFile[] {
    const days = [...this.spills.values()].map(({ day, spill }) => {
      spill.close();
      return {
        day,
        path: spill.path,
        perFile: this.perFile,
        rows: spill.rowCount,
        longestRowBytes: spill.longestRowBytes,
      };
    });
    return days.sort((a, b) => a.day.localeCompare(b.day));
  }
}
