/**
 * A realistic sendmail syslog (`sm-mta`, sendmail 8.17) with its ground truth: the same world
 * and traffic as the Postfix sample (../postfix.ts), delivered the way sendmail does it
 * (day.ts, delivery.ts). Each recipient of an `esmtp` delivery line gets one row.
 */
import { runDay, type SampleCounts, type SampleOptions, type SampleSinks } from '../jsonl/day.js';
import { SendmailDay } from './day.js';

/**
 * Writes one day of sendmail's log from two hosts with `deliveries` delivery rows to `out.log`,
 * and the result each proves to `out.truth`. The same options give the same bytes; the sinks
 * stay open.
 */
export function generateSendmail(options: SampleOptions, out: SampleSinks): Promise<SampleCounts> {
  return runDay(options, out, 'sendmail', (context) => new SendmailDay(context));
}
