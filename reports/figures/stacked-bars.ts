import type { TopLevelSpec } from 'vega-lite';
import { THEME } from '../theme.js';

/**
 * The form of most figures: one 100 % bar per group (a unit, a software, a TLD), divided into
 * categories (results, reasons, suites). The data stay the query's rows; words, totals and
 * stacking order are computed in the spec's transforms, so a publisher who restyles the
 * `.vl.json` finds them in one place.
 */
export interface StackedBars {
  description: string;
  rows: readonly object[];
  group: {
    field: string;
    /** Group codes top to bottom. */
    order: readonly string[];
    /** A Vega expression naming a row's group, e.g. `datum.tld`. */
    name: string;
    /** Append the group's total count to its name: "postfix (12)". */
    totals: boolean;
  };
  category: {
    field: string;
    /** Category codes left to right, with their words and colours. */
    order: readonly string[];
    labels: Readonly<Record<string, string>>;
    colors: readonly string[];
    title: string;
  };
  xTitle: string;
}

/** Segments narrower than this get no percentage label: it would not fit inside the bar. */
export const LABEL_MIN_SHARE = 0.07;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export function stackedBarsSpec(bars: StackedBars): TopLevelSpec {
  const { group, category } = bars;
  const labels = category.order.map((code) => category.labels[code] ?? code);
  const dark = labels.filter((_, i) => isDark(category.colors[i] ?? '#ffffff'));
  const share = { field: 'share', type: 'quantitative', stack: 'normalize' } as const;

  return {
    $schema: SCHEMA,
    description: bars.description,
    data: { values: [...bars.rows] },
    transform: [
      { calculate: group.name, as: 'groupName' },
      { joinaggregate: [{ op: 'sum', field: 'count', as: 'groupTotal' }], groupby: [group.field] },
      {
        calculate: group.totals
          ? `datum.groupName + ' (' + format(datum.groupTotal, ',') + ')'`
          : 'datum.groupName',
        as: 'groupLabel',
      },
      {
        calculate: `indexof(${JSON.stringify(group.order)}, datum.${group.field})`,
        as: 'groupOrder',
      },
      {
        calculate: `${JSON.stringify(category.labels)}[datum.${category.field}]`,
        as: 'categoryLabel',
      },
      {
        calculate: `indexof(${JSON.stringify(category.order)}, datum.${category.field})`,
        as: 'categoryOrder',
      },
    ],
    width: 520,
    height: { step: 30 },
    encoding: {
      y: {
        field: 'groupLabel',
        type: 'nominal',
        sort: { field: 'groupOrder', op: 'min' },
        title: null,
        axis: { ticks: false, domain: false, labelPadding: 6, labelLimit: 320 },
      },
      order: { field: 'categoryOrder', type: 'quantitative' },
    },
    layer: [
      {
        mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { ...share, title: bars.xTitle, axis: { format: '%', tickCount: 5 } },
          color: {
            field: 'categoryLabel',
            type: 'nominal',
            title: category.title,
            scale: { domain: labels, range: [...category.colors] },
            legend: {
              orient: 'bottom',
              direction: 'horizontal',
              columns: labels.length > 5 ? 2 : labels.length,
              symbolType: 'square',
              labelLimit: 400,
            },
          },
        },
      },
      {
        mark: { type: 'text' },
        encoding: {
          x: { ...share, bandPosition: 0.5 },
          text: {
            condition: { test: `datum.share >= ${LABEL_MIN_SHARE}`, field: 'share', format: '.0%' },
            value: '',
          },
          color: {
            condition: {
              test: `indexof(${JSON.stringify(dark)}, datum.categoryLabel) >= 0`,
              value: 'white',
            },
            value: 'black',
          },
        },
      },
    ],
    config: THEME,
  };
}

/** Whether any row counts something: a figure without counts shows a message instead. */
export function hasCounts(rows: readonly { count: number }[]): boolean {
  return rows.some((row) => row.count > 0);
}

/** A figure that says, in place of the chart, that there was nothing to draw. */
export function noDataSpec(description: string, message: string): TopLevelSpec {
  return {
    $schema: SCHEMA,
    description,
    data: { values: [{ message }] },
    width: 520,
    height: 36,
    mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 13, color: '#444' },
    encoding: { text: { field: 'message', type: 'nominal' }, x: { value: 0 }, y: { value: 18 } },
    config: THEME,
  };
}

/** The codes in the order they first appear in the rows (queries return them in order). */
export function firstSeen<T>(rows: readonly T[], key: (row: T) => string): string[] {
  return [...new Set(rows.map(key))];
}

/** Dark enough that a black label would not read on it (relative luminance under 0.3). */
function isDark(hex: string): boolean {
  const channel = (offset: number): number => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5) < 0.3;
}
