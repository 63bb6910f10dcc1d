import { conformanceSuite } from './harness/suite.js';
import { postfixDriver } from './mtas/postfix.js';

conformanceSuite(postfixDriver);
