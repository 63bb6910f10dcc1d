import type { DeliveryStatus, Evidence, StarttlsResult } from '../../../pipeline/model/delivery.js';

/**
 * What the warehouse must hold for one scenario's message under one MTA configuration, worked
 * out from what that MTA writes at that setting (LOG-FORMATS.md), not from the parser.
 */

/** self-signed, untrusted CA, name mismatch, expired: true = failed, null = the log cannot say. */
export type Verdicts = readonly [boolean | null, boolean | null, boolean | null, boolean | null];

export interface RowExpectation {
  status: DeliveryStatus;
  starttls: StarttlsResult;
  evidence: Evidence;
  verdicts: Verdicts;
  /** `trust_logged`: the MTA's own word (`Trusted`, `CV=no`, `verify=OK`), or null. */
  trust: string | null;
  /**
   * True: `tls_version`, `cipher` and `forward_secrecy` must agree with what the receiver saw on
   * the connection. False: all three must be null (the message went in clear, or never went).
   * `unlogged`: all three are null although the receiver saw TLS, because the MTA does not log
   * it on this kind of line; the suite checks that the gap is real.
   */
  tls: boolean | 'unlogged';
  /** A fragment `verify_text` must contain; null: it must be null; omitted: not checked. */
  verifyText?: string | null;
}

export interface Expectation {
  /** The last row of the message, once the queue has settled. */
  final: RowExpectation;
  /** What every earlier row (deferrals before the last attempt) must be; none allowed if absent. */
  before?: RowExpectation;
  /** Why the log says this, in a line, for the report. */
  why: string;
}

/** Expectations of one MTA configuration, by scenario name. */
export type ExpectationTable = (scenario: string) => Expectation;

export const UNKNOWN: Verdicts = [null, null, null, null];
export const ALL_PASSED: Verdicts = [false, false, false, false];

export function row(fields: RowExpectation): RowExpectation {
  return fields;
}

/** The same row, with other fields. */
export function but(base: RowExpectation, changes: Partial<RowExpectation>): RowExpectation {
  return { ...base, ...changes };
}

/** A message deferred on every attempt: the earlier rows look like the last. */
export function deferredEachTime(final: RowExpectation, why: string): Expectation {
  return { final, before: final, why };
}

/** Short text of a row expectation, for the report table. */
export function describeRow(r: RowExpectation): string {
  const mark = (v: boolean | null) => (v === null ? '?' : v ? 'x' : '-');
  const verdicts = r.verdicts.map(mark).join('');
  return `${r.status} ${r.starttls}/${r.evidence} [${verdicts}]${r.trust ? ' ' + r.trust : ''}`;
}
