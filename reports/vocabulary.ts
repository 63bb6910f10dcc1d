import type { StarttlsResult } from '../pipeline/model/delivery.js';

/**
 * Words and colours the report uses for stored codes, shared by every figure so that a result
 * looks the same wherever it appears.
 */

export const RESULT_LABELS: Readonly<Record<StarttlsResult, string>> = {
  strict: 'Strict',
  unverified: 'Unverified',
  opportunistic: 'Opportunistic',
  failure: 'Failure',
  none: 'None',
};

/**
 * Okabe–Ito colours, distinguishable with the common colour-vision deficiencies and light enough
 * for black labels: bluish green for the best result, grey for no encryption at all.
 */
export const RESULT_COLORS: Readonly<Record<StarttlsResult, string>> = {
  strict: '#009E73',
  unverified: '#56B4E9',
  opportunistic: '#E69F00',
  failure: '#D55E00',
  none: '#999999',
};

/** What a row counts: deliveries, or distinct recipient domains, MX hosts or IP addresses. */
export const UNITS = ['email', 'domain', 'mx_host', 'ip'] as const;
export type Unit = (typeof UNITS)[number];

export const UNIT_LABELS: Readonly<Record<Unit, string>> = {
  email: 'All email',
  domain: 'Domains',
  mx_host: 'MX hosts',
  ip: 'IP addresses',
};
