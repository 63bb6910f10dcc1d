/**
 * A realistic KumoMTA JSON log (one record per line) with its ground truth: the same world and
 * traffic as the Postfix sample (../postfix.ts), delivered the way KumoMTA does it (day.ts).
 * Each recipient of a Delivery, TransientFailure or Bounce record gets one row.
 */
import { runDay, type SampleCounts, type SampleOptions, type SampleSinks } from '../jsonl/day.js';
import { KumoDay } from './day.js';

/**
 * Writes one day of a KumoMTA log with `deliveries` delivery rows to `out.log`, and the result
 * each proves to `out.truth`. The same options give the same bytes; the sinks stay open.
 */
export function generateKumomta(options: SampleOptions, out: SampleSinks): Promise<SampleCounts> {
  return runDay(options, out, 'kumomta', (context) => new KumoDay(context));
}
