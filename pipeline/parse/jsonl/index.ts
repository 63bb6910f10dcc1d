import type { DialectModule, LineOutcome, LineParser, ParserContext } from '../dialect.js';
import { quarantined, SKIPPED, USED } from '../dialect.js';
import type { Line } from '../../read/line.js';
import { parseJsonObject } from '../json/value.js';
import { deliveryFromRecord } from './row.js';
import { FORMAT_V1 } from './spec.js';
import { validateRecord } from './validate.js';

/**
 * The canonical JSON Lines format (schema/delivery-v1.schema.json, docs/canonical-jsonl.md):
 * one object per delivery attempt, written by senders whose MTA we have no parser for.
 */
export const jsonl: DialectModule = {
  name: 'jsonl',
  identicalLinesAreDuplicates: false,

  detect(firstLines) {
    let records = 0;
    for (const line of firstLines) {
      if (!line.trimStart().startsWith('{')) continue;
      const parsed = parseJsonObject(line);
      if (parsed.kind === 'object' && parsed.value.format === FORMAT_V1) records++;
    }
    return records > 0 && records * 2 >= Math.min(firstLines.length, 20);
  },

  createParser(context: ParserContext): LineParser {
    return {
      feed(line: Line): LineOutcome {
        if (line.text.trim() === '') return SKIPPED;
        const parsed = parseJsonObject(line.text);
        if (parsed.kind === 'invalid') return quarantined('bad-record', parsed.reason);
        const validation = validateRecord(parsed.value);
        if (validation.kind === 'invalid') {
          return quarantined('bad-record', validation.problems.join('; '));
        }
        context.emit(deliveryFromRecord(validation.record, line));
        return USED;
      },
      finish() {
        // Each record is a whole delivery attempt; nothing is held back.
      },
    };
  },
};
