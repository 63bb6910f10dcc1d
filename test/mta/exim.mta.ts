import { conformanceSuite } from './harness/suite.js';
import { eximDriver } from './mtas/exim.js';

conformanceSuite(eximDriver);
