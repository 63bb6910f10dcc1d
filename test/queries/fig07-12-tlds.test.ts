import { describe, it } from 'node:test';
import { expectRows, resultRows } from './expect-rows.js';
import { TLD_FIXTURE } from './fixtures.js';

const RESULT_COLUMNS = ['tld', 'result', 'count', 'share'];
const REASON_COLUMNS = ['tld', 'category', 'count', 'share'];

describe('queries/fig07-tld-results.sql and fig08-tld-reasons.sql (generic TLDs)', () => {
  it('takes generic TLDs by email volume, an MX host once per TLD', async () => {
    // Email: com 8, info 6, net 3, org 2, edu 1, xyz 1 (country codes are not generic).
    // mx1.g.net is strict for com but opportunistic for net; mx2.h.net is none (2 to 1).
    await expectRows(TLD_FIXTURE, 'fig07-tld-results', {
      columns: RESULT_COLUMNS,
      rows: resultRows([
        [['com'], { strict: 1, none: 1 }],
        [['info'], { unverified: 1 }],
        [['net'], { opportunistic: 1 }],
        [['org'], { opportunistic: 1 }],
        [['edu'], { strict: 1 }],
        [['xyz'], { failure: 1 }],
      ]),
    });
    await expectRows(TLD_FIXTURE, 'fig08-tld-reasons', {
      columns: REASON_COLUMNS,
      rows: [
        ['net', 'mismatch', 1, 1],
        ['org', 'self-signed + mismatch', 1, 1],
      ],
    });
  });

  it('keeps com, net, org, edu and gov beyond the top $top', async () => {
    // top 2: com and info by volume, net, org and edu as major TLDs; xyz drops out. Under the
    // best rule mx2.h.net is opportunistic for com (mismatch).
    const parameters = { top: 2, rule: 'best' as const };
    await expectRows(
      TLD_FIXTURE,
      'fig07-tld-results',
      {
        columns: RESULT_COLUMNS,
        rows: resultRows([
          [['com'], { strict: 1, opportunistic: 1 }],
          [['info'], { unverified: 1 }],
          [['net'], { opportunistic: 1 }],
          [['org'], { opportunistic: 1 }],
          [['edu'], { strict: 1 }],
        ]),
      },
      parameters,
    );
    await expectRows(
      TLD_FIXTURE,
      'fig08-tld-reasons',
      {
        columns: REASON_COLUMNS,
        rows: [
          ['com', 'mismatch', 1, 1],
          ['net', 'mismatch', 1, 1],
          ['org', 'self-signed + mismatch', 1, 1],
        ],
      },
      parameters,
    );
  });
});

describe('queries/fig09-europe-results.sql and fig10-europe-reasons.sql', () => {
  it('takes the ten European ccTLDs with the most email, uk as the United Kingdom', async () => {
    // uk 12 (two MX hosts: opportunistic mismatch, none), de 11 ... at 3 strict; be (2) is the
    // eleventh; tr (20) is in Western Asia.
    const strict = ['de Germany', 'fr France', 'it Italy', 'es Spain', 'nl Netherlands'].concat(
      'se Sweden',
      'pl Poland',
      'ch Switzerland',
      'at Austria',
    );
    await expectRows(TLD_FIXTURE, 'fig09-europe-results', {
      columns: ['tld', 'country', 'result', 'count', 'share'],
      rows: resultRows([
        [['uk', 'United Kingdom'], { opportunistic: 1, none: 1 }],
        ...strict.map((s): [string[], Record<string, number>] => [
          [s.slice(0, 2), s.slice(3)],
          { strict: 1 },
        ]),
      ]),
    });
    await expectRows(TLD_FIXTURE, 'fig10-europe-reasons', {
      columns: ['tld', 'country', 'category', 'count', 'share'],
      rows: [['uk', 'United Kingdom', 'mismatch', 1, 1]],
    });
  });
});

describe('queries/fig11-asia-pacific-results.sql and fig12-asia-pacific-reasons.sql', () => {
  it('takes the Asia-Pacific ccTLDs with the most email, IDN ccTLDs included', async () => {
    // jp 5, au 4, cn 3, in 2, then nz and xn--fiqs8s (中国) with 1 each, by name.
    await expectRows(TLD_FIXTURE, 'fig11-asia-pacific-results', {
      columns: ['tld', 'country', 'result', 'count', 'share'],
      rows: resultRows([
        [['jp', 'Japan'], { opportunistic: 1 }],
        [['au', 'Australia'], { unverified: 1 }],
        [['cn', 'China'], { none: 1 }],
        [['in', 'India'], { opportunistic: 1 }],
        [['nz', 'New Zealand'], { strict: 1 }],
        [['xn--fiqs8s', 'China'], { failure: 1 }],
      ]),
    });
    await expectRows(TLD_FIXTURE, 'fig12-asia-pacific-reasons', {
      columns: ['tld', 'country', 'category', 'count', 'share'],
      rows: [
        ['jp', 'Japan', 'self-signed + mismatch', 1, 1],
        ['in', 'India', 'untrusted CA, others unknown', 1, 1],
      ],
    });
  });
});
