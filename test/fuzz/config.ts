/**
 * One fixed seed for every property of this folder, so a run is reproducible; fast-check prints
 * the seed and the shrunk counterexample on failure. `FUZZ_SEED` and `FUZZ_RUNS_FACTOR` in the
 * environment explore further without editing the tests.
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
export const RUNS_FACTOR = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);

/** fast-check parameters for a property: the shared seed and `numRuns` runs (times the factor). */
export function runs(numRuns: number): {
  seed: number;
  numRuns: number;
  includeErrorInReport: boolean;
} {
  const scaled = Math.max(1, Math.round(numRuns * RUNS_FACTOR));
  return { seed: SEED, numRuns: scaled, includeErrorInReport: true };
}

/** The time zones parsers are run in: UTC, and zones with DST and odd offsets. */
export const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'] as const;
