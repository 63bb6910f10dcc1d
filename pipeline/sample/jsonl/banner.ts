import { DIGITS, LOWER_ALNUM, type Random } from '../random.js';
import type { ReplyStyle } from '../software.js';
import type { MxHost } from '../world.js';

/**
 * The greeting an MX host sends, in the default wording of its software (LOG-FORMATS §8.2), and
 * the software that wording names. Providers that hide theirs say nothing about it.
 */
export function banner(r: Random, mx: MxHost, unixSeconds: number): string {
  const host = mx.name;
  const date = rfc2822(unixSeconds);
  switch (mx.reply) {
    case 'postfix':
      return `220 ${host} ESMTP Postfix${r.chance(0.4) ? ' (Debian/GNU)' : ''}`;
    case 'exim':
      return `220 ${host} ESMTP Exim 4.96 ${date}`;
    case 'sendmail':
      return `220 ${host} ESMTP Sendmail 8.17.1/8.17.1; ${date}`;
    case 'qmail':
      return `220 ${host} ESMTP`;
    case 'exchange':
    case 'microsoft365':
      return `220 ${host} Microsoft ESMTP MAIL Service ready at ${date}`;
    case 'google':
      return `220 mx.google.com ESMTP ${r.chars(LOWER_ALNUM, 20)}.${r.between(1, 999)} - gsmtp`;
    case 'yahoo':
      return `220 mtaproxy${r.between(100, 999)}.free.mail.gq1.yahoo.com ESMTP ready`;
    case 'webde':
      return `220 web.de (mrweb${r.between(100, 199)}) Nemesis ESMTP Service ready`;
    case 'yandex':
      return (
        `220 ${host} (Want to use Yandex.Mail for your domain? Visit http://pdd.yandex.ru) ` +
        `${unixSeconds}-${r.chars(DIGITS, 4)}${r.chars(LOWER_ALNUM, 4)}`
      );
    case 'naver':
      return `220 ${host} ESMTP nsmtp`;
    case 'generic':
      return `220 ${host} ESMTP ready`;
  }
}

/** The software a banner of `style` names, by the fingerprints of §8.2. */
export function bannerSoftware(style: ReplyStyle): string | null {
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

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue, 1 Dec 2026 09:15:02 +0000`, for a Unix time. */
function rfc2822(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const time = d.toISOString().slice(11, 19);
  const day = DAYS[d.getUTCDay()] ?? '';
  const month = MONTHS[d.getUTCMonth()] ?? '';
  return `${day}, ${d.getUTCDate()} ${month} ${d.getUTCFullYear()} ${time} +0000`;
}
