import { reasonsByGroup, resultsByGroup, unknownReasonsRemark } from './group-figures.js';

/**
 * Figures 7 to 12: unique MX hosts by the TLD of the recipient domains they received mail for.
 * Country codes and regions come from the world-countries dataset (the tld_regions view).
 */

const GENERIC = {
  key: 'tld',
  label: 'TLD',
  name: `'.' + datum.tld`,
};
const COUNTRY = {
  key: 'tld',
  label: 'TLD',
  name: `'.' + datum.tld + ' ' + datum.country`,
};
const DETAIL = { key: 'country', label: 'Country' };

const RESULTS_NOTE =
  'Unique MX hosts that received mail for domains under each TLD, by STARTTLS result. An MX ' +
  'host that serves several TLDs counts under each, with the result of that TLD’s email.';
const REASONS_NOTE =
  'The MX hosts of the previous figure whose result is opportunistic, by the checks their ' +
  'certificate failed (as in Figure 2).';

export const fig07TldResults = resultsByGroup({
  id: 'fig07-tld-results',
  title: 'Figure 7 – STARTTLS results by major TLD',
  section: 'Appendix 2: Major TLDs',
  note: `${RESULTS_NOTE} TLDs: com, net, org, edu and gov, and the other generic TLDs with the most email.`,
  query: 'fig07-tld-results',
  group: GENERIC,
  empty: 'No delivered email to a generic TLD in this period.',
});

export const fig08TldReasons = reasonsByGroup({
  id: 'fig08-tld-reasons',
  title: 'Figure 8 – Reasons for strict validation failure by major TLD',
  section: 'Appendix 2: Major TLDs',
  note: REASONS_NOTE,
  query: 'fig08-tld-reasons',
  group: GENERIC,
  empty: 'No MX host of a generic TLD was opportunistic in this period.',
  remark: unknownReasonsRemark,
});

export const fig09EuropeResults = resultsByGroup({
  id: 'fig09-europe-results',
  title: 'Figure 9 – STARTTLS results for European country codes',
  section: 'Appendix 3: European country codes',
  note: `${RESULTS_NOTE} TLDs: the ten European country codes with the most email (.uk is the United Kingdom’s).`,
  query: 'fig09-europe-results',
  group: COUNTRY,
  detail: DETAIL,
  empty: 'No delivered email to a European country-code TLD in this period.',
});

export const fig10EuropeReasons = reasonsByGroup({
  id: 'fig10-europe-reasons',
  title: 'Figure 10 – Reasons for strict validation failure for European country codes',
  section: 'Appendix 3: European country codes',
  note: REASONS_NOTE,
  query: 'fig10-europe-reasons',
  group: COUNTRY,
  detail: DETAIL,
  empty: 'No MX host of a European country-code TLD was opportunistic in this period.',
  remark: unknownReasonsRemark,
});

export const fig11AsiaPacificResults = resultsByGroup({
  id: 'fig11-asia-pacific-results',
  title: 'Figure 11 – STARTTLS results for Asian and Pacific country codes',
  section: 'Appendix 4: Asian and Pacific country codes',
  note: `${RESULTS_NOTE} TLDs: the ten country codes of Asia (but Western Asia) and Oceania with the most email.`,
  query: 'fig11-asia-pacific-results',
  group: COUNTRY,
  detail: DETAIL,
  empty: 'No delivered email to an Asian or Pacific country-code TLD in this period.',
});

export const fig12AsiaPacificReasons = reasonsByGroup({
  id: 'fig12-asia-pacific-reasons',
  title: 'Figure 12 – Reasons for strict validation failure for Asian and Pacific country codes',
  section: 'Appendix 4: Asian and Pacific country codes',
  note: REASONS_NOTE,
  query: 'fig12-asia-pacific-reasons',
  group: COUNTRY,
  detail: DETAIL,
  empty: 'No MX host of an Asian or Pacific country-code TLD was opportunistic in this period.',
  remark: unknownReasonsRemark,
});
