import type { Figure } from '../figure.js';
import { reasonColor, reasonOrder } from '../reasons.js';
import {
  emailShareRemark,
  readUnitCategoryRows,
  unitCategoriesSpec,
  unitCategoryColumns,
} from './unit-categories.js';

const ID = 'fig02-reasons';

export const fig02Reasons: Figure = {
  id: ID,
  title: 'Figure 2 – Reasons for strict validation failure',
  section: 'Data and observations',
  note:
    'Why opportunistic email, and the domains, MX hosts and IP addresses whose result is ' +
    'opportunistic, failed strict validation: the failed checks and their combinations, as a ' +
    'share of the opportunistic ones. “Others unknown” marks a failure where the log made ' +
    'only some checks; unknown, one where it names none; no certificate, an anonymous suite. ' +
    'Categories under 1 % of a unit are shown as other.',
  query: ID,
  columns: unitCategoryColumns('Reasons'),
  spec(rows) {
    const parsed = readUnitCategoryRows(ID, rows);
    const order = reasonOrder(parsed.map((row) => row.category));
    return unitCategoriesSpec(
      'Reasons for strict validation failure by unit',
      parsed,
      {
        order,
        labels: Object.fromEntries(order.map((c) => [c, c])),
        colors: order.map(reasonColor),
        title: 'Failed checks',
      },
      'No opportunistic email in this period: nothing failed strict validation.',
    );
  },
  remark: (rows) =>
    emailShareRemark(
      rows,
      'unknown',
      (share) =>
        `For ${share} of the opportunistic email the logs name no failed check; only a log ` +
        'that records every verdict (Exim with OpenSSL, the canonical JSONL format) or a TLS ' +
        'probe of the MX hosts can say more.',
    ),
};
