import type { QueryRow } from '../figure.js';
import { formatShare } from '../table.js';
import { SOFTWARE_LABELS } from '../vocabulary.js';
import { reasonsByGroup, resultsByGroup, unknownReasonsRemark } from './group-figures.js';

const SECTION = 'Appendix 1: Receiving software';
const GROUP = {
  key: 'software',
  label: 'Software',
  name: `${JSON.stringify(SOFTWARE_LABELS)}[datum.software] || datum.software`,
  labels: SOFTWARE_LABELS,
};

export const fig05SoftwareResults = resultsByGroup({
  id: 'fig05-software-results',
  title: 'Figure 5 – STARTTLS results by receiving software',
  section: SECTION,
  note:
    'Unique MX hosts by the software they run and their STARTTLS result. The software is ' +
    'recognised from the server’s reply to DATA (“Ok: queued as”, “OK id=”, ...), so it names ' +
    'the software that answered, which may be a filter in front of the MTA.',
  query: 'fig05-software-results',
  group: GROUP,
  empty: 'No delivered email to an MX host in this period.',
  remark: unknownSoftwareRemark,
});

export const fig06SoftwareReasons = reasonsByGroup({
  id: 'fig06-software-reasons',
  title: 'Figure 6 – Reasons for strict validation failure by receiving software',
  section: SECTION,
  note:
    'Unique MX hosts whose result is opportunistic, by the software they run and the checks ' +
    'their certificate failed (as in Figure 2).',
  query: 'fig06-software-reasons',
  group: GROUP,
  empty: 'No MX host was opportunistic in this period: nothing failed strict validation.',
  remark: unknownReasonsRemark,
});

function unknownSoftwareRemark(rows: readonly QueryRow[]): string | null {
  let unknown = 0;
  let total = 0;
  for (const row of rows) {
    const count = typeof row.count === 'number' ? row.count : 0;
    total += count;
    if (row.software === 'unknown') unknown += count;
  }
  if (unknown === 0) return null;
  return (
    `The software of ${formatShare(unknown / total)} of the MX hosts is unknown: their replies ` +
    'match no known fingerprint, and no MTA logs the server’s banner.'
  );
}
