import { toCsv } from '../reports/csv.js';
import type { QueryResult } from '../pipeline/query/run-query.js';
import { terminalSafe } from './log.js';

/** A query result as an aligned text table for a terminal, values made terminal-safe. */
export function formatTable(result: QueryResult): string {
  const cells = result.rows.map((row) =>
    result.columns.map((column) => terminalSafe(display(row[column] ?? null))),
  );
  const header = result.columns.map((c) => terminalSafe(c));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = result.columns.map((column) =>
    result.rows.every((row) => row[column] === null || typeof row[column] === 'number'),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...cells.map(line)].join('\n') + '\n';
}

export function formatCsv(result: QueryResult): string {
  return toCsv(result.rows);
}

export function formatJson(result: QueryResult): string {
  return JSON.stringify(result.rows, null, 2) + '\n';
}

function display(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(4);
  return String(value);
}
