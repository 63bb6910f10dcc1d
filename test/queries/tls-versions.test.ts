import { describe, it } from 'node:test';
import { expectRows } from './expect-rows.js';
import { CIPHER_FIXTURE } from './fixtures.js';

describe('queries/tls-versions.sql on the suites fixture', () => {
  it('counts encrypted email and entities by protocol version, newest first', async () => {
    // Emails: TLSv1.3 2, TLSv1.2 3 + 1 (DHE), TLSv1 3, unknown 1. Entities: c1 TLSv1.2 (3 to 1),
    // c2 TLSv1 (2:2 with TLSv1.3; the first by name), c3 unknown.
    await expectRows(CIPHER_FIXTURE, 'tls-versions', {
      columns: ['unit', 'category', 'count', 'share'],
      rows: [
        ['email', 'TLSv1.3', 2, 0.2],
        ['email', 'TLSv1.2', 4, 0.4],
        ['email', 'TLSv1', 3, 0.3],
        ['email', 'unknown', 1, 0.1],
        ...['domain', 'mx_host', 'ip'].flatMap((unit) =>
          ['TLSv1.2', 'TLSv1', 'unknown'].map((category) => [unit, category, 1, 1 / 3]),
        ),
      ],
    });
  });
});
