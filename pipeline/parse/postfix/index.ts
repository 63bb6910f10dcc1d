import type { DialectModule, LineOutcome, LineParser, ParserContext } from '../dialect.js';
import { quarantined, SKIPPED, USED } from '../dialect.js';
import { OTHER_PROGRAM, SyslogReader } from '../syslog.js';
import type { Line } from '../../read/line.js';
import { PostfixCorrelator } from './correlate.js';
import { readSmtpMessage } from './messages.js';

// `postfix/smtp`, `postfix-out/smtp`, `postfix/relay/smtp`: the last part names the program.
const POSTFIX_TAG = /^postfix[\w.-]*\/[\w/.-]+$/;
// `(?:\S* )?\S+ `, not `\S* ?\S+ `: the latter splits one long token in every way before failing.
const HEADER_FOR_DETECTION =
  /^(?:[A-Z][a-z]{2} [ \d]\d |\d{4}-\d\d-\d\d[T ])(?:\S* )?\S+ (\S+)\[\d+\]: /;

const SLASH = 47;

/** isSmtpClient over the bytes of a line. */
function isSmtpClientBytes(bytes: Buffer, start: number, end: number): boolean {
  const name = end - 4;
  return (
    name >= start &&
    bytes[name] === 115 && // s
    bytes[name + 1] === 109 && // m
    bytes[name + 2] === 116 && // t
    bytes[name + 3] === 112 && // p
    (name === start || bytes[name - 1] === SLASH)
  );
}

/** The smtp(8) client: a program tag `smtp` or ending in `/smtp`. */
function isSmtpClient(text: string, start: number, end: number): boolean {
  const name = end - 4;
  return (
    name >= start &&
    text.startsWith('smtp', name) &&
    (name === start || text.charCodeAt(name - 1) === SLASH)
  );
}

export const postfix: DialectModule = {
  name: 'postfix',
  identicalLinesAreDuplicates: true,

  detect(firstLines) {
    let postfixLines = 0;
    for (const line of firstLines) {
      const m = HEADER_FOR_DETECTION.exec(line);
      if (m && POSTFIX_TAG.test(m[1] ?? '')) postfixLines++;
    }
    return postfixLines > 0 && postfixLines * 2 >= Math.min(firstLines.length, 20);
  },

  createParser(context: ParserContext): LineParser {
    const syslog = new SyslogReader(context.time);
    const correlator = new PostfixCorrelator(context.emit);

    return {
      skipsBytes(bytes: Buffer, start: number, end: number): boolean {
        // Lines of qmgr, cleanup, smtpd and the rest, most of a Postfix log.
        return syslog.skipsOtherProgram(bytes, start, end, isSmtpClientBytes);
      },
      feed(line: Line): LineOutcome {
        const text = line.text;
        if (text.length === 0) return SKIPPED;
        const header = syslog.read(text, isSmtpClient);
        if (header === null) {
          return quarantined('bad-prefix', 'no syslog header (timestamp host program[pid]:)');
        }
        if (header === OTHER_PROGRAM) return SKIPPED;
        const program = header.program;

        const message = readSmtpMessage(text.slice(header.messageStart));
        const processKey = header.processKey;
        switch (message.kind) {
          case 'irrelevant':
            return SKIPPED;
          case 'malformed':
            return quarantined('unrecognized-line', `${program}: ${message.reason}`);
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
            correlator.observe(processKey, message, header.timeMillis);
            return USED;
        }
      },
      finish() {
        // Deliveries are emitted as their lines arrive; nothing is held back.
      },
    };
  },
};
