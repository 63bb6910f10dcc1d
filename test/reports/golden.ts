import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/**
 * SVG with every number rounded to two decimals and one tag per line, so that floating-point
 * noise does not fail the comparison and a changed file diffs readably.
 */
export function normalizeSvg(svg: string): string {
  const rounded = svg.replace(/-?\d+\.\d+(?:e-?\d+)?/g, (number) => {
    const value = Math.round(Number(number) * 100) / 100;
    return String(Object.is(value, -0) ? 0 : value);
  });
  return rounded.replaceAll('><', '>\n<') + '\n';
}

/**
 * Compares `actual` with `test/reports/golden/<name>`. A missing golden file is written outside
 * CI; a different one fails, leaving `<stem>-changed.<ext>` beside it to look at and copy over.
 */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  const changed = path.replace(/(\.[^.]+)$/, '-changed$1');

  if (!existsSync(path)) {
    assert.ok(!process.env.CI, `golden file ${path} is missing; run the tests outside CI`);
    writeFileSync(path, actual);
    return;
  }
  if (readFileSync(path, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  assert.fail(`${name} differs from its golden file; see ${changed}`);
}
