import { STARTTLS_RESULTS } from '../../pipeline/model/delivery.js';
import type { Column, Figure, QueryRow } from '../figure.js';
import { reasonColor, reasonOrder } from '../reasons.js';
import { readCount, readEnum, readShare, readText } from '../rows.js';
import { formatShare } from '../table.js';
import { RESULT_COLORS, RESULT_LABELS } from '../vocabulary.js';
import { firstSeen, hasCounts, noDataSpec, stackedBarsSpec } from './stacked-bars.js';

/**
 * Figures 5 to 12: unique MX hosts by a group (their software, or the TLD of the domains they
 * received mail for), one 100 % bar per group. The results figure of a group keeps Figure 1's
 * colours; its reasons figure those of Figure 2.
 */
export interface GroupFigure {
  id: string;
  title: string;
  section: string;
  note: string;
  query: string;
  /** The query's group column, and the Vega expression that names a group on its bar. */
  group: { key: string; label: string; name: string; labels?: Readonly<Record<string, string>> };
  /** A second text column the rows carry (the TLD's country), for the data table. */
  detail?: { key: string; label: string };
  /** Printed in place of the chart when no row counts anything. */
  empty: string;
  /** What a row counts; MX hosts unless given. */
  counts?: { label: string; xTitle: string };
  remark?(rows: readonly QueryRow[]): string | null;
}

interface GroupRow {
  group: string;
  category: string;
  count: number;
  share: number;
}

function readRows(
  figure: GroupFigure,
  rows: readonly QueryRow[],
  categoryKey: 'result' | 'category',
): (QueryRow & GroupRow)[] {
  return rows.map((row, index) => ({
    ...row,
    group: readText(figure.id, index, row, figure.group.key),
    category:
      categoryKey === 'result'
        ? readEnum(figure.id, index, row, 'result', STARTTLS_RESULTS)
        : readText(figure.id, index, row, 'category'),
    count: readCount(figure.id, index, row, 'count'),
    share: readShare(figure.id, index, row, 'share'),
  }));
}

function columns(figure: GroupFigure, category: Column): Column[] {
  return [
    { kind: 'text', key: figure.group.key, label: figure.group.label, labels: figure.group.labels },
    ...(figure.detail ? [{ kind: 'text' as const, ...figure.detail }] : []),
    category,
    { kind: 'count', key: 'count', label: figure.counts?.label ?? 'MX hosts' },
    { kind: 'share', key: 'share', label: 'Share' },
  ];
}

export function resultsByGroup(figure: GroupFigure): Figure {
  return {
    ...figure,
    columns: columns(figure, {
      kind: 'text',
      key: 'result',
      label: 'Result',
      labels: RESULT_LABELS,
    }),
    spec(rows) {
      const parsed = readRows(figure, rows, 'result');
      if (!hasCounts(parsed)) return noDataSpec(figure.title, figure.empty);
      return stackedBarsSpec({
        description: figure.title,
        rows: parsed.map(({ group: _, category: __, ...row }) => row),
        group: {
          field: figure.group.key,
          order: firstSeen(parsed, (row) => row.group),
          name: figure.group.name,
          totals: true,
        },
        category: {
          field: 'result',
          order: STARTTLS_RESULTS,
          labels: RESULT_LABELS,
          colors: STARTTLS_RESULTS.map((result) => RESULT_COLORS[result]),
          title: 'STARTTLS result',
        },
        xTitle: figure.counts?.xTitle ?? 'Share of MX hosts',
      });
    },
  };
}

export function reasonsByGroup(figure: GroupFigure): Figure {
  return {
    ...figure,
    columns: columns(figure, { kind: 'text', key: 'category', label: 'Reasons' }),
    spec(rows) {
      const parsed = readRows(figure, rows, 'category');
      if (!hasCounts(parsed)) return noDataSpec(figure.title, figure.empty);
      const order = reasonOrder(parsed.map((row) => row.category));
      return stackedBarsSpec({
        description: figure.title,
        rows: parsed.map(({ group: _, ...row }) => row),
        group: {
          field: figure.group.key,
          order: firstSeen(parsed, (row) => row.group),
          name: figure.group.name,
          totals: true,
        },
        category: {
          field: 'category',
          order,
          labels: Object.fromEntries(order.map((c) => [c, c])),
          colors: order.map(reasonColor),
          title: 'Failed checks',
        },
        xTitle: 'Share of opportunistic MX hosts',
      });
    },
  };
}

/** "For 40.0% of these opportunistic MX hosts the logs name no failed check." */
export function unknownReasonsRemark(rows: readonly QueryRow[]): string | null {
  let unknown = 0;
  let total = 0;
  for (const row of rows) {
    const count = typeof row.count === 'number' ? row.count : 0;
    total += count;
    if (row.category === 'unknown') unknown += count;
  }
  if (unknown === 0) return null;
  return (
    `For ${formatShare(unknown / total)} of these opportunistic MX hosts the logs name no ` +
    'failed check (unknown): their reasons need a log that records every verdict or a TLS ' +
    'probe of the hosts.'
  );
}
