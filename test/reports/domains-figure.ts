import type { Figure } from '../../reports/figure.js';
import { THEME } from '../../reports/theme.js';

/**
 * A figure whose rows carry text straight from logs, as a top-domains figure will: recipient
 * domains an attacker can choose. Used to check that nothing from data reaches the report as
 * markup.
 */
export const HOSTILE = {
  script: '<script>alert(1)</script>.example',
  attribute: '"onmouseover=alert(1) x=".example',
  markdown: '| *bold* [link](javascript:alert(1)) <img src=x> `code` &amp;',
  formula: '=HYPERLINK("http://evil.example")',
} as const;

export const DOMAIN_ROWS = [
  { domain: HOSTILE.script, count: 3, share: 0.3 },
  { domain: HOSTILE.attribute, count: 3, share: 0.3 },
  { domain: HOSTILE.markdown, count: 2, share: 0.2 },
  { domain: HOSTILE.formula, count: 2, share: 0.2 },
];

export const domainsFigure: Figure = {
  id: 'fig99-domains',
  title: 'Figure 99 – Recipient domains',
  section: 'Test section',
  note: 'Deliveries per recipient domain.',
  query: 'domains',
  columns: [
    { kind: 'text', key: 'domain', label: 'Domain' },
    { kind: 'count', key: 'count', label: 'Deliveries' },
    { kind: 'share', key: 'share', label: 'Share' },
  ],
  spec: (rows) => ({
    description: 'Recipient domains',
    data: { values: [...rows] },
    mark: 'bar',
    encoding: {
      y: { field: 'domain', type: 'nominal', title: null },
      x: { field: 'count', type: 'quantitative' },
      tooltip: { field: 'domain' },
    },
    config: THEME,
  }),
};
