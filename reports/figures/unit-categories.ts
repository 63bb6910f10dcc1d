import type { TopLevelSpec } from 'vega-lite';
import type { Column, QueryRow } from '../figure.js';
import { readCount, readEnum, readShare, readText } from '../rows.js';
import { formatShare } from '../table.js';
import { UNITS, UNIT_LABELS, type Unit } from '../vocabulary.js';
import { hasCounts, noDataSpec, stackedBarsSpec } from './stacked-bars.js';

/** A row of a query that divides each unit into categories: unit, category, count, share. */
export interface UnitCategoryRow {
  unit: Unit;
  category: string;
  count: number;
  share: number;
}

export function readUnitCategoryRows(id: string, rows: readonly QueryRow[]): UnitCategoryRow[] {
  return rows.map((row, index) => ({
    unit: readEnum(id, index, row, 'unit', UNITS),
    category: readText(id, index, row, 'category'),
    count: readCount(id, index, row, 'count'),
    share: readShare(id, index, row, 'share'),
  }));
}

export interface Categories {
  order: readonly string[];
  labels: Readonly<Record<string, string>>;
  colors: readonly string[];
  title: string;
}

/** One 100 % bar per unit, with the unit's total (emails, domains, ...) after its name. */
export function unitCategoriesSpec(
  description: string,
  rows: readonly UnitCategoryRow[],
  categories: Categories,
  empty: string,
): TopLevelSpec {
  if (!hasCounts(rows)) return noDataSpec(description, empty);
  return stackedBarsSpec({
    description,
    rows,
    group: {
      field: 'unit',
      order: UNITS,
      name: `${JSON.stringify(UNIT_LABELS)}[datum.unit]`,
      totals: true,
    },
    category: { field: 'category', ...categories },
    xTitle: 'Share within each unit',
  });
}

export function unitCategoryColumns(categoryLabel: string): Column[] {
  return [
    { kind: 'text', key: 'unit', label: 'Unit', labels: UNIT_LABELS },
    { kind: 'text', key: 'category', label: categoryLabel },
    { kind: 'count', key: 'count', label: 'Count' },
    { kind: 'share', key: 'share', label: 'Share' },
  ];
}

/**
 * "For 12.5% of the encrypted email, the logs do not name the suite." from the email rows of
 * `category`, or null when there are none.
 */
export function emailShareRemark(
  rows: readonly QueryRow[],
  category: string,
  sentence: (share: string) => string,
): string | null {
  const row = rows.find((r) => r.unit === 'email' && r.category === category);
  return typeof row?.share === 'number' && row.share > 0 ? sentence(formatShare(row.share)) : null;
}
