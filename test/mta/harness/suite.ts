import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareScenario, type Comparison } from './compare.js';
import { describeRow } from './expectation.js';
import type { JobResult } from './job.js';
import type { MtaDriver } from './mta.js';
import { runInNamespace } from './namespace.js';
import { PackageError, unpackPackages } from './packages.js';
import { makePki } from './pki.js';
import { whyNotRunnable } from './prerequisites.js';
import { matrix, runVersions } from './report.js';
import { SCENARIOS } from './scenarios.js';
import { ingestLog, type Ingested } from './warehouse.js';

const SETTLE_TIMEOUT_MILLIS = 45_000;

/** Where runs keep their files (the last run of each MTA stays for a look), and the .debs. */
export const SCRATCH_ROOT = path.join(os.tmpdir(), 'starttls-census-mta');
const CACHE_DIR = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'starttls-census',
  'debs',
);

interface Outcome {
  result: JobResult;
  versions: Record<string, string>;
  ingested: Map<string, Ingested>;
}

/**
 * The conformance suite of one MTA: one test per configuration and scenario, after a single
 * run in a namespace that sends every scenario's message under every configuration. Skips, with
 * the reason, where the machine cannot run it; fails on anything the MTA run did not settle.
 */
export function conformanceSuite(driver: MtaDriver): void {
  const notRunnable = whyNotRunnable();
  if (notRunnable !== null) {
    it(`${driver.name} conformance`, { skip: notRunnable }, () => {});
    return;
  }
  const scratch = freshScratch(driver.name);
  let unpacked: ReturnType<typeof unpackPackages>;
  try {
    unpacked = unpackPackages(driver.packages, CACHE_DIR, path.join(scratch, 'packages'));
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    it(`${driver.name} conformance`, { skip: `cannot fetch packages: ${error.message}` }, () => {});
    return;
  }

  describe(`${driver.name} conformance (Debian ${driver.packages.join(', ')})`, () => {
    let outcome: Outcome;
    const comparisons = new Map<string, Comparison>();

    before(async () => {
      const pki = makePki(path.join(scratch, 'pki'), SCENARIOS, Date.now());
      const result = await runInNamespace(
        {
          mta: driver.name,
          tree: unpacked.tree,
          scratch,
          caFile: pki.caFile,
          servers: Object.fromEntries(pki.servers),
          configs: driver.configs.map((c) => c.name),
          settleTimeoutMillis: SETTLE_TIMEOUT_MILLIS,
        },
        driver.configs.length * (SETTLE_TIMEOUT_MILLIS + 30_000),
      );
      const ingested = new Map<string, Ingested>();
      const year = new Date().getUTCFullYear();
      for (const run of result.runs) {
        const warehouse = path.join(scratch, `warehouse-${run.config}`);
        ingested.set(run.config, await ingestLog(run.logFile, warehouse, driver.dialect, year));
      }
      outcome = { result, versions: runVersions(driver, result, unpacked.versions), ingested };
    });

    it('ran every configuration in the namespace', (t) => {
      for (const [name, version] of Object.entries(outcome.versions)) {
        t.diagnostic(`${name}: ${version}`);
      }
      t.diagnostic(`expected and observed, scenario by scenario: ${scratch}/matrix.md`);
      assert.equal(outcome.result.error, null, outcome.result.error ?? '');
      assert.deepEqual(
        outcome.result.runs.map((r) => r.config),
        driver.configs.map((c) => c.name),
      );
    });

    for (const config of driver.configs) {
      describe(`${config.name}: ${config.settings}`, () => {
        const run = () => outcome.result.runs.find((r) => r.config === config.name);
        it('settled, and the whole log was readable', (t) => {
          const r = run();
          assert.ok(r, `configuration ${config.name} did not run`);
          const ingested = outcome.ingested.get(config.name);
          t.diagnostic(`log ${r.logFile}, ${(r.durationMillis / 1000).toFixed(1)} s`);
          assert.deepEqual(r.unsettled, [], 'scenarios whose final status never reached the log');
          assert.deepEqual(ingested?.quarantined, [], 'log lines the parser quarantined');
          assert.equal(ingested?.exitCode, 0, ingested?.stderr);
          const strangers = (ingested?.rows ?? []).filter(
            (row) => !SCENARIOS.some((s) => s.domain === row.recipient_domain),
          );
          assert.deepEqual(strangers, [], 'rows of no scenario');
        });
        for (const scenario of SCENARIOS) {
          const expectation = driver.expectations(config.name)(scenario.name);
          it(`${scenario.name}: ${describeRow(expectation.final)}`, () => {
            const r = run();
            assert.ok(r, `configuration ${config.name} did not run`);
            const rows = (outcome.ingested.get(config.name)?.rows ?? []).filter(
              (row) => row.recipient_domain === scenario.domain,
            );
            const attempts = r.attempts.filter((a) => a.scenario === scenario.name);
            const comparison = compareScenario(scenario, rows, expectation, attempts);
            comparisons.set(`${config.name}/${scenario.name}`, comparison);
            assert.deepEqual(comparison.problems, [], expectation.why);
          });
        }
      });
    }

    after(() => {
      if (outcome === undefined) return;
      const table = matrix(driver, outcome.result, outcome.versions, comparisons);
      writeFileSync(path.join(scratch, 'matrix.md'), table);
    });
  });
}

/**
 * The MTA's folder of the last run, emptied; a new one beside it when the old one cannot be
 * removed (files the MTA's users left behind, seen from a user namespace).
 */
function freshScratch(name: string): string {
  const scratch = path.join(SCRATCH_ROOT, name);
  try {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    return scratch;
  } catch {
    mkdirSync(SCRATCH_ROOT, { recursive: true });
    return mkdtempSync(path.join(SCRATCH_ROOT, `${name}-`));
  }
}
