import type { Figure } from '../figure.js';
import { readCount, readShare, readText } from '../rows.js';
import { DIALECT_LABELS, EVIDENCE_COLORS, UNKNOWN_COLOR } from '../vocabulary.js';
import { firstSeen, hasCounts, noDataSpec, stackedBarsSpec } from './stacked-bars.js';

const ID = 'fig16-evidence-coverage';
const EVIDENCE = Object.keys(EVIDENCE_COLORS);

export const fig16EvidenceCoverage: Figure = {
  id: ID,
  title: 'Figure 16 – What the results rest on',
  section: 'Beyond the source report',
  note:
    'Delivered email by the evidence its result rests on, for all logs and for each log ' +
    'dialect: verified certificates, named failures, trust verdicts without reasons, TLS ' +
    'without any verdict, failed handshakes, and plaintext inferred from a missing TLS line.',
  query: 'evidence-coverage',
  columns: [
    { kind: 'text', key: 'dialect', label: 'Log', labels: DIALECT_LABELS },
    { kind: 'text', key: 'evidence', label: 'Evidence' },
    { kind: 'count', key: 'count', label: 'Emails' },
    { kind: 'share', key: 'share', label: 'Share' },
    { kind: 'count', key: 'unverified', label: 'Unverified' },
    { kind: 'count', key: 'reasons_unknown', label: 'Reasons unknown' },
    { kind: 'count', key: 'reasons_partial', label: 'Reasons partly known' },
  ],
  spec(rows) {
    const parsed = rows.map((row, index) => ({
      dialect: readText(ID, index, row, 'dialect'),
      evidence: readText(ID, index, row, 'evidence'),
      count: readCount(ID, index, row, 'count'),
      share: readShare(ID, index, row, 'share'),
    }));
    if (!hasCounts(parsed)) {
      return noDataSpec('Evidence by log dialect', 'No delivered email in this period.');
    }
    const seen = new Set(parsed.map((row) => row.evidence));
    const order = [
      ...EVIDENCE.filter((e) => seen.has(e)),
      ...[...seen].filter((e) => !EVIDENCE.includes(e)),
    ];
    return stackedBarsSpec({
      description: 'Evidence by log dialect',
      rows: parsed,
      group: {
        field: 'dialect',
        order: firstSeen(parsed, (row) => row.dialect),
        name: `${JSON.stringify(DIALECT_LABELS)}[datum.dialect] || datum.dialect`,
        totals: true,
      },
      category: {
        field: 'evidence',
        order,
        labels: Object.fromEntries(order.map((e) => [e, e])),
        colors: order.map((e) => EVIDENCE_COLORS[e] ?? UNKNOWN_COLOR),
        title: 'Evidence',
      },
      xTitle: 'Share of each log’s delivered email',
    });
  },
};
