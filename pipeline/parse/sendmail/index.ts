import type { DialectModule, LineOutcome, LineParser, ParserContext } from '../dialect.js';
import { quarantined, SKIPPED, USED } from '../dialect.js';
import { SyslogReader } from '../syslog.js';
import type { Line } from '../../read/line.js';
import { SendmailCorrelator } from './correlate.js';
import { readSendmailMessage } from './messages.js';

// The syslog tags sendmail logs under: the MTA (`sendmail`, Debian's `sm-mta`) and the
// submission queue runner.
const SENDMAIL_PROGRAMS = new Set(['sendmail', 'sm-mta', 'sm-msp-queue']);
// `(?:\S* )?\S+ `, not `\S* ?\S+ `: the latter splits one long token in every way before failing.
const HEADER_FOR_DETECTION =
  /^(?:[A-Z][a-z]{2} [ \d]\d |\d{4}-\d\d-\d\d[T ])(?:\S* )?\S+ (\S+)\[\d+\]: /;

export const sendmail: DialectModule = {
  name: 'sendmail',
  identicalLinesAreDuplicates: true,

  detect(firstLines) {
    let sendmailLines = 0;
    for (const line of firstLines) {
      const m = HEADER_FOR_DETECTION.exec(line);
      if (m && SENDMAIL_PROGRAMS.has(m[1] ?? '')) sendmailLines++;
    }
    return sendmailLines > 0 && sendmailLines * 2 >= Math.min(firstLines.length, 20);
  },

  createParser(context: ParserContext): LineParser {
    const syslog = new SyslogReader(context.time);
    const correlator = new SendmailCorrelator(context.emit);

    return {
      feed(line: Line): LineOutcome {
        const text = line.text;
        if (text.length === 0) return SKIPPED;
        const header = syslog.read(text);
        if (header === null) {
          return quarantined('bad-prefix', 'no syslog header (timestamp host program[pid]:)');
        }
        const program = header.program;
        if (!SENDMAIL_PROGRAMS.has(program)) return SKIPPED;

        const message = readSendmailMessage(text.slice(header.messageStart));
        const processKey = header.processKey;
        switch (message.kind) {
          case 'irrelevant':
            return SKIPPED;
          case 'malformed':
            return quarantined(message.code, `${program}: ${message.reason}`);
          case 'delivery': {
            const outcome = correlator.deliver(processKey, {
              message,
              timeMillis: header.timeMillis,
              logHost: header.host,
              offset: line.offset,
              number: line.number,
            });
            return outcome === 'ok'
              ? USED
              : quarantined('bad-field', `${program}: recipient without a domain`);
          }
          default:
            return correlator.observe(processKey, message, header.timeMillis) ? USED : SKIPPED;
        }
      },
      finish() {
        // Deliveries are emitted as their lines arrive; nothing is held back.
      },
    };
  },
};
