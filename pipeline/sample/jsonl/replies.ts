import type { Random } from '../random.js';
import { dataReply, replyDsn, unknownUserReply, type ReplyStyle } from '../software.js';
import type { Destination, MxHost } from '../world.js';

/**
 * What the receiving server answers, the same for every MTA: a refusal of the whole
 * transaction now and then, an unknown recipient now and then, else the reply to DATA. Rates
 * follow the Postfix sample's.
 */

const BOUNCE_RATE = 0.015;
const GREYLIST_RATE = 0.5;
const THROTTLE_RATE = 0.03;

/** A temporary refusal of every recipient: greylisting at RCPT, a provider's rate limit. */
export type Refusal = 'greylist' | 'throttle';

export function refusalOf(
  r: Random,
  mx: MxHost,
  destination: Destination,
  attempt: number,
): Refusal | null {
  if (mx.reply === 'yahoo' && r.chance(THROTTLE_RATE)) return 'throttle';
  if (destination.greylisting && attempt === 1 && r.chance(GREYLIST_RATE)) return 'greylist';
  return null;
}

/** An SMTP reply as one line, and the command it answered. */
export interface Reply {
  text: string;
  command: 'MAIL FROM' | 'RCPT TO' | 'DATA';
  /** The DSN an MTA derives from it: its enhanced code, else one from the reply code. */
  dsn: string;
}

/** The refusal's reply to one recipient (a rate limit answers MAIL FROM, the same for all). */
export function refusalReply(refusal: Refusal, address: string, domain: string): Reply {
  switch (refusal) {
    case 'greylist':
      return {
        text:
          `450 4.2.0 <${address}>: Recipient address rejected: Greylisted, ` +
          `see http://postgrey.schweikert.ch/help/${domain}.html`,
        command: 'RCPT TO',
        dsn: '4.2.0',
      };
    case 'throttle':
      return {
        text:
          '421 4.7.0 [TSS04] Messages from 198.51.100.25 temporarily deferred due to ' +
          'unexpected volume or user complaints - 4.16.55.1; ' +
          'see https://postmaster.yahooinc.com/error-codes',
        command: 'MAIL FROM',
        dsn: '4.7.0',
      };
  }
}

export interface RecipientOutcome {
  address: string;
  status: 'sent' | 'bounced';
  reply: Reply;
}

/**
 * Each recipient's outcome in one transaction: an unknown user is refused at RCPT TO, the rest
 * share the reply to DATA.
 */
export function recipientOutcomes(
  r: Random,
  style: ReplyStyle,
  addresses: readonly string[],
  context: { unixSeconds: number; messageId: string; sizeBytes: number; backend: string },
): RecipientOutcome[] {
  let accepted: Reply | null = null;
  return addresses.map((address) => {
    if (r.chance(BOUNCE_RATE)) {
      const { dsn, reply } = unknownUserReply(style, address, r);
      return { address, status: 'bounced', reply: { text: reply, command: 'RCPT TO', dsn } };
    }
    accepted ??= {
      text: dataReply(style, { random: r, ...context }),
      command: 'DATA',
      dsn: replyDsn(style),
    };
    return { address, status: 'sent', reply: accepted };
  });
}

const ENHANCED = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3}) /;

/** The enhanced status code a reply starts with (`550 5.1.1 …`, `550-5.1.1 …`), or null. */
export function enhancedCode(reply: string): string | null {
  return ENHANCED.exec(reply)?.[1] ?? null;
}

/** The reply without its code and enhanced code: `250 2.0.0 Ok: queued as X` → `Ok: queued as X`. */
export function replyWords(reply: string): string {
  const code = /^\d{3}[ -](?:[245]\.\d{1,3}\.\d{1,3} )?/.exec(reply);
  return code ? reply.slice(code[0].length) : reply;
}
