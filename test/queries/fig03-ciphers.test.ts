import { describe, it } from 'node:test';
import { expectRows } from './expect-rows.js';
import { CIPHER_FIXTURE } from './fixtures.js';

const COLUMNS = ['unit', 'category', 'count', 'share'];
const ECDHE = 'ECDHE-RSA-AES256-GCM-SHA384';

// Entities with an encrypted result: c1 (strict; ECDHE 3 to AES128-SHA 1), c2 (strict 2 ties
// opportunistic 2, the stronger wins; AES128-SHA 2 ties TLS_AES_256_GCM_SHA384 2, the first by
// name wins), c3 (unverified, suite unknown). c4 is none (2 to 1) and c5 failure.
const ENTITIES = ['domain', 'mx_host', 'ip'].flatMap((unit) => [
  [unit, 'AES128-SHA', 1, 1 / 3],
  [unit, ECDHE, 1, 1 / 3],
  [unit, 'unknown', 1, 1 / 3],
]);

describe('queries/fig03-ciphers.sql on the suites fixture', () => {
  it('counts encrypted email and encrypted entities by suite', async () => {
    // 10 encrypted emails: ECDHE 3, AES128-SHA 1 + 2, TLS_AES 2, DHE 1 (c4's strict), unknown 1.
    await expectRows(CIPHER_FIXTURE, 'fig03-ciphers', {
      columns: COLUMNS,
      rows: [
        ['email', 'AES128-SHA', 3, 0.3],
        ['email', ECDHE, 3, 0.3],
        ['email', 'TLS_AES_256_GCM_SHA384', 2, 0.2],
        ['email', 'DHE-RSA-AES256-SHA', 1, 0.1],
        ['email', 'unknown', 1, 0.1],
        ...ENTITIES,
      ],
    });
  });

  it('folds suites after the top $top into other, never unknown', async () => {
    await expectRows(
      CIPHER_FIXTURE,
      'fig03-ciphers',
      {
        columns: COLUMNS,
        rows: [
          ['email', 'AES128-SHA', 3, 0.3],
          ['email', ECDHE, 3, 0.3],
          ['email', 'other', 3, 0.3],
          ['email', 'unknown', 1, 0.1],
          ...ENTITIES,
        ],
      },
      { top: 2 },
    );
  });
});
