import type { OverallRow } from '../../reports/figures/fig01-overall.js';

/**
 * A small fixed result of the overall query: 10,000 emails to 200 domains, 80 MX hosts and
 * 100 IP addresses. Shares are count / total of the unit, worked out by hand.
 */
export const OVERALL_ROWS: OverallRow[] = [
  { unit: 'email', result: 'strict', count: 6000, share: 0.6 },
  { unit: 'email', result: 'unverified', count: 2000, share: 0.2 },
  { unit: 'email', result: 'opportunistic', count: 1000, share: 0.1 },
  { unit: 'email', result: 'failure', count: 200, share: 0.02 },
  { unit: 'email', result: 'none', count: 800, share: 0.08 },
  { unit: 'domain', result: 'strict', count: 60, share: 0.3 },
  { unit: 'domain', result: 'unverified', count: 30, share: 0.15 },
  { unit: 'domain', result: 'opportunistic', count: 30, share: 0.15 },
  { unit: 'domain', result: 'failure', count: 10, share: 0.05 },
  { unit: 'domain', result: 'none', count: 70, share: 0.35 },
  { unit: 'mx_host', result: 'strict', count: 32, share: 0.4 },
  { unit: 'mx_host', result: 'unverified', count: 20, share: 0.25 },
  { unit: 'mx_host', result: 'opportunistic', count: 16, share: 0.2 },
  { unit: 'mx_host', result: 'failure', count: 4, share: 0.05 },
  { unit: 'mx_host', result: 'none', count: 8, share: 0.1 },
  { unit: 'ip', result: 'strict', count: 45, share: 0.45 },
  { unit: 'ip', result: 'unverified', count: 25, share: 0.25 },
  { unit: 'ip', result: 'opportunistic', count: 15, share: 0.15 },
  { unit: 'ip', result: 'failure', count: 5, share: 0.05 },
  { unit: 'ip', result: 'none', count: 10, share: 0.1 },
];
