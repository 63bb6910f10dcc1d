import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Dialect } from '../../pipeline/model/delivery.js';
import { DIALECT_MODULES } from '../../pipeline/parse/dialects.js';
import { NO_CORPUS } from '../helpers/corpus.js';
import { runs, RUNS_FACTOR, ZONES } from './config.js';
import { checkRun, intactMarkers, runParser, type RunChecks } from './invariants.js';
import { mutate, mutation } from './mutate.js';
import { corpusLogs } from './seeds/corpus.js';
import { fuzzLine, SCENARIOS } from './seeds/index.js';

// Every parser against arbitrary text, against valid lines with hostile local parts, and against
// valid and third-party lines mutated. Whatever comes in, the contract of dialect.ts holds and
// every delivery stays inside the model (invariants.ts).

/** One delivery per address: JSON may escape `@`, so its lines are counted once decoded. */
function maxPerLine(dialect: Dialect): RunChecks['maxPerLine'] {
  if (dialect !== 'kumomta' && dialect !== 'jsonl') return undefined;
  return (text) => {
    let decoded = text;
    try {
      decoded = JSON.stringify(JSON.parse(text));
    } catch {
      // Not JSON: it gives no delivery anyway.
    }
    return Math.max(1, decoded.split('@').length - 1);
  };
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 5 });

// Each property below takes well under a second; a parser that backtracks or loops on some input
// takes far longer (backtracking.test.ts attacks single lines; this bounds whole runs).
const BUDGET_MILLIS = 20_000 * Math.max(1, RUNS_FACTOR);

function withinBudget(check: () => void): void {
  const start = performance.now();
  check();
  const millis = performance.now() - start;
  assert.ok(millis < BUDGET_MILLIS, `the property took ${Math.round(millis)} ms`);
}

for (const module of DIALECT_MODULES) {
  const dialect = module.name;
  const bound = maxPerLine(dialect);

  describe(`${dialect} parser, fuzzed`, () => {
    it('keeps its contract on arbitrary text, in any time zone', () => {
      withinBudget(() =>
        fc.assert(
          fc.property(
            fc.array(fuzzLine(dialect), { maxLength: 25 }),
            fc.constantFrom(...ZONES),
            (lines, zone) => {
              checkRun(runParser(module, lines, zone), { dialect, maxPerLine: bound });
            },
          ),
          runs(300),
        ),
      );
    });

    it('reads valid lines with hostile local parts exactly, and keeps no local part', () => {
      withinBudget(() =>
        fc.assert(
          fc.property(SCENARIOS[dialect], (scenario) => {
            const run = runParser(module, scenario.lines);
            checkRun(run, { dialect, markers: scenario.markers, maxPerLine: bound });
            const quarantined = run.outcomes.flatMap((o, i) =>
              o.kind === 'quarantined' ? [`${o.reason}: ${scenario.lines[i]}`] : [],
            );
            assert.deepEqual(quarantined, [], 'valid lines quarantined');
            assert.deepEqual(
              run.deliveries.map((d) => ({ domain: d.recipientDomain, timeMillis: d.timeMillis })),
              scenario.expected,
            );
          }),
          runs(300),
        ),
      );
    });

    it('keeps its contract on mutated valid lines', () => {
      const mutated = SCENARIOS[dialect].chain((scenario) =>
        mutations.map((edits) => {
          const lines = mutate(scenario.lines, edits);
          return { edits, lines, markers: intactMarkers(scenario.markers, lines) };
        }),
      );
      withinBudget(() =>
        fc.assert(
          fc.property(mutated, ({ lines, markers }) => {
            const markerScope = 'domain';
            checkRun(runParser(module, lines), {
              dialect,
              markers,
              markerScope,
              maxPerLine: bound,
            });
          }),
          runs(500),
        ),
      );
    });

    const corpus = corpusLogs(dialect);
    const skip =
      dialect !== 'exim' && dialect !== 'postfix'
        ? 'no third-party corpus of this dialect'
        : corpus.length === 0
          ? NO_CORPUS
          : false;
    it('keeps its contract on mutated third-party lines', { skip }, () => {
      const mutated = fc
        .constantFrom(...corpus)
        .chain((lines) => mutations.map((edits) => mutate(lines, edits)));
      withinBudget(() =>
        fc.assert(
          fc.property(mutated, (lines) => {
            checkRun(runParser(module, lines), { dialect, maxPerLine: bound });
          }),
          runs(300),
        ),
      );
    });
  });
}
