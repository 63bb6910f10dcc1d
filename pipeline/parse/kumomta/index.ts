import type { DialectModule, LineOutcome, LineParser, ParserContext } from '../dialect.js';
import { quarantined, SKIPPED, USED } from '../dialect.js';
import type { Line } from '../../read/line.js';
import { parseJsonObject } from '../json/value.js';
import { KumoCorrelator } from './correlate.js';
import { KUMO_RECORD_TYPES, readKumoRecord } from './record.js';

/** KumoMTA's JSON log records, one per line (LOG-FORMATS §4.1). */
export const kumomta: DialectModule = {
  name: 'kumomta',
  identicalLinesAreDuplicates: true,

  detect(firstLines) {
    let records = 0;
    for (const line of firstLines) {
      if (!line.trimStart().startsWith('{')) continue;
      const parsed = parseJsonObject(line);
      if (parsed.kind !== 'object') continue;
      const { type, id, queue } = parsed.value;
      const known = KUMO_RECORD_TYPES.some((t) => t === type);
      if (known && (typeof id === 'string' || typeof queue === 'string')) records++;
    }
    return records > 0 && records * 2 >= Math.min(firstLines.length, 20);
  },

  createParser(context: ParserContext): LineParser {
    const correlator = new KumoCorrelator(context.emit);

    return {
      feed(line: Line): LineOutcome {
        if (line.text.trim() === '') return SKIPPED;
        const parsed = parseJsonObject(line.text);
        if (parsed.kind === 'invalid') return quarantined('bad-record', parsed.reason);
        const reading = readKumoRecord(parsed.value);
        switch (reading.kind) {
          case 'invalid':
            return quarantined('bad-record', reading.reason);
          case 'skip':
            return SKIPPED;
          case 'attempt':
            correlator.attempt(reading.record, line);
            return USED;
        }
      },
      finish() {
        // Rows are emitted as their records arrive; a reconnect never followed emits nothing.
      },
    };
  },
};
