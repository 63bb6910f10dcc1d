import { describe, it } from 'node:test';
import { expectRows } from './expect-rows.js';
import { REASONS_FIXTURE } from './fixtures.js';

const COLUMNS = ['unit', 'category', 'count', 'share'];

describe('queries/fig02-reasons.sql on the reasons fixture', () => {
  it('counts opportunistic email by reasons, folding categories under 1% into other', async () => {
    // 112 opportunistic emails: mismatch 5 + 100, self-signed + mismatch 1 + 2, and one each of
    // expired + untrusted CA, unknown (trust-only), untrusted CA with the rest unknown, no
    // certificate. The three singles other than unknown are under 1% of 112.
    // Entities: r.com and w.com are mostly mismatch, s.com self-signed + mismatch (its result is
    // opportunistic, 2 to 1), t.com a 1:1 tie of expired + untrusted CA and unknown (the first
    // by name wins), u.com's result is none (2 to 1) so it does not count, v.com no certificate.
    // MX hosts and IPs: r1 (r.com and w.com together), s1, t1, v1; u1 is none.
    const each = (unit: string, share: number) =>
      ['expired + untrusted CA', 'mismatch', 'no certificate', 'self-signed + mismatch'].map(
        (category) => [unit, category, 1, share],
      );
    await expectRows(REASONS_FIXTURE, 'fig02-reasons', {
      columns: COLUMNS,
      rows: [
        ['email', 'mismatch', 105, 105 / 112],
        ['email', 'other', 3, 3 / 112],
        ['email', 'self-signed + mismatch', 3, 3 / 112],
        ['email', 'unknown', 1, 1 / 112],
        ['domain', 'mismatch', 2, 0.4],
        ['domain', 'expired + untrusted CA', 1, 0.2],
        ['domain', 'no certificate', 1, 0.2],
        ['domain', 'self-signed + mismatch', 1, 0.2],
        ...each('mx_host', 0.25),
        ...each('ip', 0.25),
      ],
    });
  });

  it('takes the entities Figure 1 calls opportunistic under the best rule', async () => {
    // best: s.com is strict and drops out; u.com (opportunistic at best) comes in.
    await expectRows(
      REASONS_FIXTURE,
      'fig02-reasons',
      {
        columns: COLUMNS,
        rows: [
          ['email', 'mismatch', 105, 105 / 112],
          ['email', 'other', 3, 3 / 112],
          ['email', 'self-signed + mismatch', 3, 3 / 112],
          ['email', 'unknown', 1, 1 / 112],
          ['domain', 'mismatch', 2, 0.4],
          ['domain', 'expired + untrusted CA', 1, 0.2],
          ['domain', 'no certificate', 1, 0.2],
          ['domain', 'untrusted CA, others unknown', 1, 0.2],
          ...['mx_host', 'ip'].flatMap((unit) =>
            [
              'expired + untrusted CA',
              'mismatch',
              'no certificate',
              'untrusted CA, others unknown',
            ].map((category) => [unit, category, 1, 0.25]),
          ),
        ],
      },
      { rule: 'best' },
    );
  });
});
