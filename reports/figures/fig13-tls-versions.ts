import type { Figure } from '../figure.js';
import { TLS_VERSION_COLORS, UNKNOWN_COLOR } from '../vocabulary.js';
import {
  emailShareRemark,
  readUnitCategoryRows,
  unitCategoriesSpec,
  unitCategoryColumns,
} from './unit-categories.js';

const ID = 'fig13-tls-versions';
const VERSIONS = Object.keys(TLS_VERSION_COLORS);

export const fig13TlsVersions: Figure = {
  id: ID,
  title: 'Figure 13 – TLS protocol versions',
  section: 'Beyond the source report',
  note:
    'The protocol version of encrypted email, and of the domains, MX hosts and IP addresses ' +
    'whose result is encrypted (the version of most of their encrypted email).',
  query: 'tls-versions',
  columns: unitCategoryColumns('Protocol'),
  spec(rows) {
    const parsed = readUnitCategoryRows(ID, rows);
    const seen = new Set(parsed.map((row) => row.category));
    const order = [
      ...VERSIONS.filter((v) => seen.has(v)),
      ...[...seen].filter((v) => !VERSIONS.includes(v)),
    ];
    return unitCategoriesSpec(
      'TLS protocol versions by unit',
      parsed,
      {
        order,
        labels: Object.fromEntries(order.map((v) => [v, v])),
        colors: order.map((v) => TLS_VERSION_COLORS[v] ?? UNKNOWN_COLOR),
        title: 'Protocol',
      },
      'No encrypted email in this period: no protocol was negotiated.',
    );
  },
  remark: (rows) =>
    emailShareRemark(
      rows,
      'unknown',
      (share) => `For ${share} of the encrypted email the logs do not name the protocol.`,
    ),
};
