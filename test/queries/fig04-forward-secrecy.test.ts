import { describe, it } from 'node:test';
import { expectRows } from './expect-rows.js';
import { CIPHER_FIXTURE } from './fixtures.js';

describe('queries/fig04-forward-secrecy.sql on the suites fixture', () => {
  it('counts encrypted email and entities as forward secret or not', async () => {
    // Emails: yes = ECDHE 3 + TLS_AES 2 + DHE 1, no = AES128-SHA 3, unknown 1 (of 10).
    // Entities: c1 yes (3 to 1), c2 no (2:2, the first by name), c3 unknown.
    await expectRows(CIPHER_FIXTURE, 'fig04-forward-secrecy', {
      columns: ['unit', 'category', 'count', 'share'],
      rows: [
        ['email', 'yes', 6, 0.6],
        ['email', 'no', 3, 0.3],
        ['email', 'unknown', 1, 0.1],
        ...['domain', 'mx_host', 'ip'].flatMap((unit) =>
          ['yes', 'no', 'unknown'].map((category) => [unit, category, 1, 1 / 3]),
        ),
      ],
    });
  });
});
