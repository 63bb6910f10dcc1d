import type { Figure } from '../figure.js';
import { SECRECY, SECRECY_COLORS, SECRECY_LABELS } from '../vocabulary.js';
import {
  emailShareRemark,
  readUnitCategoryRows,
  unitCategoriesSpec,
  unitCategoryColumns,
} from './unit-categories.js';

const ID = 'fig04-forward-secrecy';

export const fig04ForwardSecrecy: Figure = {
  id: ID,
  title: 'Figure 4 – Forward secrecy of negotiated cipher suites',
  section: 'Data and observations',
  note:
    'Whether the suite of encrypted email, and of the domains, MX hosts and IP addresses whose ' +
    'result is encrypted, has an ephemeral key exchange (ECDHE, DHE, or any TLS 1.3 suite), so ' +
    'that a stolen server key cannot decrypt recorded sessions.',
  query: ID,
  columns: [
    ...unitCategoryColumns('Forward secrecy').map((column) =>
      column.key === 'category' ? { ...column, labels: SECRECY_LABELS } : column,
    ),
  ],
  spec: (rows) =>
    unitCategoriesSpec(
      'Forward secrecy by unit',
      readUnitCategoryRows(ID, rows),
      {
        order: SECRECY,
        labels: SECRECY_LABELS,
        colors: SECRECY.map((s) => SECRECY_COLORS[s]),
        title: 'Key exchange',
      },
      'No encrypted email in this period: no cipher suite was negotiated.',
    ),
  remark: (rows) =>
    emailShareRemark(
      rows,
      'unknown',
      (share) => `For ${share} of the encrypted email the logs do not name the suite.`,
    ),
};
