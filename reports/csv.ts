import type { QueryRow } from './figure.js';

/**
 * Rows as RFC 4180 CSV: a header, CRLF line ends, a field quoted when it holds a quote, comma or
 * line break. Columns follow the first row's keys, then any key a later row adds.
 *
 * Values can be log text an attacker chose (a recipient domain, a certificate DN), and a
 * spreadsheet runs a cell that starts like a formula. Such a cell gets a leading `'`, which
 * spreadsheets show as text; numbers, negative ones included, stay numbers.
 */
export function toCsv(rows: readonly QueryRow[]): string {
  const columns = columnsOf(rows);
  if (columns.length === 0) return '';

  const lines = [columns.map((column) => csvField(neutralizeFormula(column)))];
  for (const row of rows) lines.push(columns.map((column) => csvField(cellText(row[column]))));
  return lines.map((fields) => fields.join(',') + '\r\n').join('');
}

function columnsOf(rows: readonly QueryRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return neutralizeFormula(text);
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Makes a spreadsheet read the text as text; a plain number such as `-12.5` is left alone. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
