import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from '../figure.js';
import { readCount, readEnum, readShare } from '../rows.js';
import { THEME } from '../theme.js';
import { UNITS, UNIT_LABELS } from '../vocabulary.js';
import { hasCounts, noDataSpec, SCHEMA } from './stacked-bars.js';

const ID = 'fig17-enforcement-impact';
const POLICIES = ['encrypt', 'verify'] as const;
const POLICY_LABELS = {
  encrypt: 'Require TLS (encrypt)',
  verify: 'Require a valid certificate (verify)',
};
const PARTS = {
  certain: 'Would have been deferred',
  possible: 'Unverified: might have passed',
};

export const fig17EnforcementImpact: Figure = {
  id: ID,
  title: 'Figure 17 – What enforcing TLS would have deferred',
  section: 'Beyond the source report',
  note:
    'The share of email, and of domains, MX hosts and IP addresses with at least one such email, ' +
    'that a sender requiring TLS (mail sent in clear) or a valid certificate (mail not strict) ' +
    'would have deferred. Unverified mail might have passed a certificate check its log did ' +
    'not make, so it is shown apart.',
  query: 'enforcement-impact',
  columns: [
    { kind: 'text', key: 'policy', label: 'Policy', labels: POLICY_LABELS },
    { kind: 'text', key: 'unit', label: 'Unit', labels: UNIT_LABELS },
    { kind: 'count', key: 'count', label: 'Deferred' },
    { kind: 'share', key: 'share', label: 'Share' },
    { kind: 'count', key: 'count_at_most', label: 'At most' },
    { kind: 'share', key: 'share_at_most', label: 'Share at most' },
  ],
  spec(rows) {
    const parsed = rows.map((row, index) => ({
      policy: readEnum(ID, index, row, 'policy', POLICIES),
      unit: readEnum(ID, index, row, 'unit', UNITS),
      count: readCount(ID, index, row, 'count_at_most'),
      share: readShare(ID, index, row, 'share'),
      share_at_most: readShare(ID, index, row, 'share_at_most'),
    }));
    if (!hasCounts(parsed)) {
      return noDataSpec('Enforcement impact', 'No email would have been deferred in this period.');
    }
    return enforcementSpec(parsed);
  },
};

function enforcementSpec(rows: readonly object[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    description: 'Enforcement impact by policy and unit',
    data: { values: [...rows] },
    transform: [
      { calculate: `${JSON.stringify(UNIT_LABELS)}[datum.unit]`, as: 'unitLabel' },
      { calculate: `${JSON.stringify(POLICY_LABELS)}[datum.policy]`, as: 'policyLabel' },
      { calculate: `datum.share_at_most - datum.share`, as: 'possible' },
      { calculate: 'datum.share', as: 'certain' },
      { fold: ['certain', 'possible'], as: ['part', 'value'] },
      { calculate: `${JSON.stringify(PARTS)}[datum.part]`, as: 'partLabel' },
      { calculate: `datum.part === 'certain' ? 0 : 1`, as: 'partOrder' },
    ],
    facet: {
      row: {
        field: 'policyLabel',
        type: 'nominal',
        sort: POLICIES.map((p) => POLICY_LABELS[p]),
        title: null,
        header: { labelOrient: 'top', labelAnchor: 'start', labelAngle: 0, labelFontSize: 12 },
      },
    },
    spec: {
      width: 520,
      height: { step: 24 },
      mark: { type: 'bar' },
      encoding: {
        y: {
          field: 'unitLabel',
          type: 'nominal',
          sort: UNITS.map((u) => UNIT_LABELS[u]),
          title: null,
          axis: { ticks: false, domain: false },
        },
        x: {
          field: 'value',
          type: 'quantitative',
          stack: 'zero',
          scale: { domain: [0, 1] },
          title: 'Share of each unit',
          axis: { format: '%', tickCount: 5 },
        },
        color: {
          field: 'partLabel',
          type: 'nominal',
          title: null,
          scale: { domain: [PARTS.certain, PARTS.possible], range: ['#D55E00', '#F5C6A5'] },
          legend: {
            orient: 'bottom',
            direction: 'horizontal',
            symbolType: 'square',
            labelLimit: 400,
          },
        },
        order: { field: 'partOrder', type: 'quantitative' },
      },
    },
    config: THEME,
  };
}
