import type { Delivery } from '../../pipeline/model/delivery.js';
import type { DialectModule, LineOutcome } from '../../pipeline/parse/dialect.js';

/** Runs a dialect over lines given in a test; returns the deliveries and each line's outcome. */
export function parseLines(
  module: DialectModule,
  lines: string[],
  options: { zone?: string; year?: number } = {},
): { deliveries: Delivery[]; outcomes: LineOutcome[] } {
  const deliveries: Delivery[] = [];
  const parser = module.createParser({
    time: {
      zone: options.zone ?? 'UTC',
      fixedYear: options.year ?? 2026,
      reference: { year: 2026, month: 12 },
    },
    emit: (d) => deliveries.push(d),
  });
  let offset = 0;
  const outcomes = lines.map((text, i) => {
    const outcome = parser.feed({ text, offset, number: i + 1, truncated: false });
    offset += Buffer.byteLength(text) + 1;
    return outcome;
  });
  parser.finish();
  return { deliveries, outcomes };
}
