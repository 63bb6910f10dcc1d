import type { Column, QueryRow } from './figure.js';

/**
 * A figure's rows as the text of its data table, cell by cell, before any HTML or Markdown
 * escaping: codes become words, counts get thousands separators, shares become percentages
 * with one decimal.
 */
export interface TextTable {
  header: string[];
  /** Whether each column holds numbers, to right-align them. */
  numeric: boolean[];
  body: string[][];
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function textTable(columns: readonly Column[], rows: readonly QueryRow[]): TextTable {
  return {
    header: columns.map((column) => column.label),
    numeric: columns.map((column) => column.kind !== 'text'),
    body: rows.map((row) => columns.map((column) => cellText(column, row[column.key]))),
  };
}

function cellText(column: Column, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'text': {
      const text = typeof value === 'string' ? value : String(value);
      // Own keys only: a value such as `constructor` must not find Object.prototype's.
      const labels = column.labels;
      return labels !== undefined && Object.hasOwn(labels, text) ? (labels[text] ?? text) : text;
    }
    case 'count':
      return typeof value === 'number' || typeof value === 'bigint'
        ? GROUPED.format(value)
        : String(value);
    case 'share':
      return typeof value === 'number' ? formatShare(value) : String(value);
  }
}

/** 0.612 → "61.2%". */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
