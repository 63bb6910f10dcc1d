import path from 'node:path';
import type { CommandModule } from 'yargs';
import { CliError, EXIT } from '../errors.js';
import { createLog } from '../log.js';

interface Args {
  size: string;
  memoryFactor: number;
  files: number;
  reportDeliveries: number;
  dir: string;
  seed: number;
  quiet: boolean;
  json: boolean;
}

export const benchCommand: CommandModule<object, Args> = {
  command: 'bench',
  describe: 'Measure ingest throughput, memory and report time on generated Postfix logs',
  builder: (yargs) =>
    yargs
      .option('size', {
        type: 'string',
        default: '1GB',
        describe: 'Plain log to generate: 200MB, 1GB, …',
      })
      .option('memory-factor', {
        type: 'number',
        default: 4,
        describe: 'Second input, this many times the first, for the memory check (1 to skip)',
      })
      .option('files', {
        type: 'number',
        default: 4,
        describe: 'Log files (sending hosts) the input is split into',
      })
      .option('report-deliveries', {
        type: 'number',
        default: 20_000_000,
        describe: 'Time the report over at least this many deliveries',
      })
      .option('dir', {
        type: 'string',
        default: path.join('out', 'bench'),
        describe: 'Scratch folder; bench.json is written here',
      })
      .option('seed', { type: 'number', default: 1 }) as never,
  handler: async (args) => {
    const log = createLog(args);
    const sizeBytes = parseSize(args.size);
    // The bench runs the compiled program as a user would, so it needs `npm run build` first.
    const { runBench } = await import('../../bench/bench.js');
    const { benchTable } = await import('../../bench/table.js');
    const result = await runBench({
      sizeBytes,
      memoryFactor: args.memoryFactor,
      files: args.files,
      reportDeliveries: args.reportDeliveries,
      dir: args.dir,
      seed: args.seed,
      log,
    });
    process.stdout.write(benchTable(result));
    process.stdout.write(JSON.stringify(result) + '\n');
  },
};

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(text.trim());
  if (!m) throw new CliError(`--size ${text}: write it as 200MB or 1GB`, EXIT.USAGE);
  const unit = (m[2] ?? 'B').toUpperCase();
  const factor = unit === 'GB' ? 1e9 : unit === 'MB' ? 1e6 : unit === 'KB' ? 1e3 : 1;
  return Math.round(Number(m[1]) * factor);
}
