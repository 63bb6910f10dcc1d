import type { DialectModule, LineOutcome, LineParser, ParserContext } from '../dialect.js';
import { quarantined, SKIPPED, USED } from '../dialect.js';
import type { Line } from '../../read/line.js';
import { EximCorrelator } from './correlate.js';
import { readEximMessage } from './messages.js';
import { looksLikeEximLog, readPrefix } from './prefix.js';

/**
 * The Exim main log (`mainlog`): outbound deliveries (`=>`, `->`, `>>`, `==`, `**` with `H=`)
 * and the certificate and handshake lines logged before them. Arrivals, local deliveries and
 * server-side TLS lines are skipped.
 */
export const exim: DialectModule = {
  name: 'exim',
  identicalLinesAreDuplicates: true,

  detect: looksLikeEximLog,

  createParser(context: ParserContext): LineParser {
    const correlator = new EximCorrelator(context.emit);

    return {
      feed(line: Line): LineOutcome {
        const text = line.text;
        if (text.trim() === '') return SKIPPED;
        const prefix = readPrefix(text, context.time.zone);
        if (prefix === null) {
          return quarantined('bad-prefix', 'no Exim timestamp (YYYY-MM-DD HH:MM:SS)');
        }
        const queueId = prefix.queueId;
        if (queueId === null) return SKIPPED; // queue runs, daemon starts, inbound connections

        const message = readEximMessage(text.slice(prefix.messageStart));
        switch (message.kind) {
          case 'irrelevant':
            return SKIPPED;
          case 'malformed':
            return quarantined(message.code, `exim delivery line: ${message.reason}`);
          case 'completed':
            correlator.completed(queueId);
            return SKIPPED;
          case 'verify-error':
            correlator.verifyError(queueId, prefix.timeMillis, message.address, {
              text: message.text,
              reason: message.reason,
            });
            return USED;
          case 'tls-failure':
            correlator.tlsFailure(queueId, prefix.timeMillis, message.address);
            return USED;
          case 'delivery': {
            const outcome = correlator.deliver({
              queueId,
              line: message.line,
              timeMillis: prefix.timeMillis,
              offset: line.offset,
              number: line.number,
            });
            return outcome === 'ok'
              ? USED
              : quarantined('bad-field', 'exim delivery line: recipient without a domain');
          }
        }
      },
      finish() {
        // Deliveries are emitted as their lines arrive; evidence without a delivery is dropped.
      },
    };
  },
};
