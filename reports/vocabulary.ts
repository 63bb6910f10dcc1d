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

/** Forward secrecy of a cipher suite, as Figure 4 counts it. */
export const SECRECY = ['yes', 'no', 'unknown'] as const;
export const SECRECY_LABELS: Readonly<Record<(typeof SECRECY)[number], string>> = {
  yes: 'Forward secret',
  no: 'Not forward secret',
  unknown: 'Suite not logged',
};
export const SECRECY_COLORS: Readonly<Record<(typeof SECRECY)[number], string>> = {
  yes: '#009E73',
  no: '#D55E00',
  unknown: '#BBBBBB',
};

/** TLS protocol versions, newest first, green to red. */
export const TLS_VERSION_COLORS: Readonly<Record<string, string>> = {
  'TLSv1.3': '#009E73',
  'TLSv1.2': '#56B4E9',
  'TLSv1.1': '#F0E442',
  TLSv1: '#E69F00',
  SSLv3: '#D55E00',
  unknown: '#BBBBBB',
};

/** What a delivery's result rests on (the evidence column), strongest proof first. */
export const EVIDENCE_COLORS: Readonly<Record<string, string>> = {
  verified: '#009E73',
  reasons: '#E69F00',
  'trust-only': '#F0E442',
  'chain-only': '#56B4E9',
  'tls-only': '#0072B2',
  anonymous: '#CC79A7',
  'handshake-failure': '#D55E00',
  'no-starttls': '#666666',
  'no-tls-line': '#999999',
  'plaintext-reuse': '#CCCCCC',
  probe: '#44AA99',
};

/** Names of the receiving software as the `software` column holds them. */
export const SOFTWARE_LABELS: Readonly<Record<string, string>> = {
  postfix: 'Postfix',
  exim: 'Exim',
  sendmail: 'Sendmail',
  qmail: 'qmail',
  qpsmtpd: 'qpsmtpd',
  exchange: 'Exchange',
  google: 'Google',
  unknown: 'Unknown',
};

/** Log dialects, as the `dialect` column holds them. */
export const DIALECT_LABELS: Readonly<Record<string, string>> = {
  all: 'All logs',
  postfix: 'Postfix',
  exim: 'Exim',
  sendmail: 'Sendmail',
  kumomta: 'KumoMTA',
  jsonl: 'Canonical JSONL',
};

/** A categorical palette for categories without a fixed colour (cipher suites, providers). */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#882255',
  '#44AA99',
  '#332288',
  '#999933',
  '#AA4499',
];

/** Categories that are not one of a kind: the rest folded together, and what was not logged. */
export const OTHER_COLOR = '#DDDDDD';
export const UNKNOWN_COLOR = '#BBBBBB';
