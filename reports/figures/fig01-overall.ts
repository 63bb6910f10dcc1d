import type { TopLevelSpec } from 'vega-lite';
import { STARTTLS_RESULTS, type StarttlsResult } from '../../pipeline/model/delivery.js';
import type { Figure, QueryRow } from '../figure.js';
import { readCount, readEnum, readShare } from '../rows.js';
import { THEME } from '../theme.js';
import { hasCounts, noDataSpec } from './stacked-bars.js';
import { RESULT_COLORS, RESULT_LABELS, UNITS, UNIT_LABELS, type Unit } from '../vocabulary.js';

const ID = 'fig01-overall';

/** A row of `queries/fig01-overall.sql`: the share of one STARTTLS result within one unit. */
export type OverallRow = { unit: Unit; result: StarttlsResult; count: number; share: number };

/** Segments narrower than this get no percentage label: it would not fit inside the bar. */
const LABEL_MIN_SHARE = 0.07;

export const fig01Overall: Figure = {
  id: ID,
  title: 'Figure 1 – Overall STARTTLS results',
  section: 'Data and observations',
  note:
    'Each bar divides one unit into STARTTLS results: all delivered email, and the distinct ' +
    'recipient domains, MX hosts and IP addresses it went to. Strict means encrypted to a ' +
    'certificate that passed CA, name and date checks; none means sent in clear without STARTTLS.',
  query: 'fig01-overall',
  columns: [
    { kind: 'text', key: 'unit', label: 'Unit', labels: UNIT_LABELS },
    { kind: 'text', key: 'result', label: 'Result', labels: RESULT_LABELS },
    { kind: 'count', key: 'count', label: 'Count' },
    { kind: 'share', key: 'share', label: 'Share' },
  ],
  spec(rows) {
    const parsed = rows.map(readOverallRow);
    if (!hasCounts(parsed)) {
      return noDataSpec('Overall STARTTLS results by unit', 'No delivered email in this period.');
    }
    return overallSpec(parsed);
  },
};

export function readOverallRow(row: QueryRow, index: number): OverallRow {
  return {
    unit: readEnum(ID, index, row, 'unit', UNITS),
    result: readEnum(ID, index, row, 'result', STARTTLS_RESULTS),
    count: readCount(ID, index, row, 'count'),
    share: readShare(ID, index, row, 'share'),
  };
}

/**
 * Stacked 100 % bars, one per unit, results from strict (left) to none (right). The data stay
 * the query's rows; words and stacking order are computed in the spec, so a publisher who
 * restyles the `.vl.json` finds them in one place.
 */
function overallSpec(rows: OverallRow[]): TopLevelSpec {
  const resultLabels = STARTTLS_RESULTS.map((result) => RESULT_LABELS[result]);
  const share = { field: 'share', type: 'quantitative', stack: 'normalize' } as const;

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Overall STARTTLS results by unit',
    data: { values: rows },
    transform: [
      { calculate: `${JSON.stringify(UNIT_LABELS)}[datum.unit]`, as: 'unitLabel' },
      { calculate: `${JSON.stringify(RESULT_LABELS)}[datum.result]`, as: 'resultLabel' },
      {
        calculate: `indexof(${JSON.stringify(STARTTLS_RESULTS)}, datum.result)`,
        as: 'resultOrder',
      },
    ],
    width: 520,
    height: { step: 36 },
    encoding: {
      y: {
        field: 'unitLabel',
        type: 'nominal',
        sort: UNITS.map((unit) => UNIT_LABELS[unit]),
        title: null,
        axis: { ticks: false, domain: false, labelPadding: 6 },
      },
      order: { field: 'resultOrder', type: 'quantitative' },
    },
    layer: [
      {
        mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { ...share, title: 'Share within each unit', axis: { format: '%', tickCount: 5 } },
          color: {
            field: 'resultLabel',
            type: 'nominal',
            title: 'STARTTLS result',
            scale: {
              domain: resultLabels,
              range: STARTTLS_RESULTS.map((result) => RESULT_COLORS[result]),
            },
            legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'square' },
          },
        },
      },
      {
        mark: { type: 'text' },
        encoding: {
          x: { ...share, bandPosition: 0.5 },
          text: {
            condition: { test: `datum.share >= ${LABEL_MIN_SHARE}`, field: 'share', format: '.1%' },
            value: '',
          },
        },
      },
    ],
    config: THEME,
  };
}
