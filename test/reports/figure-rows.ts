import type { QueryRow } from '../../reports/figure.js';
import { OVERALL_ROWS } from './overall-rows.js';

/**
 * Small fixed query results for every figure, shaped as the queries return them, to draw the
 * golden SVGs from. Shares are count / total of the group, worked out by hand.
 */

const RESULTS = ['strict', 'unverified', 'opportunistic', 'failure', 'none'];

/** One row per result of a group: [strict, unverified, opportunistic, failure, none] counts. */
function results(keys: QueryRow, counts: number[]): QueryRow[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return RESULTS.map((result, i) => ({
    ...keys,
    result,
    count: counts[i] ?? 0,
    share: (counts[i] ?? 0) / total,
  }));
}

function categories(keys: QueryRow, counts: Record<string, number>): QueryRow[] {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.entries(counts).map(([category, count]) => ({
    ...keys,
    category,
    count,
    share: count / total,
  }));
}

const perUnit = (counts: Record<string, Record<string, number>>): QueryRow[] =>
  Object.entries(counts).flatMap(([unit, c]) => categories({ unit }, c));

export const FIGURE_ROWS: Readonly<Record<string, QueryRow[]>> = {
  'fig01-overall': OVERALL_ROWS,
  'fig02-reasons': perUnit({
    email: {
      mismatch: 800,
      'self-signed + mismatch': 100,
      'untrusted CA, others unknown': 40,
      other: 10,
      unknown: 50,
    },
    domain: {
      mismatch: 30,
      'self-signed + mismatch': 10,
      'expired + untrusted CA': 5,
      'no certificate': 5,
    },
    mx_host: { mismatch: 8, 'self-signed + mismatch': 6, 'expired + untrusted CA': 2, unknown: 4 },
    ip: { mismatch: 10, 'self-signed + mismatch': 5, unknown: 5 },
  }),
  'fig03-ciphers': perUnit({
    email: {
      'ECDHE-RSA-AES256-GCM-SHA384': 500,
      TLS_AES_256_GCM_SHA384: 300,
      'AES128-SHA': 150,
      other: 30,
      unknown: 20,
    },
    domain: {
      'AES128-SHA': 40,
      'ECDHE-RSA-AES256-GCM-SHA384': 30,
      'DHE-RSA-AES256-SHA': 20,
      other: 10,
    },
    mx_host: { 'AES128-SHA': 20, 'DHE-RSA-AES256-SHA': 15, 'ECDHE-RSA-AES256-GCM-SHA384': 5 },
    ip: { 'AES128-SHA': 25, 'DHE-RSA-AES256-SHA': 15, 'ECDHE-RSA-AES256-GCM-SHA384': 10 },
  }),
  'fig04-forward-secrecy': perUnit({
    email: { yes: 800, no: 150, unknown: 50 },
    domain: { yes: 60, no: 40, unknown: 0 },
    mx_host: { yes: 25, no: 15, unknown: 0 },
    ip: { yes: 30, no: 20, unknown: 0 },
  }),
  'fig05-software-results': [
    ...results({ software: 'postfix' }, [4, 10, 20, 1, 5]),
    ...results({ software: 'exim' }, [6, 2, 10, 0, 2]),
    ...results({ software: 'sendmail' }, [1, 3, 4, 0, 2]),
    ...results({ software: 'unknown' }, [2, 2, 2, 2, 2]),
  ],
  'fig06-software-reasons': [
    ...categories(
      { software: 'postfix' },
      { mismatch: 10, 'self-signed + mismatch': 6, unknown: 4 },
    ),
    ...categories({ software: 'exim' }, { mismatch: 6, 'expired + untrusted CA': 4 }),
    ...categories({ software: 'unknown' }, { 'no certificate': 1, unknown: 1 }),
  ],
  'fig07-tld-results': [
    ...results({ tld: 'com' }, [30, 20, 30, 5, 15]),
    ...results({ tld: 'net' }, [10, 5, 10, 0, 5]),
    ...results({ tld: 'org' }, [5, 5, 5, 0, 5]),
    ...results({ tld: 'edu' }, [8, 1, 1, 0, 2]),
  ],
  'fig08-tld-reasons': [
    ...categories({ tld: 'com' }, { mismatch: 20, 'self-signed + mismatch': 5, unknown: 5 }),
    ...categories({ tld: 'net' }, { mismatch: 8, 'self-signed': 2 }),
  ],
  'fig09-europe-results': [
    ...results({ tld: 'uk', country: 'United Kingdom' }, [5, 5, 8, 0, 2]),
    ...results({ tld: 'de', country: 'Germany' }, [4, 8, 6, 1, 1]),
    ...results({ tld: 'fr', country: 'France' }, [3, 3, 3, 0, 1]),
  ],
  'fig10-europe-reasons': [
    ...categories(
      { tld: 'uk', country: 'United Kingdom' },
      { mismatch: 6, 'self-signed + mismatch': 2 },
    ),
    ...categories(
      { tld: 'de', country: 'Germany' },
      { mismatch: 3, 'expired + untrusted CA': 2, unknown: 1 },
    ),
  ],
  'fig11-asia-pacific-results': [
    ...results({ tld: 'jp', country: 'Japan' }, [2, 4, 3, 0, 1]),
    ...results({ tld: 'au', country: 'Australia' }, [3, 3, 2, 0, 2]),
  ],
  'fig12-asia-pacific-reasons': [
    ...categories({ tld: 'jp', country: 'Japan' }, { 'self-signed + mismatch': 2, mismatch: 1 }),
    ...categories({ tld: 'au', country: 'Australia' }, { mismatch: 2 }),
  ],
  'fig13-tls-versions': perUnit({
    email: { 'TLSv1.3': 500, 'TLSv1.2': 400, TLSv1: 80, unknown: 20 },
    domain: { 'TLSv1.3': 30, 'TLSv1.2': 50, TLSv1: 20 },
    mx_host: { 'TLSv1.3': 10, 'TLSv1.2': 25, TLSv1: 5 },
    ip: { 'TLSv1.3': 15, 'TLSv1.2': 30, TLSv1: 5 },
  }),
  'fig14-daily-trend': ['2026-12-01', '2026-12-02'].flatMap((day, d) =>
    ['email', 'domain', 'mx_host', 'ip'].flatMap((unit, u) =>
      results({ day, unit }, [40 + 10 * d, 20 + u, 20, 5, 15 - 5 * d]),
    ),
  ),
  'fig15-top-providers': [
    ...results({ provider: 'google.com' }, [900, 0, 0, 0, 0]),
    ...results({ provider: 'outlook.com' }, [700, 100, 0, 0, 0]),
    ...results({ provider: 'example.net' }, [0, 20, 30, 10, 40]),
  ],
  'fig16-evidence-coverage': [
    {
      dialect: 'all',
      evidence: 'verified',
      count: 60,
      share: 0.6,
      unverified: 0,
      reasons_unknown: 0,
      reasons_partial: 0,
    },
    {
      dialect: 'all',
      evidence: 'chain-only',
      count: 20,
      share: 0.2,
      unverified: 20,
      reasons_unknown: 0,
      reasons_partial: 0,
    },
    {
      dialect: 'all',
      evidence: 'trust-only',
      count: 10,
      share: 0.1,
      unverified: 0,
      reasons_unknown: 10,
      reasons_partial: 0,
    },
    {
      dialect: 'all',
      evidence: 'no-tls-line',
      count: 10,
      share: 0.1,
      unverified: 0,
      reasons_unknown: 0,
      reasons_partial: 0,
    },
    {
      dialect: 'postfix',
      evidence: 'chain-only',
      count: 20,
      share: 0.5,
      unverified: 20,
      reasons_unknown: 0,
      reasons_partial: 0,
    },
    {
      dialect: 'postfix',
      evidence: 'trust-only',
      count: 10,
      share: 0.25,
      unverified: 0,
      reasons_unknown: 10,
      reasons_partial: 0,
    },
    {
      dialect: 'postfix',
      evidence: 'no-tls-line',
      count: 10,
      share: 0.25,
      unverified: 0,
      reasons_unknown: 0,
      reasons_partial: 0,
    },
    {
      dialect: 'jsonl',
      evidence: 'verified',
      count: 60,
      share: 1,
      unverified: 0,
      reasons_unknown: 0,
      reasons_partial: 0,
    },
  ],
  'fig17-enforcement-impact': [
    {
      policy: 'encrypt',
      unit: 'email',
      count: 20,
      share: 0.2,
      count_at_most: 20,
      share_at_most: 0.2,
    },
    {
      policy: 'encrypt',
      unit: 'domain',
      count: 5,
      share: 0.25,
      count_at_most: 5,
      share_at_most: 0.25,
    },
    {
      policy: 'encrypt',
      unit: 'mx_host',
      count: 4,
      share: 0.4,
      count_at_most: 4,
      share_at_most: 0.4,
    },
    { policy: 'encrypt', unit: 'ip', count: 3, share: 0.3, count_at_most: 3, share_at_most: 0.3 },
    {
      policy: 'verify',
      unit: 'email',
      count: 30,
      share: 0.3,
      count_at_most: 50,
      share_at_most: 0.5,
    },
    {
      policy: 'verify',
      unit: 'domain',
      count: 10,
      share: 0.5,
      count_at_most: 15,
      share_at_most: 0.75,
    },
    {
      policy: 'verify',
      unit: 'mx_host',
      count: 6,
      share: 0.6,
      count_at_most: 8,
      share_at_most: 0.8,
    },
    { policy: 'verify', unit: 'ip', count: 5, share: 0.5, count_at_most: 7, share_at_most: 0.7 },
  ],
};
