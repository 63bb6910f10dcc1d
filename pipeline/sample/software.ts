import { ALNUM, DIGITS, HEX_LOWER, HEX_UPPER, LOWER_ALNUM, type Random } from './random.js';

/**
 * How a receiving server words its reply to DATA, and the software that reply fingerprints.
 * Styles without a fingerprint (Yahoo, web.de, plain `250 Ok`) stand for servers whose software
 * a log cannot tell.
 */
export type ReplyStyle =
  | 'postfix'
  | 'exim'
  | 'sendmail'
  | 'qmail'
  | 'exchange'
  | 'microsoft365'
  | 'google'
  | 'yahoo'
  | 'webde'
  | 'yandex'
  | 'naver'
  | 'generic';

/** The software the ground truth names for a delivered message's reply. */
export function softwareOf(style: ReplyStyle): string | null {
  switch (style) {
    case 'postfix':
    case 'exim':
    case 'sendmail':
    case 'qmail':
    case 'exchange':
    case 'google':
      return style;
    case 'microsoft365':
      return 'exchange';
    case 'yahoo':
    case 'webde':
    case 'yandex':
    case 'naver':
    case 'generic':
      return null;
  }
}

/** The DSN Postfix logs for a reply: the enhanced status code it carries, else 2.0.0. */
export function replyDsn(style: ReplyStyle): string {
  return style === 'exchange' || style === 'microsoft365' ? '2.6.0' : '2.0.0';
}

export interface ReplyContext {
  random: Random;
  /** Unix time of the reply, for the replies that carry one. */
  unixSeconds: number;
  messageId: string;
  sizeBytes: number;
  /** Name of the on-premises Exchange server behind the MX host. */
  backend: string;
}

const EOP_SITES = ['AM7', 'DB9', 'VI1', 'PA4', 'BN8', 'CH3', 'SJ0', 'MW4', 'SG2', 'TYZ'];
const EOP_REGIONS = ['eurprd04', 'eurprd08', 'namprd11', 'namprd04', 'apcprd06'];
const GENERIC = ['250 Ok', '250 OK', '250 2.0.0 Ok', '250 Message accepted', '250 2.0.0 Queued'];

/** The reply text after DATA as Postfix logs it in `status=sent (…)`. */
export function dataReply(style: ReplyStyle, c: ReplyContext): string {
  const r = c.random;
  switch (style) {
    case 'postfix':
      return r.chance(0.7)
        ? `250 2.0.0 Ok: queued as ${r.chars(HEX_UPPER, r.between(9, 11))}`
        : `250 2.0.0 Ok: queued as 4${r.chars(ALNUM, 10)}z${r.chars(ALNUM, 3)}`;
    case 'exim':
      return r.chance(0.6)
        ? `250 OK id=1${r.chars(ALNUM, 5)}-${r.chars(ALNUM, 6)}-${r.chars(ALNUM, 2)}`
        : `250 OK id=1${r.chars(ALNUM, 5)}-0000000${r.chars(ALNUM, 4)}-${r.chars(ALNUM, 4)}`;
    case 'sendmail':
      return `250 2.0.0 ${r.chars(ALNUM, 8)}${r.chars(DIGITS, 6)} Message accepted for delivery`;
    case 'qmail':
      return `250 ok ${c.unixSeconds} qp ${r.between(1000, 99999)}`;
    case 'exchange': {
      const id = internalId(r);
      const head = `250 2.6.0 ${c.messageId} [InternalId=${id}, Hostname=${c.backend}]`;
      return `${head} Queued mail for delivery`;
    }
    case 'microsoft365': {
      const seconds = (r.between(20, 900) / 1000).toFixed(3);
      const rate = ((c.sizeBytes / 1024 / Number(seconds)) | 0) + '.' + r.chars(DIGITS, 3);
      const site = `${r.pick(EOP_SITES)}PR${r.chars(DIGITS, 2)}MB${r.chars(DIGITS, 4)}`;
      const backend = `${site}.${r.pick(EOP_REGIONS)}.prod.outlook.com`;
      const head = `250 2.6.0 ${c.messageId} [InternalId=${internalId(r)}, Hostname=${backend}]`;
      return `${head} ${c.sizeBytes} bytes in ${seconds}, ${rate} KB/sec Queued mail for delivery`;
    }
    case 'google':
      return `250 2.0.0 OK  ${c.unixSeconds} ${googleId(r)} - gsmtp`;
    case 'yahoo':
      return '250 ok dirdel';
    case 'webde': {
      const id = `1M${r.chars(ALNUM, 4)}-1${r.chars(ALNUM, 9)}-00${r.chars(LOWER_ALNUM, 4)}`;
      return `250 Requested mail action okay, completed: id=${id}`;
    }
    case 'yandex': {
      const front = `mail-nwsmtp-mxfront-production-main-${r.between(10, 99)}.vla.yp-c.yandex.net`;
      return `250 2.0.0 Ok: queued on ${front} ${c.unixSeconds}-${r.chars(ALNUM, 8)}`;
    }
    case 'naver':
      return `250 2.0.0 OK ${r.chars(ALNUM, 22)} - nsmtp`;
    case 'generic':
      return r.pick(GENERIC);
  }
}

function internalId(r: Random): string {
  return `${r.between(10000, 99999)}${r.chars(DIGITS, 8)}`;
}

function googleId(r: Random): string {
  const head = `${r.chars(HEX_LOWER, 13)}-${r.chars(LOWER_ALNUM, 10)}`;
  return `${head}si${r.chars(DIGITS, 7)}${r.chars(LOWER_ALNUM, 3)}.${r.between(1, 999)}`;
}

const GMAIL_NO_SUCH_USER =
  '550-5.1.1 The email account that you tried to reach does not exist. Please try ' +
  "550-5.1.1 double-checking the recipient's email address for typos or " +
  '550-5.1.1 unnecessary spaces. For more information, go to ' +
  '550 5.1.1  https://support.google.com/mail/?p=NoSuchUser';

/** The RCPT TO rejection of an unknown user, and the DSN Postfix derives from it. */
export function unknownUserReply(
  style: ReplyStyle,
  recipient: string,
  r: Random,
): { dsn: string; reply: string } {
  switch (style) {
    case 'google':
      return {
        dsn: '5.1.1',
        reply: `${GMAIL_NO_SUCH_USER} ${googleId(r)} - gsmtp`,
      };
    case 'exchange':
    case 'microsoft365': {
      const server = `${r.chars(ALNUM, 15).toUpperCase()}.EURPRD${r.between(10, 99)}`;
      const text = 'Requested action not taken: mailbox unavailable (S2017062302)';
      return { dsn: '5.5.0', reply: `550 5.5.0 ${text} [${server}.PROD.OUTLOOK.COM]` };
    }
    case 'yahoo':
      return {
        dsn: '5.0.0',
        reply:
          `554 delivery error: dd This user doesn't have a yahoo.com account (${recipient}) ` +
          `[0] - mta${r.between(1000, 9999)}.mail.gq1.yahoo.com`,
      };
    case 'exim':
      return { dsn: '5.0.0', reply: '550 Unrouteable address' };
    case 'sendmail':
      return { dsn: '5.1.1', reply: `550 5.1.1 <${recipient}>... User unknown` };
    case 'qmail':
      return { dsn: '5.1.1', reply: '511 sorry, no mailbox here by that name (#5.1.1)' };
    case 'postfix':
    case 'webde':
    case 'yandex':
    case 'naver':
    case 'generic':
      return {
        dsn: '5.1.1',
        reply:
          `550 5.1.1 <${recipient}>: Recipient address rejected: ` +
          'User unknown in virtual mailbox table',
      };
  }
}
