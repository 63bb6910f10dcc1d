import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const folder = fileURLToPath(new URL('../../sample-logs/postfix/', import.meta.url));
const REGENERATE =
  'regenerate them with: starttls-census sample --format postfix --deliveries 3000 --seed 1 ' +
  '--date 2026-12-01 --out sample-logs --no-truth';

describe('committed Postfix sample', () => {
  it('is what the generator writes for seed 1, 3000 deliveries, 2026-12-01', async () => {
    const sample = await generate({ deliveries: 3000, seed: 1, date: '2026-12-01' });
    const log = await readFile(`${folder}mail.log`);
    assert.ok(log.equals(sample.log), `sample-logs/postfix/mail.log is out of date; ${REGENERATE}`);
  });
});
