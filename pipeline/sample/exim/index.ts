/**
 * A realistic Exim main log (Exim 4.96 with OpenSSL, default log selectors) with its ground
 * truth: the same world and traffic as the Postfix sample (../postfix.ts), delivered the way
 * Exim does it (day.ts). Each delivery line (`=>`, `->`, `**`, `==` with `H=`) gets one row.
 */
import { runDay, type SampleCounts, type SampleOptions, type SampleSinks } from '../jsonl/day.js';
import { EximDay } from './day.js';

export type { SampleCounts, SampleOptions, SampleSinks };

/**
 * Writes one day of an Exim main log with `deliveries` delivery lines to `out.log`, and the
 * result each proves to `out.truth`. The same options give the same bytes; the sinks stay open.
 */
export function generateExim(options: SampleOptions, out: SampleSinks): Promise<SampleCounts> {
  return runDay(options, out, 'exim', (context) => new EximDay(context, options.date));
}
