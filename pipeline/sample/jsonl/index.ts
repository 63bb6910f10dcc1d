/**
 * Canonical JSON Lines records (`starttls-census/v1`) with their ground truth: the same world
 * and traffic as the Postfix sample (../postfix.ts), written by the sender's own MTAs at three
 * depths of detail (producer.ts). Every record is one delivery row.
 */
import { CanonicalDay } from './canonical.js';
import { runDay, type SampleCounts, type SampleOptions, type SampleSinks } from './day.js';

/**
 * Writes one day of canonical records with `deliveries` rows to `out.log`, and the result each
 * proves to `out.truth`. The same options give the same bytes; the sinks stay open.
 */
export function generateJsonl(options: SampleOptions, out: SampleSinks): Promise<SampleCounts> {
  return runDay(options, out, 'jsonl', (context) => new CanonicalDay(context));
}
