import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Log } from '../cli/log.js';
import { projectRoot } from '../pipeline/project-root.js';
import { refreshAllRollups } from '../pipeline/write/refresh.js';
import { writeInputs } from './inputs.js';
import { measure, type Measurement } from './measure.js';

export interface BenchOptions {
  /** Plain log bytes of the main input. */
  sizeBytes: number;
  /** The second input, to show memory does not grow with input: this many times the first. */
  memoryFactor: number;
  files: number;
  /** Deliveries the report is timed over, at least. */
  reportDeliveries: number;
  dir: string;
  seed: number;
  log: Log;
}

export interface IngestRun {
  input: 'plain' | 'gzip';
  workers: number;
  inputBytes: number;
  contentBytes: number;
  lines: number;
  seconds: number;
  mbPerSecond: number;
  linesPerSecond: number;
  peakRssMb: number;
}

export interface BenchResult {
  machine: { cores: number; node: string };
  ingest: IngestRun[];
  memory: { inputBytes: number; peakRssMb: number }[];
  report: { deliveries: number; seconds: number } | null;
  reference: {
    pflogsummSeconds: number | null;
    pflogsummNote: string;
    zcatSeconds: number;
    zcatMbPerSecond: number;
  };
}

const MB = 1_000_000;

// Node's flags as the installed command runs with them (the first line of cli/main.ts). With
// every core parsing, V8's parallel garbage collection only competes with the parsers for them:
// collecting on the thread that allocates saves about a tenth of the ingest's CPU time.
const NODE_FLAGS = ['--single-threaded-gc'];

/** Generates inputs, then times ingest, memory, the report, and the reference tools. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { log } = options;
  const cores = availableParallelism();
  await rm(options.dir, { recursive: true, force: true });
  await mkdir(options.dir, { recursive: true });

  log.info(
    `generating ${(options.sizeBytes / MB).toFixed(0)} MB of Postfix log in ${options.files} files`,
  );
  const main = await writeInputs(
    path.join(options.dir, 'input'),
    options.sizeBytes,
    options.files,
    options.seed,
  );
  const lines = countLines(main.plain);

  const ingest: IngestRun[] = [];
  for (const input of ['plain', 'gzip'] as const) {
    for (const workers of [1, cores]) {
      const warehouse = path.join(options.dir, `wh-${input}-${workers}`);
      const files = input === 'plain' ? main.plain : main.gzip;
      const m = await ingestRun(files, warehouse, workers);
      const run = ingestFigures(
        input,
        workers,
        input === 'plain' ? main.plainBytes : main.gzipBytes,
        main.plainBytes,
        lines,
        m,
      );
      const speed = `${run.mbPerSecond.toFixed(1)} MB/s`;
      log.info(
        `ingest ${input}, ${workers} worker(s): ${speed}, peak ${run.peakRssMb.toFixed(0)} MB`,
      );
      ingest.push(run);
    }
  }

  const memory = [{ inputBytes: main.plainBytes, peakRssMb: ingest[1]!.peakRssMb }];
  if (options.memoryFactor > 1) {
    const bigMb = ((options.sizeBytes * options.memoryFactor) / MB).toFixed(0);
    log.info(`generating ${bigMb} MB for the memory check`);
    const big = await writeInputs(
      path.join(options.dir, 'input-big'),
      options.sizeBytes * options.memoryFactor,
      options.files,
      options.seed + 100,
    );
    const m = await ingestRun(big.plain, path.join(options.dir, 'wh-big'), cores);
    memory.push({ inputBytes: big.plainBytes, peakRssMb: m.peakRssBytes / MB });
    const peak = (m.peakRssBytes / MB).toFixed(0);
    log.info(`ingest of ${(big.plainBytes / MB).toFixed(0)} MB: peak ${peak} MB`);
    await rm(path.join(options.dir, 'input-big'), { recursive: true, force: true });
  }

  const report = await timeReport(path.join(options.dir, `wh-plain-${cores}`), options, log);
  const reference = referenceTools(main.plain, main.gzip, main.plainBytes, log);
  const result: BenchResult = {
    machine: { cores, node: process.version },
    ingest,
    memory,
    report,
    reference,
  };
  await writeFile(path.join(options.dir, 'bench.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}

function ingestRun(files: string[], warehouse: string, workers: number): Promise<Measurement> {
  const cli = path.join(projectRoot(), 'dist', 'cli', 'main.js');
  return measure(process.execPath, [
    ...NODE_FLAGS,
    cli,
    'ingest',
    ...files,
    '--warehouse',
    warehouse,
    '--year',
    '2026',
    '--workers',
    String(workers),
    '--quiet',
  ]);
}

function ingestFigures(
  input: 'plain' | 'gzip',
  workers: number,
  inputBytes: number,
  contentBytes: number,
  lines: number,
  m: Measurement,
): IngestRun {
  if (m.exitCode !== 0) throw new Error(`ingest of ${input} input exited with ${m.exitCode}`);
  return {
    input,
    workers,
    inputBytes,
    contentBytes,
    lines,
    seconds: m.wallSeconds,
    mbPerSecond: contentBytes / MB / m.wallSeconds,
    linesPerSecond: lines / m.wallSeconds,
    peakRssMb: m.peakRssBytes / MB,
  };
}

/**
 * Times the full report over a warehouse of at least `reportDeliveries` deliveries, made by
 * copying the benchmark's day to as many more days as needed (the same rows, other dates).
 */
async function timeReport(warehouse: string, options: BenchOptions, log: Log) {
  const deliveries = path.join(warehouse, 'deliveries');
  const days = (await readdir(deliveries)).filter((d) => d.startsWith('day='));
  const perDay = countRows(warehouse);
  if (perDay === 0) return null;
  const copies = Math.ceil(options.reportDeliveries / perDay);
  for (let i = 1; i < copies; i++) {
    const day = new Date(Date.UTC(2026, 11, 1) - i * 86_400_000).toISOString().slice(0, 10);
    await cp(path.join(deliveries, days[0]!), path.join(deliveries, `day=${day}`), {
      recursive: true,
    });
  }
  await refreshAllRollups(warehouse);
  const total = perDay * copies;
  log.info(`timing the report over ${total} deliveries on ${copies} days`);
  const cli = path.join(projectRoot(), 'dist', 'cli', 'main.js');
  const m = await measure(process.execPath, [
    ...NODE_FLAGS,
    cli,
    'report',
    '--warehouse',
    warehouse,
    '--out',
    path.join(options.dir, 'report'),
    '--quiet',
  ]);
  if (m.exitCode !== 0) throw new Error(`report exited with ${m.exitCode}`);
  return { deliveries: total, seconds: m.wallSeconds };
}

function countRows(warehouse: string): number {
  const cli = path.join(projectRoot(), 'dist', 'cli', 'main.js');
  const sql = path.join(warehouse, '..', 'count.sql');
  spawnSync('sh', ['-c', `echo "SELECT count(*) AS n FROM deliveries_log" > '${sql}'`]);
  const run = spawnSync(
    process.execPath,
    [cli, 'query', sql, '--warehouse', warehouse, '--format', 'json'],
    { encoding: 'utf8' },
  );
  const rows = JSON.parse(run.stdout || '[]') as { n: number }[];
  return rows[0]?.n ?? 0;
}

function countLines(files: string[]): number {
  let lines = 0;
  for (const file of files) {
    const run = spawnSync('wc', ['-l', file], { encoding: 'utf8' });
    lines += Number(run.stdout.trim().split(/\s+/)[0] ?? 0);
  }
  return lines;
}

/** pflogsumm over the same plain files, and zcat of the gzip copies, each timed. */
function referenceTools(plain: string[], gzip: string[], contentBytes: number, log: Log) {
  let pflogsummSeconds: number | null = null;
  let pflogsummNote = 'pflogsumm (Debian package pflogsumm)';
  if (spawnSync('sh', ['-c', 'command -v pflogsumm']).status !== 0) {
    if (process.getuid?.() === 0) {
      log.info('installing pflogsumm from Debian');
      spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq pflogsumm'], {
        stdio: 'ignore',
      });
    }
  }
  if (spawnSync('sh', ['-c', 'command -v pflogsumm']).status === 0) {
    const started = performance.now();
    spawnSync('pflogsumm', ['--problems_first', ...plain], { stdio: 'ignore' });
    pflogsummSeconds = (performance.now() - started) / 1000;
  } else {
    pflogsummNote = 'pflogsumm not installed: apt-get install pflogsumm, then rerun';
    log.warn(pflogsummNote);
  }
  const started = performance.now();
  spawnSync('sh', ['-c', `zcat ${gzip.map((f) => `'${f}'`).join(' ')} > /dev/null`]);
  const zcatSeconds = (performance.now() - started) / 1000;
  return {
    pflogsummSeconds,
    pflogsummNote,
    zcatSeconds,
    zcatMbPerSecond: contentBytes / MB / zcatSeconds,
  };
}
