import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ProbeRecord } from './record.js';
import type { JsonObject } from './json-path.js';
import { zgrab2Record, type Zgrab2Context } from './zgrab2-record.js';

/** A line of the input that gave no row, and why. */
export interface ImportProblem {
  line: number;
  reason: string;
}

/**
 * Reads a ZGrab2 JSON Lines file of smtp-module records into probe rows. A line that is not a
 * record is reported with its number and skipped; blank lines are ignored.
 */
export async function importZgrab2(
  file: string,
  context: Zgrab2Context,
): Promise<{ records: ProbeRecord[]; problems: ImportProblem[] }> {
  const records: ProbeRecord[] = [];
  const problems: ImportProblem[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ line: number, reason: 'not valid JSON' });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line: number, reason: 'not a JSON object' });
      continue;
    }
    try {
      const row = zgrab2Record(value as JsonObject, context);
      if (typeof row === 'string') problems.push({ line: number, reason: row });
      else records.push(row);
    } catch (error) {
      // A raw certificate OpenSSL cannot parse, for one: the line is skipped, the file is not.
      problems.push({ line: number, reason: (error as Error).message });
    }
  }
  return { records, problems };
}
