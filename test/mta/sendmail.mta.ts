import { conformanceSuite } from './harness/suite.js';
import { sendmailDriver } from './mtas/sendmail.js';

conformanceSuite(sendmailDriver);
