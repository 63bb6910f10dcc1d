import assert from 'node:assert/strict';
import path from 'node:path';
import { queriesDir } from '../../pipeline/query/catalog.js';
import { DEFAULT_PARAMETERS, type QueryParameters } from '../../pipeline/query/run-query.js';
import { fixtureSession, SOURCES, type FixtureDelivery } from './fixture.js';

/**
 * Runs `queries/<name>.sql` over the fixture, from the rollups and from the raw rows, and checks
 * that both give `expected`: the rows as arrays of values in column order.
 */
export async function expectRows(
  fixture: readonly FixtureDelivery[],
  name: string,
  expected: { columns: string[]; rows: unknown[][] },
  parameters: Partial<QueryParameters> = {},
): Promise<void> {
  for (const source of SOURCES) {
    const session = await fixtureSession(fixture, source);
    try {
      const result = await session.runFile(path.join(queriesDir(), `${name}.sql`), {
        ...DEFAULT_PARAMETERS,
        ...parameters,
      });
      assert.deepEqual(result.columns, expected.columns, `${name} (${source}) columns`);
      assert.deepEqual(
        result.rows.map((row) => Object.values(row)),
        expected.rows,
        `${name} (${source})`,
      );
    } finally {
      session.close();
    }
  }
}

/** Rows with every result of each group in order, counts as given (zeros for the rest). */
export function resultRows(groups: [string[], Record<string, number>][]): unknown[][] {
  const results = ['strict', 'unverified', 'opportunistic', 'failure', 'none'];
  return groups.flatMap(([keys, counts]) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return results.map((r) => [...keys, r, counts[r] ?? 0, (counts[r] ?? 0) / total]);
  });
}
