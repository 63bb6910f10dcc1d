import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { queriesDir } from '../../pipeline/query/catalog.js';
import { DEFAULT_PARAMETERS, type WarehouseSession } from '../../pipeline/query/run-query.js';
import { fixtureSession, OVERALL_FIXTURE, SOURCES } from './fixture.js';

const FILE = path.join(queriesDir(), 'fig01-overall.sql');
const RESULTS = ['strict', 'unverified', 'opportunistic', 'failure', 'none'];

/** Counts per result, in the order above, for one unit of the query's rows. */
function counts(rows: Record<string, unknown>[], unit: string): number[] {
  return RESULTS.map((r) => Number(rows.find((x) => x.unit === unit && x.result === r)?.count));
}

for (const source of SOURCES)
  describe(`queries/fig01-overall.sql on the fixture (${source})`, () => {
    let session: WarehouseSession;
    before(async () => {
      session = await fixtureSession(OVERALL_FIXTURE, source);
    });
    after(() => session.close());

    it('counts delivered email by result, and each unique unit by its majority result', async () => {
      const { rows, columns } = await session.runFile(FILE, DEFAULT_PARAMETERS);
      assert.deepEqual(columns, ['unit', 'result', 'count', 'share']);
      assert.equal(rows.length, 20);
      // 8 delivered emails: 3 strict, 1 unverified, 1 opportunistic, 1 failure, 2 none.
      assert.deepEqual(counts(rows, 'email'), [3, 1, 1, 1, 2]);
      assert.equal(rows.find((r) => r.unit === 'email' && r.result === 'none')?.share, 0.25);
      // a.com strict; b.com none (2 of 3); c.com unverified (1:1 with failure, the stronger wins).
      assert.deepEqual(counts(rows, 'domain'), [1, 1, 0, 0, 1]);
      // mx1 strict; mx2 four results once each, so the strongest, unverified; mx3 none.
      assert.deepEqual(counts(rows, 'mx_host'), [1, 1, 0, 0, 1]);
      assert.deepEqual(counts(rows, 'ip'), [1, 1, 0, 0, 1]);
    });

    it('applies the best and worst rules', async () => {
      const best = await session.runFile(FILE, { ...DEFAULT_PARAMETERS, rule: 'best' });
      // b.com's best is opportunistic, c.com's unverified.
      assert.deepEqual(counts(best.rows, 'domain'), [1, 1, 1, 0, 0]);
      const worst = await session.runFile(FILE, { ...DEFAULT_PARAMETERS, rule: 'worst' });
      // b.com none, c.com failure; mx2 none.
      assert.deepEqual(counts(worst.rows, 'domain'), [1, 0, 0, 1, 1]);
      assert.deepEqual(counts(worst.rows, 'mx_host'), [1, 0, 0, 0, 2]);
    });

    it('keeps to the date range', async () => {
      const { rows } = await session.runFile(FILE, {
        ...DEFAULT_PARAMETERS,
        from: '2026-12-02',
        to: '2026-12-02',
      });
      // 2026-12-02: b.com none, c.com unverified and failure.
      assert.deepEqual(counts(rows, 'email'), [0, 1, 0, 1, 1]);
      assert.deepEqual(counts(rows, 'domain'), [0, 1, 0, 0, 1]);
    });
  });
