import { describe, it } from 'node:test';
import { expectRows, resultRows } from './expect-rows.js';
import { OPS_FIXTURE } from './fixtures.js';

describe('queries/evidence-coverage.sql on the operations fixture', () => {
  it('counts delivered email by dialect and evidence, all dialects first', async () => {
    // 13 delivered emails; postfix 6 (verified 4, chain-only 2), exim 4 (reasons 1 with the
    // rest unknown, trust-only 1, no-tls-line 2), jsonl 3 (verified, handshake-failure, tls-only).
    const row = (
      dialect: string,
      evidence: string,
      count: number,
      total: number,
      unverified = 0,
      unknown = 0,
      partial = 0,
    ) => [dialect, evidence, count, count / total, unverified, unknown, partial];
    await expectRows(OPS_FIXTURE, 'evidence-coverage', {
      columns: [
        'dialect',
        'evidence',
        'count',
        'share',
        'unverified',
        'reasons_unknown',
        'reasons_partial',
      ],
      rows: [
        row('all', 'verified', 5, 13),
        row('all', 'reasons', 1, 13, 0, 0, 1),
        row('all', 'trust-only', 1, 13, 0, 1),
        row('all', 'chain-only', 2, 13, 2),
        row('all', 'tls-only', 1, 13, 1),
        row('all', 'handshake-failure', 1, 13),
        row('all', 'no-tls-line', 2, 13),
        row('exim', 'reasons', 1, 4, 0, 0, 1),
        row('exim', 'trust-only', 1, 4, 0, 1),
        row('exim', 'no-tls-line', 2, 4),
        row('jsonl', 'verified', 1, 3),
        row('jsonl', 'tls-only', 1, 3, 1),
        row('jsonl', 'handshake-failure', 1, 3),
        row('postfix', 'verified', 4, 6),
        row('postfix', 'chain-only', 2, 6, 2),
      ],
    });
  });
});

describe('queries/enforcement-impact.sql on the operations fixture', () => {
  it('counts what encrypt and verify policies would have deferred', async () => {
    // encrypt: failure 1 + none 2 emails; q.com and r.org (of 4 domains), their MX hosts and
    // IPs (of 5). verify: opportunistic 2 more emails, the same entities; unverified mail
    // (3 emails; p.com, s.net, mx2.bigmail.com, mx.s.net) might have been deferred too.
    await expectRows(OPS_FIXTURE, 'enforcement-impact', {
      columns: ['policy', 'unit', 'count', 'share', 'count_at_most', 'share_at_most'],
      rows: [
        ['encrypt', 'email', 3, 3 / 13, 3, 3 / 13],
        ['encrypt', 'domain', 2, 0.5, 2, 0.5],
        ['encrypt', 'mx_host', 2, 0.4, 2, 0.4],
        ['encrypt', 'ip', 2, 0.4, 2, 0.4],
        ['verify', 'email', 5, 5 / 13, 8, 8 / 13],
        ['verify', 'domain', 2, 0.5, 4, 1],
        ['verify', 'mx_host', 2, 0.4, 4, 0.8],
        ['verify', 'ip', 2, 0.4, 4, 0.8],
      ],
    });
  });
});

describe('queries/top-providers.sql on the operations fixture', () => {
  it('ranks MX registrable domains by email, with their results', async () => {
    // bigmail.com 7 (strict 5, unverified 2), q.com 3, r.org 2, s.net 1.
    const providers: [string[], Record<string, number>][] = [
      [['bigmail.com'], { strict: 5, unverified: 2 }],
      [['q.com'], { opportunistic: 2, failure: 1 }],
      [['r.org'], { none: 2 }],
      [['s.net'], { unverified: 1 }],
    ];
    const columns = ['provider', 'result', 'count', 'share'];
    const all = { minCount: 1 };
    await expectRows(OPS_FIXTURE, 'top-providers', { columns, rows: resultRows(providers) }, all);
    await expectRows(
      OPS_FIXTURE,
      'top-providers',
      { columns, rows: resultRows(providers.slice(0, 2)) },
      { ...all, top: 2 },
    );
    // Providers with fewer than 3 delivered emails are not published.
    await expectRows(
      OPS_FIXTURE,
      'top-providers',
      { columns, rows: resultRows(providers.slice(0, 2)) },
      { minCount: 3 },
    );
  });
});

describe('queries/daily-trend.sql on the operations fixture', () => {
  it('gives Figure 1 for each day, entities judged on that day alone', async () => {
    // Day 1: p.com strict (4 to 2), q.com opportunistic, r.org none; four MX hosts and IPs.
    // Day 2: p.com strict, q.com failure, s.net unverified.
    const day = (d: string, email: Record<string, number>, entity: Record<string, number>[]) =>
      resultRows([
        [[d, 'email'], email],
        [[d, 'domain'], entity[0] ?? {}],
        [[d, 'mx_host'], entity[1] ?? {}],
        [[d, 'ip'], entity[1] ?? {}],
      ]);
    await expectRows(OPS_FIXTURE, 'daily-trend', {
      columns: ['day', 'unit', 'result', 'count', 'share'],
      rows: [
        ...day('2026-12-01', { strict: 4, unverified: 2, opportunistic: 2, none: 2 }, [
          { strict: 1, opportunistic: 1, none: 1 },
          { strict: 1, unverified: 1, opportunistic: 1, none: 1 },
        ]),
        ...day('2026-12-02', { strict: 1, unverified: 1, failure: 1 }, [
          { strict: 1, unverified: 1, failure: 1 },
          { strict: 1, unverified: 1, failure: 1 },
        ]),
      ],
    });
  });
});
