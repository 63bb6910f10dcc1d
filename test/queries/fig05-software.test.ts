import { describe, it } from 'node:test';
import { expectRows, resultRows } from './expect-rows.js';
import { REASONS_FIXTURE } from './fixtures.js';

// MX hosts of the reasons fixture and their software: r1.net postfix (its other emails name
// none), s1.net exim, t1.net exim (one postfix and one exim email: the first by name wins),
// u1.net qmail, v1.net never named: unknown. Results: u1.net none (2 to 1), the rest
// opportunistic.
describe('queries/fig05-software-results.sql on the reasons fixture', () => {
  it('counts MX hosts by software and result, unknown last', async () => {
    await expectRows(REASONS_FIXTURE, 'fig05-software-results', {
      columns: ['software', 'result', 'count', 'share'],
      rows: resultRows([
        [['exim'], { opportunistic: 2 }],
        [['postfix'], { opportunistic: 1 }],
        [['qmail'], { none: 1 }],
        [['unknown'], { opportunistic: 1 }],
      ]),
    });
  });
});

describe('queries/fig06-software-reasons.sql on the reasons fixture', () => {
  it('counts opportunistic MX hosts by software and reasons', async () => {
    // s1.net self-signed + mismatch, t1.net expired + untrusted CA (tie with unknown, first by
    // name), r1.net mismatch, v1.net no certificate.
    await expectRows(REASONS_FIXTURE, 'fig06-software-reasons', {
      columns: ['software', 'category', 'count', 'share'],
      rows: [
        ['exim', 'expired + untrusted CA', 1, 0.5],
        ['exim', 'self-signed + mismatch', 1, 0.5],
        ['postfix', 'mismatch', 1, 1],
        ['unknown', 'no certificate', 1, 1],
      ],
    });
  });
});
