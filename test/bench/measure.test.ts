import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measure } from '../../bench/measure.js';

// A child that fills 150 MB of memory it really touches, holds it for 1.5 s, and exits 3.
const HOLDER =
  'const b = Buffer.alloc(150 * 1024 * 1024, 1); ' +
  'setTimeout(() => process.exit(b[0] + 2), 1500);';
const MB = 1024 * 1024;

describe('bench measure', () => {
  it('reports wall time, exit code and the peak memory of one process', async () => {
    const m = await measure(process.execPath, ['-e', HOLDER]);
    assert.equal(m.exitCode, 3);
    assert.ok(m.wallSeconds >= 1.5, `wall ${m.wallSeconds} s`);
    // 150 MB of buffer, plus Node itself (40 to 60 MB), and nothing like two of them.
    assert.ok(m.peakRssBytes >= 150 * MB, `peak ${m.peakRssBytes / MB} MB`);
    assert.ok(m.peakRssBytes < 260 * MB, `peak ${m.peakRssBytes / MB} MB`);
  });

  it('adds up the children of the process it runs', async () => {
    const node = JSON.stringify(process.execPath);
    const script = JSON.stringify(HOLDER);
    const m = await measure('sh', ['-c', `${node} -e ${script} & ${node} -e ${script}; wait`]);
    assert.ok(m.peakRssBytes >= 300 * MB, `peak ${m.peakRssBytes / MB} MB`);
  });
});
