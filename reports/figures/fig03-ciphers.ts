import type { Figure } from '../figure.js';
import { OTHER_COLOR, PALETTE, UNKNOWN_COLOR } from '../vocabulary.js';
import {
  emailShareRemark,
  readUnitCategoryRows,
  unitCategoriesSpec,
  unitCategoryColumns,
} from './unit-categories.js';

const ID = 'fig03-ciphers';
const FOLDED = ['other', 'unknown'];

export const fig03Ciphers: Figure = {
  id: ID,
  title: 'Figure 3 – Negotiated cipher suites',
  section: 'Data and observations',
  note:
    'The cipher suites of encrypted email, and of the domains, MX hosts and IP addresses whose ' +
    'result is encrypted (the suite of most of their encrypted email), by OpenSSL name. Suites ' +
    'beyond the most frequent of each unit are shown as other.',
  query: ID,
  columns: unitCategoryColumns('Cipher suite'),
  spec(rows) {
    const parsed = readUnitCategoryRows(ID, rows);
    // Suites by their count over all units, so each keeps one colour across the bars.
    const totals = new Map<string, number>();
    for (const row of parsed) totals.set(row.category, (totals.get(row.category) ?? 0) + row.count);
    const suites = [...totals.keys()]
      .filter((suite) => !FOLDED.includes(suite))
      .sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || (a < b ? -1 : 1));
    const order = [...suites, ...FOLDED.filter((c) => totals.has(c))];
    const colors = order.map((suite, i) =>
      suite === 'other' ? OTHER_COLOR : suite === 'unknown' ? UNKNOWN_COLOR : PALETTE[i % 12]!,
    );
    return unitCategoriesSpec(
      'Negotiated cipher suites by unit',
      parsed,
      {
        order,
        labels: Object.fromEntries(order.map((c) => [c, c])),
        colors,
        title: 'Cipher suite',
      },
      'No encrypted email in this period: no cipher suite was negotiated.',
    );
  },
  remark: (rows) =>
    emailShareRemark(
      rows,
      'unknown',
      (share) => `For ${share} of the encrypted email the logs do not name the suite.`,
    ),
};
