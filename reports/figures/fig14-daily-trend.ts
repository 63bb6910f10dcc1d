import type { TopLevelSpec } from 'vega-lite';
import { STARTTLS_RESULTS } from '../../pipeline/model/delivery.js';
import type { Figure } from '../figure.js';
import { readCount, readEnum, readShare, readText } from '../rows.js';
import { THEME } from '../theme.js';
import { RESULT_COLORS, RESULT_LABELS, UNITS, UNIT_LABELS } from '../vocabulary.js';
import { hasCounts, noDataSpec, SCHEMA } from './stacked-bars.js';

const ID = 'fig14-daily-trend';

export const fig14DailyTrend: Figure = {
  id: ID,
  title: 'Figure 14 – STARTTLS results per day',
  section: 'Beyond the source report',
  note:
    'Figure 1 for each day on its own, one small chart per unit: a domain, MX host or IP ' +
    'address takes the result of its email of that day.',
  query: 'daily-trend',
  columns: [
    { kind: 'text', key: 'day', label: 'Day' },
    { kind: 'text', key: 'unit', label: 'Unit', labels: UNIT_LABELS },
    { kind: 'text', key: 'result', label: 'Result', labels: RESULT_LABELS },
    { kind: 'count', key: 'count', label: 'Count' },
    { kind: 'share', key: 'share', label: 'Share' },
  ],
  spec(rows) {
    const parsed = rows.map((row, index) => ({
      day: readText(ID, index, row, 'day'),
      unit: readEnum(ID, index, row, 'unit', UNITS),
      result: readEnum(ID, index, row, 'result', STARTTLS_RESULTS),
      count: readCount(ID, index, row, 'count'),
      share: readShare(ID, index, row, 'share'),
    }));
    if (!hasCounts(parsed)) {
      return noDataSpec('STARTTLS results per day', 'No delivered email in this period.');
    }
    return dailySpec(parsed);
  },
};

function dailySpec(rows: readonly object[]): TopLevelSpec {
  const unitLabels = UNITS.map((unit) => UNIT_LABELS[unit]);
  return {
    $schema: SCHEMA,
    description: 'STARTTLS results per day by unit',
    data: { values: [...rows] },
    transform: [
      { calculate: `${JSON.stringify(UNIT_LABELS)}[datum.unit]`, as: 'unitLabel' },
      { calculate: `${JSON.stringify(RESULT_LABELS)}[datum.result]`, as: 'resultLabel' },
      {
        calculate: `indexof(${JSON.stringify(STARTTLS_RESULTS)}, datum.result)`,
        as: 'resultOrder',
      },
    ],
    facet: {
      row: {
        field: 'unitLabel',
        type: 'nominal',
        sort: unitLabels,
        title: null,
        header: { labelOrient: 'top', labelAnchor: 'start', labelAngle: 0, labelFontSize: 12 },
      },
    },
    spec: {
      width: 520,
      height: 70,
      mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        x: {
          field: 'day',
          type: 'ordinal',
          title: null,
          axis: { labelAngle: 0, labelOverlap: true },
        },
        y: {
          field: 'share',
          type: 'quantitative',
          stack: 'normalize',
          title: null,
          axis: { format: '%', tickCount: 2 },
        },
        color: {
          field: 'resultLabel',
          type: 'nominal',
          title: 'STARTTLS result',
          scale: {
            domain: STARTTLS_RESULTS.map((result) => RESULT_LABELS[result]),
            range: STARTTLS_RESULTS.map((result) => RESULT_COLORS[result]),
          },
          legend: {
            orient: 'bottom',
            direction: 'horizontal',
            symbolType: 'square',
            labelLimit: 400,
          },
        },
        order: { field: 'resultOrder', type: 'quantitative' },
      },
    },
    config: THEME,
  };
}
