import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import type { Clock, Network, Timer } from '../../pipeline/probe/effects.js';
import { probeRunId } from '../../pipeline/probe/paths.js';
import { acquireLock, LockBusyError } from '../../pipeline/ingest/lock.js';
import { writeProbeTable } from '../../pipeline/probe/probe-writer.js';
import { refreshAllRollups } from '../../pipeline/write/refresh.js';
import { warehousePaths } from '../../pipeline/write/paths.js';
import type { ProbeRecord } from '../../pipeline/probe/record.js';
import { countOutcomes, formatSummary, runProbes } from '../../pipeline/probe/run-probes.js';
import { readTargets } from '../../pipeline/probe/targets.js';
import { splitPem, TrustStore } from '../../pipeline/probe/trust-store.js';
import { importZgrab2 } from '../../pipeline/probe/zgrab2-import.js';
import { CliError, EXIT, type ExitCode } from '../errors.js';
import { createLog, terminalSafe, type Log } from '../log.js';
import { checkDay, rangeOptions, warehouseOption } from '../options.js';

interface Args {
  warehouse: string;
  from?: string;
  to?: string;
  all: boolean;
  port: number;
  ehloName: string;
  concurrency: number;
  perIpIntervalMs: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  retries: number;
  retryBackoffMs: number;
  caFile?: string;
  dryRun: boolean;
  date?: string;
  importZgrab2?: string;
  quiet: boolean;
  json: boolean;
}

export const probeCommand: CommandModule<object, Args> = {
  command: 'probe',
  describe:
    'Connect to the MX hosts of the warehouse, STARTTLS, and judge their certificates ' +
    '(never sends mail); or import a ZGrab2 scan',
  builder: (yargs) =>
    yargs
      .option('warehouse', warehouseOption)
      .options(rangeOptions)
      .option('all', {
        type: 'boolean',
        default: false,
        describe: 'Probe every MX host and address, not only those whose rows lack a verdict',
      })
      .option('port', { type: 'number', default: 25, describe: 'SMTP port to connect to' })
      .option('ehlo-name', { type: 'string', default: hostname(), describe: 'Name sent with EHLO' })
      .option('concurrency', { type: 'number', default: 10, describe: 'Sessions at once' })
      .option('per-ip-interval-ms', {
        type: 'number',
        default: 2000,
        describe: 'Least time between two connections to one address',
      })
      .option('connect-timeout-ms', { type: 'number', default: 10000 })
      .option('read-timeout-ms', {
        type: 'number',
        default: 15000,
        describe: 'Longest wait for one reply or the TLS handshake',
      })
      .option('retries', {
        type: 'number',
        default: 2,
        describe: 'Further attempts after a refused or timed-out connection or a 4xx reply',
      })
      .option('retry-backoff-ms', {
        type: 'number',
        default: 5000,
        describe: 'Wait before the first retry; doubles for each further one',
      })
      .option('ca-file', {
        type: 'string',
        describe: 'PEM bundle of CAs trusted besides the Mozilla roots built into Node',
      })
      .option('dry-run', { type: 'boolean', default: false, describe: 'List the targets, exit' })
      .option('date', {
        type: 'string',
        describe: 'File the rows under this day, YYYY-MM-DD (default: the UTC day of each probe)',
      })
      .option('import-zgrab2', {
        type: 'string',
        describe: 'Load this ZGrab2 smtp-module JSON Lines file instead of probing',
      })
      .example('$0 probe --warehouse out/warehouse --dry-run', 'what would be probed')
      .example('$0 probe --from 2026-12-01 --to 2026-12-07', 'a week of MX hosts')
      .example('$0 probe --import-zgrab2 scan.jsonl', 'a scan made elsewhere') as never,
  handler: async (args) => {
    process.exitCode = await probeCommandHandler(args, createLog(args));
  },
};

const SYSTEM_NETWORK: Network = { connect: (ip, port) => connect({ host: ip, port }) };
const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
const SYSTEM_TIMER: Timer = { monotonic: () => performance.now(), sleep: (ms) => sleep(ms) };

async function probeCommandHandler(args: Args, log: Log): Promise<ExitCode> {
  checkCounts(args);
  const day = checkDay(args.date, 'date');
  const trust = TrustStore.withSystemRoots(await readCaFile(args.caFile));
  const runId = probeRunId(SYSTEM_CLOCK.now(), randomBytes(4).toString('hex'));

  if (args.importZgrab2 !== undefined) {
    const file = args.importZgrab2;
    const { records, problems } = await importZgrab2(file, {
      port: args.port,
      day,
      trust,
      nowMillis: SYSTEM_CLOCK.now(),
    }).catch((error: Error) => {
      throw new CliError(`${file}: cannot read (${error.message})`, EXIT.INPUT_PROBLEMS);
    });
    for (const problem of problems.slice(0, 20)) {
      log.warn(`${file}:${problem.line}: skipped: ${problem.reason}`);
    }
    const written = await write(records, args.warehouse, runId);
    const o = countOutcomes(records);
    log.info(
      `imported ${records.length} records from ${file} (${problems.length} lines skipped): ` +
        `${o.ok} ok, ${o['no-starttls']} no STARTTLS, ${o['handshake-failed']} handshake ` +
        `failed, ${o.unreachable} unreachable, ${o['protocol-error']} protocol errors; ` +
        `${written.length} file${written.length === 1 ? '' : 's'} in ${args.warehouse}/probes`,
    );
    return problems.length > 0 ? EXIT.INPUT_PROBLEMS : EXIT.OK;
  }

  const targets = await readTargets(args.warehouse, {
    from: checkDay(args.from, 'from'),
    to: checkDay(args.to, 'to'),
    all: args.all,
    port: args.port,
  });
  if (args.dryRun) {
    for (const t of targets) process.stdout.write(`${t.mxHost ?? '-'}\t${t.ip}\t${t.port}\n`);
    log.info(`${targets.length} target${targets.length === 1 ? '' : 's'}; nothing was probed`);
    return EXIT.OK;
  }
  if (targets.length === 0) {
    log.info('no targets: every delivered row in the range has a verdict and software');
    return EXIT.OK;
  }

  const progress = process.stderr.isTTY && !args.quiet && !args.json;
  const { records, summary } = await runProbes(
    targets,
    {
      ehloName: args.ehloName,
      connectTimeoutMillis: args.connectTimeoutMs,
      readTimeoutMillis: args.readTimeoutMs,
      limits: { maxLineBytes: 2048, maxReplyLines: 100 },
      retries: args.retries,
      retryBackoffMillis: args.retryBackoffMs,
      trust,
      day,
      concurrency: args.concurrency,
      perIpIntervalMillis: args.perIpIntervalMs,
    },
    {
      network: SYSTEM_NETWORK,
      clock: SYSTEM_CLOCK,
      timer: SYSTEM_TIMER,
      onProbed: progress
        ? (r, done, total) =>
            process.stderr.write(
              `\r\x1b[K[${done}/${total}] ${terminalSafe(r.mxHost ?? r.ip)}: ${r.outcome}`,
            )
        : undefined,
    },
  );
  if (progress) process.stderr.write('\r\x1b[K');
  const written = await write(records, args.warehouse, runId);
  log.info(`${formatSummary(summary)}; wrote ${written.join(', ')}`, { ...summary });
  return EXIT.OK;
}

function checkCounts(args: Args): void {
  const positive: [string, number][] = [
    ['concurrency', args.concurrency],
    ['connect-timeout-ms', args.connectTimeoutMs],
    ['read-timeout-ms', args.readTimeoutMs],
  ];
  const nonNegative: [string, number][] = [
    ['retries', args.retries],
    ['per-ip-interval-ms', args.perIpIntervalMs],
    ['retry-backoff-ms', args.retryBackoffMs],
  ];
  for (const [flag, value] of positive) {
    if (!Number.isInteger(value) || value < 1) {
      throw new CliError(`--${flag} ${value}: must be a whole number of at least 1`, EXIT.USAGE);
    }
  }
  for (const [flag, value] of nonNegative) {
    if (!Number.isInteger(value) || value < 0) {
      throw new CliError(`--${flag} ${value}: must be a whole number, 0 or more`, EXIT.USAGE);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) {
    throw new CliError(`--port ${args.port}: not a TCP port`, EXIT.USAGE);
  }
}

async function readCaFile(file: string | undefined): Promise<string | null> {
  if (file === undefined) return null;
  const pem = await readFile(file, 'utf8').catch((error: Error) => {
    throw new CliError(`--ca-file ${file}: cannot read it (${error.message})`, EXIT.USAGE);
  });
  if (splitPem(pem).length === 0) {
    throw new CliError(`--ca-file ${file}: no PEM certificate in it`, EXIT.USAGE);
  }
  return pem;
}

/**
 * Stores the probe rows and recomputes the rollups they change, holding the warehouse lock so
 * an ingest cannot run in between.
 */
async function write(records: ProbeRecord[], warehouse: string, runId: string) {
  let lock: { release: () => Promise<void> };
  try {
    lock = await acquireLock(warehousePaths(warehouse).lock);
  } catch (error) {
    if (error instanceof LockBusyError) throw new CliError(error.message, EXIT.BUSY);
    throw error;
  }
  try {
    const written = await writeProbeTable(records, warehouse, runId);
    await refreshAllRollups(warehouse);
    return written;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!['ENOSPC', 'EROFS', 'EACCES', 'EPERM'].includes(code)) throw error;
    throw new CliError(
      `${warehouse}/probes: cannot write the probe table (${(error as Error).message}); ` +
        'free space or fix permissions, then rerun',
      EXIT.OUTPUT_FAILED,
    );
  } finally {
    await lock.release();
  }
}
