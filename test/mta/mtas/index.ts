import type { MtaDriver } from '../harness/mta.js';
import { eximDriver } from './exim.js';
import { postfixDriver } from './postfix.js';
import { sendmailDriver } from './sendmail.js';

export const DRIVERS: Record<MtaDriver['name'], MtaDriver> = {
  postfix: postfixDriver,
  exim: eximDriver,
  sendmail: sendmailDriver,
};
