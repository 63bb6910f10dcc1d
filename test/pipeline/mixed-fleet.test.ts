import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { projectRoot } from '../../pipeline/project-root.js';
import { queriesDir } from '../../pipeline/query/catalog.js';
import { DEFAULT_PARAMETERS, WarehouseSession } from '../../pipeline/query/run-query.js';
import { ingestOptions } from '../helpers/ingest.js';

// One warehouse may hold a mixed fleet: the bundled sample of every dialect, read together with
// format detection, gives the Figure 1 of its parts read one by one.
const SAMPLES = path.join(projectRoot(), 'sample-logs');

async function figure1(warehouse: string): Promise<Map<string, number>> {
  const session = await WarehouseSession.open(warehouse);
  try {
    const { rows } = await session.runFile(
      path.join(queriesDir(), 'fig01-overall.sql'),
      DEFAULT_PARAMETERS,
    );
    return new Map(rows.map((r) => [`${r.unit} ${r.result}`, Number(r.count)]));
  } finally {
    session.close();
  }
}

describe('a mixed fleet in one warehouse', () => {
  it('gives the sum of its parts for all email, and reads every dialect', async () => {
    const dialects = (await readdir(SAMPLES)).sort();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-mixed-'));

    const sum = new Map<string, number>();
    const dialectsSeen = new Set<string>();
    for (const dialect of dialects) {
      const warehouse = path.join(dir, dialect);
      const result = await ingest(
        ingestOptions([path.join(SAMPLES, dialect)], warehouse, { year: null }),
      );
      assert.deepEqual(result.problems, [], `sample-logs/${dialect}`);
      for (const f of result.files) dialectsSeen.add(f.dialect);
      for (const [key, n] of await figure1(warehouse)) {
        if (key.startsWith('email ')) sum.set(key, (sum.get(key) ?? 0) + n);
      }
    }
    assert.deepEqual([...dialectsSeen].sort(), dialects);

    const together = path.join(dir, 'together');
    const result = await ingest(ingestOptions([SAMPLES], together, { year: null, workers: 2 }));
    assert.deepEqual(result.problems, []);
    const combined = await figure1(together);
    for (const [key, n] of sum) assert.equal(combined.get(key), n, key);
    assert.ok([...sum.values()].reduce((a, b) => a + b, 0) > 0);
  });
});
