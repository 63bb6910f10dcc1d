import type { Delivery, Dialect } from '../model/delivery.js';
import type { Line } from '../read/line.js';
import type { TimeContext } from './time.js';

/** What became of one input line. Every line read gets exactly one outcome. */
export type LineOutcome =
  | { kind: 'used' } // the line contributed to a delivery or to its TLS evidence
  | { kind: 'skipped' } // well-formed, but says nothing about outbound deliveries
  | { kind: 'quarantined'; code: ProblemCode; reason: string };

export type ProblemCode =
  | 'bad-prefix' // no syslog or dialect header could be read
  | 'bad-timestamp'
  | 'unrecognized-line' // a line of a relevant program in no known shape
  | 'bad-field' // a known shape with a field that could not be read
  | 'bad-record' // a JSON record that is not valid or violates the schema
  | 'line-too-long';

export const USED: LineOutcome = Object.freeze({ kind: 'used' });
export const SKIPPED: LineOutcome = Object.freeze({ kind: 'skipped' });

export function quarantined(code: ProblemCode, reason: string): LineOutcome {
  return { kind: 'quarantined', code, reason };
}

export interface ParserContext {
  /** Read at every line: the ingest updates the reference date when the next file begins. */
  time: TimeContext;
  /**
   * Receives each delivery as soon as its evidence is complete. Parsers leave `sourceFile`
   * empty: one parser reads a whole rotated set, and the ingest knows which file is current.
   */
  emit: (delivery: Delivery) => void;
}

/**
 * A dialect's parser and correlator for one stream of lines in log order. It holds the state
 * that ties TLS lines to deliveries, so one instance reads one rotated set from oldest to newest.
 */
export interface LineParser {
  feed(line: Line): LineOutcome;
  /**
   * Optional: true when `feed` of the line `bytes[start, end)` (whole, not too long) is certain
   * to return SKIPPED and to change nothing, so the line need not be decoded or fed. False when
   * in doubt. Asked in log order, just where `feed` would be.
   */
  skipsBytes?(bytes: Buffer, start: number, end: number): boolean;
  /** End of input: emit what is still pending. */
  finish(): void;
}

export interface DialectModule {
  name: Dialect;
  /**
   * False when two identical lines can be two events: a canonical record may name only the
   * recipient's domain, so two recipients there in one second look alike. Otherwise a delivery
   * line repeated word for word is a relayed duplicate and is counted once.
   */
  identicalLinesAreDuplicates: boolean;
  /** True when these first lines of a file are in this dialect. */
  detect(firstLines: string[]): boolean;
  createParser(context: ParserContext): LineParser;
}
