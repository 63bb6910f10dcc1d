import { ReportError } from './errors.js';
import type { QueryRow } from './figure.js';

/**
 * Checks on the rows a figure receives. Queries are written apart from figures, so a renamed
 * column or a new result code must stop the report with a message rather than draw a wrong bar.
 */

function where(figureId: string, index: number): string {
  return `${figureId}: row ${index + 1}`;
}

export function readEnum<T extends string>(
  figureId: string,
  index: number,
  row: QueryRow,
  key: string,
  allowed: readonly T[],
): T {
  const value = row[key];
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new ReportError(
      'bad-row',
      `${where(figureId, index)}: ${key} is ${describe(value)}; ` +
        `expected one of ${allowed.join(', ')}`,
    );
  }
  return match;
}

/** A count as DuckDB returns it (BIGINT arrives as bigint), as a number. */
export function readCount(figureId: string, index: number, row: QueryRow, key: string): number {
  const value = row[key];
  const count = typeof value === 'bigint' ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new ReportError(
      'bad-row',
      `${where(figureId, index)}: ${key} is ${describe(value)}; expected a count (0 or more)`,
    );
  }
  return count;
}

export function readShare(figureId: string, index: number, row: QueryRow, key: string): number {
  const value = row[key];
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ReportError(
      'bad-row',
      `${where(figureId, index)}: ${key} is ${describe(value)}; expected a share from 0 to 1`,
    );
  }
  return value;
}

/** The value as a message shows it: quoted, escaped, and cut short (it may be log text). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A text value (a TLD, a cipher suite, a category), as it will be drawn and tabled. */
export function readText(figureId: string, index: number, row: QueryRow, key: string): string {
  const value = row[key];
  if (typeof value !== 'string' || value === '') {
    throw new ReportError(
      'bad-row',
      `${where(figureId, index)}: ${key} is ${describe(value)}; expected text`,
    );
  }
  return value;
}
