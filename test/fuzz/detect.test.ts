import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectDialect, DIALECT_MODULES } from '../../pipeline/parse/dialects.js';
import { anyText } from './arbitraries.js';
import { runs } from './config.js';
import { mutate, mutation } from './mutate.js';
import { fuzzLine, SCENARIOS } from './seeds/index.js';

// Auto-detection reads the first 50 lines of a file (pipeline/ingest/read-set.ts).
const DETECTION_LINES = 50;

describe('dialect detection, fuzzed', () => {
  for (const module of DIALECT_MODULES) {
    it(`knows ${module.name} lines for ${module.name}, and no other dialect claims them`, () => {
      fc.assert(
        fc.property(SCENARIOS[module.name], (scenario) => {
          const first = scenario.lines.slice(0, DETECTION_LINES);
          assert.equal(detectDialect(first)?.name, module.name);
          const claimed = DIALECT_MODULES.filter((m) => m.detect(first)).map((m) => m.name);
          assert.deepEqual(claimed, [module.name]);
        }),
        runs(200),
      );
    });
  }

  it('returns a dialect or null for arbitrary and mutated first lines, and never throws', () => {
    const mutated = fc
      .constantFrom(...DIALECT_MODULES.map((m) => m.name))
      .chain((name) =>
        fc
          .tuple(SCENARIOS[name], fc.array(mutation, { maxLength: 4 }))
          .map(([s, edits]) => mutate(s.lines, edits)),
      );
    const anyLines = fc.oneof(
      fc.array(anyText(200), { maxLength: 60 }),
      fc.array(fc.oneof(...DIALECT_MODULES.map((m) => fuzzLine(m.name))), { maxLength: 30 }),
      mutated,
    );
    fc.assert(
      fc.property(anyLines, (lines) => {
        const found = detectDialect(lines);
        assert.ok(found === null || DIALECT_MODULES.includes(found));
        for (const m of DIALECT_MODULES) assert.equal(typeof m.detect(lines), 'boolean');
      }),
      runs(500),
    );
  });
});
