import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { projectRoot } from '../../pipeline/project-root.js';
import { queriesDir } from '../../pipeline/query/catalog.js';
import { DEFAULT_PARAMETERS, WarehouseSession } from '../../pipeline/query/run-query.js';
import { FIGURES } from '../../reports/figures/index.js';
import { ingestOptions } from '../helpers/ingest.js';

// What a new user sees first: the report on the bundled sample logs has every figure, and none
// of them is empty.
describe('the report on the bundled sample logs', () => {
  it('has data behind all twelve figures of the study and the five beyond it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-sample-report-'));
    const warehouse = path.join(dir, 'wh');
    const result = await ingest(
      ingestOptions([path.join(projectRoot(), 'sample-logs')], warehouse, { year: null }),
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.linesQuarantined, 0);

    const session = await WarehouseSession.open(warehouse);
    try {
      const ids = FIGURES.map((f) => f.id);
      for (let n = 1; n <= 12; n++) {
        const prefix = `fig${String(n).padStart(2, '0')}-`;
        assert.ok(
          ids.some((id) => id.startsWith(prefix)),
          `no figure ${n}`,
        );
      }
      for (const figure of FIGURES) {
        const file = path.join(queriesDir(), `${figure.query}.sql`);
        const { rows } = await session.runFile(file, DEFAULT_PARAMETERS);
        const counted = rows.filter((r) => Number(r.count ?? r.emails ?? 0) > 0);
        assert.ok(counted.length > 0, `${figure.id} (${figure.query}) has no data`);
      }
    } finally {
      session.close();
    }
  });
});
